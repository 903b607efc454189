#include "annotate/unified_diff.h"

#include "text/text_util.h"

#include <dtl/dtl.hpp>

#include <sstream>
#include <vector>

namespace axl::annotate {
namespace {

// Lines keep their "\n" so that a missing final newline is a difference too.
std::vector<std::string> lines_of(const std::string& text) {
  auto lines = text::split_lines_keep_ends(text);
  if (lines.back().empty()) lines.pop_back(); // the end of the text, not a line
  return {lines.begin(), lines.end()};
}

void print_line(std::ostringstream& out, char mark, const std::string& line) {
  out << mark << line;
  if (line.empty() || line.back() != '\n') out << "\n\\ No newline at end of file\n";
}

} // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& from_name, const std::string& to_name) {
  if (before == after) return {};
  auto a = lines_of(before), b = lines_of(after);
  dtl::Diff<std::string, std::vector<std::string>> diff(a, b);
  diff.compose();
  diff.composeUnifiedHunks();
  std::ostringstream out;
  out << "--- a/" << from_name << "\n+++ b/" << to_name << "\n";
  for (const auto& hunk : diff.getUniHunks()) {
    out << "@@ -" << hunk.a << "," << hunk.b << " +" << hunk.c << "," << hunk.d << " @@\n";
    for (const auto* part : {&hunk.common[0], &hunk.change, &hunk.common[1]}) {
      for (const auto& [line, info] : *part) {
        char mark = info.type == dtl::SES_ADD ? '+' : info.type == dtl::SES_DELETE ? '-' : ' ';
        print_line(out, mark, line);
      }
    }
  }
  return out.str();
}

} // namespace axl::annotate

#include "app/cli_errors.h"

#include <algorithm>
#include <numeric>

namespace axl::app {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbours ("lps" -> "lsp") each cost 1.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// Root first, then each parsed subcommand down to the deepest.
std::vector<const CLI::App*> parsed_chain(const CLI::App& app) {
  std::vector<const CLI::App*> chain{&app};
  while (!chain.back()->get_subcommands().empty())
    chain.push_back(chain.back()->get_subcommands().front());
  return chain;
}

std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names.push_back(sub->get_name());
  return names;
}

std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string>& candidates) {
  std::string near = closest_name(word, candidates);
  return near.empty() ? message : message + " (did you mean '" + near + "'?)";
}

} // namespace

std::string closest_name(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() <= 2) return {}; // "-V" is one letter from "-h": no telling what was meant
  std::string best;
  size_t best_distance = word.size() <= 3 ? 2 : 3; // anything at this distance or more is no typo
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (word.size() >= 3 && c.starts_with(word)) d = std::min<size_t>(d, 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string command_path(const CLI::App& app) {
  auto chain = parsed_chain(app);
  return std::accumulate(std::next(chain.begin()), chain.end(), std::string("axl-docs"),
                         [](std::string s, const CLI::App* a) { return s + " " + a->get_name(); });
}

std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& e) {
  auto chain = parsed_chain(app);
  // The deepest level's stray words are the most specific: report the first of them.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const CLI::App& level = **it;
    auto extras = level.remaining();
    if (extras.empty()) continue;
    const std::string& word = extras.front();
    std::string where = &level == &app ? "" : " for '" + level.get_name() + "'";
    if (word.starts_with("-") && word.size() > 1) {
      std::string name = word.substr(0, word.find('='));
      return with_suggestion("unknown option '" + name + "'" + where, name, option_names(level));
    }
    if (&level == &app && chain.size() == 1)
      return with_suggestion("unknown subcommand '" + word + "'", word, subcommand_names(app));
    return "unexpected argument '" + word + "'" + where;
  }
  std::string what = e.what();
  if (what == "A subcommand is required") return "a subcommand is required";
  return what;
}

} // namespace axl::app

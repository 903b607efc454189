#include "annotate/source_file.h"

#include <utf8.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace axl::annotate {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const std::string& what) {
  throw std::runtime_error(path.string() + ": " + what +
                           (errno ? std::string(": ") + std::strerror(errno) : ""));
}

// PEP 263: a coding cookie in a comment on line 1 or 2.
std::string coding_cookie(std::string_view text) {
  static const std::regex cookie(R"(^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+))");
  size_t line_end = 0;
  for (int line = 0; line < 2 && line_end != std::string_view::npos; ++line) {
    size_t start = line == 0 ? 0 : line_end + 1;
    if (start > text.size()) break;
    line_end = text.find('\n', start);
    std::string l(text.substr(start, line_end == std::string_view::npos ? std::string_view::npos
                                                                        : line_end - start));
    std::smatch m;
    if (std::regex_search(l, m, cookie)) return m[1].str();
  }
  return {};
}

bool is_utf8_name(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto& c : name)
    if (c == '_') c = '-';
  return name == "utf-8" || name == "utf8" || name.starts_with("utf-8-") || name == "ascii" ||
         name == "us-ascii";
}

} // namespace

std::optional<SourceText> decode_source(std::string bytes, size_t size_cap, std::string& why) {
  if (bytes.size() > size_cap) {
    why = "larger than the size cap (" + std::to_string(size_cap) + " bytes)";
    return std::nullopt;
  }
  SourceText src;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    src.bom = true;
    bytes.erase(0, 3);
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    why = "UTF-16/UTF-32 encoded (only UTF-8 is supported)";
    return std::nullopt;
  }
  auto bad = utf8::find_invalid(bytes.begin(), bytes.end());
  if (bad != bytes.end()) {
    why = "not valid UTF-8 (byte offset " + std::to_string(bad - bytes.begin()) + ")";
    return std::nullopt;
  }
  if (bytes.find('\0') != std::string::npos) {
    why = "contains NUL bytes";
    return std::nullopt;
  }
  src.declared_encoding = coding_cookie(bytes);
  src.ascii_only = !src.declared_encoding.empty() && !is_utf8_name(src.declared_encoding);
  size_t nl = bytes.find('\n');
  if (nl != std::string::npos && nl > 0 && bytes[nl - 1] == '\r') src.newline = "\r\n";
  src.text = std::move(bytes);
  return src;
}

std::string encode_source(const SourceText& src) {
  return src.bom ? "\xEF\xBB\xBF" + src.text : src.text;
}

std::string read_file(const fs::path& path) {
  errno = 0;
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw std::runtime_error(path.string() + ": no such file or directory");
  if (fs::is_directory(path, ec)) throw std::runtime_error(path.string() + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail(path, "read error");
  return ss.str();
}

void write_file_atomically(const fs::path& path, const std::string& bytes) {
  errno = 0;
  std::error_code ec;
  fs::path target = path;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    target = fs::canonical(path, ec);
    if (ec) fail(path, "cannot resolve symlink");
  }
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) fail(target, "cannot stat");
  std::string tmpl =
      (target.parent_path() / ("." + target.filename().string() + ".axl-XXXXXX")).string();
  if (target.parent_path().empty()) tmpl = "." + target.filename().string() + ".axl-XXXXXX";
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) fail(target, "cannot create a temporary file next to it");
  auto cleanup = [&] {
    ::close(fd);
    ::unlink(tmpl.c_str());
  };
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      cleanup();
      errno = e;
      fail(target, "write failed");
    }
    off += static_cast<size_t>(n);
  }
  // Same permissions (and owner, when we may) as the original.
  if (::fchmod(fd, st.st_mode & 07777) != 0 || ::fsync(fd) != 0) {
    int e = errno;
    cleanup();
    errno = e;
    fail(target, "cannot set permissions / sync");
  }
  if (::fchown(fd, st.st_uid, st.st_gid) != 0) { /* not permitted for non-root: keep our owner */
  }
  ::close(fd);
  if (::rename(tmpl.c_str(), target.c_str()) != 0) {
    int e = errno;
    ::unlink(tmpl.c_str());
    errno = e;
    fail(target, "cannot replace");
  }
}

} // namespace axl::annotate

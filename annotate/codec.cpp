#include "annotate/codec.h"

#include <cerrno>
#include <iconv.h>
#include <vector>

namespace axl::annotate {
namespace {

// Owns an iconv descriptor.
struct Iconv {
  iconv_t cd;
  Iconv(const std::string& to, const std::string& from)
      : cd(::iconv_open(to.c_str(), from.c_str())) {}
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  ~Iconv() {
    if (ok()) ::iconv_close(cd);
  }
  bool ok() const { return cd != reinterpret_cast<iconv_t>(-1); }
};

std::string normalized(std::string_view name) {
  std::string out;
  for (char c : name)
    out += c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

} // namespace

std::optional<std::string> iconv_codec(std::string_view python_name) {
  std::string n = normalized(python_name);
  // Python's own spellings that glibc does not have (the tokenizer's "latin-1" family).
  for (std::string_view latin1 : {"latin-1", "iso-latin-1", "iso-8859-1", "latin1", "l1"})
    if (n == latin1 || n.starts_with(std::string(latin1) + "-")) n = "iso-8859-1";
  if (n == "mac-roman") n = "macintosh";
  for (const std::string& candidate : {n, std::string(python_name)})
    if (Iconv(candidate, "UTF-8").ok()) return candidate;
  return std::nullopt;
}

std::optional<std::string> convert(std::string_view in, const std::string& from,
                                   const std::string& to, size_t& bad_at) {
  Iconv cd(to, from);
  bad_at = 0;
  if (!cd.ok()) return std::nullopt;
  std::string out;
  std::vector<char> buf(in.size() * 4 + 16);
  char* src = const_cast<char*>(in.data()); // iconv's signature; it does not write through it
  size_t left = in.size();
  while (left > 0) {
    char* dst = buf.data();
    size_t room = buf.size();
    size_t r = ::iconv(cd.cd, &src, &left, &dst, &room);
    out.append(buf.data(), static_cast<size_t>(dst - buf.data()));
    if (r == static_cast<size_t>(-1) && errno != E2BIG) {
      bad_at = in.size() - left; // EILSEQ / EINVAL: no conversion for the bytes at `src`
      return std::nullopt;
    }
  }
  char* dst = buf.data();
  size_t room = buf.size();
  ::iconv(cd.cd, nullptr, nullptr, &dst, &room); // flush a stateful encoding's shift sequence
  out.append(buf.data(), static_cast<size_t>(dst - buf.data()));
  return out;
}

} // namespace axl::annotate

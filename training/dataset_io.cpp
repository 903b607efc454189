#include "training/dataset_io.h"

#include "training/dataset_builder.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

namespace axl::training {
namespace fs = std::filesystem;

namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
void put_str(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out += s;
}
template <class T> void put_le(std::string& out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Bounds-checked reader: every overrun is a clear "truncated" error, never a crash.
struct Reader {
  std::string_view data;
  size_t pos = 0;
  std::string file;
  [[noreturn]] void fail(const char* what) const {
    throw DatasetError(file + ": " + what + " at byte " + std::to_string(pos));
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= data.size()) fail("truncated file");
      auto b = static_cast<unsigned char>(data[pos++]);
      v |= uint64_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("bad length");
  }
  std::string str() {
    uint64_t n = varint();
    if (n > data.size() - pos) fail("truncated file");
    std::string s(data.substr(pos, n));
    pos += n;
    return s;
  }
  template <class T> T le() {
    if (data.size() - pos < sizeof(T)) fail("truncated file");
    T v = 0;
    for (size_t i = 0; i < sizeof(T); ++i)
      v |= T(static_cast<unsigned char>(data[pos + i])) << (8 * i);
    pos += sizeof(T);
    return v;
  }
};

const char* kind_name(parser::DefKind k) {
  switch (k) {
  case parser::DefKind::Class:
    return "class";
  case parser::DefKind::Method:
    return "method";
  case parser::DefKind::Module:
    return "module";
  case parser::DefKind::Function:
    break;
  }
  return "function";
}

} // namespace

fs::path split_file(const fs::path& dir, Split split) {
  return dir / (std::string(split_name(split)) + ".axlds");
}

void write_split(const fs::path& file, Split split, const std::vector<Sample>& samples) {
  std::string body;
  uint64_t count = 0;
  for (const auto& s : samples) {
    if (s.split != split) continue;
    ++count;
    put_str(body, s.package);
    put_str(body, s.path);
    put_str(body, s.qualified_name);
    body += static_cast<char>(s.kind);
    put_varint(body, s.decorators.size());
    for (const auto& d : s.decorators) put_str(body, d);
    put_str(body, s.code);
    put_str(body, s.docstring);
    put_str(body, s.summary);
    put_str(body, s.returns);
    put_varint(body, s.params.size());
    for (const auto& p : s.params) {
      put_str(body, p.name);
      put_str(body, p.description);
    }
  }
  std::string head(kDatasetMagic, sizeof kDatasetMagic);
  put_le<uint32_t>(head, kDatasetVersion);
  put_le<uint32_t>(head, static_cast<uint32_t>(split));
  put_le<uint64_t>(head, count);

  fs::path tmp = file;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << head << body;
    out.flush();
    if (!out) throw DatasetError(tmp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) throw DatasetError(file.string() + ": cannot write: " + ec.message());
}

std::vector<Sample> read_split(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DatasetError(file.string() + ": cannot open (build it with `axl-docs dataset`)");
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string data = buf.str();
  Reader r{data, 0, file.string()};
  if (data.size() < sizeof kDatasetMagic ||
      std::memcmp(data.data(), kDatasetMagic, sizeof kDatasetMagic) != 0)
    throw DatasetError(file.string() + ": not an axl-docs dataset file (bad magic)");
  r.pos = sizeof kDatasetMagic;
  auto version = r.le<uint32_t>();
  if (version != kDatasetVersion)
    throw DatasetError(file.string() + ": dataset format version " + std::to_string(version) +
                       " (this build reads " + std::to_string(kDatasetVersion) + ")");
  auto split = r.le<uint32_t>();
  if (split > 2) r.fail("bad split");
  auto count = r.le<uint64_t>();
  std::vector<Sample> samples;
  samples.reserve(std::min<uint64_t>(count, data.size() / 8));
  for (uint64_t i = 0; i < count; ++i) {
    Sample s;
    s.split = static_cast<Split>(split);
    s.package = r.str();
    s.path = r.str();
    s.qualified_name = r.str();
    auto kind = r.le<uint8_t>();
    if (kind > static_cast<uint8_t>(parser::DefKind::Method)) r.fail("bad definition kind");
    s.kind = static_cast<parser::DefKind>(kind);
    auto decorators = r.varint();
    if (decorators > data.size() - r.pos) r.fail("bad decorator count");
    for (uint64_t d = 0; d < decorators; ++d) s.decorators.push_back(r.str());
    s.code = r.str();
    s.docstring = r.str();
    s.summary = r.str();
    s.returns = r.str();
    auto n = r.varint();
    if (n > data.size() - r.pos) r.fail("bad parameter count");
    for (uint64_t p = 0; p < n; ++p) {
      ParamDoc d;
      d.name = r.str();
      d.description = r.str();
      s.params.push_back(std::move(d));
    }
    samples.push_back(std::move(s));
  }
  if (r.pos != data.size()) r.fail("trailing bytes");
  return samples;
}

void write_preview(const fs::path& file, const std::vector<Sample>& samples, size_t per_split) {
  std::ofstream out(file, std::ios::trunc);
  size_t written[3] = {0, 0, 0};
  for (const auto& s : samples) {
    auto k = static_cast<size_t>(s.split);
    if (written[k]++ >= per_split) continue;
    nlohmann::json j = {{"split", split_name(s.split)},
                        {"package", s.package},
                        {"path", s.path},
                        {"name", s.qualified_name},
                        {"kind", kind_name(s.kind)},
                        {"decorators", s.decorators},
                        {"code", s.code},
                        {"summary", s.summary},
                        {"returns", s.returns},
                        {"docstring", s.docstring}};
    nlohmann::json params = nlohmann::json::object();
    for (const auto& p : s.params) params[p.name] = p.description;
    j["params"] = params;
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  if (!out) throw DatasetError(file.string() + ": cannot write");
}

} // namespace axl::training

#include "gguf.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <limits>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_set>

namespace axl::model {

class MappedFile {
public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw GgufError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      throw GgufError(fmt::format("{}: not a regular file", path));
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        throw GgufError(fmt::format("{}: mmap failed: {}", path, std::strerror(errno)));
      }
      data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::span<const uint8_t> bytes() const { return {data_, size_}; }

private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

const char* gguf_type_name(GgufType t) {
  static const char* names[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                "bool", "string", "array", "u64", "i64", "f64"};
  const auto i = static_cast<uint32_t>(t);
  return i < 13 ? names[i] : "unknown";
}

namespace {

constexpr uint32_t kMagic = 0x46554747; // "GGUF" little-endian
constexpr uint64_t kMaxStr = 1u << 20;  // no sane key or string value is longer
constexpr uint32_t kMaxDims = 4;

size_t scalar_size(GgufType t) {
  switch (t) {
  case GgufType::U8:
  case GgufType::I8:
  case GgufType::BOOL:
    return 1;
  case GgufType::U16:
  case GgufType::I16:
    return 2;
  case GgufType::U32:
  case GgufType::I32:
  case GgufType::F32:
    return 4;
  case GgufType::U64:
  case GgufType::I64:
  case GgufType::F64:
    return 8;
  default:
    return 0;
  }
}

// Bounds-checked little-endian cursor; every read names what it was reading when it fails.
struct Cursor {
  std::span<const uint8_t> b;
  uint64_t pos = 0;
  const std::string& label;

  [[noreturn]] void fail(const std::string& what) const {
    throw GgufError(fmt::format("{}: {} (at byte {})", label, what, pos));
  }
  void need(uint64_t n, const char* what) const {
    if (n > b.size() - pos) fail(fmt::format("truncated file while reading {}", what));
  }
  template <class X> X get(const char* what) {
    need(sizeof(X), what);
    X x;
    std::memcpy(&x, b.data() + pos, sizeof(X));
    pos += sizeof(X);
    return x;
  }
  std::string str(const char* what) {
    const auto n = get<uint64_t>(what);
    if (n > kMaxStr) fail(fmt::format("{} has implausible length {}", what, n));
    need(n, what);
    std::string s(reinterpret_cast<const char*>(b.data() + pos), n);
    pos += n;
    return s;
  }
};

GgufType read_type(Cursor& c, const std::string& key) {
  const auto t = c.get<uint32_t>("value type");
  if (t > 12) c.fail(fmt::format("key '{}' has unknown value type {}", key, t));
  return static_cast<GgufType>(t);
}

GgufValue read_value(Cursor& c, GgufType t, const std::string& key, bool in_array) {
  GgufValue v;
  v.type = t;
  switch (t) {
  case GgufType::U8:
    v.u = c.get<uint8_t>("u8");
    break;
  case GgufType::I8:
    v.i = c.get<int8_t>("i8");
    break;
  case GgufType::U16:
    v.u = c.get<uint16_t>("u16");
    break;
  case GgufType::I16:
    v.i = c.get<int16_t>("i16");
    break;
  case GgufType::U32:
    v.u = c.get<uint32_t>("u32");
    break;
  case GgufType::I32:
    v.i = c.get<int32_t>("i32");
    break;
  case GgufType::U64:
    v.u = c.get<uint64_t>("u64");
    break;
  case GgufType::I64:
    v.i = c.get<int64_t>("i64");
    break;
  case GgufType::F32:
    v.f = c.get<float>("f32");
    break;
  case GgufType::F64:
    v.f = c.get<double>("f64");
    break;
  case GgufType::BOOL: {
    const auto x = c.get<uint8_t>("bool");
    if (x > 1) c.fail(fmt::format("key '{}' has a bool that is neither 0 nor 1", key));
    v.b = x != 0;
    break;
  }
  case GgufType::STRING:
    v.s = c.str("string value");
    break;
  case GgufType::ARRAY: {
    if (in_array) c.fail(fmt::format("key '{}' holds a nested array (not supported)", key));
    v.elem = read_type(c, key);
    const auto n = c.get<uint64_t>("array length");
    // Every element takes at least one byte (a string at least 8): reject counts the file cannot
    // hold.
    const uint64_t min_size =
        v.elem == GgufType::STRING ? 8 : std::max<size_t>(1, scalar_size(v.elem));
    if (v.elem == GgufType::ARRAY)
      c.fail(fmt::format("key '{}' holds a nested array (not supported)", key));
    if (n > (c.b.size() - c.pos) / min_size)
      c.fail(fmt::format("key '{}' claims {} array elements, more than the file holds", key, n));
    v.arr.reserve(n);
    for (uint64_t k = 0; k < n; ++k) v.arr.push_back(read_value(c, v.elem, key, true));
    break;
  }
  }
  return v;
}

} // namespace

std::shared_ptr<GgufFile> GgufFile::open(const std::string& path) {
  auto map = std::make_shared<MappedFile>(path);
  auto f = std::make_shared<GgufFile>();
  f->label = path;
  f->map_ = map;
  f->parse_all(map->bytes());
  return f;
}

std::shared_ptr<GgufFile> GgufFile::parse(std::span<const uint8_t> bytes, std::string label) {
  auto f = std::make_shared<GgufFile>();
  f->label = std::move(label);
  f->parse_all(bytes);
  return f;
}

void GgufFile::parse_all(std::span<const uint8_t> bytes) {
  Cursor c{bytes, 0, label};
  file_size = bytes.size();
  if (bytes.size() < 4) c.fail("file too small to be GGUF");
  if (c.get<uint32_t>("magic") != kMagic) {
    c.pos = 0;
    c.fail("not a GGUF file (bad magic)");
  }
  version = c.get<uint32_t>("version");
  if (version != 3) c.fail(fmt::format("GGUF version {} is not supported (need 3)", version));
  const auto n_tensors = c.get<uint64_t>("tensor count");
  const auto n_kv = c.get<uint64_t>("metadata count");
  // A key/value pair needs >= 13 bytes, a tensor info >= 28: bound counts by the file size.
  if (n_kv > (bytes.size() - c.pos) / 13)
    c.fail(fmt::format("truncated or corrupt file: {} metadata entries cannot fit in {} bytes",
                       n_kv, bytes.size() - c.pos));
  if (n_tensors > (bytes.size() - c.pos) / 28)
    c.fail(fmt::format("truncated or corrupt file: {} tensor infos cannot fit in {} bytes",
                       n_tensors, bytes.size() - c.pos));

  std::unordered_set<std::string> seen;
  for (uint64_t k = 0; k < n_kv; ++k) {
    auto key = c.str("metadata key");
    if (key.empty()) c.fail("empty metadata key");
    if (!seen.insert(key).second) c.fail(fmt::format("duplicate metadata key '{}'", key));
    const auto t = read_type(c, key);
    kv.emplace_back(key, read_value(c, t, key, false));
  }
  if (const auto* a = find("general.alignment")) {
    if (a->type != GgufType::U32) c.fail("general.alignment must be u32");
    if (a->u == 0 || (a->u & (a->u - 1)) != 0 || a->u > 65536)
      c.fail(fmt::format("general.alignment {} is not a power of two <= 65536", a->u));
    alignment = static_cast<uint32_t>(a->u);
  }

  seen.clear();
  for (uint64_t k = 0; k < n_tensors; ++k) {
    GgufTensorInfo t;
    t.name = c.str("tensor name");
    if (t.name.empty() || t.name.size() > 63) c.fail(fmt::format("bad tensor name '{}'", t.name));
    if (!seen.insert(t.name).second) c.fail(fmt::format("duplicate tensor '{}'", t.name));
    const auto nd = c.get<uint32_t>("tensor dims");
    if (nd == 0 || nd > kMaxDims) c.fail(fmt::format("tensor '{}' has {} dimensions", t.name, nd));
    uint64_t count = 1;
    for (uint32_t d = 0; d < nd; ++d) {
      const auto n = c.get<uint64_t>("tensor shape");
      if (n == 0 || n > (uint64_t(1) << 40) || count > (uint64_t(1) << 40) / n)
        c.fail(fmt::format("tensor '{}' has an invalid shape", t.name));
      count *= n;
      t.ne.push_back(n);
    }
    const auto type = c.get<uint32_t>("tensor type");
    if (type > 1 && type != uint32_t(DType::Q8_0))
      c.fail(fmt::format("tensor '{}' has type {} (only f32=0, f16=1 and q8_0=8 are supported)",
                         t.name, type));
    t.type = static_cast<DType>(type);
    t.nbytes = tensor_nbytes(t.type, t.ne);
    if (t.nbytes == 0)
      c.fail(fmt::format("tensor '{}' is q8_0 but its rows are not whole 32-value blocks", t.name));
    t.offset = c.get<uint64_t>("tensor offset");
    if (t.offset % alignment != 0)
      c.fail(
          fmt::format("tensor '{}' offset {} is not aligned to {}", t.name, t.offset, alignment));
    tensors.push_back(std::move(t));
  }
  data_offset = (c.pos + alignment - 1) / alignment * alignment;
  if (data_offset > bytes.size()) c.fail("truncated file: data section missing");
  const uint64_t data_size = bytes.size() - data_offset;
  for (auto& t : tensors) {
    if (t.offset > data_size || t.nbytes > data_size - t.offset)
      throw GgufError(
          fmt::format("{}: truncated file: tensor '{}' ({} bytes at offset {}) extends past "
                      "the end of the data section ({} bytes)",
                      label, t.name, t.nbytes, t.offset, data_size));
    t.data = bytes.data() + data_offset + t.offset;
  }
}

const GgufValue* GgufFile::find(std::string_view key) const {
  for (const auto& [k, v] : kv)
    if (k == key) return &v;
  return nullptr;
}

const GgufTensorInfo* GgufFile::find_tensor(std::string_view name) const {
  for (const auto& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

static const GgufValue& need_key(const GgufFile& f, std::string_view key, GgufType t) {
  const auto* v = f.find(key);
  if (!v) throw GgufError(fmt::format("{}: missing metadata key '{}'", f.label, key));
  if (v->type != t)
    throw GgufError(fmt::format("{}: key '{}' has type {}, expected {}", f.label, key,
                                gguf_type_name(v->type), gguf_type_name(t)));
  return *v;
}

uint32_t GgufFile::get_u32(std::string_view key) const {
  return static_cast<uint32_t>(need_key(*this, key, GgufType::U32).u);
}
float GgufFile::get_f32(std::string_view key) const {
  return static_cast<float>(need_key(*this, key, GgufType::F32).f);
}
std::string GgufFile::get_str(std::string_view key) const {
  return need_key(*this, key, GgufType::STRING).s;
}
std::vector<uint32_t> GgufFile::get_u32_array(std::string_view key) const {
  const auto& v = need_key(*this, key, GgufType::ARRAY);
  if (v.elem != GgufType::U32)
    throw GgufError(fmt::format("{}: key '{}' must be an array of u32", label, key));
  std::vector<uint32_t> out;
  for (const auto& e : v.arr) out.push_back(static_cast<uint32_t>(e.u));
  return out;
}

} // namespace axl::model

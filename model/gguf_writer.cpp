#include "gguf.h"
#include "gguf_keys.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

namespace axl::model {

GgufValue GgufValue::make_u32(uint32_t v) {
  GgufValue x;
  x.type = GgufType::U32;
  x.u = v;
  return x;
}
GgufValue GgufValue::make_i32(int32_t v) {
  GgufValue x;
  x.type = GgufType::I32;
  x.i = v;
  return x;
}
GgufValue GgufValue::make_u64(uint64_t v) {
  GgufValue x;
  x.type = GgufType::U64;
  x.u = v;
  return x;
}
GgufValue GgufValue::make_f32(float v) {
  GgufValue x;
  x.type = GgufType::F32;
  x.f = v;
  return x;
}
GgufValue GgufValue::make_bool(bool v) {
  GgufValue x;
  x.type = GgufType::BOOL;
  x.b = v;
  return x;
}
GgufValue GgufValue::make_str(std::string v) {
  GgufValue x;
  x.type = GgufType::STRING;
  x.s = std::move(v);
  return x;
}
GgufValue GgufValue::make_array(GgufType elem, std::vector<GgufValue> items) {
  GgufValue x;
  x.type = GgufType::ARRAY;
  x.elem = elem;
  for (const auto& it : items)
    if (it.type != elem) throw std::invalid_argument("gguf array element has the wrong type");
  x.arr = std::move(items);
  return x;
}
GgufValue GgufValue::make_u32_array(const std::vector<uint32_t>& v) {
  std::vector<GgufValue> a;
  for (auto e : v) a.push_back(make_u32(e));
  return make_array(GgufType::U32, std::move(a));
}
GgufValue GgufValue::make_i32_array(const std::vector<int32_t>& v) {
  std::vector<GgufValue> a;
  for (auto e : v) a.push_back(make_i32(e));
  return make_array(GgufType::I32, std::move(a));
}
GgufValue GgufValue::make_f32_array(const std::vector<float>& v) {
  std::vector<GgufValue> a;
  for (auto e : v) a.push_back(make_f32(e));
  return make_array(GgufType::F32, std::move(a));
}
GgufValue GgufValue::make_str_array(const std::vector<std::string>& v) {
  std::vector<GgufValue> a;
  for (const auto& e : v) a.push_back(make_str(e));
  return make_array(GgufType::STRING, std::move(a));
}

uint64_t tensor_nbytes(DType t, const std::vector<uint64_t>& ne) {
  uint64_t count = 1;
  for (auto n : ne) count *= n;
  switch (t) {
  case DType::F32:
    return count * 4;
  case DType::F16:
    return count * 2;
  case DType::Q8_0:
    return ne.empty() || ne[0] % 32 != 0 ? 0 : count / 32 * 34;
  }
  return 0;
}

GgufWriter::GgufWriter(uint32_t alignment) : alignment_(alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0)
    throw std::invalid_argument("gguf alignment must be a power of two");
  if (alignment != 32) add(key::kAlignment, GgufValue::make_u32(alignment));
}

void GgufWriter::add(std::string_view key, GgufValue value) {
  for (auto& [k, v] : kv_)
    if (k == key) {
      v = std::move(value);
      return;
    }
  kv_.emplace_back(std::string(key), std::move(value));
}

void GgufWriter::add_tensor(std::string name, std::vector<uint64_t> ne, DType type,
                            const void* data, uint64_t nbytes) {
  const uint64_t want = tensor_nbytes(type, ne);
  if (ne.empty() || ne.size() > 4 || want == 0 || want != nbytes)
    throw std::invalid_argument(
        fmt::format("gguf tensor '{}': shape and byte size disagree", name));
  for (const auto& t : tensors_)
    if (t.name == name)
      throw std::invalid_argument(fmt::format("duplicate gguf tensor '{}'", name));
  tensors_.push_back({std::move(name), std::move(ne), type, data, nbytes, data_size_});
  data_size_ += (nbytes + alignment_ - 1) / alignment_ * alignment_;
}

namespace {

struct BufferSink {
  std::vector<uint8_t>& out;
  void put(const void* p, size_t n) {
    if (n == 0) return;
    const size_t at = out.size();
    out.resize(at + n);
    std::memcpy(out.data() + at, p, n);
  }
  uint64_t size() const { return out.size(); }
};

struct FileSink {
  std::FILE* f;
  uint64_t n = 0;
  void put(const void* p, size_t k) {
    if (k && std::fwrite(p, 1, k, f) != k) throw std::runtime_error("write failed");
    n += k;
  }
  uint64_t size() const { return n; }
};

template <class Sink, class X> void put(Sink& s, X x) {
  s.put(&x, sizeof(X));
}
template <class Sink> void put_str(Sink& s, const std::string& str) {
  put<Sink, uint64_t>(s, str.size());
  s.put(str.data(), str.size());
}

template <class Sink> void put_value(Sink& s, const GgufValue& v) {
  switch (v.type) {
  case GgufType::U8:
    put<Sink, uint8_t>(s, static_cast<uint8_t>(v.u));
    break;
  case GgufType::I8:
    put<Sink, int8_t>(s, static_cast<int8_t>(v.i));
    break;
  case GgufType::U16:
    put<Sink, uint16_t>(s, static_cast<uint16_t>(v.u));
    break;
  case GgufType::I16:
    put<Sink, int16_t>(s, static_cast<int16_t>(v.i));
    break;
  case GgufType::U32:
    put<Sink, uint32_t>(s, static_cast<uint32_t>(v.u));
    break;
  case GgufType::I32:
    put<Sink, int32_t>(s, static_cast<int32_t>(v.i));
    break;
  case GgufType::U64:
    put<Sink, uint64_t>(s, v.u);
    break;
  case GgufType::I64:
    put<Sink, int64_t>(s, v.i);
    break;
  case GgufType::F32:
    put<Sink, float>(s, static_cast<float>(v.f));
    break;
  case GgufType::F64:
    put<Sink, double>(s, v.f);
    break;
  case GgufType::BOOL:
    put<Sink, uint8_t>(s, v.b ? 1 : 0);
    break;
  case GgufType::STRING:
    put_str(s, v.s);
    break;
  case GgufType::ARRAY:
    put<Sink, uint32_t>(s, static_cast<uint32_t>(v.elem));
    put<Sink, uint64_t>(s, v.arr.size());
    for (const auto& e : v.arr) put_value(s, e);
    break;
  }
}

template <class Sink> void pad_to(Sink& s, uint64_t alignment) {
  static const uint8_t zeros[256] = {};
  uint64_t n = (alignment - s.size() % alignment) % alignment;
  while (n) {
    const uint64_t k = std::min<uint64_t>(n, sizeof zeros);
    s.put(zeros, k);
    n -= k;
  }
}

} // namespace

template <class Sink> void GgufWriter::emit(Sink& s) const {
  put<Sink, uint32_t>(s, 0x46554747);
  put<Sink, uint32_t>(s, 3);
  put<Sink, uint64_t>(s, tensors_.size());
  put<Sink, uint64_t>(s, kv_.size());
  for (const auto& [k, v] : kv_) {
    put_str(s, k);
    put<Sink, uint32_t>(s, static_cast<uint32_t>(v.type));
    put_value(s, v);
  }
  for (const auto& t : tensors_) {
    put_str(s, t.name);
    put<Sink, uint32_t>(s, static_cast<uint32_t>(t.ne.size()));
    for (auto n : t.ne) put<Sink, uint64_t>(s, n);
    put<Sink, uint32_t>(s, static_cast<uint32_t>(t.type));
    put<Sink, uint64_t>(s, t.offset);
  }
  pad_to(s, alignment_);
  for (const auto& t : tensors_) {
    s.put(t.data, t.nbytes);
    pad_to(s, alignment_);
  }
}

std::vector<uint8_t> GgufWriter::to_bytes() const {
  std::vector<uint8_t> out;
  BufferSink s{out};
  emit(s);
  return out;
}

void GgufWriter::write(const std::string& path) const {
  atomic_write_file(path, [&](std::FILE* f) {
    FileSink s{f};
    emit(s);
  });
}

void atomic_write_file(const std::string& path, const std::function<void(std::FILE*)>& fill) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw std::runtime_error(fmt::format("{}: cannot create: {}", tmp, std::strerror(errno)));
  try {
    fill(f);
    if (std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0)
      throw std::runtime_error(fmt::format("{}: write failed: {}", tmp, std::strerror(errno)));
  } catch (...) {
    std::fclose(f);
    std::remove(tmp.c_str());
    throw;
  }
  if (std::fclose(f) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    std::remove(tmp.c_str());
    throw std::runtime_error(fmt::format("{}: cannot write: {}", path, err));
  }
  // Make the rename itself durable.
  auto dir = std::filesystem::path(path).parent_path();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

} // namespace axl::model

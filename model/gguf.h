// GGUF v3 container: a validating reader over a mmapped (or in-memory) file and a general writer.
// Spec: github.com/ggerganov/ggml/blob/master/docs/gguf.md. Tensors: f32, f16 and q8_0 (the
// export's).
#pragma once

#include "weights.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace axl::model {

enum class GgufType : uint32_t {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
};
const char* gguf_type_name(GgufType t);

// Any GGUF metadata value. Integers live in i (signed) or u (unsigned), floats in f.
struct GgufValue {
  GgufType type = GgufType::U32;
  GgufType elem = GgufType::U32; // element type of an ARRAY
  uint64_t u = 0;
  int64_t i = 0;
  double f = 0.0;
  bool b = false;
  std::string s;
  std::vector<GgufValue> arr;

  static GgufValue make_u32(uint32_t v);
  static GgufValue make_i32(int32_t v);
  static GgufValue make_u64(uint64_t v);
  static GgufValue make_f32(float v);
  static GgufValue make_bool(bool v);
  static GgufValue make_str(std::string v);
  static GgufValue make_array(GgufType elem, std::vector<GgufValue> items);
  static GgufValue make_u32_array(const std::vector<uint32_t>& v);
  static GgufValue make_str_array(const std::vector<std::string>& v);
  static GgufValue make_f32_array(const std::vector<float>& v);
  static GgufValue make_i32_array(const std::vector<int32_t>& v);
};

// Bytes of a tensor of type t and shape ne (GGML order), or 0 when ne[0] is not a whole number of
// the type's blocks (q8_0 packs 32 values into 34 bytes).
uint64_t tensor_nbytes(DType t, const std::vector<uint64_t>& ne);

struct GgufError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct GgufTensorInfo {
  std::string name;
  std::vector<uint64_t> ne; // GGML order: ne[0] is the contiguous dimension
  DType type = DType::F32;
  uint64_t offset = 0; // relative to the data section
  uint64_t nbytes = 0;
  const uint8_t* data = nullptr;
};

class MappedFile; // mmap holder (gguf_reader.cpp)

// A parsed, validated GGUF file. Tensor data points into the mapping, which this object keeps
// alive.
// Metadata key/value pairs in file order.
using GgufMetadata = std::vector<std::pair<std::string, GgufValue>>;

class GgufFile {
public:
  // mmaps path; throws GgufError("<path>: <what is wrong>") on any defect.
  static std::shared_ptr<GgufFile> open(const std::string& path);
  // Parses a buffer the caller keeps alive (tests, fuzzing).
  static std::shared_ptr<GgufFile> parse(std::span<const uint8_t> bytes,
                                         std::string label = "<memory>");

  uint32_t version = 3;
  uint32_t alignment = 32;
  uint64_t file_size = 0;
  uint64_t data_offset = 0;
  GgufMetadata kv;
  std::vector<GgufTensorInfo> tensors;
  std::string label;

  const GgufValue* find(std::string_view key) const;
  const GgufTensorInfo* find_tensor(std::string_view name) const;
  // Typed accessors that throw a clear GgufError when the key is missing or has another type.
  uint32_t get_u32(std::string_view key) const;
  float get_f32(std::string_view key) const;
  std::string get_str(std::string_view key) const;
  std::vector<uint32_t> get_u32_array(std::string_view key) const;

private:
  std::shared_ptr<MappedFile> map_;
  void parse_all(std::span<const uint8_t> bytes);
};

// Collects metadata and tensors, then writes a GGUF v3 file (atomically) or a byte buffer.
// Tensor data is referenced, not copied: it must stay alive until write()/to_bytes() returns.
class GgufWriter {
public:
  explicit GgufWriter(uint32_t alignment = 32);
  void add(std::string_view key, GgufValue value); // replaces an existing key
  // ne in GGML order (ne[0] contiguous). nbytes must equal tensor_nbytes(type, ne).
  void add_tensor(std::string name, std::vector<uint64_t> ne, DType type, const void* data,
                  uint64_t nbytes);
  void write(const std::string& path) const; // temp file + fsync + rename
  std::vector<uint8_t> to_bytes() const;

private:
  struct T {
    std::string name;
    std::vector<uint64_t> ne;
    DType type;
    const void* data;
    uint64_t nbytes, offset;
  };
  uint32_t alignment_;
  std::vector<std::pair<std::string, GgufValue>> kv_;
  std::vector<T> tensors_;
  uint64_t data_size_ = 0;
  template <class Sink> void emit(Sink& sink) const;
};

// Writes a file via fill(FILE*) into path + ".tmp.<pid>", fsyncs it, renames it over path and
// fsyncs the directory, so readers see the old or the new file, never a partial one.
void atomic_write_file(const std::string& path, const std::function<void(std::FILE*)>& fill);

} // namespace axl::model

// GGUF container: round trips, model validation with clear messages, and randomized corruption.
#include "model/kernels.h"
#include "model/model_file.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <random>

using namespace axl::model;

namespace {
std::vector<uint8_t> tiny_model_bytes(DType dtype, uint64_t seed = 1) {
  static std::vector<std::shared_ptr<ParamBuffer>> keep; // writer references tensor data
  auto p = std::make_shared<ParamBuffer>(Config::tiny());
  init_random(*p, seed, 0.1f);
  keep.push_back(p);
  GgufWriter w;
  add_model_metadata(w, p->cfg);
  ConvertedBuffers conv;
  add_model_tensors(w, p->cfg, p->w, dtype, conv);
  return w.to_bytes();
}

std::string load_error(const std::vector<uint8_t>& bytes) {
  try {
    load_model(GgufFile::parse(bytes, "test.gguf"));
  } catch (const GgufError& e) {
    return e.what();
  }
  return "";
}

// Patches the first occurrence of `from` (a byte pattern) with `to` of the same length.
void patch(std::vector<uint8_t>& b, const std::string& from, const std::string& to) {
  REQUIRE(from.size() == to.size());
  auto it = std::search(b.begin(), b.end(), from.begin(), from.end());
  REQUIRE(it != b.end());
  std::copy(to.begin(), to.end(), it);
}
} // namespace

TEST_CASE("gguf writer and reader round-trip every value type", "[model][gguf]") {
  GgufWriter w(64);
  w.add("a.u8", [] {
    GgufValue v;
    v.type = GgufType::U8;
    v.u = 200;
    return v;
  }());
  w.add("a.i32", GgufValue::make_i32(-7));
  w.add("a.u64", GgufValue::make_u64(1ull << 40));
  w.add("a.f32", GgufValue::make_f32(0.25f));
  w.add("a.bool", GgufValue::make_bool(true));
  w.add("a.str", GgufValue::make_str("h\xc3\xa9llo"));
  w.add("a.strs", GgufValue::make_str_array({"<s>", "", "\xff"}));
  w.add("a.f32s", GgufValue::make_f32_array({1.5f, -2.0f}));
  const std::vector<float> t1{1, 2, 3, 4, 5, 6};
  const std::vector<uint16_t> t2{1, 2, 3};
  w.add_tensor("t1", {3, 2}, DType::F32, t1.data(), 24);
  w.add_tensor("t2", {3}, DType::F16, t2.data(), 6);
  const auto bytes = w.to_bytes();
  const auto f = GgufFile::parse(bytes);
  CHECK(f->alignment == 64);
  CHECK(f->find("a.u8")->u == 200);
  CHECK(f->find("a.i32")->i == -7);
  CHECK(f->find("a.u64")->u == (1ull << 40));
  CHECK(f->get_f32("a.f32") == 0.25f);
  CHECK(f->find("a.bool")->b);
  CHECK(f->get_str("a.str") == "h\xc3\xa9llo");
  REQUIRE(f->find("a.strs")->arr.size() == 3);
  CHECK(f->find("a.strs")->arr[2].s == "\xff");
  CHECK(f->find("a.f32s")->arr[1].f == -2.0);
  const auto* t = f->find_tensor("t1");
  REQUIRE(t);
  CHECK(t->ne == std::vector<uint64_t>{3, 2});
  CHECK(t->offset % 64 == 0);
  CHECK(std::memcmp(t->data, t1.data(), 24) == 0);
  CHECK(f->find_tensor("t2")->offset % 64 == 0);
  CHECK((f->find_tensor("t2")->data - bytes.data()) % 64 == 0);
  CHECK_THROWS_WITH(f->get_u32("a.f32"), Catch::Contains("has type f32, expected u32"));
  CHECK_THROWS_WITH(f->get_u32("nope"), Catch::Contains("missing metadata key 'nope'"));
}

TEST_CASE("a model saved to disk loads back with identical weights (f32 and f16)",
          "[model][gguf]") {
  auto p = std::make_shared<ParamBuffer>(Config::tiny());
  init_random(*p, 3, 0.1f);
  const auto dir = std::filesystem::temp_directory_path();
  for (DType dt : {DType::F32, DType::F16}) {
    const auto path = (dir / (dt == DType::F32 ? "axl_rt32.gguf" : "axl_rt16.gguf")).string();
    save_model(path, p->cfg, p->w, dt);
    const Model m = load_model(path);
    CHECK(m.cfg.describe() == p->cfg.describe());
    CHECK(m.dtype == dt);
    CHECK(m.w.tok_emb.type == dt);
    CHECK(m.w.out_norm.type == DType::F32);
    CHECK(m.file_size == std::filesystem::file_size(path));
    Weights w = m.w;
    size_t off = 0;
    float worst = 0.0f;
    std::vector<float> row;
    for_each_tensor(m.cfg, w, [&](const TensorSpec&, Tensor& t) {
      row.resize(t.cols);
      for (int64_t r = 0; r < t.rows; ++r) {
        tensor_row(t, r, row.data());
        for (int64_t c = 0; c < t.cols; ++c) {
          const float orig = p->data[off + r * t.cols + c];
          worst = std::max(worst, std::abs(row[c] - orig) / std::max(std::abs(orig), 1e-3f));
        }
      }
      off += size_t(t.numel());
    });
    CHECK(off == p->size());
    CHECK(worst <= (dt == DType::F32 ? 0.0f : 1e-3f));
    std::filesystem::remove(path);
  }
}

TEST_CASE("invalid models are rejected with a clear message", "[model][gguf]") {
  const auto good = tiny_model_bytes(DType::F16);
  CHECK(load_error(good).empty());

  SECTION("empty and foreign files") {
    CHECK_THAT(load_error({}), Catch::Contains("file too small"));
    std::vector<uint8_t> png{0x89, 'P', 'N', 'G', 0, 0, 0, 0};
    CHECK_THAT(load_error(png), Catch::Contains("not a GGUF file"));
  }
  SECTION("wrong version") {
    auto b = good;
    b[4] = 2;
    CHECK_THAT(load_error(b), Catch::Contains("version 2 is not supported"));
  }
  SECTION("every truncation point gives an error, never a crash") {
    for (size_t n = 0; n < good.size(); n += std::max<size_t>(1, n / 64)) {
      std::vector<uint8_t> b(good.begin(), good.begin() + n);
      INFO("truncated to " << n << " bytes");
      CHECK_FALSE(load_error(b).empty());
    }
    std::vector<uint8_t> b(good.begin(), good.end() - 1);
    CHECK_THAT(load_error(b), Catch::Contains("truncated"));
  }
  SECTION("foreign architecture") {
    auto b = good;
    patch(b, "axl\x0c", "axm\x0c"); // value "axl" is followed by the next key's length byte
    CHECK_THAT(load_error(b), Catch::Contains("general.architecture is 'axm', expected 'axl'"));
  }
  SECTION("wrong key type") {
    auto b = good;
    // axl.block_count is u32 (type 4); retype it as f32 (type 6), same size.
    const std::string key = "axl.block_count";
    auto it = std::search(b.begin(), b.end(), key.begin(), key.end());
    REQUIRE(it != b.end());
    it[key.size()] = 6;
    CHECK_THAT(load_error(b), Catch::Contains("'axl.block_count' has type f32, expected u32"));
  }
  SECTION("unknown tensor name") {
    auto b = good;
    const std::string len{"\x0d\0\0\0\0\0\0\0", 8}; // the name's u64 length prefix
    patch(b, len + "output.weight", len + "outpuX.weight");
    CHECK_THAT(load_error(b), Catch::Contains("missing tensor 'output.weight'"));
  }
  SECTION("wrong tensor shape") {
    // A tiny model file claiming a bigger embedding width: shapes no longer match.
    auto b = good;
    const std::string key = "axl.embedding_length";
    auto it = std::search(b.begin(), b.end(), key.begin(), key.end());
    REQUIRE(it != b.end());
    it[key.size() + 4] = 32; // u32 value right after the 4-byte type
    CHECK_THAT(load_error(b), Catch::Contains("has shape"));
  }
  SECTION("vectors must be f32") {
    GgufWriter w;
    auto p = std::make_shared<ParamBuffer>(Config::tiny());
    add_model_metadata(w, p->cfg);
    ConvertedBuffers conv;
    Weights pw = p->w;
    std::vector<uint16_t> half(p->cfg.d_model, 0x3c00);
    for_each_tensor(p->cfg, pw, [&](const TensorSpec& s, Tensor& t) {
      if (s.name == "output_norm.weight")
        w.add_tensor(s.name, {uint64_t(s.cols)}, DType::F16, half.data(), half.size() * 2);
      else if (s.rows == 1)
        w.add_tensor(s.name, {uint64_t(s.cols)}, DType::F32, t.data, t.numel() * 4);
      else
        w.add_tensor(s.name, {uint64_t(s.cols), uint64_t(s.rows)}, DType::F32, t.data,
                     t.numel() * 4);
    });
    CHECK_THAT(load_error(w.to_bytes()), Catch::Contains("'output_norm.weight' must be f32"));
  }
}

TEST_CASE("randomized mutations of a model file never crash the reader", "[model][gguf][fuzz]") {
  const auto good = tiny_model_bytes(DType::F32);
  std::mt19937_64 rng(12345);
  int rejected = 0, accepted = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    auto b = good;
    const int edits = 1 + int(rng() % 8);
    for (int e = 0; e < edits; ++e) {
      // Mostly hit the header and metadata, where the structure lives.
      const size_t span = (rng() % 4 == 0) ? b.size() : std::min<size_t>(b.size(), 2048);
      const size_t at = rng() % span;
      switch (rng() % 4) {
      case 0:
        b[at] = static_cast<uint8_t>(rng());
        break;
      case 1:
        b[at] ^= static_cast<uint8_t>(1u << (rng() % 8));
        break;
      case 2:
        b.resize(at);
        break;
      case 3:
        std::memset(&b[at], 0xff, std::min<size_t>(8, b.size() - at));
        break;
      }
      if (b.empty()) break;
    }
    try {
      const Model m = load_model(GgufFile::parse(b, "mutated.gguf"));
      ++accepted; // e.g. a flipped weight value: still a structurally valid file
      CHECK(m.cfg.d_model > 0);
    } catch (const GgufError& e) {
      ++rejected;
      CHECK(std::string(e.what()).rfind("mutated.gguf: ", 0) == 0);
    }
  }
  CHECK(rejected > 1000);
  CHECK(accepted + rejected == 3000);
}

TEST_CASE("missing file gives a one-line error", "[model][gguf]") {
  CHECK_THROWS_WITH(load_model("/nonexistent/axl.gguf"),
                    Catch::Contains("/nonexistent/axl.gguf: cannot open"));
}

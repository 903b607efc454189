// The llama GGUF writer (model/llama_export.h): key set, tensor names/shapes/types, exact f32/f16
// copies, q8_0 layout and error bound, the GPT-2 byte tokenizer table.
#include "model/kernels.h"
#include "model/llama_export.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <set>

using namespace axl::model;

namespace {

// Small, but with widths that are whole q8_0 blocks.
Config small_config() {
  Config c;
  c.ctx = 64;
  c.d_model = 64;
  c.n_head = 2;
  c.n_layer = 2;
  c.d_ff = 96;
  return c;
}

Model random_model(const Config& c, uint64_t seed = 7) {
  auto p = std::make_shared<ParamBuffer>(c);
  init_random(*p, seed, 0.1f);
  return model_from_params(p);
}

std::vector<float> as_f32(const GgufTensorInfo& t, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  if (t.type == DType::F32)
    std::memcpy(v.data(), t.data, size_t(n) * 4);
  else if (t.type == DType::F16)
    f16_to_f32_array(reinterpret_cast<const uint16_t*>(t.data), v.data(), n);
  else
    dequantize_q8_0(t.data, n, v.data());
  return v;
}

// The largest error q8_0 may make on block x: half a step of the f32 scale, plus what rounding the
// scale to f16 moves the largest quantised value.
float q8_bound(const float* x) {
  float amax = 0;
  for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
  const float d = amax / 127.0f;
  return d / 2 + 127.0f * std::fabs(d - f16_to_f32(f32_to_f16(d))) + 1e-7f;
}

std::string utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += char(cp);
  } else {
    s += char(0xC0 | (cp >> 6));
    s += char(0x80 | (cp & 0x3F));
  }
  return s;
}

} // namespace

TEST_CASE("gpt2 byte tokens: GPT-2's byte-to-unicode table in byte order", "[export]") {
  const auto t = gpt2_byte_tokens();
  REQUIRE(t.size() == 256);
  CHECK(std::set<std::string>(t.begin(), t.end()).size() == 256);
  CHECK(t['d'] == "d");
  CHECK(t['!'] == "!");
  CHECK(t['~'] == "~");
  CHECK(t[0xE9] == utf8(0xE9));  // printable Latin-1 stands for itself
  CHECK(t[0] == utf8(0x100));    // the first unprintable byte
  CHECK(t[' '] == utf8(0x120));  // "Ġ"
  CHECK(t['\n'] == utf8(0x10A)); // "Ċ"
  CHECK(t[0x7F] == utf8(0x121)); // after the 33 control bytes 0..32
  CHECK(t[0xA0] == utf8(0x142));
  CHECK(t[0xAD] == utf8(0x143)); // soft hyphen, the last stand-in
}

TEST_CASE("q8_0: block layout and round-trip error bound", "[export]") {
  SECTION("hand-checked blocks") {
    std::vector<float> x(32);
    for (int j = 0; j < 32; ++j) x[j] = float(j) - 15.5f; // amax 15.5 -> d = 15.5 / 127
    std::vector<uint8_t> q(34);
    quantize_q8_0(x.data(), 32, q.data());
    uint16_t dh;
    std::memcpy(&dh, q.data(), 2);
    CHECK(dh == f32_to_f16(15.5f / 127.0f));
    CHECK(int8_t(q[2 + 0]) == -127);
    CHECK(int8_t(q[2 + 31]) == 127);
    CHECK(int8_t(q[2 + 15]) == -4); // -0.5 * 127 / 15.5 = -4.10
    CHECK(int8_t(q[2 + 16]) == 4);
    CHECK(int8_t(q[2 + 20]) == 37); // 4.5 * 127 / 15.5 = 36.87
    // amax 127 gives d = 1: halves round away from zero, as GGML's reference quantiser.
    std::fill(x.begin(), x.end(), 0.0f);
    x[0] = 127.0f, x[1] = 2.5f, x[2] = -2.5f, x[3] = 0.5f;
    quantize_q8_0(x.data(), 32, q.data());
    std::memcpy(&dh, q.data(), 2);
    CHECK(f16_to_f32(dh) == 1.0f);
    CHECK(int8_t(q[2 + 1]) == 3);
    CHECK(int8_t(q[2 + 2]) == -3);
    CHECK(int8_t(q[2 + 3]) == 1);
  }
  SECTION("random data of mixed scale, with an all-zero block") {
    std::mt19937 rng(3);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    const int64_t n = 32 * 200;
    std::vector<float> x(n);
    for (int64_t i = 0; i < n; ++i) x[i] = nd(rng) * std::pow(10.0f, float(i / 32 % 7) - 4.0f);
    std::fill(x.begin() + 64, x.begin() + 96, 0.0f);
    std::vector<uint8_t> q(n / 32 * 34);
    quantize_q8_0(x.data(), n, q.data());
    std::vector<float> y(n);
    dequantize_q8_0(q.data(), n, y.data());
    for (int64_t b = 0; b < n / 32; ++b) {
      const float bound = q8_bound(&x[b * 32]);
      for (int j = 0; j < 32; ++j) REQUIRE(std::fabs(x[b * 32 + j] - y[b * 32 + j]) <= bound);
    }
    for (int j = 64; j < 96; ++j) CHECK(y[j] == 0.0f);
  }
  SECTION("lengths that are not whole blocks are refused") {
    std::vector<float> x(40);
    std::vector<uint8_t> q(68);
    CHECK_THROWS(quantize_q8_0(x.data(), 40, q.data()));
    CHECK(tensor_nbytes(DType::Q8_0, {40, 2}) == 0);
    CHECK(tensor_nbytes(DType::Q8_0, {64, 3}) == 2 * 34 * 3);
  }
}

TEST_CASE("llama export: metadata keys a llama.cpp loader needs", "[export]") {
  const Config c = small_config();
  const Model m = random_model(c);
  const auto bytes = export_llama_bytes(m, {.type = DType::F16});
  const auto f = GgufFile::parse(bytes, "export.gguf");
  CHECK(f->version == 3);
  CHECK(f->get_str("general.architecture") == "llama");
  CHECK(f->get_u32("general.file_type") == 1);
  CHECK(f->get_u32("llama.vocab_size") == 258);
  CHECK(f->get_u32("llama.context_length") == 64);
  CHECK(f->get_u32("llama.embedding_length") == 64);
  CHECK(f->get_u32("llama.block_count") == 2);
  CHECK(f->get_u32("llama.feed_forward_length") == 96);
  CHECK(f->get_u32("llama.attention.head_count") == 2);
  CHECK(f->get_u32("llama.attention.head_count_kv") == 2);
  CHECK(f->get_u32("llama.rope.dimension_count") == 32);
  CHECK(f->get_f32("llama.rope.freq_base") == c.rope_base);
  CHECK(f->get_f32("llama.attention.layer_norm_rms_epsilon") == c.norm_eps);
  CHECK(f->get_str("tokenizer.ggml.model") == "gpt2");
  CHECK(f->get_str("tokenizer.ggml.pre") == "default");
  CHECK(f->get_u32("tokenizer.ggml.bos_token_id") == 256);
  CHECK(f->get_u32("tokenizer.ggml.eos_token_id") == 257);
  REQUIRE(f->find("tokenizer.ggml.add_bos_token"));
  CHECK(f->find("tokenizer.ggml.add_bos_token")->b);
  const auto* merges = f->find("tokenizer.ggml.merges");
  REQUIRE(merges);
  CHECK(merges->type == GgufType::ARRAY);
  CHECK(merges->elem == GgufType::STRING);
  CHECK(merges->arr.empty());
  const auto* tokens = f->find("tokenizer.ggml.tokens");
  REQUIRE(tokens);
  REQUIRE(tokens->arr.size() == 258);
  const auto bytes_tok = gpt2_byte_tokens();
  for (int b = 0; b < 256; ++b) REQUIRE(tokens->arr[b].s == bytes_tok[b]);
  CHECK(tokens->arr[256].s == kLlamaBosText);
  CHECK(tokens->arr[257].s == kLlamaEosText);
  const auto* types = f->find("tokenizer.ggml.token_type");
  REQUIRE(types);
  REQUIRE(types->arr.size() == 258);
  CHECK(types->elem == GgufType::I32);
  for (int b = 0; b < 256; ++b) REQUIRE(types->arr[b].i == 1);
  CHECK(types->arr[256].i == 3);
  CHECK(types->arr[257].i == 3);
  for (const auto& [k, v] : f->kv) {
    INFO(k);
    CHECK((k.rfind("general.", 0) == 0 || k.rfind("llama.", 0) == 0 ||
           k.rfind("tokenizer.ggml.", 0) == 0));
  }
}

TEST_CASE("llama export: the fine-scale tensors only, with llama.cpp's names and shapes",
          "[export]") {
  const Config c = small_config();
  const Model m = random_model(c);
  for (DType type : {DType::F32, DType::F16, DType::Q8_0}) {
    INFO(export_type_name(type));
    const auto bytes = export_llama_bytes(m, {.type = type});
    const auto f = GgufFile::parse(bytes, "export.gguf");
    const uint64_t d = 64, ff = 96, V = 258;
    std::vector<std::pair<std::string, std::vector<uint64_t>>> want{{"token_embd.weight", {d, V}}};
    for (int l = 0; l < c.n_layer; ++l) {
      const std::string b = "blk." + std::to_string(l) + ".";
      want.push_back({b + "attn_norm.weight", {d}});
      for (const char* w : {"attn_q", "attn_k", "attn_v", "attn_output"})
        want.push_back({b + w + ".weight", {d, d}});
      want.push_back({b + "ffn_norm.weight", {d}});
      want.push_back({b + "ffn_gate.weight", {d, ff}});
      want.push_back({b + "ffn_up.weight", {d, ff}});
      want.push_back({b + "ffn_down.weight", {ff, d}});
    }
    want.push_back({"output_norm.weight", {d}});
    want.push_back({"output.weight", {d, V}});
    REQUIRE(f->tensors.size() == want.size());
    for (const auto& [name, ne] : want) {
      INFO(name);
      const auto* t = f->find_tensor(name);
      REQUIRE(t);
      CHECK(t->ne == ne);
      CHECK(t->type == (ne.size() == 1 ? DType::F32 : type));
    }
  }
}

TEST_CASE("llama export: tensor data is the model's (exact in f32/f16, bounded in q8_0)",
          "[export]") {
  const Config c = small_config();
  const Model m = random_model(c);
  struct Pair {
    std::string name;
    Tensor src;
  };
  std::vector<Pair> pairs{{"token_embd.weight", m.w.tok_emb},
                          {"output.weight", m.w.output},
                          {"output_norm.weight", m.w.out_norm}};
  for (int l = 0; l < c.n_layer; ++l) {
    const auto& L = m.w.layers[0][l];
    const std::string b = "blk." + std::to_string(l) + ".";
    pairs.push_back({b + "attn_norm.weight", L.attn_norm});
    pairs.push_back({b + "attn_q.weight", L.wq});
    pairs.push_back({b + "attn_k.weight", L.wk});
    pairs.push_back({b + "attn_v.weight", L.wv});
    pairs.push_back({b + "attn_output.weight", L.wo});
    pairs.push_back({b + "ffn_norm.weight", L.ffn_norm});
    pairs.push_back({b + "ffn_gate.weight", L.w1});
    pairs.push_back({b + "ffn_up.weight", L.w3});
    pairs.push_back({b + "ffn_down.weight", L.w2});
  }
  for (DType type : {DType::F32, DType::F16, DType::Q8_0}) {
    INFO(export_type_name(type));
    const auto bytes = export_llama_bytes(m, {.type = type});
    const auto f = GgufFile::parse(bytes, "export.gguf");
    for (const auto& [name, src] : pairs) {
      INFO(name);
      const auto* t = f->find_tensor(name);
      REQUIRE(t);
      const float* x = src.f32();
      const auto y = as_f32(*t, src.numel());
      for (int64_t i = 0; i < src.numel(); ++i) {
        if (t->type == DType::F32) {
          REQUIRE(y[i] == x[i]);
        } else if (t->type == DType::F16) {
          REQUIRE(y[i] == f16_to_f32(f32_to_f16(x[i])));
        } else {
          REQUIRE(std::fabs(y[i] - x[i]) <= q8_bound(x + i / 32 * 32));
        }
      }
    }
  }
}

TEST_CASE("llama export: an f16 model exports its own f16 bytes", "[export]") {
  const Config c = small_config();
  const Model m32 = random_model(c);
  GgufWriter w;
  add_model_metadata(w, c);
  ConvertedBuffers keep;
  add_model_tensors(w, c, m32.w, DType::F16, keep);
  const auto model_bytes = w.to_bytes();
  const Model m16 = load_model(GgufFile::parse(model_bytes, "m16.gguf"));
  const auto e16 = export_llama_bytes(m16, {.type = DType::F16}); // parse() does not copy
  const auto f = GgufFile::parse(e16, "e.gguf");
  const auto* t = f->find_tensor("blk.1.ffn_down.weight");
  REQUIRE(t);
  CHECK(std::memcmp(t->data, m16.w.layers[0][1].w2.data, t->nbytes) == 0);
  // f32 from an f16 model widens exactly.
  const auto e32 = export_llama_bytes(m16, {.type = DType::F32});
  const auto g = GgufFile::parse(e32, "e32.gguf");
  const auto* u = g->find_tensor("blk.1.ffn_down.weight");
  REQUIRE(u);
  const auto y = as_f32(*u, m16.w.layers[0][1].w2.numel());
  const auto* h = static_cast<const uint16_t*>(m16.w.layers[0][1].w2.data);
  for (size_t i = 0; i < y.size(); ++i) REQUIRE(y[i] == f16_to_f32(h[i]));
}

TEST_CASE("llama export: refusals with clear messages", "[export]") {
  CHECK_THROWS_WITH(parse_export_type("q4_k"), Catch::Contains("f32, f16 or q8_0"));
  Config c = small_config();
  c.d_model = 48; // not a whole number of q8_0 blocks
  c.n_head = 2;
  const Model m = random_model(c);
  CHECK_THROWS_WITH(export_llama_bytes(m, {.type = DType::Q8_0}),
                    Catch::Contains("multiples of 32"));
  CHECK_NOTHROW(export_llama_bytes(m, {.type = DType::F16}));
  // An axl model file never holds q8_0 matrices.
  const Model ok = random_model(small_config());
  GgufWriter w;
  add_model_metadata(w, ok.cfg);
  ConvertedBuffers keep;
  CHECK_THROWS(add_model_tensors(w, ok.cfg, ok.w, DType::Q8_0, keep));
}

#include "llama_export.h"

#include "gguf_keys.h"
#include "kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <stdexcept>

namespace axl::model {

void quantize_q8_0(const float* x, int64_t n, uint8_t* out) {
  if (n % kQ8Block != 0) throw std::invalid_argument("q8_0: length is not a multiple of 32");
  for (int64_t b = 0; b < n / kQ8Block; ++b) {
    const float* xb = x + b * kQ8Block;
    uint8_t* ob = out + b * kQ8BlockBytes;
    float amax = 0.0f;
    for (int j = 0; j < kQ8Block; ++j) amax = std::max(amax, std::fabs(xb[j]));
    const float d = amax / 127.0f;
    const float inv = d != 0.0f ? 1.0f / d : 0.0f;
    const uint16_t dh = f32_to_f16(d);
    std::memcpy(ob, &dh, 2);
    for (int j = 0; j < kQ8Block; ++j) {
      const float q = std::round(xb[j] * inv); // half away from zero, as GGML's reference
      ob[2 + j] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f)));
    }
  }
}

void dequantize_q8_0(const uint8_t* in, int64_t n, float* out) {
  if (n % kQ8Block != 0) throw std::invalid_argument("q8_0: length is not a multiple of 32");
  for (int64_t b = 0; b < n / kQ8Block; ++b) {
    const uint8_t* ib = in + b * kQ8BlockBytes;
    uint16_t dh;
    std::memcpy(&dh, ib, 2);
    const float d = f16_to_f32(dh);
    for (int j = 0; j < kQ8Block; ++j)
      out[b * kQ8Block + j] = static_cast<float>(static_cast<int8_t>(ib[2 + j])) * d;
  }
}

std::vector<std::string> gpt2_byte_tokens() {
  // Bytes that are printable Latin-1 keep their code point; the rest, in byte order, take
  // U+0100, U+0101, ...
  auto keeps = [](int b) {
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
  };
  std::vector<std::string> out(256);
  int next = 256;
  for (int b = 0; b < 256; ++b) {
    const int cp = keeps(b) ? b : next++;
    std::string s;
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else { // every stand-in is below U+0800: two UTF-8 bytes
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    out[b] = std::move(s);
  }
  return out;
}

DType parse_export_type(const std::string& s) {
  if (s == "f32") return DType::F32;
  if (s == "f16") return DType::F16;
  if (s == "q8_0") return DType::Q8_0;
  throw std::invalid_argument(fmt::format("unknown export type '{}' (f32, f16 or q8_0)", s));
}

const char* export_type_name(DType t) {
  switch (t) {
  case DType::F32:
    return "f32";
  case DType::F16:
    return "f16";
  case DType::Q8_0:
    return "q8_0";
  }
  return "?";
}

namespace {

// llama.cpp's llama_ftype values for general.file_type.
uint32_t file_type(DType t) {
  switch (t) {
  case DType::F32:
    return 0; // LLAMA_FTYPE_ALL_F32
  case DType::F16:
    return 1; // LLAMA_FTYPE_MOSTLY_F16
  case DType::Q8_0:
    return 7; // LLAMA_FTYPE_MOSTLY_Q8_0
  }
  return 0;
}

std::vector<float> to_f32(const Tensor& t) {
  std::vector<float> v(static_cast<size_t>(t.numel()));
  if (t.type == DType::F32)
    std::memcpy(v.data(), t.data, v.size() * 4);
  else if (t.type == DType::F16)
    f16_to_f32_array(static_cast<const uint16_t*>(t.data), v.data(), t.numel());
  else
    throw std::invalid_argument("llama export: source tensors must be f32 or f16");
  return v;
}

} // namespace

void add_llama_export(GgufWriter& w, const Model& m, const LlamaExportOptions& opt,
                      LlamaExportBuffers& keep) {
  const Config& c = m.cfg;
  c.validate();
  if (c.scales.empty() || c.scales[0] != 1)
    throw std::invalid_argument("llama export: the model has no byte-scale stack");
  if (c.vocab != kVocab) throw std::invalid_argument("llama export: vocabulary must be 258 bytes");
  const DType mt = opt.type;
  if (mt != DType::F32 && mt != DType::F16 && mt != DType::Q8_0)
    throw std::invalid_argument("llama export: type must be f32, f16 or q8_0");
  if (mt == DType::Q8_0 && (c.d_model % kQ8Block != 0 || c.d_ff % kQ8Block != 0))
    throw std::invalid_argument(
        fmt::format("llama export: q8_0 needs d_model ({}) and d_ff ({}) to be multiples of 32",
                    c.d_model, c.d_ff));

  w.add(key::kArchitecture, GgufValue::make_str("llama"));
  w.add(key::kName, GgufValue::make_str(opt.name));
  w.add("general.description",
        GgufValue::make_str("Fine-scale (byte) stack of the AXL multi-scale model: token "
                            "embedding, 3 llama blocks, final norm and head. Byte-level "
                            "vocabulary: token id = byte value, 256 = BOS, 257 = EOS."));
  w.add("general.file_type", GgufValue::make_u32(file_type(mt)));
  w.add("general.quantization_version", GgufValue::make_u32(2));
  w.add("llama.vocab_size", GgufValue::make_u32(static_cast<uint32_t>(c.vocab)));
  w.add("llama.context_length", GgufValue::make_u32(static_cast<uint32_t>(c.ctx)));
  w.add("llama.embedding_length", GgufValue::make_u32(static_cast<uint32_t>(c.d_model)));
  w.add("llama.block_count", GgufValue::make_u32(static_cast<uint32_t>(c.n_layer)));
  w.add("llama.feed_forward_length", GgufValue::make_u32(static_cast<uint32_t>(c.d_ff)));
  w.add("llama.attention.head_count", GgufValue::make_u32(static_cast<uint32_t>(c.n_head)));
  w.add("llama.attention.head_count_kv", GgufValue::make_u32(static_cast<uint32_t>(c.n_head)));
  w.add("llama.rope.dimension_count", GgufValue::make_u32(static_cast<uint32_t>(c.head_dim())));
  w.add("llama.rope.freq_base", GgufValue::make_f32(c.rope_base));
  w.add("llama.attention.layer_norm_rms_epsilon", GgufValue::make_f32(c.norm_eps));

  std::vector<std::string> tokens = gpt2_byte_tokens();
  tokens.push_back(kLlamaBosText);
  tokens.push_back(kLlamaEosText);
  std::vector<int32_t> types(256, 1); // LLAMA_TOKEN_TYPE_NORMAL
  types.push_back(3);                 // LLAMA_TOKEN_TYPE_CONTROL
  types.push_back(3);
  w.add(key::kTokenizerModel, GgufValue::make_str("gpt2"));
  w.add("tokenizer.ggml.pre", GgufValue::make_str("default"));
  w.add("tokenizer.ggml.tokens", GgufValue::make_str_array(tokens));
  w.add("tokenizer.ggml.token_type", GgufValue::make_i32_array(types));
  w.add("tokenizer.ggml.merges", GgufValue::make_str_array({}));
  w.add(key::kBosId, GgufValue::make_u32(kBos));
  w.add(key::kEosId, GgufValue::make_u32(kEos));
  w.add("tokenizer.ggml.add_bos_token", GgufValue::make_bool(true));
  w.add("tokenizer.ggml.add_eos_token", GgufValue::make_bool(false));

  auto add = [&](const std::string& name, const Tensor& t, bool matrix) {
    const std::vector<uint64_t> ne = matrix
                                         ? std::vector<uint64_t>{uint64_t(t.cols), uint64_t(t.rows)}
                                         : std::vector<uint64_t>{uint64_t(t.numel())};
    const DType out = matrix ? mt : DType::F32;
    const int64_t n = t.numel();
    if (t.type == out) { // f32 -> f32, f16 -> f16: the model's own bytes
      w.add_tensor(name, ne, out, t.data, tensor_nbytes(out, ne));
      return;
    }
    auto x = to_f32(t);
    if (out == DType::F32) {
      auto& buf = keep.f32.emplace_back(std::move(x));
      w.add_tensor(name, ne, out, buf.data(), buf.size() * 4);
    } else if (out == DType::F16) {
      auto& buf = keep.f16.emplace_back(static_cast<size_t>(n));
      f32_to_f16_array(x.data(), buf.data(), n);
      w.add_tensor(name, ne, out, buf.data(), buf.size() * 2);
    } else {
      auto& buf = keep.q8.emplace_back(static_cast<size_t>(n / kQ8Block * kQ8BlockBytes));
      quantize_q8_0(x.data(), n, buf.data());
      w.add_tensor(name, ne, out, buf.data(), buf.size());
    }
  };

  const Weights& W = m.w;
  add("token_embd.weight", W.tok_emb, true);
  for (int l = 0; l < c.n_layer; ++l) {
    const LayerWeights& L = W.layers.at(0).at(l);
    const std::string b = fmt::format("blk.{}.", l);
    add(b + "attn_norm.weight", L.attn_norm, false);
    add(b + "attn_q.weight", L.wq, true); // interleaved RoPE = llama.cpp's NORM: no permutation
    add(b + "attn_k.weight", L.wk, true);
    add(b + "attn_v.weight", L.wv, true);
    add(b + "attn_output.weight", L.wo, true);
    add(b + "ffn_norm.weight", L.ffn_norm, false);
    add(b + "ffn_gate.weight", L.w1, true);
    add(b + "ffn_up.weight", L.w3, true);
    add(b + "ffn_down.weight", L.w2, true);
  }
  add("output_norm.weight", W.out_norm, false);
  add("output.weight", W.output, true);
}

void export_llama(const Model& m, const std::string& path, const LlamaExportOptions& opt) {
  GgufWriter w;
  LlamaExportBuffers keep;
  add_llama_export(w, m, opt, keep);
  w.write(path);
}

std::vector<uint8_t> export_llama_bytes(const Model& m, const LlamaExportOptions& opt) {
  GgufWriter w;
  LlamaExportBuffers keep;
  add_llama_export(w, m, opt, keep);
  return w.to_bytes();
}

} // namespace axl::model

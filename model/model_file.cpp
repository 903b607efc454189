#include "model_file.h"

#include "gguf_keys.h"
#include "kernels.h"

#include <filesystem>
#include <fmt/format.h>

namespace axl::model {

Config config_from_gguf(const GgufFile& f) {
  const auto arch = f.get_str(key::kArchitecture);
  if (arch != "axl")
    throw GgufError(fmt::format("{}: general.architecture is '{}', expected 'axl'", f.label, arch));
  Config c;
  c.vocab = static_cast<int>(f.get_u32(key::kVocabSize));
  c.ctx = static_cast<int>(f.get_u32(key::kContextLength));
  c.d_model = static_cast<int>(f.get_u32(key::kEmbeddingLength));
  c.n_head = static_cast<int>(f.get_u32(key::kHeadCount));
  c.n_layer = static_cast<int>(f.get_u32(key::kBlockCount));
  c.d_ff = static_cast<int>(f.get_u32(key::kFeedForwardLength));
  c.rope_base = f.get_f32(key::kRopeFreqBase);
  c.norm_eps = f.get_f32(key::kRmsEpsilon);
  c.scales.clear();
  for (auto s : f.get_u32_array(key::kScales))
    c.scales.push_back(static_cast<int>(std::min<uint32_t>(s, 1u << 20)));
  try {
    c.validate();
  } catch (const std::exception& e) {
    throw GgufError(fmt::format("{}: {}", f.label, e.what()));
  }
  if (f.get_u32(key::kBosId) != kBos || f.get_u32(key::kEosId) != kEos)
    throw GgufError(fmt::format("{}: tokenizer BOS/EOS ids must be {}/{}", f.label, kBos, kEos));
  if (f.get_str(key::kTokenizerModel) != "axl-bytes")
    throw GgufError(fmt::format("{}: tokenizer.ggml.model must be 'axl-bytes'", f.label));
  return c;
}

void add_model_metadata(GgufWriter& w, const Config& c) {
  w.add(key::kArchitecture, GgufValue::make_str("axl"));
  w.add(key::kName, GgufValue::make_str("AXL-Docs-Lion"));
  w.add(key::kVocabSize, GgufValue::make_u32(c.vocab));
  w.add(key::kContextLength, GgufValue::make_u32(c.ctx));
  w.add(key::kEmbeddingLength, GgufValue::make_u32(c.d_model));
  w.add(key::kHeadCount, GgufValue::make_u32(c.n_head));
  w.add(key::kBlockCount, GgufValue::make_u32(c.n_layer));
  w.add(key::kFeedForwardLength, GgufValue::make_u32(c.d_ff));
  std::vector<uint32_t> scales(c.scales.begin(), c.scales.end());
  w.add(key::kScales, GgufValue::make_u32_array(scales));
  w.add(key::kRopeFreqBase, GgufValue::make_f32(c.rope_base));
  w.add(key::kRmsEpsilon, GgufValue::make_f32(c.norm_eps));
  w.add(key::kTokenizerModel, GgufValue::make_str("axl-bytes"));
  w.add(key::kBosId, GgufValue::make_u32(kBos));
  w.add(key::kEosId, GgufValue::make_u32(kEos));
}

Model load_model(const std::string& path) {
  auto m = load_model(GgufFile::open(path));
  m.path = path;
  return m;
}

Model load_model(std::shared_ptr<GgufFile> file) {
  Model m;
  m.cfg = config_from_gguf(*file);
  m.file = file;
  m.file_size = file->file_size;
  const auto& f = *file;
  bool any_f16 = false;
  size_t n_model = 0;
  for_each_tensor(m.cfg, m.w, [&](const TensorSpec& s, Tensor& t) {
    const auto* info = f.find_tensor(s.name);
    if (!info) throw GgufError(fmt::format("{}: missing tensor '{}'", f.label, s.name));
    // GGML order: ne[0] = cols (contiguous), ne[1] = rows; vectors are 1-D.
    const bool shape_ok = s.rows == 1 ? (info->ne.size() == 1 && info->ne[0] == uint64_t(s.cols))
                                      : (info->ne.size() == 2 && info->ne[0] == uint64_t(s.cols) &&
                                         info->ne[1] == uint64_t(s.rows));
    if (!shape_ok) {
      std::string got;
      for (auto n : info->ne) {
        if (!got.empty()) got += ", ";
        got += std::to_string(n);
      }
      throw GgufError(fmt::format(
          "{}: tensor '{}' has shape [{}], expected [{}]", f.label, s.name, got,
          s.rows == 1 ? std::to_string(s.cols) : fmt::format("{}, {}", s.cols, s.rows)));
    }
    if (!s.matrix && info->type != DType::F32)
      throw GgufError(fmt::format("{}: tensor '{}' must be f32", f.label, s.name));
    if (info->type != DType::F32 && info->type != DType::F16)
      throw GgufError(fmt::format("{}: tensor '{}' must be f32 or f16 (q8_0 is only for llama.cpp)",
                                  f.label, s.name));
    if (reinterpret_cast<uintptr_t>(info->data) % 4 != 0)
      throw GgufError(fmt::format("{}: tensor '{}' data is misaligned", f.label, s.name));
    any_f16 |= info->type == DType::F16;
    t.data = const_cast<uint8_t*>(info->data); // read-only mapping: never written through
    t.type = info->type;
    t.rows = s.rows;
    t.cols = s.cols;
    ++n_model;
  });
  // Checkpoints carry optimizer state as "lion.*" tensors; anything else unknown is an error.
  size_t n_extra = 0;
  for (const auto& t : f.tensors) n_extra += t.name.starts_with(key::kOptimizerPrefix);
  if (f.tensors.size() != n_model + n_extra) {
    auto specs = tensor_specs(m.cfg);
    for (const auto& t : f.tensors) {
      bool known = t.name.starts_with(key::kOptimizerPrefix);
      for (const auto& s : specs) known |= s.name == t.name;
      if (!known) throw GgufError(fmt::format("{}: unexpected tensor '{}'", f.label, t.name));
    }
  }
  m.dtype = any_f16 ? DType::F16 : DType::F32;
  return m;
}

Model model_from_params(std::shared_ptr<ParamBuffer> params) {
  Model m;
  m.cfg = params->cfg;
  m.w = params->w;
  m.params = std::move(params);
  return m;
}

void add_model_tensors(GgufWriter& gw, const Config& cfg, const Weights& w_in, DType dtype,
                       ConvertedBuffers& keep) {
  if (dtype != DType::F32 && dtype != DType::F16)
    throw std::invalid_argument("axl model files store matrices as f32 or f16");
  Weights w = w_in;
  for_each_tensor(cfg, w, [&](const TensorSpec& s, Tensor& t) {
    std::vector<uint64_t> ne = s.rows == 1
                                   ? std::vector<uint64_t>{uint64_t(s.cols)}
                                   : std::vector<uint64_t>{uint64_t(s.cols), uint64_t(s.rows)};
    const DType out = s.matrix ? dtype : DType::F32;
    if (t.type == out) {
      gw.add_tensor(s.name, ne, out, t.data, t.numel() * (out == DType::F32 ? 4 : 2));
    } else if (out == DType::F16) {
      auto& buf = keep.f16.emplace_back(t.numel());
      f32_to_f16_array(t.f32(), buf.data(), t.numel());
      gw.add_tensor(s.name, ne, out, buf.data(), t.numel() * 2);
    } else {
      auto& buf = keep.f32.emplace_back(t.numel());
      f16_to_f32_array(static_cast<const uint16_t*>(t.data), buf.data(), t.numel());
      gw.add_tensor(s.name, ne, out, buf.data(), t.numel() * 4);
    }
  });
}

void save_model(const std::string& path, const Config& cfg, const Weights& w, DType dtype,
                const GgufMetadata& extra) {
  GgufWriter gw;
  add_model_metadata(gw, cfg);
  for (const auto& [k, v] : extra) gw.add(k, v);
  ConvertedBuffers keep;
  add_model_tensors(gw, cfg, w, dtype, keep);
  gw.write(path);
}

} // namespace axl::model

// A loaded model: config + weight views into a mmapped GGUF file (or an owned f32 buffer), and
// the GGUF layout of "axl" files (keys, tensor names, validation).
#pragma once

#include "gguf.h"
#include "weights.h"

#include <memory>
#include <string>

namespace axl::model {

struct Model {
  Config cfg;
  Weights w;                           // views; f16 or f32 matrices, f32 vectors
  DType dtype = DType::F32;            // type of the matrices
  std::shared_ptr<GgufFile> file;      // keeps the mapping alive (loaded models)
  std::shared_ptr<ParamBuffer> params; // keeps owned weights alive (in-memory models)
  std::string path;
  uint64_t file_size = 0;
};

// Opens and validates an axl GGUF file (architecture, every axl.* key, tokenizer keys, every
// tensor's presence, name, type and shape). Throws GgufError with a one-line message.
Model load_model(const std::string& path);
Model load_model(std::shared_ptr<GgufFile> file);
// An f32 model viewing an owned parameter buffer.
Model model_from_params(std::shared_ptr<ParamBuffer> params);

Config config_from_gguf(const GgufFile& f);
// Writes general.*, axl.* and tokenizer.* keys for cfg.
void add_model_metadata(GgufWriter& w, const Config& cfg);
// Saves weights (any mix of f32/f16 views) as an axl GGUF with matrices in `dtype` (vectors f32).
// `extra` keys are written after the model's own (e.g. the prompt format of training/).
void save_model(const std::string& path, const Config& cfg, const Weights& w, DType dtype,
                const GgufMetadata& extra = {});
// Converted tensor data that must outlive a GgufWriter's write().
struct ConvertedBuffers {
  std::vector<std::vector<uint16_t>> f16;
  std::vector<std::vector<float>> f32;
};
// Same, into a writer the caller may extend (checkpoints add optimizer state).
void add_model_tensors(GgufWriter& gw, const Config& cfg, const Weights& w, DType dtype,
                       ConvertedBuffers& keep);

} // namespace axl::model

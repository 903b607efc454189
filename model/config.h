// Model hyper-parameters of the AXL multi-scale transformer and the byte vocabulary.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace axl::model {

inline constexpr int kVocab = 258; // bytes 0..255, BOS, EOS
inline constexpr int kBos = 256;
inline constexpr int kEos = 257;
inline constexpr int kDefaultContext =
    256; // bytes; what the shipped model and its prompt format use

struct Config {
  int vocab = kVocab;
  int ctx = kDefaultContext; // context window in bytes
  int d_model = 224;         // embedding width, same for every scale
  int n_head = 4;            // attention heads (head_dim = d_model / n_head)
  int n_layer = 3;           // transformer layers per scale
  int d_ff = 1152; // SwiGLU hidden width; 1152 puts the full model at 9,898,112 parameters
  std::vector<int> scales{1, 2, 4}; // scales[0] must be 1 (the byte stream)
  float rope_base = 10000.0f;
  float norm_eps = 1e-5f;

  int head_dim() const { return d_model / n_head; }
  int n_scales() const { return static_cast<int>(scales.size()); }
  // Throws std::invalid_argument with a readable message if the configuration is unusable.
  void validate() const;
  // A few-thousand-parameter configuration for tests (same structure, tiny widths).
  static Config tiny();
  std::string describe() const;
  // Positions of a training batch whose longest input has n bytes: rounded up to whole tokens of
  // the coarsest scale, at most ctx.
  int padded_length(int n) const;
};

// Number of scalar parameters of a model with this configuration.
int64_t parameter_count(const Config& cfg);

} // namespace axl::model

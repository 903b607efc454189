#include "config.h"

#include "weights.h"

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

namespace axl::model {

void Config::validate() const {
  auto fail = [](const std::string& m) {
    throw std::invalid_argument("invalid model config: " + m);
  };
  if (vocab != kVocab) fail(fmt::format("vocab is {}, the byte tokenizer needs {}", vocab, kVocab));
  if (d_model <= 0 || n_head <= 0 || d_model % n_head != 0)
    fail(fmt::format("d_model {} is not a positive multiple of n_head {}", d_model, n_head));
  if (head_dim() % 2 != 0) fail(fmt::format("head_dim {} must be even for RoPE", head_dim()));
  if (n_layer <= 0 || n_layer > 64) fail(fmt::format("n_layer {} out of range 1..64", n_layer));
  if (d_ff <= 0 || d_ff > 65536) fail(fmt::format("d_ff {} out of range", d_ff));
  if (d_model > 8192) fail(fmt::format("d_model {} out of range", d_model));
  if (scales.empty() || scales[0] != 1) fail("scales must start with 1 (the byte stream)");
  if (scales.size() > 8) fail("at most 8 scales");
  for (size_t i = 1; i < scales.size(); ++i)
    if (scales[i] <= scales[i - 1] || scales[i] > 64)
      fail("scales must be strictly increasing and at most 64");
  if (ctx <= 0 || ctx > 65536 || ctx % scales.back() != 0)
    fail(fmt::format("ctx {} must be positive and a multiple of the largest scale", ctx));
  if (!(rope_base > 1.0f) || !(norm_eps > 0.0f) || !(norm_eps < 1.0f))
    fail("rope_base must be > 1 and norm_eps in (0, 1)");
}

int Config::padded_length(int n) const {
  const int coarsest = scales.empty() ? 1 : scales.back();
  return std::min(ctx, (std::max(n, 1) + coarsest - 1) / coarsest * coarsest);
}

Config Config::tiny() {
  Config c;
  c.ctx = 32;
  c.d_model = 16;
  c.n_head = 2;
  c.n_layer = 2;
  c.d_ff = 24;
  return c;
}

std::string Config::describe() const {
  std::string s;
  for (size_t i = 0; i < scales.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(scales[i]);
  }
  return fmt::format("ctx {} d_model {} heads {} layers/scale {} d_ff {} scales [{}] rope_base {} "
                     "norm_eps {}",
                     ctx, d_model, n_head, n_layer, d_ff, s, rope_base, norm_eps);
}

int64_t parameter_count(const Config& cfg) {
  int64_t n = 0;
  for (const auto& spec : tensor_specs(cfg)) n += spec.rows * spec.cols;
  return n;
}

} // namespace axl::model

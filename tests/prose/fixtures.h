// Code and models that the prose tests and training's tests of the provider share.
#pragma once

#include "model/config.h"
#include "model/model_file.h"
#include "model/weights.h"

#include <memory>
#include <string>

namespace axl::test {

// A function whose body raises, comments and returns: for the guards' code-echo checks.
inline const std::string kFetchWithBody =
    "def fetch(url: str, retries: int = 3) -> bytes:\n"
    "    if retries < 0:\n"
    "        raise ValueError(\"retries must not be negative at all\")\n"
    "    # try the mirror first when the primary host is down\n"
    "    return download(url, retries)\n";

// A random model small enough to decode in a test (answers are noise, but they are decoded).
inline std::shared_ptr<const model::Model> tiny_model() {
  model::Config cfg;
  cfg.d_model = 16, cfg.n_head = 2, cfg.n_layer = 1, cfg.d_ff = 32, cfg.ctx = 256;
  auto params = std::make_shared<model::ParamBuffer>(cfg);
  model::init_random(*params, 11, 0.02f);
  return std::make_shared<const model::Model>(model::model_from_params(params));
}

} // namespace axl::test

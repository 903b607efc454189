#include "prose/confidence_gate.h"

#include "model/gguf_keys.h"

#include <cmath>
#include <fmt/format.h>

namespace axl::prose {

const GateThreshold& ConfidenceGate::for_task(PromptTask task) const {
  return task == PromptTask::Summary ? summary : task == PromptTask::Param ? param : returns;
}
GateThreshold& ConfidenceGate::for_task(PromptTask task) {
  return task == PromptTask::Summary ? summary : task == PromptTask::Param ? param : returns;
}

ConfidenceGate ConfidenceGate::open() {
  return {GateThreshold::open(), GateThreshold::open(), GateThreshold::open(), "open"};
}
ConfidenceGate ConfidenceGate::closed() {
  return {};
}

namespace {

std::string key(PromptTask task, std::string_view what) {
  return fmt::format("{}{}.{}", model::key::kGatePrefix, task_name(task), what);
}

// GGUF has no infinity-safe convention for "never": a threshold of +inf is stored as 1e30.
float stored(double v) {
  return std::isinf(v) ? (v > 0 ? 1e30f : -1e30f) : static_cast<float>(v);
}
double loaded(float v) {
  return v >= 1e29f    ? std::numeric_limits<double>::infinity()
         : v <= -1e29f ? -std::numeric_limits<double>::infinity()
                       : double(v);
}

} // namespace

ConfidenceGate gate_from_gguf(const model::GgufFile& f) {
  if (!f.find(model::key::kGateCalibration)) return ConfidenceGate::closed();
  ConfidenceGate g;
  g.calibration = f.get_str(model::key::kGateCalibration);
  if (g.calibration.empty())
    throw model::GgufError(f.label + ": " + std::string(model::key::kGateCalibration) +
                           " is empty");
  for (PromptTask t : kPromptTasks) {
    auto& th = g.for_task(t);
    th.min_mean_logprob = loaded(f.get_f32(key(t, model::key::kGateMinMeanLogprob)));
    th.min_grounded = f.get_f32(key(t, model::key::kGateMinGrounded));
    if (std::isnan(th.min_mean_logprob) || std::isnan(th.min_grounded))
      throw model::GgufError(f.label + ": a gate threshold of " + std::string(task_name(t)) +
                             " is NaN");
  }
  return g;
}

void add_gate_metadata(model::GgufWriter& w, const ConfidenceGate& g) {
  w.add(model::key::kGateCalibration, model::GgufValue::make_str(g.calibration));
  for (PromptTask t : kPromptTasks) {
    const auto& th = g.for_task(t);
    w.add(key(t, model::key::kGateMinMeanLogprob),
          model::GgufValue::make_f32(stored(th.min_mean_logprob)));
    w.add(key(t, model::key::kGateMinGrounded),
          model::GgufValue::make_f32(stored(th.min_grounded)));
  }
}

} // namespace axl::prose

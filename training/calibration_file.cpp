#include "training/calibration_file.h"

#include "model/gguf_keys.h"

namespace axl::training {

void write_gate(const std::string& in, const std::string& out, const prose::ConfidenceGate& gate,
                const prose::WordDictionary* words) {
  auto file = model::GgufFile::open(in); // keeps the old mapping alive while `out` is written
  model::GgufWriter w(file->alignment);
  for (const auto& [k, v] : file->kv)
    if (!k.starts_with(model::key::kGatePrefix) && k != model::key::kAlignment)
      w.add(k, v); // add replaces
  prose::add_gate_metadata(w, gate);
  if (words) words->add_to(w);
  for (const auto& t : file->tensors) w.add_tensor(t.name, t.ne, t.type, t.data, t.nbytes);
  w.write(out);
}

} // namespace axl::training

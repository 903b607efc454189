#include "training/evaluation.h"

#include "model/generate.h"

#include "prose/prompt_format.h"
#include "training/baselines.h"

#include <cstdio>

namespace axl::training {

std::string name_split_for(const Sample& s) {
  return name_split_summary(short_name(s.qualified_name));
}

Summariser model_summariser(Generator generate) {
  return [generate = std::move(generate)](const Sample& s) {
    prose::PromptRequest r;
    r.task = prose::PromptTask::Summary;
    r.code = s.code;
    return prose::finish_generation(prose::PromptTask::Summary, generate(prose::build_prompt(r)));
  };
}

namespace {
model::GenerateOptions summary_options(int no_repeat_bytes) {
  model::GenerateOptions opt;
  opt.max_new_tokens = int(prose::kMaxTargetBytes + prose::kMaxTerminatorBytes);
  opt.sampling.temperature = 0.0f;
  opt.stop = {"\"\"\"", "\n"};
  opt.add_bos = true;
  opt.no_repeat_bytes = no_repeat_bytes;
  return opt;
}
} // namespace

Generator greedy_generator(const model::Model& model, int no_repeat_bytes) {
  auto dec = std::make_shared<model::Decoder>(model);
  return [dec, opt = summary_options(no_repeat_bytes)](const std::string& prompt) {
    return model::generate(*dec, prompt, opt).text;
  };
}

Generator beam_generator(const model::Model& model, model::BeamParams beam, int no_repeat_bytes) {
  auto search = std::make_shared<model::BeamSearch>(model, beam);
  return [search, opt = summary_options(no_repeat_bytes)](const std::string& prompt) {
    return search->run(prompt, opt).text;
  };
}

std::vector<Sample> spread_sample(std::vector<Sample> samples, size_t n, size_t offset) {
  if (n == 0 || n >= samples.size()) return samples;
  std::vector<Sample> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i)
    if (size_t k = i * samples.size() / n + offset; k < samples.size())
      out.push_back(std::move(samples[k]));
  return out;
}

SummaryScores evaluate_summaries(const std::vector<Sample>& samples, const Summariser& summarise,
                                 size_t limit) {
  SummaryScores scores;
  for (const auto& s : samples) {
    if (limit && scores.count >= limit) break;
    scores.add(summarise(s), s.summary);
  }
  return scores;
}

std::string format_score_table(const std::vector<EvalRow>& rows) {
  std::string out;
  char line[160];
  std::snprintf(line, sizeof line, "%-14s %8s %8s %8s\n", "summariser", "n", "BLEU-4", "ROUGE-L");
  out += line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-14s %8zu %8.2f %8.2f\n", r.name.c_str(), r.scores.count,
                  r.scores.bleu4(), r.scores.rouge_l());
    out += line;
  }
  return out;
}

} // namespace axl::training

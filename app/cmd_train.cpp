// `axl-docs train --data DIR`: Lion training of the AXL model on a corpus from `axl-docs dataset`,
// with checkpoints that a rerun of the same command resumes from (see models/README.md).
#include "app/command_registry.h"
#include "model/trainer.h"
#include "training/dataset_builder.h"
#include "training/dataset_io.h"
#include "training/evaluation.h"
#include "training/train_data.h"

#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace axl::app {
namespace {
using namespace axl::training;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Flags {
  std::string data, out = "models/axl-docs-lion.gguf", checkpoint, init, log;
  model::TrainHyper hyper;
  int batch = 32;
  int eval_every = 250, save_every = 50, log_every = 10;
  size_t val_sequences = 256, val_summaries = 100;
  uint64_t seed = 1234;
  double max_minutes = 0;
  int64_t stop_at = 0; // stop (checkpointed) once this step is done; 0 = at --steps
  bool fresh = false;
};

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) {
  g_stop = true;
}

std::string duration(double s) {
  const long t = std::lround(s);
  return t >= 3600 ? fmt::format("{}h{:02}m", t / 3600, t / 60 % 60)
                   : fmt::format("{}m{:02}s", t / 60, t % 60);
}

// Evenly spaced val samples: the same subset at every evaluation and in every resumed run.
std::vector<Sample> spread(const std::vector<Sample>& all, size_t n) {
  if (n == 0 || all.size() <= n) return all;
  std::vector<Sample> out;
  for (size_t i = 0; i < n; ++i) out.push_back(all[i * all.size() / n]);
  return out;
}

struct Evaluator {
  std::vector<TrainingSequence> val_seqs;
  std::vector<Sample> val_samples;
  int batch;

  std::string run(model::Trainer& tr, double* bleu, double* rouge) {
    const Perplexity p = measure_perplexity(tr, val_seqs, batch);
    const model::Model m = tr.model();
    const SummaryScores s = evaluate_summaries(val_samples, model_summariser(greedy_generator(m)));
    *bleu = s.bleu4();
    *rouge = s.rouge_l();
    return fmt::format("val bits/byte: code {:.3f}, docstring {:.3f}, answer {:.3f} | summary "
                       "BLEU-4 {:.2f} ROUGE-L {:.2f} (n={})",
                       Perplexity::bits_per_byte(p.code_nll), Perplexity::bits_per_byte(p.doc_nll),
                       Perplexity::bits_per_byte(p.answer_nll), *bleu, *rouge, s.count);
  }
};

void append_log(const std::string& path, const std::string& line) {
  if (path.empty()) return;
  const bool fresh = !fs::exists(path);
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (!f) throw DatasetError(path + ": cannot open the log for appending");
  if (fresh) std::fputs("step,tokens,elapsed_s,train_loss,lr,val_line\n", f);
  std::fputs(line.c_str(), f);
  std::fclose(f);
}

void run(Flags f) {
  if (f.checkpoint.empty()) f.checkpoint = f.out + ".ckpt";
  if (f.hyper.threads <= 0)
    f.hyper.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto train = read_split(split_file(f.data, Split::Train));
  const auto val = read_split(split_file(f.data, Split::Val));
  if (train.empty()) throw DatasetError(f.data + ": the train split is empty");
  const auto seqs = sequences_for(train);
  size_t tokens = 0;
  for (const auto& s : seqs) tokens += s.tokens.size() - 1;
  Evaluator ev{sequences_for(spread(val, f.val_sequences)), spread(val, f.val_summaries), f.batch};
  BatchPlan plan(seqs, f.batch, f.seed);
  fmt::print("train: {} samples -> {} sequences, {:.1f}M tokens ({} steps per epoch of batch "
             "{})\n",
             train.size(), seqs.size(), tokens / 1e6, plan.steps_per_epoch(), f.batch);

  std::optional<model::Trainer> tr;
  if (!f.fresh && fs::exists(f.checkpoint)) {
    tr.emplace(model::Trainer::resume(f.checkpoint, f.hyper));
    fmt::print("resuming {} at step {}\n", f.checkpoint, tr->step_count());
  } else if (!f.init.empty()) {
    tr.emplace(model::Trainer::resume(f.init, f.hyper));
    fmt::print("fine-tuning from {}\n", f.init);
  } else {
    tr.emplace(model::Config{}, f.hyper, f.seed);
  }
  tr->hyper = f.hyper;
  tr->metadata = prose::prompt_metadata(); // what every file it writes was trained on
  const auto& h = f.hyper;
  fmt::print("Lion lr {:g} -> {:g} (warmup {}, cosine to step {}), wd {:g}, clip {:g}, aux fine "
             "{:g}, {} threads\n",
             h.lr, h.min_lr, h.warmup_steps, h.total_steps, h.weight_decay, h.grad_clip,
             h.aux_fine_weight, h.threads);

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const auto t0 = Clock::now();
  const int64_t first = tr->step_count();
  double window_loss = 0, window_aux = 0, run_tokens = 0;
  int window_n = 0;
  double since_eval_loss = 0; // mean training loss between evaluations, for the CSV log
  int since_eval_n = 0;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  auto save = [&] { tr->save_checkpoint(f.checkpoint); };
  auto evaluate = [&](int64_t step) {
    double bleu = 0, rouge = 0;
    const std::string line = ev.run(*tr, &bleu, &rouge);
    fmt::print("step {} eval | {}\n", step, line);
    append_log(f.log, fmt::format("{},{:.0f},{:.0f},{:.4f},{:.3g},\"{}\"\n", step,
                                  double(step) * double(tokens) / double(plan.steps_per_epoch()),
                                  elapsed(), since_eval_n ? since_eval_loss / since_eval_n : 0.0,
                                  model::lr_at(h, step), line));
    since_eval_loss = 0;
    since_eval_n = 0;
    tr->save_model(f.out, model::DType::F16);
  };
  if (first == 0 && f.eval_every > 0) evaluate(0);
  while (tr->step_count() < h.total_steps && !g_stop) {
    const int64_t step = tr->step_count();
    const auto batch = make_batch(plan.batch_at(step), Region::Training, tr->config());
    const auto r = tr->step(batch);
    for (float w : batch.weights) run_tokens += w > 0;
    window_loss += r.stats.loss;
    window_aux += r.stats.aux_loss;
    ++window_n;
    since_eval_loss += r.stats.loss;
    ++since_eval_n;
    const int64_t done = tr->step_count();
    if (done % f.log_every == 0 || done == h.total_steps) {
      const double secs = elapsed(), per_step = secs / double(done - first);
      fmt::print("step {}/{} | loss {:.4f} aux {:.4f} | lr {:.2e} | |g| {:.3f} | {:.0f} tok/s | "
                 "{} elapsed, ETA {}\n",
                 done, h.total_steps, window_loss / window_n, window_aux / window_n, r.lr,
                 r.grad_norm, run_tokens / secs, duration(secs),
                 duration(per_step * double(h.total_steps - done)));
      std::fflush(stdout);
      window_loss = window_aux = 0;
      window_n = 0;
    }
    if (done % f.save_every == 0) save();
    if (f.eval_every > 0 && done % f.eval_every == 0) evaluate(done);
    if (f.max_minutes > 0 && elapsed() > f.max_minutes * 60) break;
    if (f.stop_at > 0 && done >= f.stop_at) break;
  }
  save();
  if (tr->step_count() >= h.total_steps) {
    // An evaluation writes the model; the last step's may already have run in the loop.
    if (f.eval_every <= 0)
      tr->save_model(f.out, model::DType::F16);
    else if (tr->step_count() % f.eval_every != 0)
      evaluate(tr->step_count());
    fmt::print("done: {} steps, model written to {} (checkpoint {} kept for fine-tuning)\n",
               tr->step_count(), f.out, f.checkpoint);
  } else {
    fmt::print("stopped at step {}; checkpoint {} saved: rerun the same command to resume\n",
               tr->step_count(), f.checkpoint);
  }
}

RegisterCommand reg{
    "train", [](CLI::App& app) {
      auto f = std::make_shared<Flags>();
      auto& h = f->hyper;
      h.lr = 3e-4f;
      h.min_lr = 3e-5f;
      h.warmup_steps = 100;
      h.total_steps = 3000;
      h.aux_fine_weight = 0.25f;
      h.threads = 0;
      auto* cmd = app.add_subcommand("train", "Train the model (Lion) on a corpus, resumable");
      cmd->add_option("--data", f->data, "Corpus folder written by `axl-docs dataset`")->required();
      cmd->add_option("--out", f->out, "Model written at every evaluation and at the end (f16)")
          ->capture_default_str();
      cmd->add_option("--checkpoint", f->checkpoint,
                      "Checkpoint (weights + Lion state + step); default OUT.ckpt. A rerun "
                      "resumes from it");
      cmd->add_option("--init", f->init, "Start from this model (fine-tuning) instead of random");
      cmd->add_flag("--fresh", f->fresh, "Ignore an existing checkpoint and start over");
      cmd->add_option("--steps", h.total_steps, "Total optimizer steps")->capture_default_str();
      cmd->add_option("--batch", f->batch, "Sequences per step")->capture_default_str();
      cmd->add_option("--lr", h.lr, "Peak learning rate")->capture_default_str();
      cmd->add_option("--min-lr", h.min_lr, "Cosine floor")->capture_default_str();
      cmd->add_option("--warmup", h.warmup_steps, "Warmup steps")->capture_default_str();
      cmd->add_option("--weight-decay", h.weight_decay, "Decoupled weight decay (matrices)")
          ->capture_default_str();
      cmd->add_option("--clip", h.grad_clip, "Gradient norm clip")->capture_default_str();
      cmd->add_option("--aux-fine", h.aux_fine_weight,
                      "Weight of the fine-scale-only loss (what the llama export runs)")
          ->capture_default_str();
      cmd->add_option("-j,--jobs,--threads", h.threads, "Worker threads (0 = all cores)")
          ->capture_default_str();
      cmd->add_option("--seed", f->seed, "Seed of the initial weights and the data order")
          ->capture_default_str();
      cmd->add_option("--eval-every", f->eval_every, "Steps between evaluations (0 = never)")
          ->capture_default_str();
      cmd->add_option("--save-every", f->save_every, "Steps between checkpoints")
          ->capture_default_str()
          ->check(CLI::PositiveNumber);
      cmd->add_option("--log-every", f->log_every, "Steps between progress lines")
          ->capture_default_str()
          ->check(CLI::PositiveNumber);
      cmd->add_option("--val-sequences", f->val_sequences, "Val samples for bits/byte")
          ->capture_default_str();
      cmd->add_option("--val-summaries", f->val_summaries, "Val samples for BLEU/ROUGE")
          ->capture_default_str();
      cmd->add_option("--log", f->log, "Append one CSV line per evaluation to this file");
      cmd->add_option("--stop-at", f->stop_at,
                      "Stop (checkpointed) after this step, e.g. to change --steps and resume");
      cmd->add_option("--max-minutes", f->max_minutes,
                      "Stop (checkpointed) after this much wall time; rerun to resume");
      cmd->callback(exit_2_on_error("train", [f] { run(*f); }));
    }};

} // namespace
} // namespace axl::app

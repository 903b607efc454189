// `axl-docs dataset [--packages P,...] [PATH...] --out DIR`: build the training corpus (issue 4).
// Files come only from `dpkg -L` of allowlisted packages, or from the given paths.
#include "app/command_registry.h"
#include "training/allowlist.h"
#include "training/dataset_builder.h"
#include "training/dataset_io.h"
#include "training/training_sequences.h"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace axl::app {
namespace {
namespace fs = std::filesystem;
using namespace axl::training;

struct Flags {
  std::vector<std::string> packages;
  std::vector<std::string> paths;
  std::string out;
  unsigned jobs = 0;
  size_t preview = 50;
  bool quiet = false;
};

std::string mb(size_t bytes) {
  return fmt::format("{:.2f}", double(bytes) / 1e6);
}

std::string join_counts(const std::map<std::string, size_t>& m) {
  std::string s;
  for (const auto& [k, v] : m) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", k, v);
  return s.empty() ? "none" : s;
}

std::string stats_table(const Dataset& ds) {
  std::string out =
      fmt::format("{:<22} {:>6} {:>6} {:>7} {:>7} {:>5} {:>5} {:>8} {:>7}\n", "package", "files",
                  "parsed", "docd", "train", "val", "test", "MB", "seconds");
  PackageStats total;
  for (const auto& [name, s] : ds.stats) {
    size_t bytes = s.bytes[0] + s.bytes[1] + s.bytes[2];
    out += fmt::format("{:<22} {:>6} {:>6} {:>7} {:>7} {:>5} {:>5} {:>8} {:>7.1f}\n", name, s.files,
                       s.files_used, s.documented, s.samples[0], s.samples[1], s.samples[2],
                       mb(bytes), s.seconds);
    total.files += s.files;
    total.files_used += s.files_used;
    total.documented += s.documented;
    total.seconds += s.seconds;
    for (int k = 0; k < 3; ++k) {
      total.samples[k] += s.samples[k];
      total.bytes[k] += s.bytes[k];
    }
    for (const auto& [k, v] : s.skipped_files) total.skipped_files[k] += v;
    for (const auto& [k, v] : s.dropped) total.dropped[k] += v;
  }
  out += fmt::format("{:<22} {:>6} {:>6} {:>7} {:>7} {:>5} {:>5} {:>8} {:>7.1f}\n", "total",
                     total.files, total.files_used, total.documented, total.samples[0],
                     total.samples[1], total.samples[2],
                     mb(total.bytes[0] + total.bytes[1] + total.bytes[2]), total.seconds);
  out += fmt::format("MB (code + docstring) per split: train {}, val {}, test {}\n",
                     mb(total.bytes[0]), mb(total.bytes[1]), mb(total.bytes[2]));
  // What one epoch costs the trainer (models/README.md, "Prompt format").
  size_t sequences = 0, tokens = 0, answer_tokens = 0;
  for (const auto& s : ds.samples) {
    if (s.split != Split::Train) continue;
    for (const auto& seq : training_sequences(s)) {
      ++sequences;
      tokens += seq.tokens.size();
      answer_tokens += seq.tokens.size() - seq.target_begin;
    }
  }
  out += fmt::format("train split as prompt-format sequences: {} sequences, {:.2f} M tokens "
                     "({:.2f} M answer tokens)\n",
                     sequences, double(tokens) / 1e6, double(answer_tokens) / 1e6);
  out += "skipped files: " + join_counts(total.skipped_files) + "\n";
  out += "dropped definitions: " + join_counts(total.dropped) + "\n";
  return out;
}

void run(const Flags& f) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<DatasetInput> inputs;
  std::vector<std::string> packages = f.packages;
  bool defaulted = packages.empty() && f.paths.empty();
  if (defaulted)
    for (auto p : corpus_allowlist()) packages.emplace_back(p);
  std::vector<std::string> missing;
  for (const auto& p : packages) {
    if (!in_allowlist(p))
      throw DatasetError(
          "package '" + p +
          "' is not in the training allowlist (training/allowlist.txt); pass its files as "
          "PATH arguments to use them anyway");
    try {
      inputs.push_back(package_input(p));
    } catch (const DatasetError& e) {
      if (!defaulted) throw; // asked for by name: an error
      missing.push_back(p);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += " " + m;
    fmt::print(stderr,
               "dataset: warning: {} allowlisted package(s) not installed, skipped:{}\n"
               "dataset: (run scripts/install-corpus to install them)\n",
               missing.size(), list);
  }
  for (const auto& p : f.paths) inputs.push_back(path_input(p));
  size_t files = 0;
  for (const auto& in : inputs) files += in.files.size();
  if (files == 0) throw DatasetError("no Python files to read");

  DatasetOptions opts;
  opts.jobs = f.jobs ? f.jobs : std::max(1u, std::thread::hardware_concurrency());
  auto ds = build_dataset(inputs, opts, [&](const std::string& line) {
    if (!f.quiet) fmt::print(stderr, "dataset: {}\n", line);
  });
  for (const auto& w : ds.warnings) fmt::print(stderr, "dataset: warning: {}\n", w);

  fs::path out(f.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec) throw DatasetError(f.out + ": cannot create: " + ec.message());
  std::string table = stats_table(ds);
  for (auto split : kSplits) write_split(split_file(out, split), split, ds.samples);
  write_preview(out / "preview.jsonl", ds.samples, f.preview);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string files_line;
  for (auto split : kSplits) {
    auto p = split_file(out, split);
    files_line += fmt::format("  {} ({} MB)\n", p.string(), mb(fs::file_size(p, ec)));
  }
  table += fmt::format("wrote {} samples in {:.1f} s ({} threads):\n{}  {}\n", ds.samples.size(),
                       seconds, opts.jobs, files_line, (out / "preview.jsonl").string());
  if (FILE* st = std::fopen((out / "stats.txt").c_str(), "w")) {
    std::fputs(table.c_str(), st);
    std::fclose(st);
  }
  fmt::print("{}", table);
}

RegisterCommand reg{
    "dataset", [](CLI::App& app) {
      auto flags = std::make_shared<Flags>();
      auto* cmd = app.add_subcommand(
          "dataset", "Build the training corpus from allowlisted Debian packages or paths");
      cmd->add_option("paths", flags->paths,
                      "Python files or folders to read (besides --packages)");
      cmd->add_option("--packages", flags->packages,
                      "Allowlisted Debian packages, comma-separated (default: the whole allowlist "
                      "when no PATH is given)")
          ->delimiter(',');
      cmd->add_option("--out", flags->out, "Output folder (train/val/test.axlds, preview.jsonl)")
          ->required();
      cmd->add_option("--jobs,-j", flags->jobs, "Parser threads (default: all cores)");
      cmd->add_option("--preview", flags->preview, "Samples per split in preview.jsonl");
      cmd->add_flag("--quiet,-q", flags->quiet, "No per-package progress lines");
      cmd->callback(exit_2_on_error("dataset", [flags] { run(*flags); }));
    }};

} // namespace
} // namespace axl::app

// Progress of a long `annotate` run (issue: a model run on one 80-definition file printed nothing
// for a minute): definitions done / total, files, the current file and an ETA. On a terminal one
// line redrawn in place; with --progress and no terminal a plain line every few seconds.
#pragma once

#include "docstring/summary_provider.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace axl::app {

class AnnotateProgress {
public:
  enum class Mode { Off, Redrawn, Plain };
  // `definitions[i]`: how many definitions file i has (count_definitions).
  AnnotateProgress(Mode mode, std::vector<std::filesystem::path> files,
                   std::vector<size_t> definitions, std::FILE* out = stderr,
                   std::chrono::milliseconds plain_every = std::chrono::seconds(5));

  bool on() const { return mode_ != Mode::Off; }
  void start_file(size_t file);
  void definition_done(size_t file); // one definition of `file` was given its prose
  void finish_file(size_t file);
  void finish(); // the last plain line, or the redrawn line cleared

  // One progress line (no newline), for tests and for both modes.
  static std::string line(size_t done, size_t total, size_t files_done, size_t files,
                          const std::string& current, std::chrono::duration<double> elapsed);

private:
  void report(bool force); // called with mu_ held

  Mode mode_;
  std::vector<std::filesystem::path> files_;
  std::vector<size_t> total_per_file_, done_per_file_;
  size_t total_ = 0, done_ = 0, files_done_ = 0;
  std::string current_;
  std::FILE* out_;
  std::chrono::milliseconds every_;
  std::chrono::steady_clock::time_point start_, last_;
  size_t last_width_ = 0;
  std::mutex mu_;
};

// Definitions in `source` (parse only; 0 when it does not parse): the progress total of a file.
size_t count_definitions(const std::string& source);

// The progress of annotating `files`: redrawn on a terminal, plain lines with `requested`
// (--progress) otherwise, none with `quiet`. Counts the definitions only when it is shown.
std::unique_ptr<AnnotateProgress>
make_annotate_progress(bool quiet, bool requested, const std::vector<std::filesystem::path>& files);

// A SummaryProvider that tells `progress` each time it describes a definition of the file set by
// set_file(), then forwards to `inner`. One per worker thread, like the providers it wraps.
class ProgressProvider : public docstring::SummaryProvider {
public:
  ProgressProvider(std::unique_ptr<docstring::SummaryProvider> inner, AnnotateProgress& progress)
      : inner_(std::move(inner)), progress_(progress) {}
  void set_file(size_t file) { file_ = file; }
  docstring::DocText describe(const parser::Definition& def, std::string_view context_window,
                              std::stop_token stop = {}) override;
  std::string_view name() const override { return inner_->name(); }

private:
  std::unique_ptr<docstring::SummaryProvider> inner_;
  AnnotateProgress& progress_;
  size_t file_ = 0;
};

} // namespace axl::app

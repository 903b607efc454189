#include "app/annotate_progress.h"

#include "parser/python_parser.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <unistd.h>

namespace axl::app {
namespace {

std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

} // namespace

AnnotateProgress::AnnotateProgress(Mode mode, std::vector<std::filesystem::path> files,
                                   std::vector<size_t> definitions, std::FILE* out,
                                   std::chrono::milliseconds plain_every)
    : mode_(mode), files_(std::move(files)), total_per_file_(std::move(definitions)),
      done_per_file_(total_per_file_.size(), 0), out_(out), every_(plain_every),
      start_(std::chrono::steady_clock::now()), last_(start_) {
  for (size_t n : total_per_file_) total_ += n;
}

std::string AnnotateProgress::line(size_t done, size_t total, size_t files_done, size_t files,
                                   const std::string& current,
                                   std::chrono::duration<double> elapsed) {
  std::string eta = "ETA --";
  if (done >= total)
    eta = "done in " + duration_text(elapsed.count());
  else if (done > 0)
    eta = "ETA " + duration_text(elapsed.count() * static_cast<double>(total - done) /
                                 static_cast<double>(done));
  std::string out = fmt::format("axl-docs: {}/{} definitions, {}/{} files, {}", done, total,
                                files_done, files, eta);
  // The file's tail: a redrawn line must not wrap.
  constexpr size_t kMaxName = 48;
  if (!current.empty() && done < total)
    out += ", " + (current.size() > kMaxName ? "..." + current.substr(current.size() - kMaxName + 3)
                                             : current);
  return out;
}

void AnnotateProgress::start_file(size_t file) {
  if (!on()) return;
  std::lock_guard lock(mu_);
  current_ = files_[file].string();
  report(false);
}

void AnnotateProgress::definition_done(size_t file) {
  if (!on()) return;
  std::lock_guard lock(mu_);
  // A file can ask for more prose than it has definitions (--update rewrites some): never past
  // its own count, so the total stays right.
  if (done_per_file_[file] >= total_per_file_[file]) return;
  ++done_per_file_[file];
  ++done_;
  report(false);
}

void AnnotateProgress::finish_file(size_t file) {
  if (!on()) return;
  std::lock_guard lock(mu_);
  done_ += total_per_file_[file] - done_per_file_[file];
  done_per_file_[file] = total_per_file_[file];
  ++files_done_;
  report(false);
}

void AnnotateProgress::finish() {
  if (!on()) return;
  std::lock_guard lock(mu_);
  if (mode_ == Mode::Plain)
    report(true);
  else if (last_width_ > 0)
    fmt::print(out_, "\r{}\r", std::string(last_width_, ' '));
  std::fflush(out_);
}

void AnnotateProgress::report(bool force) {
  const auto now = std::chrono::steady_clock::now();
  // Redrawn: often enough to look live, not so often that the terminal is the bottleneck.
  const auto min_gap = mode_ == Mode::Redrawn ? std::chrono::milliseconds(100) : every_;
  if (!force && now - last_ < min_gap) return;
  last_ = now;
  const std::string text = line(done_, total_, files_done_, files_.size(), current_, now - start_);
  if (mode_ == Mode::Plain) {
    fmt::print(out_, "{}\n", text);
  } else {
    const size_t pad = last_width_ > text.size() ? last_width_ - text.size() : 0;
    fmt::print(out_, "\r{}{}", text, std::string(pad, ' '));
    last_width_ = text.size();
  }
  std::fflush(out_);
}

std::unique_ptr<AnnotateProgress>
make_annotate_progress(bool quiet, bool requested,
                       const std::vector<std::filesystem::path>& files) {
  using Mode = AnnotateProgress::Mode;
  const Mode mode = quiet                   ? Mode::Off
                    : isatty(STDERR_FILENO) ? Mode::Redrawn
                    : requested             ? Mode::Plain
                                            : Mode::Off;
  std::vector<size_t> definitions(files.size(), 0);
  if (mode != Mode::Off)
    for (size_t i = 0; i < files.size(); ++i) {
      std::ifstream in(files[i], std::ios::binary);
      definitions[i] =
          count_definitions({std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()});
    }
  return std::make_unique<AnnotateProgress>(mode, files, std::move(definitions));
}

size_t count_definitions(const std::string& source) {
  try {
    return parser::parse_python(source).definitions.size();
  } catch (const std::exception&) {
    return 0; // annotate reports the file's problem itself
  }
}

docstring::DocText ProgressProvider::describe(const parser::Definition& def,
                                              std::string_view context_window,
                                              std::stop_token stop) {
  auto text = inner_->describe(def, context_window, stop);
  progress_.definition_done(file_);
  return text;
}

} // namespace axl::app

// `axl-docs dataset`: Python files -> parser -> filtered, de-duplicated, split samples.
#pragma once

#include "training/sample.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace axl::training {

// A bad input (unknown package, missing path): the message is for the user.
struct DatasetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One source of files. Packages keep absolute paths; PATH inputs paths relative to their root.
struct DatasetInput {
  std::string package;
  std::filesystem::path root; // empty for Debian packages
  std::vector<std::filesystem::path> files;
};

// The *.py regular files that `dpkg -L PKG` lists, sorted. Throws DatasetError for a malformed or
// not-installed package name.
DatasetInput package_input(const std::string& package);
// A file, or every *.py file under a folder (hidden folders skipped), sorted. Throws DatasetError
// when the path does not exist.
DatasetInput path_input(const std::filesystem::path& path);

// 96/2/2 by a stable hash of "package:path" (per file, so a file's samples share a split).
Split split_for(std::string_view package, std::string_view path);

struct PackageStats {
  size_t files = 0;                            // candidate .py files
  size_t files_used = 0;                       // parsed and scanned
  std::map<std::string, size_t> skipped_files; // reason -> files
  size_t documented = 0;                       // functions/methods/classes with a docstring
  std::map<std::string, size_t> dropped;       // reason -> definitions ("duplicate", "short", ...)
  std::array<size_t, 3> samples{};             // per Split
  std::array<size_t, 3> bytes{};               // code + docstring bytes per Split
  double seconds = 0;
};

struct Dataset {
  std::vector<Sample> samples; // input order, files sorted, definitions in document order
  std::vector<std::pair<std::string, PackageStats>> stats; // per input, in input order
  std::vector<std::string> warnings;                       // unreadable files, ...
};

struct DatasetOptions {
  unsigned jobs = 1;        // parser threads
  size_t code_window = 256; // bytes of parser::context_window kept per sample
};

// Samples of one source text (before de-duplication); counts go into `stats`.
std::vector<Sample> extract_samples(std::string_view source, const std::string& package,
                                    const std::string& path, PackageStats& stats,
                                    size_t code_window = 256);

// Runs every input; de-duplicates by normalised code across all of them (first occurrence wins).
// `progress` (optional) gets a line per finished input.
Dataset build_dataset(const std::vector<DatasetInput>& inputs, const DatasetOptions& options,
                      const std::function<void(const std::string&)>& progress = {});

} // namespace axl::training

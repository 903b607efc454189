// The corpus on disk: one compact binary file per split plus a JSONL preview (format in README.md).
#pragma once

#include "training/sample.h"

#include <filesystem>
#include <vector>

namespace axl::training {

inline constexpr char kDatasetMagic[8] = {'A', 'X', 'L', 'D', 'S', 'E', 'T', '\0'};
inline constexpr uint32_t kDatasetVersion = 1;

// "<dir>/<split>.axlds", e.g. data/corpus/test.axlds.
std::filesystem::path split_file(const std::filesystem::path& dir, Split split);

// Writes the samples of `split` (samples of other splits are skipped). Throws DatasetError on I/O
// failure; the file is written to a temporary name and renamed, so a reader never sees half a file.
void write_split(const std::filesystem::path& file, Split split,
                 const std::vector<Sample>& samples);

// Reads a split file; throws DatasetError on a missing, foreign, newer or truncated file.
std::vector<Sample> read_split(const std::filesystem::path& file);

// The first `per_split` samples of each split as JSON lines, for people to look at.
void write_preview(const std::filesystem::path& file, const std::vector<Sample>& samples,
                   size_t per_split = 50);

} // namespace axl::training

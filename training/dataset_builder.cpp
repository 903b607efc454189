#include "training/dataset_builder.h"

#include "docstring/facts.h"
#include "parser/context_window.h"
#include "parser/python_parser.h"
#include "text/text_util.h"
#include "training/corpus_filters.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_set>

namespace axl::training {
namespace fs = std::filesystem;
using parser::DefKind;

const char* split_name(Split s) {
  switch (s) {
  case Split::Train:
    return "train";
  case Split::Val:
    return "val";
  case Split::Test:
    return "test";
  }
  return "?";
}

namespace {

std::string one_line(std::string_view s) {
  return text::collapse_spaces(s);
}

bool valid_package_name(std::string_view name) {
  if (name.size() < 2 || (!std::islower(static_cast<unsigned char>(name[0])) &&
                          !std::isdigit(static_cast<unsigned char>(name[0]))))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-';
  });
}

std::string module_name_of(std::string_view path) {
  auto slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base.ends_with(".py")) base.remove_suffix(3);
  return std::string(base);
}

struct FileResult {
  std::vector<Sample> samples;
  PackageStats stats; // this file's counts, merged in order afterwards
  std::string warning;
};

FileResult process_file(const DatasetInput& input, const fs::path& file, size_t code_window) {
  FileResult r;
  std::string shown =
      input.root.empty() ? file.string() : file.lexically_relative(input.root).string();
  if (shown.empty() || shown == ".") shown = file.filename().string();
  if (auto why = path_junk_reason(file.generic_string())) {
    ++r.stats.skipped_files[*why];
    return r;
  }
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) {
    r.warning = file.string() + ": cannot read: " + ec.message();
    ++r.stats.skipped_files["unreadable"];
    return r;
  }
  if (size > kMaxFileBytes) {
    ++r.stats.skipped_files["over-1MB"];
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    r.warning = file.string() + ": cannot read";
    ++r.stats.skipped_files["unreadable"];
    return r;
  }
  r.samples = extract_samples(text.str(), input.package, shown, r.stats, code_window);
  return r;
}

void merge(PackageStats& into, const PackageStats& from) {
  into.files_used += from.files_used;
  for (const auto& [k, v] : from.skipped_files) into.skipped_files[k] += v;
  into.documented += from.documented;
  for (const auto& [k, v] : from.dropped) into.dropped[k] += v;
}

} // namespace

Split split_for(std::string_view package, std::string_view path) {
  std::string key(package);
  key += ':';
  key += path;
  uint64_t bucket = fnv1a64(key) % 100;
  return bucket < 96 ? Split::Train : bucket < 98 ? Split::Val : Split::Test;
}

DatasetInput package_input(const std::string& package) {
  if (!valid_package_name(package))
    throw DatasetError("'" + package + "' is not a valid Debian package name");
  // dpkg-query is the only source of a package's files (never a sweep of dist-packages).
  std::string cmd = "dpkg -L '" + package + "' 2>/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) throw DatasetError("cannot run dpkg -L " + package);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  if (status != 0)
    throw DatasetError("package '" + package +
                       "' is not installed (run scripts/install-corpus, or check the name)");
  DatasetInput input{package, {}, {}};
  std::istringstream lines(out);
  std::string line;
  std::unordered_set<std::string> seen;
  while (std::getline(lines, line)) {
    if (!line.ends_with(".py")) continue;
    std::error_code ec;
    if (!fs::is_regular_file(line, ec)) continue;
    if (seen.insert(line).second) input.files.emplace_back(line);
  }
  std::sort(input.files.begin(), input.files.end());
  return input;
}

DatasetInput path_input(const fs::path& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw DatasetError(path.string() + ": no such file or directory");
  DatasetInput input;
  if (fs::is_regular_file(status)) {
    input.package = "files";
    input.root = path.parent_path();
    input.files.push_back(path);
    return input;
  }
  if (!fs::is_directory(status)) throw DatasetError(path.string() + ": not a file or directory");
  fs::path abs = fs::weakly_canonical(path, ec);
  input.package = (ec ? path : abs).filename().string();
  if (input.package.empty()) input.package = "local";
  input.root = path;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) throw DatasetError(path.string() + ": cannot list: " + ec.message());
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    const auto& name = it->path().filename().string();
    if (it->is_directory(ec) && name.starts_with(".")) {
      it.disable_recursion_pending();
      continue;
    }
    if (name.ends_with(".py") && it->is_regular_file(ec)) input.files.push_back(it->path());
  }
  std::sort(input.files.begin(), input.files.end());
  return input;
}

std::vector<Sample> extract_samples(std::string_view source, const std::string& package,
                                    const std::string& path, PackageStats& stats,
                                    size_t code_window) {
  std::vector<Sample> out;
  if (auto why = content_junk_reason(source)) {
    ++stats.skipped_files[*why];
    return out;
  }
  auto parsed = parser::parse_python(source, module_name_of(path));
  if (parsed.has_errors) {
    // Python 2 files and broken fixtures: their definitions' ranges cannot be trusted.
    ++stats.skipped_files["parse-error"];
    return out;
  }
  ++stats.files_used;
  Split split = split_for(package, path);
  for (const auto& def : parsed.definitions) {
    if (def.kind == DefKind::Module || !def.docstring) continue;
    ++stats.documented;
    const auto& doc = *def.docstring;
    std::string summary = one_line(doc.summary);
    if (auto why = docstring_junk_reason(def, summary)) {
      ++stats.dropped[*why];
      continue;
    }
    Sample s;
    s.package = package;
    s.path = path;
    s.qualified_name = def.qualified_name;
    s.kind = def.kind;
    s.decorators = def.decorators;
    s.code = parser::context_window(source, def, code_window);
    s.docstring = doc.text;
    s.summary = std::move(summary);
    auto documentable = docstring::documentable_params(def);
    for (const auto& item : doc.params) {
      std::string name = text::strip_stars(item.name);
      std::string desc = one_line(item.description);
      if (desc.empty() || std::none_of(documentable.begin(), documentable.end(),
                                       [&](const parser::Parameter* p) { return p->name == name; }))
        continue;
      if (std::any_of(s.params.begin(), s.params.end(),
                      [&](const ParamDoc& p) { return p.name == name; }))
        continue;
      s.params.push_back({name, desc});
    }
    if (!doc.returns.empty()) s.returns = one_line(doc.returns.front().description);
    s.split = split;
    out.push_back(std::move(s));
  }
  return out;
}

Dataset build_dataset(const std::vector<DatasetInput>& inputs, const DatasetOptions& options,
                      const std::function<void(const std::string&)>& progress) {
  Dataset ds;
  std::unordered_set<uint64_t> seen_code;
  for (const auto& input : inputs) {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<FileResult> results(input.files.size());
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t i = next++; i < input.files.size(); i = next++)
        results[i] = process_file(input, input.files[i], options.code_window);
    };
    unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, input.files.size()));
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();

    // Merge in file order so that de-duplication (first occurrence wins) is deterministic.
    PackageStats stats;
    stats.files = input.files.size();
    for (auto& r : results) {
      merge(stats, r.stats);
      if (!r.warning.empty()) ds.warnings.push_back(std::move(r.warning));
      for (auto& s : r.samples) {
        if (!seen_code.insert(fnv1a64(text::collapse_spaces(s.code))).second) {
          ++stats.dropped["duplicate"];
          continue;
        }
        auto k = static_cast<size_t>(s.split);
        ++stats.samples[k];
        stats.bytes[k] += s.code.size() + s.docstring.size();
        ds.samples.push_back(std::move(s));
      }
    }
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (progress) {
      char line[256];
      std::snprintf(line, sizeof line, "%s: %zu files, %zu samples (%.1f s)", input.package.c_str(),
                    stats.files, stats.samples[0] + stats.samples[1] + stats.samples[2],
                    stats.seconds);
      progress(line);
    }
    ds.stats.emplace_back(input.package, std::move(stats));
  }
  return ds;
}

} // namespace axl::training

// One file through the formatter: decode, find what is missing/stale, compose docstrings, prove the
// result is safe (it re-parses with the same definitions), encode. No I/O here.
#pragma once

#include "annotate/rule_selection.h"
#include "annotate/source_file.h"
#include "docstring/options.h"
#include "docstring/summary_provider.h"

#include <string>
#include <vector>

namespace axl::annotate {

struct AnnotateRequest {
  docstring::RenderOptions render;
  bool update = false;               // also rewrite stale docstrings
  bool style_from_file = false;      // no style configured: follow the file's docstrings
  size_t size_cap = 4 * 1024 * 1024; // bytes; larger files are skipped
  std::string module_name;           // for the module definition ("__init__" makes D104)
  // What is reported and fixed; `# noqa` on a definition's line (its `def`/`class` line; line 1
  // for the module) takes that definition out too.
  RuleSelection rules;
};

// A problem found before the change, in `--check` form (1-based line and column, in characters).
struct Finding {
  uint32_t line = 0;
  uint32_t column = 0;
  std::string code;    // "D103", "DOC101", ...
  std::string message; // "Missing docstring in public function `name`"
};

enum class Status { Unchanged, Changed, Skipped };

struct AnnotateResult {
  Status status = Status::Unchanged;
  std::string output; // the new file bytes (only meaningful when Changed)
  std::vector<Finding> findings;
  int added = 0;   // docstrings inserted
  int updated = 0; // stale docstrings rewritten
  std::string skip_reason;
};

AnnotateResult annotate_source(std::string bytes, const AnnotateRequest& req,
                               docstring::SummaryProvider& provider);

} // namespace axl::annotate

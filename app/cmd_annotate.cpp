// `axl-docs annotate PATH...`: add docstrings like a formatter (in place, --diff, --check, stdin).
#include "annotate/annotate_source.h"
#include "annotate/file_io.h"
#include "annotate/file_walk.h"
#include "annotate/finding_output.h"
#include "annotate/rule_selection.h"
#include "annotate/temp_files.h"
#include "annotate/unified_diff.h"
#include "app/annotate_progress.h"
#include "app/cli_errors.h"
#include "app/command_registry.h"
#include "app/model_option.h"
#include "docstring/options_table.h"
#include "docstring/project_config.h"
#include "model/blas.h"
#include "prose/provider_source.h"

#include <fmt/core.h>

#include <atomic>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace axl::app {
namespace {
namespace fs = std::filesystem;
using annotate::AnnotateResult;
using annotate::Status;

struct Flags {
  std::vector<std::string> paths;
  bool check = false, diff = false, update = false;
  docstring::OptionSettings render; // the option table's flags, in the order given
  std::optional<bool> respect_gitignore, include_modules;
  std::optional<std::vector<std::string>> select, ignore, exclude, extend_exclude;
  std::optional<std::string> output_format;
  int jobs = 0;
  bool quiet = false, progress = false;
  std::string model; // empty: model::locate_model()
  bool no_model = false;
};

// The prose source: the model unless --no-model (or --check, which writes no prose). A model that
// is missing or invalid is reported in one line and the heuristic is used instead.
prose::SummaryProviderSource prose_source(const Flags& f) {
  if (f.no_model || f.check) return prose::SummaryProviderSource::heuristic();
  auto source = prose::load_summary_provider(f.model);
  if (!source.reason().empty()) fmt::print(stderr, "axl-docs: note: {}\n", source.reason());
  return source;
}

// "" when every code is known; else the first unknown one, with a close code suggested.
std::string check_rule_codes(const std::vector<std::string>& codes) {
  for (const auto& code : codes)
    if (!annotate::is_known_code(code)) {
      std::string near = closest_name(code, annotate::known_rule_codes());
      return "unknown rule code '" + code + "'" +
             (near.empty() ? "" : " (did you mean '" + near + "'?)");
    }
  return {};
}

// A project's codes, checked like the command line's ("p.toml: [tool.axl-docs] select: ...").
std::vector<std::string> config_codes(const docstring::ProjectConfig& cfg, const char* key,
                                      const std::optional<std::vector<std::string>>& codes) {
  if (!codes) return {};
  if (std::string problem = check_rule_codes(*codes); !problem.empty())
    throw std::runtime_error(cfg.source.string() + ": [tool.axl-docs] " + key + ": " + problem);
  return *codes;
}

// Built-in defaults < pyproject.toml [tool.axl-docs] < command-line flags.
annotate::AnnotateRequest request_for(const Flags& f, const docstring::ProjectConfig& cfg) {
  annotate::AnnotateRequest req;
  auto& r = req.render;
  docstring::apply_options(r, cfg.render);
  docstring::apply_options(r, f.render);
  // None configured: follow the file's own docstrings.
  req.style_from_file =
      !docstring::sets_option(cfg.render, "style") && !docstring::sets_option(f.render, "style");
  req.rules.select = f.select ? *f.select : config_codes(cfg, "select", cfg.select);
  req.rules.ignore = f.ignore ? *f.ignore : config_codes(cfg, "ignore", cfg.ignore);
  if (auto v = f.include_modules ? f.include_modules : cfg.include_modules)
    req.rules.include_modules = *v;
  req.update = f.update;
  return req;
}

// What the walk of one path argument leaves out: its project's settings, then the flags.
annotate::WalkOptions walk_options_for(const Flags& f, const docstring::ProjectConfig& cfg) {
  annotate::WalkOptions w;
  if (auto v = f.exclude ? f.exclude : cfg.exclude) w.exclude = *v;
  if (auto v = f.extend_exclude ? f.extend_exclude : cfg.extend_exclude) w.extend_exclude = *v;
  if (auto v = f.respect_gitignore ? f.respect_gitignore : cfg.respect_gitignore)
    w.respect_gitignore = *v;
  return w;
}

std::string module_name_of(const fs::path& p) {
  return p.stem().string();
}

// Project config, cached per directory (many files share one pyproject.toml).
class ConfigCache {
public:
  docstring::ProjectConfig get(const fs::path& file) {
    fs::path dir = fs::absolute(file).parent_path();
    std::lock_guard lock(mu_);
    auto it = cache_.find(dir);
    if (it != cache_.end()) return it->second;
    auto cfg = docstring::find_project_config(dir);
    if (warned_.insert(cfg.source).second) warn_unknown_keys(cfg);
    return cache_[dir] = cfg;
  }

private:
  // A misspelt key would otherwise be ignored without a word: say so, once per file.
  static void warn_unknown_keys(const docstring::ProjectConfig& cfg) {
    for (const auto& key : cfg.unknown_keys) {
      std::string near = closest_name(key, docstring::project_config_keys());
      fmt::print(stderr, "axl-docs: warning: {}: unknown key '{}' in [tool.axl-docs]{}\n",
                 cfg.source.string(), key, near.empty() ? "" : " (did you mean '" + near + "'?)");
    }
  }

  std::mutex mu_;
  std::map<fs::path, docstring::ProjectConfig> cache_;
  std::set<fs::path> warned_;
};

struct FileJob {
  fs::path path;
  AnnotateResult result;
  annotate::FileSnapshot original;
  std::string error; // could not read / write / configure
};

annotate::OutputFormat output_format(const Flags& f) {
  return annotate::parse_output_format(f.output_format.value_or("text")).value();
}

void add_findings(const std::string& name, const AnnotateResult& r,
                  std::vector<annotate::FileFinding>& out) {
  for (const auto& finding : r.findings) out.push_back({name, finding});
}

int run_stdin(const Flags& f) {
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  ConfigCache configs;
  auto req = request_for(f, configs.get(fs::current_path() / "stdin.py"));
  auto provider = prose_source(f).make();
  AnnotateResult r = annotate::annotate_source(input, req, *provider);
  if (r.status == Status::Skipped) {
    fmt::print(stderr, "axl-docs: -: skipped: {}\n", r.skip_reason);
    if (!f.check && !f.diff) std::cout << input;
    return 2;
  }
  if (f.check) {
    std::vector<annotate::FileFinding> findings;
    add_findings("-", r, findings);
    std::cout << annotate::format_findings(findings, output_format(f));
    return r.findings.empty() ? 0 : 1;
  }
  if (f.diff) {
    if (r.status == Status::Changed) std::cout << annotate::unified_diff(input, r.output, "-", "-");
    return r.status == Status::Changed ? 1 : 0;
  }
  std::cout << (r.status == Status::Changed ? r.output : input);
  return 0;
}

// A killed run (SIGKILL) can leave a temporary file next to the file it was writing; the next run
// that writes in that directory removes it (temp_files.h: only ours, only when its process died).
void remove_stale_temp_files(const std::vector<fs::path>& files) {
  std::set<fs::path> dirs;
  for (const auto& file : files) {
    std::error_code ec;
    fs::path target = fs::is_symlink(fs::symlink_status(file, ec)) ? fs::canonical(file, ec) : file;
    dirs.insert(fs::absolute(target, ec).parent_path());
  }
  for (const auto& dir : dirs)
    for (const auto& p : annotate::remove_stale_temp_files(dir))
      fmt::print(stderr, "axl-docs: removed {}, left by a run that was killed\n", p.string());
}

// The option table's flags (docstring/options_table.h), checked up front so that a typo fails the
// run once rather than every file: --style/--quote/--width VALUE, on/off pairs for the booleans.
void add_render_options(CLI::App& sub, const std::shared_ptr<Flags>& flags) {
  using docstring::OptionType;
  for (const auto& spec : docstring::render_option_table()) {
    const std::string flag = "--" + std::string(spec.key);
    const auto* s = &spec;
    const std::string dflt = docstring::option_text(spec, spec.default_value());
    if (spec.type == OptionType::Boolean) {
      const bool on = spec.default_value() != 0;
      sub.add_flag_callback(
          flag,
          [flags, s] {
            flags->render.push_back({s, 1});
          },
          std::string(spec.doc) + " (default " + (on ? "on" : "off") + ")");
      sub.add_flag_callback(
          std::string(spec.cli_off),
          [flags, s] {
            flags->render.push_back({s, 0});
          },
          "Opposite of " + flag);
      continue;
    }
    std::string help(spec.doc), names;
    for (const auto& c : spec.choices) names += (names.empty() ? "" : ", ") + std::string(c.name);
    if (spec.type == OptionType::Choice)
      help += ": " + names + " (default " + dflt + ")";
    else
      help += " (default " + dflt + ")";
    auto* opt = sub.add_option_function<std::string>(
        flag,
        [flags, s](const std::string& word) {
          flags->render.push_back({s, *docstring::parse_option_word(*s, word)});
        },
        help);
    // The description "{a, b}" is what --help shows and the shell completions offer.
    std::string shown = spec.type == OptionType::Choice ? "{" + names + "}"
                                                        : "[" + std::to_string(spec.min) + " - " +
                                                              std::to_string(spec.max) + "]";
    opt->check(CLI::Validator(
        [s](std::string& word) {
          return docstring::parse_option_word(*s, word)
                     ? std::string()
                     : docstring::option_problem("'" + word + "'", *s);
        },
        shown));
    if (spec.type == OptionType::Integer) opt->type_name("INT");
  }
}

int run(const Flags& f) {
  if (f.paths.size() == 1 && f.paths[0] == "-") return run_stdin(f);
  ConfigCache configs;
  auto walk = annotate::collect_python_files(f.paths, [&](const std::string& path) {
    return walk_options_for(f, configs.get(fs::path(path) / "x.py"));
  });
  for (const auto& e : walk.errors) fmt::print(stderr, "axl-docs: error: {}\n", e);
  if (!f.check && !f.diff) remove_stale_temp_files(walk.files);
  std::vector<FileJob> jobs(walk.files.size());
  for (size_t i = 0; i < jobs.size(); ++i) jobs[i].path = walk.files[i];

  const auto source = prose_source(f);
  std::atomic<size_t> next{0};
  auto progress = make_annotate_progress(f.quiet, f.progress, walk.files);
  auto worker = [&] {
    // One per thread (providers are not thread-safe), counting definitions for the progress line.
    ProgressProvider provider(source.make(), *progress);
    for (size_t i; (i = next++) < jobs.size();) {
      FileJob& job = jobs[i];
      progress->start_file(i);
      provider.set_file(i);
      try {
        job.original = annotate::read_snapshot(job.path);
        auto req = request_for(f, configs.get(job.path));
        req.module_name = module_name_of(job.path);
        job.result = annotate::annotate_source(job.original.bytes, req, provider);
        if (job.result.status == Status::Changed && !f.check && !f.diff)
          annotate::write_if_unchanged(job.path, job.original, job.result.output);
      } catch (const std::exception& e) {
        job.error = e.what();
      }
      progress->finish_file(i);
    }
  };
  unsigned n = f.jobs > 0 ? static_cast<unsigned>(f.jobs)
                          : std::max(1u, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, std::max<size_t>(jobs.size(), 1));
  // One core per worker: a decoder's own helper thread (its coarse stacks) would oversubscribe the
  // cores that the other workers use, and -j 2 ran no faster than -j 1.
  if (n > 1) model::set_num_threads(1);
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  progress->finish();

  // Report in input order, whatever order the workers finished in.
  int changed = 0, unchanged = 0, skipped = 0, failed = 0, added = 0, updated = 0;
  std::vector<annotate::FileFinding> findings;
  for (const auto& job : jobs) {
    std::string name = job.path.string();
    if (!job.error.empty()) {
      fmt::print(stderr, "axl-docs: error: {}\n", job.error);
      ++failed;
      continue;
    }
    const auto& r = job.result;
    if (r.status == Status::Skipped) {
      fmt::print(stderr, "axl-docs: {}: skipped: {}\n", name, r.skip_reason);
      ++skipped;
      continue;
    }
    if (f.check) add_findings(name, r, findings);
    if (f.diff && r.status == Status::Changed)
      std::cout << annotate::unified_diff(job.original.bytes, r.output, name, name);
    (r.status == Status::Changed ? changed : unchanged)++;
    added += r.added;
    updated += r.updated;
  }
  if (f.check) std::cout << annotate::format_findings(findings, output_format(f));
  if (!f.quiet) {
    const char* verb = f.check || f.diff ? "would be " : "";
    fmt::print(stderr, "{} file{} {}changed ({} docstring{} added, {} updated), {} unchanged",
               changed, changed == 1 ? "" : "s", verb, added, added == 1 ? "" : "s", updated,
               unchanged);
    if (skipped) fmt::print(stderr, ", {} skipped", skipped);
    if (failed) fmt::print(stderr, ", {} failed", failed);
    fmt::print(stderr, "\n");
  }
  // Like ruff: a file that could not be checked or written is an error, and errors win over
  // findings, so CI never reads "all good" from a run that skipped something.
  if (failed || skipped || !walk.errors.empty()) return 2;
  if (f.check) return findings.empty() ? 0 : 1;
  if (f.diff) return changed ? 1 : 0;
  return 0;
}

RegisterCommand reg{
    "annotate", [](CLI::App& app) {
      auto flags = std::make_shared<Flags>();
      auto* sub =
          app.add_subcommand("annotate", "Add docstrings to Python files, like a formatter");
      sub->add_option("paths", flags->paths, "Files or directories (recursive, *.py); - for stdin")
          ->required();
      sub->add_flag("--check", flags->check,
                    "Write nothing; list missing docstrings (pydocstyle codes); exit 1 if any");
      sub->add_flag("--diff", flags->diff,
                    "Write nothing; print a unified diff; exit 1 if any change");
      sub->add_flag("--update", flags->update,
                    "Also rewrite stale docstrings (keeping human text)");
      add_render_options(*sub, flags);
      auto on_off = [&](const std::string& on, const std::string& off,
                        std::optional<bool> Flags::*field, const std::string& help) {
        sub->add_flag_callback(
            on, [flags, field] { (*flags).*field = true; }, help);
        sub->add_flag_callback(
            off, [flags, field] { (*flags).*field = false; }, "Opposite of " + on);
      };
      on_off("--include-modules", "--no-include-modules", &Flags::include_modules,
             "Also add module docstrings (D100, D104), made from the file name (default off)");
      on_off("--respect-gitignore", "--no-respect-gitignore", &Flags::respect_gitignore,
             "Leave out what .gitignore files ignore when walking directories (default on)");
      auto codes = CLI::Validator([](std::string& s) { return check_rule_codes({s}); }, "CODE");
      // Lists: comma-separated or repeated, one value per flag (`--ignore D107 file.py` must not
      // read file.py as a code); given, they replace pyproject.toml's.
      using List = std::optional<std::vector<std::string>> Flags::*;
      auto list = [&](const std::string& name, List field, const std::string& help) {
        return sub
            ->add_option_function<std::vector<std::string>>(
                name, [flags, field](const std::vector<std::string>& v) { (*flags).*field = v; },
                help)
            ->delimiter(',')
            ->allow_extra_args(false);
      };
      list("--select", &Flags::select,
           "Rule codes or prefixes to report and fix (D100-D107, DOC..., ALL; default: all but "
           "D100/D104)")
          ->check(codes);
      list("--ignore", &Flags::ignore, "Rule codes or prefixes to leave alone")->check(codes);
      list("--exclude", &Flags::exclude,
           "Globs the directory walk leaves out, replacing the defaults (.*, __pycache__, "
           "node_modules, site-packages, venv, __pypackages__)");
      list("--extend-exclude", &Flags::extend_exclude,
           "Globs the directory walk leaves out, besides the defaults");
      sub->add_option("--output-format", flags->output_format,
                      "How --check prints findings: text (default), json, github")
          ->check(CLI::IsMember({"text", "json", "github"}));
      sub->add_option("-j,--jobs", flags->jobs, "Parallel workers (default: all cores)")
          ->check(CLI::Range(1, 256));
      sub->add_flag("-q,--quiet", flags->quiet, "No progress line and no summary line");
      sub->add_flag("--progress", flags->progress,
                    "Progress lines on stderr even when it is not a terminal (on a terminal "
                    "the progress line is always shown)");
      add_model_option(sub, flags->model, "GGUF model that writes the prose",
                       "; missing or invalid: the name heuristic, with a note");
      sub->add_flag("--no-model", flags->no_model,
                    "Write prose with the name heuristic only (fast, deterministic)");
      sub->callback([flags] {
        if (flags->check && flags->diff)
          throw std::runtime_error("--check and --diff exclude each other");
        if (flags->no_model && !flags->model.empty())
          throw std::runtime_error("--model and --no-model exclude each other");
        if (flags->output_format && !flags->check)
          throw std::runtime_error("--output-format needs --check");
        int code = run(*flags);
        if (code != 0) throw ExitCode{code};
      });
    }};

} // namespace
} // namespace axl::app

// axl-docs: one binary, many subcommands (see README.md). Each subcommand lives in app/cmd_*.cpp.
#include "app/cli_errors.h"
#include "command_registry.h"
#include "model/model_location.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace axl::app {
std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> entries;
  return entries;
}
// always_capture_default() shows "[]" for an empty list (paths, --stop): not a default worth
// showing.
void drop_empty_list_defaults(CLI::App& app) {
  for (CLI::Option* o : app.get_options())
    if (o->get_default_str() == "[]") o->default_str("");
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    drop_empty_list_defaults(*sub);
}

} // namespace axl::app

int main(int argc, char** argv) {
  using namespace axl::app;
  // Named here, so usage lines say `axl-docs` whatever path the binary was started by.
  CLI::App app{"axl-docs: Python docstrings from a small byte-level transformer, offline",
               "axl-docs"};
  app.require_subcommand(1);
  // Every --help shows each option's default value (subcommands inherit this).
  app.option_defaults()->always_capture_default();
  app.set_version_flag(
      "--version",
      [] {
        return std::string("axl-docs ") + AXL_VERSION +
               "\nmodel: " + axl::model::describe_model_choice();
      },
      "Print the version and the model file used when --model is not given");
  auto& entries = command_registry();
  std::sort(entries.begin(), entries.end(),
            [](const CommandEntry& a, const CommandEntry& b) { return a.name < b.name; });
  for (auto& e : entries) e.add(app);
  drop_empty_list_defaults(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e); // --help, --version
    // Usage errors exit 2 (as README promises), naming the word at fault.
    std::string path = command_path(app);
    std::fprintf(stderr, "axl-docs: error: %s\nRun '%s --help' for usage.\n",
                 explain_parse_error(app, e).c_str(), path.c_str());
    return 2;
  } catch (const ExitCode& e) {
    return e.code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "axl-docs: error: %s\n", e.what());
    return 2;
  }
  return 0;
}

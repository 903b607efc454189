// axl-docs: one binary, many subcommands (see README.md). Each subcommand lives in app/cmd_*.cpp.
#include "command_registry.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace axl::app {
std::vector<CommandEntry>& command_registry() {
  static std::vector<CommandEntry> entries;
  return entries;
}
} // namespace axl::app

int main(int argc, char** argv) {
  using namespace axl::app;
  CLI::App app{"axl-docs: Python docstrings from a small byte-level transformer, offline"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("axl-docs ") + AXL_VERSION);
  auto& entries = command_registry();
  std::sort(entries.begin(), entries.end(),
            [](const CommandEntry& a, const CommandEntry& b) { return a.name < b.name; });
  for (auto& e : entries) e.add(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ExitCode& e) {
    return e.code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "axl-docs: error: %s\n", e.what());
    return 2;
  }
  return 0;
}

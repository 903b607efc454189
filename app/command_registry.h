// Subcommands register themselves here, so each lives in its own cmd_*.cpp and main.cpp stays thin.
#pragma once

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <functional>
#include <string>
#include <vector>

namespace axl::app {

struct CommandEntry {
  std::string name;                   // for ordering in --help
  std::function<void(CLI::App&)> add; // adds the subcommand and its callback to the root app
};

std::vector<CommandEntry>& command_registry();

// `static RegisterCommand r{"annotate", [](CLI::App& app) { ... }};` in a cmd_*.cpp file.
struct RegisterCommand {
  RegisterCommand(std::string name, std::function<void(CLI::App&)> add) {
    command_registry().push_back({std::move(name), std::move(add)});
  }
};

// Exit status of a subcommand: callbacks throw this to leave with a code and no CLI11 message.
struct ExitCode {
  int code;
};

// The callback of a subcommand whose errors are exceptions: `run()`, and any std::exception it
// throws is printed as "axl-docs NAME: error: WHAT" and exits 2 (the README's error status).
template <class Run> std::function<void()> exit_2_on_error(std::string name, Run run) {
  return [name = std::move(name), run = std::move(run)] {
    try {
      run();
    } catch (const std::exception& e) {
      fmt::print(stderr, "axl-docs {}: error: {}\n", name, e.what());
      throw ExitCode{2};
    }
  };
}

} // namespace axl::app

// Subcommands register themselves here, so each lives in its own cmd_*.cpp and main.cpp stays thin.
#pragma once

#include <CLI/CLI.hpp>

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

} // namespace axl::app

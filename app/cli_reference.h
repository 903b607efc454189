// The command line as data, read from the CLI11 app objects: what the shell completions and the
// man page are generated from, so they cannot drift from `--help`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace axl::app {

struct OptionRef {
  std::vector<std::string> names; // "-m", "--model" (short ones first)
  std::string description;
  std::string default_value;        // "" when none is shown
  bool takes_value = false;         // false: a flag
  std::string value_type;           // "TEXT", "INT", ... ("" for flags)
  std::vector<std::string> choices; // from a "{a,b,c}" validator description; empty: any value
};

struct CommandRef {
  std::string name, description;
  std::vector<std::string> positionals; // names, in order ("paths")
  std::vector<OptionRef> options;       // --help included
};

// The root's own options (name "axl-docs") and each visible subcommand (hidden ones, like the
// generators themselves, are left out), in --help order.
CommandRef describe_command(const CLI::App& app);
std::vector<CommandRef> describe_subcommands(const CLI::App& root);

// Generated texts.
std::string bash_completion(const CLI::App& root);
std::string zsh_completion(const CLI::App& root);
std::string fish_completion(const CLI::App& root);
std::string man_page(const CLI::App& root, const std::string& version);

} // namespace axl::app

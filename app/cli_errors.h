// What a command-line mistake gets: the offending word named, a close name suggested ("did you
// mean"), and exit status 2 — instead of CLI11's first complaint (often "A subcommand is required"
// or "paths is required" when the real problem is a mistyped word).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace axl::app {

// The one-line reason for `e`, thrown by `app.parse()`. Unknown words (options, subcommands,
// stray arguments) are named first, whatever CLI11 complained about.
std::string explain_parse_error(const CLI::App& app, const CLI::ParseError& e);

// The candidate closest to `word` (a typo or an unambiguous prefix); "" when none is close.
std::string closest_name(std::string_view word, const std::vector<std::string>& candidates);

// "axl-docs annotate" for the deepest subcommand that was parsed, "axl-docs" when none was.
std::string command_path(const CLI::App& app);

} // namespace axl::app

// Hidden `axl-docs options [--json]`: the option table (docstring/options_table.h) that the CLI,
// pyproject.toml, the LSP settings and the HTTP API share. The JSON form is what the editor
// packages' setting lists are generated from (scripts/gen-editor-options).
#include "command_registry.h"
#include "docstring/option_json.h"

#include <fmt/core.h>

#include <memory>

namespace axl::app {
namespace {

RegisterCommand options{
    "options", [](CLI::App& root) {
      auto* sub = root.add_subcommand("options", "Print the docstring option table")->group("");
      auto json = std::make_shared<bool>(false);
      sub->add_flag("--json", *json, "As JSON (the editor packages are checked against it)");
      sub->callback([json] {
        if (*json) {
          fmt::print("{}\n", docstring::option_table_json().dump(2));
          return;
        }
        for (const auto& spec : docstring::render_option_table())
          fmt::print("{:<22}{:<18}{} (default {})\n", spec.key, spec.editor_key,
                     docstring::expected_values(spec),
                     docstring::option_text(spec, spec.default_value()));
      });
    }};

} // namespace
} // namespace axl::app

// The one `-m/--model` option every subcommand that loads a model has (same spelling, same help).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace axl::app {

// Adds `-m,--model FILE` to `sub`; `what` says what the model is for, `tail` adds a clause on
// what happens when it is missing or overridden.
inline CLI::Option* add_model_option(CLI::App* sub, std::string& target,
                                     const std::string& what = "GGUF model file",
                                     const std::string& tail = "") {
  return sub->add_option("-m,--model", target,
                         what +
                             " (default: $AXL_DOCS_MODEL, else the installed model, else "
                             "models/axl-docs-lion.gguf; `axl-docs --version` names it)" +
                             tail);
}

} // namespace axl::app

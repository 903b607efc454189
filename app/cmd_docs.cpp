// Hidden `axl-docs completions bash|zsh|fish` and `axl-docs man`: the shell completions and the
// man page, generated from the CLI definitions (cli_reference.h); CMake installs their output.
#include "app/cli_reference.h"
#include "command_registry.h"

#include <fmt/core.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace axl::app {
namespace {

// To stdout, or to `path` (the build writes the installed files this way).
void emit(const std::string& text, const std::string& path) {
  if (path.empty()) {
    fmt::print("{}", text);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

RegisterCommand completions{
    "completions", [](CLI::App& root) {
      auto* sub = root.add_subcommand("completions", "Print a shell completion script")->group("");
      struct Args {
        std::string shell, out;
      };
      auto a = std::make_shared<Args>();
      sub->add_option("shell", a->shell, "Shell")
          ->required()
          ->check(CLI::IsMember({"bash", "zsh", "fish"}));
      sub->add_option("-o,--output", a->out, "Write here instead of stdout");
      sub->callback([a, &root] {
        emit(a->shell == "bash"  ? bash_completion(root)
             : a->shell == "zsh" ? zsh_completion(root)
                                 : fish_completion(root),
             a->out);
      });
    }};

RegisterCommand man{"man", [](CLI::App& root) {
                      auto* sub =
                          root.add_subcommand("man", "Print the man page (roff)")->group("");
                      auto out = std::make_shared<std::string>();
                      sub->add_option("-o,--output", *out, "Write here instead of stdout");
                      sub->callback([out, &root] { emit(man_page(root, AXL_VERSION), *out); });
                    }};

} // namespace
} // namespace axl::app

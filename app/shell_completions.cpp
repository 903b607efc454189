// Shell completion scripts (bash, zsh, fish) generated from the CLI11 definitions
// (cli_reference.h), printed by the hidden `axl-docs completions SHELL` and installed by CMake.
#include "app/cli_reference.h"

#include <algorithm>
#include <cctype>

namespace axl::app {
namespace {

// Choices a shell can offer as bare words ("google"), not ones that need quoting ("'''").
std::vector<std::string> plain_choices(const OptionRef& o) {
  std::vector<std::string> out;
  for (const auto& c : o.choices)
    if (std::all_of(c.begin(), c.end(), [](char ch) {
          return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' ||
                 ch == '.';
        }))
      out.push_back(c);
  return out;
}

std::string joined(const std::vector<std::string>& words, const std::string& sep = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// Text inside single quotes, for shells where '\'' ends, escapes and reopens (bash, zsh).
std::string posix_quoted(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out;
}

std::string header(const std::string& shell) {
  return "# " + shell +
         " completion for axl-docs, generated from its command-line definitions by\n"
         "# `axl-docs completions " +
         shell + "`: do not edit.\n";
}

} // namespace

std::string bash_completion(const CLI::App& root) {
  const auto subs = describe_subcommands(root);
  std::vector<std::string> sub_names, top_words;
  for (const auto& s : subs) sub_names.push_back(s.name);
  for (const auto& o : describe_command(root).options)
    for (const auto& n : o.names) top_words.push_back(n);
  top_words.insert(top_words.end(), sub_names.begin(), sub_names.end());

  std::string out = header("bash");
  out += "_axl_docs() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         "  local sub=\"\" i opts=\"\" valued=\"\"\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    case \"${COMP_WORDS[i]}\" in\n"
         "      " +
         joined(sub_names, "|") +
         ") sub=\"${COMP_WORDS[i]}\"; break ;;\n"
         "    esac\n"
         "  done\n"
         "  case \"$sub\" in\n"
         "    '') opts='" +
         joined(top_words) + "' ;;\n";
  for (const auto& s : subs) {
    std::vector<std::string> names, valued;
    std::string choice_cases;
    for (const auto& o : s.options) {
      names.insert(names.end(), o.names.begin(), o.names.end());
      if (!o.takes_value) continue;
      valued.insert(valued.end(), o.names.begin(), o.names.end());
      if (auto words = plain_choices(o); !words.empty())
        choice_cases += "        " + joined(o.names, "|") + ") COMPREPLY=($(compgen -W '" +
                        joined(words) + "' -- \"$cur\")); return ;;\n";
    }
    out += "    " + s.name + ")\n      opts='" + joined(names) + "'\n      valued=' " +
           joined(valued) + " '\n";
    if (!choice_cases.empty()) out += "      case \"$prev\" in\n" + choice_cases + "      esac\n";
    out += "      ;;\n";
  }
  out += "  esac\n"
         "  # An option's value or a path: leave it to the shell's default (file names).\n"
         "  [[ -n \"$sub\" && \"$valued\" == *\" $prev \"* ]] && return\n"
         "  if [[ -z \"$sub\" || \"$cur\" == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o default -F _axl_docs axl-docs\n";
  return out;
}

std::string zsh_completion(const CLI::App& root) {
  // _arguments specs: '--name[description]' for flags, '--name[description]:TYPE:ACTION' for
  // options with a value; brackets in descriptions are escaped.
  auto describe = [](const std::string& text) {
    std::string out;
    for (char c : text) out += (c == '[' || c == ']') ? std::string("\\") + c : std::string(1, c);
    return posix_quoted(out);
  };
  const auto subs = describe_subcommands(root);
  std::string out = "#compdef axl-docs\n" + header("zsh");
  out += "_axl-docs() {\n  local -a commands\n  commands=(\n";
  for (const auto& s : subs) out += "    '" + s.name + ":" + posix_quoted(s.description) + "'\n";
  std::vector<std::string> top;
  for (const auto& o : describe_command(root).options)
    for (const auto& n : o.names) top.push_back(n);
  out += "  )\n"
         "  if (( CURRENT == 2 )); then\n"
         "    if [[ $PREFIX == -* ]]; then compadd -- " +
         joined(top) +
         "; else _describe -t commands 'axl-docs command' commands; fi\n"
         "    return\n"
         "  fi\n"
         "  local cmd=$words[2]\n"
         "  shift words; (( CURRENT-- ))\n"
         "  case $cmd in\n";
  for (const auto& s : subs) {
    out += "    " + s.name + ")\n      _arguments -s";
    for (const auto& o : s.options)
      for (const auto& n : o.names) {
        out += " \\\n        '" + n + "[" + describe(o.description) + "]";
        if (o.takes_value) {
          auto words = plain_choices(o);
          std::string action = !words.empty()           ? "(" + joined(words) + ")"
                               : o.value_type == "TEXT" ? "_files"
                                                        : " ";
          out += ":" + (o.value_type.empty() ? std::string("VALUE") : o.value_type) + ":" + action;
        }
        out += "'";
      }
    for (const auto& p : s.positionals) out += " \\\n        '*:" + p + ":_files'";
    out += " ;;\n";
  }
  out += "  esac\n}\n_axl-docs \"$@\"\n";
  return out;
}

std::string fish_completion(const CLI::App& root) {
  auto quoted = [](const std::string& s) {
    std::string out = "'";
    for (char c : s) out += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return out + "'";
  };
  auto flags_of = [](const OptionRef& o) {
    std::string out;
    for (const auto& n : o.names)
      out += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
    return out;
  };
  std::string out = header("fish");
  for (const auto& o : describe_command(root).options)
    out += "complete -c axl-docs -n __fish_use_subcommand" + flags_of(o) + " -d " +
           quoted(o.description) + "\n";
  for (const auto& s : describe_subcommands(root)) {
    out += "complete -c axl-docs -f -n __fish_use_subcommand -a " + s.name + " -d " +
           quoted(s.description) + "\n";
    const std::string when = " -n '__fish_seen_subcommand_from " + s.name + "'";
    for (const auto& o : s.options) {
      out += "complete -c axl-docs" + when + flags_of(o);
      if (o.takes_value) {
        auto words = plain_choices(o);
        // Text values are often paths; numbers are not.
        out += !words.empty()           ? " -x -a " + quoted(joined(words))
               : o.value_type == "TEXT" ? " -r -F"
                                        : " -x";
      }
      out += " -d " + quoted(o.description) + "\n";
    }
  }
  return out;
}

} // namespace axl::app

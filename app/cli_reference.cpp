#include "app/cli_reference.h"

namespace axl::app {
namespace {

// "TEXT:{f16,f32}" -> {"f16", "f32"}: CLI11 appends IsMember's set (and our own validators'
// "{...}" descriptions) to the type name.
std::vector<std::string> choices_of(const std::string& type_name) {
  auto open = type_name.find('{');
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::vector<std::string> out;
  std::string list = type_name.substr(open + 1, close - open - 1);
  for (size_t start = 0; start <= list.size();) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

OptionRef describe_option(const CLI::Option& o) {
  OptionRef r;
  for (const auto& s : o.get_snames()) r.names.push_back("-" + s);
  for (const auto& l : o.get_lnames()) r.names.push_back("--" + l);
  r.description = o.get_description();
  r.default_value = o.get_default_str();
  r.takes_value = o.get_expected_max() > 0; // flags expect no value
  if (r.takes_value) {
    const std::string type = o.get_type_name();
    r.value_type = type.substr(0, type.find(':'));
    r.choices = choices_of(type);
  }
  return r;
}

} // namespace

CommandRef describe_command(const CLI::App& app) {
  CommandRef c;
  c.name = app.get_name();
  c.description = app.get_description();
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_group().empty()) continue; // hidden
    if (o->nonpositional())
      c.options.push_back(describe_option(*o));
    else
      c.positionals.push_back(o->get_name());
  }
  return c;
}

std::vector<CommandRef> describe_subcommands(const CLI::App& root) {
  std::vector<CommandRef> out;
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App* s) {
         return !s->get_group().empty(); // the generators are hidden
       }))
    out.push_back(describe_command(*sub));
  return out;
}

} // namespace axl::app

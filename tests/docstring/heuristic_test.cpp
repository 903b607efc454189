#include "docstring/text_util.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;
using test::function;
using test::method;
using test::param;

namespace {
std::string summary_of(parser::Definition d) {
  return heuristic_summary(d);
}
} // namespace

TEST_CASE("split_identifier handles snake, camel and acronyms", "[heuristic]") {
  CHECK(split_identifier("get_user_name") == std::vector<std::string>{"get", "user", "name"});
  CHECK(split_identifier("getUserName") == std::vector<std::string>{"get", "user", "name"});
  CHECK(split_identifier("HTTPServer") == std::vector<std::string>{"http", "server"});
  CHECK(split_identifier("__init__") == std::vector<std::string>{"init"});
  CHECK(split_identifier("parse2d_points") == std::vector<std::string>{"parse2d", "points"});
  // A lower-case "v4" or plural "s" after an acronym belongs to it: not "I pv4 network."
  // (ipaddress.IPv4Network) or "Return the i ds.".
  CHECK(split_identifier("IPv4Network") == std::vector<std::string>{"ipv4", "network"});
  CHECK(split_identifier("getIDs") == std::vector<std::string>{"get", "ids"});
  CHECK(split_identifier("URLsFor") == std::vector<std::string>{"urls", "for"});
  CHECK(split_identifier("HTTPSConnection") == std::vector<std::string>{"https", "connection"});
  auto cls = function("IPv4Network");
  cls.kind = parser::DefKind::Class;
  CHECK(summary_of(cls) == "IPv4 network.");
  CHECK(summary_of(function("getIDs")) == "Return the IDs.");
}

TEST_CASE("function summaries use verb templates", "[heuristic]") {
  CHECK(summary_of(function("get_user")) == "Return the user.");
  CHECK(summary_of(function("get_user_name")) == "Return the user name.");
  CHECK(summary_of(function("is_valid")) == "Return True if valid.");
  CHECK(summary_of(function("has_children")) == "Return True if it has children.");
  // Where the code proves it returns something else, a predicate name is no promise of a bool:
  // not "Return True if it has name." over `-> str`, a string literal, or a generator.
  CHECK(summary_of(function("has_name", {param("obj")}, "str")) == "Has name.");
  CHECK(heuristic_returns(function("has_name", {param("obj")}, "str")) == "The resulting string.");
  CHECK(summary_of(function("is_match", {}, "Optional[re.Match]")) == "Is match.");
  CHECK(summary_of(function("is_ok", {}, "bool")) == "Return True if ok.");
  CHECK(summary_of(function("is_ok", {}, "TypeGuard[int]")) == "Return True if ok.");
  auto gen = function("is_done");
  gen.yields = true;
  CHECK(summary_of(gen) == "Is done.");
  auto pr = parser::parse_python("def can_run(job):\n    return 'yes'\n");
  CHECK(summary_of(test::find_def(pr, "can_run")) == "Can run.");
  CHECK(heuristic_returns(test::find_def(pr, "can_run")).empty());
  CHECK(summary_of(function("to_json")) == "Convert to JSON.");
  CHECK(summary_of(function("set_timeout")) == "Set the timeout.");
  CHECK(summary_of(function("create_user")) == "Create a user.");
  CHECK(summary_of(function("create_item")) == "Create an item.");
  CHECK(summary_of(function("load_config")) == "Load the config.");
  CHECK(summary_of(function("read_from_file")) == "Read from file.");
  CHECK(summary_of(function("on_click")) == "Handle the click event.");
  CHECK(summary_of(function("main")) == "Run the main program.");
  CHECK(summary_of(function("user_name")) == "User name."); // the name-split baseline
  auto noun = function("user_name", {}, "str");
  CHECK(summary_of(noun) == "Return the user name.");
  CHECK(summary_of(method("Config", "from_dict", {param("data")})) == "Create a Config from dict.");
  CHECK(summary_of(function("from_dict")) == "Create from dict.");
}

TEST_CASE("methods, properties, classes and modules", "[heuristic]") {
  CHECK(summary_of(method("Client", "__init__")) == "Initialize the Client.");
  CHECK(summary_of(method("Client", "__str__")) ==
        "Return the string representation, `str(self)`.");
  CHECK(summary_of(method("Client", "__frob__")) == "Implement __frob__.");
  auto prop = method("User", "full_name");
  prop.is_property = true;
  CHECK(summary_of(prop) == "The full name.");
  parser::Definition cls;
  cls.kind = parser::DefKind::Class;
  cls.name = "UserManager";
  CHECK(summary_of(cls) == "User manager.");
  parser::Definition mod;
  mod.kind = parser::DefKind::Module;
  mod.name = "json_utils";
  CHECK(summary_of(mod) == "JSON utils.");
  mod.name = "__init__";
  CHECK(summary_of(mod) == "Package initialization.");
}

TEST_CASE("parameter, return, yield and raise texts", "[heuristic]") {
  CHECK(heuristic_param(param("user_id")) == "The user ID.");
  CHECK(heuristic_param(param("verbose", "bool")) == "Whether verbose.");
  CHECK(heuristic_param(param("follow_symlinks", std::nullopt, "True")) ==
        "Whether to follow symlinks.");
  CHECK(heuristic_param(param("num_workers", "int")) == "The number of workers.");
  CHECK(heuristic_param(
            param("args", std::nullopt, std::nullopt, parser::ParamKind::VarPositional)) ==
        "Additional positional arguments.");
  CHECK(heuristic_param(param("kw", std::nullopt, std::nullopt, parser::ParamKind::VarKeyword)) ==
        "Additional keyword arguments.");
  CHECK(heuristic_returns(function("get_user")) == "The user.");
  CHECK(heuristic_returns(function("is_valid")) == "True if valid, False otherwise.");
  CHECK(heuristic_returns(function("run", {}, "str")) == "The resulting string.");
  CHECK(heuristic_returns(function("run", {}, "Response")) == "The response.");
  CHECK(heuristic_returns(function("run")).empty()); // no "The result.": the type alone
  CHECK(returns_from_summary("Return the sum of `a`.") == "The sum of `a`.");
  CHECK(returns_from_summary("Return True if `x` is None.") ==
        "True if `x` is None, False otherwise.");
  CHECK(returns_from_summary("Return Foo objects.").empty());
  CHECK(returns_from_summary("Load the config.").empty());
  CHECK(heuristic_yields(function("iter_lines")) == "The next line.");
  CHECK(heuristic_yields(function("walk", {}, "Iterator[Node]")) == "The next node.");
  CHECK(heuristic_yields(function("walk")).empty()); // not "The next value." (filler)
  CHECK(heuristic_raises("KeyError") == "If a key is missing.");
  // Texts that would only restate the exception's name are not written (filler).
  CHECK(heuristic_raises("ValueError").empty());
  CHECK(heuristic_raises("TypeError").empty());
  CHECK(heuristic_raises("errors.ParseError").empty());
}

TEST_CASE("every heuristic summary is one capitalised sentence", "[heuristic]") {
  for (const char* n :
       {"x", "_", "__", "get", "is_", "to", "fooBar", "HTTP", "a_b_c", "__call__"}) {
    auto s = summary_of(function(n));
    INFO(n << " -> " << s);
    REQUIRE(!s.empty());
    CHECK(s.back() == '.');
    CHECK(!(s[0] >= 'a' && s[0] <= 'z'));
  }
}

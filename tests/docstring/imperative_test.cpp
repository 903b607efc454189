#include "docstring/imperative.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;
using test::function;
using test::method;

TEST_CASE("imperative_of knows the -s and -ing forms", "[imperative]") {
  CHECK(imperative_of("Returns") == "return");
  CHECK(imperative_of("gets") == "get");
  CHECK(imperative_of("Computes") == "compute");
  CHECK(imperative_of("fetches") == "fetch");
  CHECK(imperative_of("Applies") == "apply");
  CHECK(imperative_of("creating") == "create");
  CHECK(imperative_of("Loaded").empty()); // "Called when ..." is a passive: left alone
  CHECK(imperative_of("mapping") == "map");
  CHECK(imperative_of("Decorates") == "decorate"); // every verb pydocstyle's D401 knows
  CHECK(imperative_of("Goes") == "go");
  CHECK(imperative_of("allows") == "allow");
  CHECK(imperative_of("Return").empty());
  CHECK(imperative_of("Status").empty());
  CHECK(imperative_of("process").empty());
}

TEST_CASE("function summaries become imperative, one line, with a period", "[imperative]") {
  auto f = function("get_user", {}, "User");
  CHECK(imperative_summary("Returns the user", f) == "Return the user.");
  CHECK(imperative_summary("  gets the\n  user.  ", f) == "Get the user.");
  CHECK(imperative_summary("This function returns the user.", f) == "Return the user.");
  CHECK(imperative_summary("Function to parse the file", f) == "Parse the file.");
  CHECK(imperative_summary("The user with this id.", f) == "Return the user with this id.");
  CHECK(imperative_summary("Number of users.", f) == "Return the number of users.");
  CHECK(imperative_summary("Is the user valid?", f) == "Is the user valid.");
  CHECK(imperative_summary("Return the user:", f) == "Return the user.");
  CHECK(imperative_summary("", f).empty());
  CHECK(imperative_summary("Data.", f) == "Return the data.");
  CHECK(imperative_summary("Factory.", f) == "Factory."); // names the function, not its result
  CHECK(imperative_summary("List the users.", f) == "List the users."); // a verb, not a noun
  // A function that returns nothing is not made to "Return" anything.
  auto g = function("notify");
  CHECK(imperative_summary("The listeners are notified.", g) == "The listeners are notified.");
  CHECK(imperative_summary("Notifies the listeners.", g) == "Notify the listeners.");
  CHECK(imperative_summary("Status of the job.", g) == "Status of the job.");
}

TEST_CASE("properties, classes and modules are not forced into the imperative", "[imperative]") {
  auto prop = method("User", "name", {}, "str");
  prop.is_property = true;
  CHECK(imperative_summary("The user's name", prop) == "The user's name.");
  CHECK(imperative_summary("Returns the name.", prop) == "Returns the name.");
  parser::Definition cls;
  cls.kind = parser::DefKind::Class;
  cls.name = "Loader";
  CHECK(imperative_summary("Loads configuration files", cls) == "Loads configuration files.");
}

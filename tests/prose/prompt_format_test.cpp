#include "prose/prompt_format.h"

#include <catch2/catch.hpp>

using namespace axl::prose;
namespace model = axl::model;

namespace {
const char* kCode = "def get_user(self, user_id: int) -> User:\n"
                    "    row = self.db.fetch(user_id)\n"
                    "\n"
                    "    return User(row)";
}

TEST_CASE("summary prompt: body digest as comments, then the signature and the docstring opener") {
  PromptRequest r;
  r.code = kCode;
  CHECK(build_prompt(r) == "# row = self.db.fetch(user_id)\n"
                           "# return User(row)\n"
                           "def get_user(self, user_id: int) -> User:\n    \"\"\"");
  r.with_body = false;
  CHECK(build_prompt(r) == "def get_user(self, user_id: int) -> User:\n    \"\"\"");
}

TEST_CASE("the layout says where the docstring part begins, for training's loss weights") {
  PromptRequest r;
  r.code = kCode;
  r.task = PromptTask::Param;
  r.summary = "Fetch a user.";
  r.param = "user_id";
  const auto layout = layout_prompt(r);
  CHECK(layout.text == build_prompt(r));
  CHECK(layout.text.substr(0, layout.docstring_begin) ==
        "# row = self.db.fetch(user_id)\n"
        "# return User(row)\n"
        "def get_user(self, user_id: int) -> User:");
  CHECK(layout.text.substr(layout.docstring_begin) ==
        "\n    \"\"\"Fetch a user.\n\n    Args:\n        user_id: ");
}

TEST_CASE("a bare signature prompt is the body-less training prompt") {
  PromptRequest r;
  r.code = "def fibonacci(n):";
  CHECK(build_prompt(r) == "def fibonacci(n):\n    \"\"\"");
}

TEST_CASE("parameter and return prompts echo the summary and open the section") {
  PromptRequest r;
  r.code = kCode;
  r.with_body = false;
  r.task = PromptTask::Param;
  r.summary = "Fetch a user.";
  r.param = "user_id";
  CHECK(build_prompt(r) == "def get_user(self, user_id: int) -> User:\n    \"\"\"Fetch a user.\n\n"
                           "    Args:\n        user_id: ");
  r.task = PromptTask::Returns;
  CHECK(build_prompt(r) == "def get_user(self, user_id: int) -> User:\n    \"\"\"Fetch a user.\n\n"
                           "    Returns:\n        ");
}

TEST_CASE("multi-line signatures are put on one line, and strings and comments do not end them") {
  std::string body;
  CHECK(compact_signature("def f(\n    a,\n    sep=\":\",  # why: colon\n    b=[1, 2],\n) -> "
                          "dict[str, int]:  # noqa\n    return a",
                          &body) == "def f(a, sep=\":\", b=[1, 2]) -> dict[str, int]:");
  CHECK(body == "    return a");
  CHECK(compact_signature("class A(B, metaclass=M):\n    x = 1") == "class A(B, metaclass=M):");
  CHECK(compact_signature("def g(key=lambda x: x): pass") == "def g(key=lambda x: x):");
}

TEST_CASE("every prompt fits the budget, however long the code or summary") {
  std::string code = "def f(" + std::string(400, 'a') + "):\n" + std::string(300, 'x');
  std::string summary(300, 's');
  for (auto task : {PromptTask::Summary, PromptTask::Param, PromptTask::Returns}) {
    PromptRequest r{task, code, summary, std::string(100, 'p'), true};
    auto p = build_prompt(r);
    CHECK(p.size() <= kPromptBudget);
    CHECK(p.find("...:") != std::string::npos);
  }
  std::string many_lines = "def h(x):\n";
  for (int i = 0; i < 40; ++i)
    many_lines += "    y = compute_something(x, " + std::to_string(i) + ")\n";
  PromptRequest r;
  r.code = many_lines;
  auto p = build_prompt(r);
  CHECK(p.size() <= kPromptBudget);
  CHECK(p.size() >= kPromptBudget - 2); // the body fills the budget
  CHECK(p.ends_with("def h(x):\n    \"\"\""));
}

TEST_CASE("answers are cut at their terminator") {
  CHECK(finish_generation(PromptTask::Summary, "Get the user.\"\"\"\n    row = 1") ==
        "Get the user.");
  CHECK(finish_generation(PromptTask::Summary, " Get the user.\n\n    Args:") == "Get the user.");
  CHECK(finish_generation(PromptTask::Param, "The user's id.\n        b: x") == "The user's id.");
  CHECK(finish_generation(PromptTask::Returns, "no terminator") == "no terminator");
}

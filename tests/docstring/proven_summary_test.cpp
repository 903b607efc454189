// The fallback that says more: each rule fires where the syntax tree proves it, and only there.
#include "docstring/text_util.h"
#include "helpers.h"

using namespace axl;
using namespace axl::docstring;

namespace {
// The heuristic summary of `qname` in `src`.
std::string summary(std::string_view src, std::string_view qname) {
  auto pr = parser::parse_python(src);
  return heuristic_summary(test::find_def(pr, qname));
}
} // namespace

TEST_CASE("predicates: comparisons, builtins and is_/has_ names with a bool", "[proven]") {
  CHECK(summary("def is_empty(items) -> bool:\n    return len(items) == 0\n", "is_empty") ==
        "Return True if `items` is empty.");
  CHECK(summary("def is_missing(x):\n    return x is None\n", "is_missing") ==
        "Return True if `x` is None.");
  CHECK(summary("def positive(n: int) -> bool:\n    return n > 0\n", "positive") ==
        "Return True if `n` is greater than 0.");
  CHECK(summary("def is_str(v):\n    return isinstance(v, str)\n", "is_str") ==
        "Return True if `v` is an instance of `str`.");
  CHECK(summary("def check(v):\n    return hasattr(v, 'read')\n", "check") ==
        "Return True if `v` has an attribute `read`.");
  CHECK(summary("class Conn:\n    def is_open(self) -> bool:\n        return self._sock is not "
                "None\n",
                "Conn.is_open") == "Return True if `self._sock` is not None.");
  CHECK(summary("class Connection:\n    def is_open(self) -> bool:\n        return "
                "self._state.flag and self._x\n",
                "Connection.is_open") == "Return True if the connection is open.");
  CHECK(summary("def has_children(node) -> bool:\n    return bool(node.kids)\n", "has_children") ==
        "Return True if `node` has children.");
}

TEST_CASE("predicates do not fire where the wording could be false", "[proven]") {
  // No bool annotation and no boolean expression: the name heuristic stays.
  CHECK(summary("def is_valid(data):\n    return check(data)\n", "is_valid") ==
        "Return True if valid.");
  // `can_read(path)`: the path does not read; keep today's text.
  CHECK(summary("def can_read(path) -> bool:\n    return os.access(path)\n", "can_read") ==
        "Return True if it can read.");
  // Two parameters: no single subject.
  CHECK(summary("def is_close(a, b) -> bool:\n    x = a - b\n    return abs(x) < 1\n",
                "is_close") == "Return True if close.");
  // A name ending in a preposition names no state of its own.
  CHECK(summary("class T:\n    def is_instance_of(self) -> bool:\n        x = 1\n        return "
                "x\n",
                "T.is_instance_of") == "Return True if instance of.");
  // A comparison that is not plain (a call on a side) is not rendered in words.
  CHECK(summary("def small(x) -> bool:\n    y = 1\n    return f(x) < y\n", "small") == "Small.");
  // Nothing is proven from a body with syntax errors.
  CHECK(summary("def is_missing(x):\n    return x is None +\n", "is_missing") ==
        "Return True if missing.");
  // Without a bool annotation or predicate name, `==` may be numpy's elementwise comparison.
  CHECK(summary("def same(a, b):\n    return a == b\n", "same") == "Same.");
}

TEST_CASE("generators yield, context managers last for a with block", "[proven]") {
  CHECK(summary("def get_rows(db):\n    for r in db:\n        yield r\n", "get_rows") ==
        "Yield the rows.");
  CHECK(summary("def chunks(seq, n):\n    yield seq[:n]\n", "chunks") == "Yield the chunks.");
  CHECK(summary("def user_records(db):\n    yield from db\n", "user_records") ==
        "Yield the user records.");
  CHECK(summary("def iter_lines(f):\n    yield from f\n", "iter_lines") ==
        "Iterate over the lines.");
  // A single word that is not plural may be a verb: keep the name.
  CHECK(summary("def tokenize(s):\n    yield s\n", "tokenize") == "Tokenize.");
  CHECK(summary("def date_generator(s):\n    yield s\n", "date_generator") == "Date generator.");
  // A name that does not end in a plural may start with a verb the table lacks: "Yield the
  // summarize address range." would be garbled (ipaddress.summarize_address_range).
  CHECK(summary("def summarize_address_range(a, b):\n    yield a\n", "summarize_address_range") ==
        "Summarize address range.");
  CHECK(summary("def address_exclude(a):\n    yield a\n", "address_exclude") == "Address exclude.");
  CHECK(summary("import contextlib\n@contextlib.contextmanager\ndef open_session(url):\n    s = "
                "1\n    yield s\n",
                "open_session") == "Open the session for the duration of a `with` block.");
  CHECK(summary("@contextmanager\ndef get_conn():\n    yield 1\n", "get_conn") ==
        "Provide the conn for the duration of a `with` block.");
  CHECK(summary("@contextmanager\ndef temp_dir():\n    yield 1\n", "temp_dir") ==
        "Return a context manager for the temp dir.");
  CHECK(summary("class Timer:\n    def __enter__(self):\n        return self\n    def "
                "__exit__(self, *a):\n        pass\n",
                "Timer") == "Timer context manager.");
  CHECK(summary("class Timer:\n    def __enter__(self):\n        return self\n", "Timer") ==
        "Timer.");
  CHECK(summary("class Timer:\n    def __enter__(self):\n        return self\n",
                "Timer.__enter__") == "Enter the runtime context and return this Timer.");
  CHECK(summary("class Timer:\n    def __enter__(self):\n        return 1\n", "Timer.__enter__") ==
        "Enter the runtime context.");
}

TEST_CASE("decorators and decorator factories", "[proven]") {
  const char* deco = "import functools\ndef log_calls(func):\n    @functools.wraps(func)\n    def "
                     "wrapper(*a, **k):\n        print(a)\n        return 1\n    return wrapper\n";
  CHECK(summary(deco, "log_calls") == "Decorate `func` to log the calls.");
  const char* calls = "def timed(fn):\n    def inner(*a):\n        t = 0\n        return fn(*a)\n"
                      "    return inner\n";
  CHECK(summary(calls, "timed") == "Decorate `fn` and return the wrapper.");
  const char* factory = "def retry(times):\n    def deco(f):\n        def w(*a):\n            "
                        "for _ in range(times):\n                f(*a)\n        return w\n    "
                        "return deco\n";
  CHECK(summary(factory, "retry") == "Return a decorator to retry.");
  const char* cache = "def cache(maxsize):\n    def deco(f):\n        @wraps(f)\n        def "
                      "w(*a):\n            pass\n        return w\n    return deco\n";
  CHECK(summary(cache, "cache") == "Return a decorator configured by `maxsize`.");
  const char* maker = "def make_handler(cb):\n    def handler(e):\n        cb(e)\n    return "
                      "handler\n";
  CHECK(summary(maker, "make_handler") == "Decorate `cb` and return the wrapper.");
  // Returning an inner function that neither wraps nor calls the argument proves nothing.
  const char* closure = "def make_adder(n):\n    def add(x):\n        return x + n\n    return "
                        "add\n";
  CHECK(summary(closure, "make_adder") == "Create an adder.");
}

TEST_CASE("delegation, getters, setters, stores and abstract methods", "[proven]") {
  CHECK(summary("def fetch(url, *args, **kw):\n    return client.fetch(url, *args, **kw)\n",
                "fetch") == "Fetch by calling `client.fetch` with the same arguments.");
  // The name's text gets "by calling" only when the callee does the same action.
  CHECK(summary("def fetch(url, *args, **kw):\n    return _impl(url, *args, **kw)\n", "fetch") ==
        "Fetch.");
  CHECK(summary("class T:\n    def test_ok(self):\n        self.check_ok(1)\n", "T.test_ok") ==
        "Test ok.");
  CHECK(summary("def frob(u):\n    return lookup.name(u, 1)\n", "frob") ==
        "Return the result of calling `lookup.name` with `u` and `1`.");
  CHECK(summary("def user_name(u):\n    return lookup.name(u)\n", "user_name") ==
        "Return the user name by calling `lookup.name` with the same arguments.");
  CHECK(summary("def frob(u):\n    other(u)\n", "frob") == "Call `other` with the same arguments.");
  CHECK(summary("class A:\n    def run(self, x):\n        return super().run(x)\n", "A.run") ==
        "Run by calling the parent class's `run` with the same arguments.");
  // A builtin conversion is what the function computes, not a delegation.
  CHECK(summary("def get_user(user_id: int) -> str:\n    return str(user_id)\n", "get_user") ==
        "Return the user.");
  // A callee that is not a plain dotted name is not quoted.
  CHECK(summary("def frob(u):\n    return handlers[u](u)\n", "frob") == "Frob.");
  CHECK(summary("class A:\n    def name(self):\n        return self._name\n", "A.name") ==
        "Return the name.");
  CHECK(summary("class A:\n    def get_label(self):\n        return self._text\n", "A.get_label") ==
        "Return the label.");
  CHECK(summary("class A:\n    def update_name(self, value):\n        self._name = value\n",
                "A.update_name") == "Set the name to `value`.");
  CHECK(summary("class A:\n    def __init__(self, x, y):\n        super().__init__()\n        "
                "self.x = x\n        self._y = y\n",
                "A.__init__") == "Initialize the A, storing `x` and `y`.");
  CHECK(summary("class A:\n    def __init__(self, x, y):\n        self.x = x\n        self._y = "
                "y\n",
                "A") == "A with `x` and `y`.");
  // __init__ that does more than store: the class keeps its name.
  CHECK(summary("class A:\n    def __init__(self, x):\n        self.x = x\n        setup()\n",
                "A") == "A.");
  CHECK(summary("class A:\n    def __init__(self, x):\n        self.x = x\n        setup()\n",
                "A.__init__") == "Initialize the A.");
  CHECK(summary("from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int\n    y: "
                "int = 0\n",
                "Point") == "Point with `x` and `y`.");
  CHECK(summary("class Base:\n    def process_item(self, item):\n        \"\"\"Doc.\"\"\"\n"
                "        raise NotImplementedError\n",
                "Base.process_item") == "Process the item; subclasses must implement it.");
  CHECK(summary("class Base:\n    def area(self):\n        raise NotImplementedError('x')\n",
                "Base.area") ==
        "Raise NotImplementedError: subclasses must implement this method.");
  // A function raising NotImplementedError after other statements is not abstract.
  CHECK(summary("class Base:\n    def area(self):\n        log()\n        raise "
                "NotImplementedError\n",
                "Base.area") == "Area.");
}

TEST_CASE("dunders say exactly what Python means by them", "[proven]") {
  const char* cls = "class Bag:\n    def __len__(self): return 0\n    def __eq__(self, other): "
                    "return False\n    def __contains__(self, item): return False\n    def "
                    "__getitem__(self, key): return 0\n    def __setitem__(self, key, value): "
                    "pass\n    def __repr__(self): return ''\n    def __hash__(self): return 0\n";
  CHECK(summary(cls, "Bag.__len__") == "Return the number of items, `len(self)`.");
  CHECK(summary(cls, "Bag.__eq__") == "Return `self == other`.");
  CHECK(summary(cls, "Bag.__contains__") == "Return True if `item` is in the Bag.");
  CHECK(summary(cls, "Bag.__getitem__") == "Return `self[key]`.");
  CHECK(summary(cls, "Bag.__setitem__") == "Set `self[key]` to `value`.");
  CHECK(summary(cls, "Bag.__repr__") == "Return the developer representation, `repr(self)`.");
  CHECK(summary(cls, "Bag.__hash__") == "Return the hash value, `hash(self)`.");
}

TEST_CASE("properties stay noun phrases", "[proven]") {
  const char* src = "class A:\n    @property\n    def has_items(self) -> bool:\n        return "
                    "bool(self._x)\n    @property\n    def name(self):\n        return "
                    "self._name\n    @property\n    def items(self):\n        yield 1\n";
  CHECK(summary(src, "A.has_items") == "Whether it has items.");
  CHECK(summary(src, "A.name") == "The name.");
  CHECK(summary(src, "A.items") == "The items.");
}

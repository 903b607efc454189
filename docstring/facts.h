// Which facts of a definition a docstring documents (shared by the renderer and the stale check).
#pragma once

#include "docstring/options.h"
#include "parser/definition.h"

#include <string>
#include <vector>

namespace axl::docstring {

// The one rule for which parameters a docstring of `def` may document, in signature order: a
// function's or method's own, a class's __init__ parameters (a dataclass's too when it writes its
// own __init__: the training corpus was built so, and the model provider asks for what the model
// learned), none for a module; self/cls never. `_`-prefixed and keyword-only parameters count,
// `*args`/`**kwargs` by their bare names; the parser keeps no `/` or `*` markers. (@overload
// stubs get no docstring at all: missing.h.) The renderer, the stale check, the model provider and
// the corpus builder all use it. The pointers point into `def`.
std::vector<const parser::Parameter*> documentable_params(const parser::Definition& def);

// The documentable_params() that get an Args/Parameters entry with these options: __init__'s own
// when init_args == InInit; a class's when InClass (not for dataclasses, whose fields are
// documented as Attributes).
std::vector<parser::Parameter> documented_params(const parser::Definition& def,
                                                 const RenderOptions& opts);

// "*args" / "**kwargs" / "x".
std::string display_name(const parser::Parameter& p);

// Returns: a function/method (not a property, not __init__, not a generator) that returns a value
// or is annotated with a return type other than None/NoReturn/Never.
bool documents_returns(const parser::Definition& def);
bool documents_yields(const parser::Definition& def);
bool is_none_annotation(std::string_view annotation);

// An annotation as shown in a docstring: whitespace collapsed, a forward reference unquoted
// ("'User'" -> "User").
std::string type_text(std::string_view annotation);

// The type a function's only statement `return <literal or comparison>` proves ("int" for
// `return 1`, "bool" for `return a < b`); "" otherwise.
std::string inferred_return_type(const parser::Definition& def);

// The yielded type from Iterator[T] / Generator[T, ...] / AsyncIterator[T] ...; "" if unknown.
std::string iterator_element_type(std::string_view annotation);

// Attributes documented for a class (private ones only with include_private).
std::vector<parser::Attribute> documented_attributes(const parser::Definition& def,
                                                     const RenderOptions& opts);

bool is_dunder(std::string_view name);

// "Client.fetch" -> "Client" for a method; "" otherwise.
std::string owner_class(const parser::Definition& def);
// Does the class define a method of that name?
bool has_method(const parser::Definition& def, std::string_view name);

// Exceptions worth a Raises entry: def.raises whose last dotted part looks like a class
// (`raise err` / `raise self._error(...)` name variables or factories, not exception types).
std::vector<std::string> documented_raises(const parser::Definition& def);
// "errors.ParseError" -> "ParseError".
std::string_view last_component(std::string_view dotted);

} // namespace axl::docstring

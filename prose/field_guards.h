// The guards every generated field passes before it may be written: made style-neutral
// (tidy_field), then rejected when it is empty, too long, not printable, repetitive, code-like or
// too short (reject_reason). Unit-tested on crafted strings (tests/prose/field_guards_test.cpp).
#pragma once

#include "prose/prompt_format.h"

#include <optional>
#include <string>
#include <string_view>

namespace axl::prose {

// Generated text made style-neutral before the guards: epytext inline markup (`L{Deferred}`,
// `I{x}`) keeps its text, `C{x}` becomes `x` in backquotes.
std::string tidy_field(std::string_view text);

// Why a generated field is unusable, or nullopt when it may be used. `code` is the definition's
// context window (signature first), for the code-echo check. The checks: empty, too long (over
// kMaxTargetBytes) or too short, bytes that are not printable UTF-8, repetition (a word 3-gram
// said again at once or a 4-gram twice, a word other than a function word said three times, a
// run of one byte or a
// short pattern), text that looks like code or echoes the signature/body, unbalanced brackets, a
// summary that does not start with a word, a parameter description that is only its name.
std::optional<std::string> reject_reason(PromptTask task, std::string_view text,
                                         std::string_view code, std::string_view param = {});

// Over-long text cut at the length limit (an answer cut by max_tokens): its whole sentences, or ""
// when it has none.
std::string whole_sentences(std::string_view text);

} // namespace axl::prose

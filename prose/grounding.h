// Whether prose is about the code it describes: the content words it shares with the code. The
// provider rejects a summary that shares none (an undertrained model's fluent nonsense), and the
// share is one of the confidence gate's two measures (confidence_gate.h).
#pragma once

#include <string_view>

namespace axl::prose {

// Share of the content words of `text` (identifier parts of 3+ letters that are not common
// English or docstring words) that are words of `code` or inflections of them; 0 when the text has
// no content word. grounded_in(text, code) == (grounded_share(text, code) > 0).
double grounded_share(std::string_view text, std::string_view code);

// True when `text` shares a content word with `code` ("items"/"item" count as the same word).
bool grounded_in(std::string_view text, std::string_view code);

} // namespace axl::prose

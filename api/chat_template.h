// How /v1/chat/completions turns messages into a prompt for a byte-level completion model.
//
//   ### System\n<content>\n\n### User\n<content>\n\n### Assistant\n
//
// One "### <Role>" block per message (system and developer -> System, tool/function -> Tool),
// then an open "### Assistant\n" block the model continues. When the last message is the
// assistant's, its text is continued instead (no new block). Generation stops at "\n### ", so
// the reply never runs into an invented next turn.
#pragma once

#include "api/openai_requests.h"

#include <string>
#include <string_view>
#include <vector>

namespace axl::api {

inline constexpr std::string_view kChatTurnStop = "\n### ";

std::string render_chat_prompt(const std::vector<ChatMessage>& messages);

} // namespace axl::api

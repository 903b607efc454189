#include "api/chat_template.h"

namespace axl::api {

namespace {
std::string_view heading(std::string_view role) {
  if (role == "system" || role == "developer") return "System";
  if (role == "user") return "User";
  if (role == "assistant") return "Assistant";
  return "Tool";
}
} // namespace

std::string render_chat_prompt(const std::vector<ChatMessage>& messages) {
  std::string out;
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    out += "### ";
    out += heading(m.role);
    out += '\n';
    out += m.content;
    const bool continue_reply = i + 1 == messages.size() && m.role == "assistant";
    if (!continue_reply) out += "\n\n";
  }
  if (messages.empty() || messages.back().role != "assistant") out += "### Assistant\n";
  return out;
}

} // namespace axl::api

#include "binder.h"

#include "protocol.h"

#include <stdexcept>

namespace axl::lsp {

namespace {

// A second handler for one name is a programming error: the first would silently lose.
template <class Table, class Handler>
void add_once(Table& table, const std::string& name, Handler handler, const char* what) {
  if (!table.emplace(name, std::move(handler)).second)
    throw std::logic_error(std::string("LSP ") + what + " bound twice: " + name);
}

} // namespace

void Binder::add_request(const std::string& method, Request handler) {
  add_once(requests_, method, std::move(handler), "method");
}

void Binder::add_notification(const std::string& method, Notification handler) {
  add_once(notifications_, method, std::move(handler), "notification");
}

void Binder::add_command(const std::string& name, Request handler) {
  if (commands_.empty())
    add_request("workspace/executeCommand",
                [this](const json& id, const json& params) { execute_command(id, params); });
  add_once(commands_, name, std::move(handler), "command");
  capabilities_["executeCommandProvider"]["commands"].push_back(name);
}

void Binder::add_capability(const json& capability) {
  capabilities_.merge_patch(capability);
}

void Binder::execute_command(const json& id, const json& params) const {
  std::string command = require_string(params, "command");
  auto it = commands_.find(command);
  if (it == commands_.end())
    throw RpcError(error_code::InvalidParams, "invalid params: unknown command '" + command + "'");
  it->second(id, params);
}

const Binder::Request* Binder::find_request(const std::string& method) const {
  auto it = requests_.find(method);
  return it == requests_.end() ? nullptr : &it->second;
}

const Binder::Notification* Binder::find_notification(const std::string& method) const {
  auto it = notifications_.find(method);
  return it == notifications_.end() ? nullptr : &it->second;
}

} // namespace axl::lsp

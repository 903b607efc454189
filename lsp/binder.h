// The server's tables of LSP handlers. One call per method registers how its params are read (a
// typed parser that throws RpcError(InvalidParams) naming the field), the handler that gets them,
// and what the method adds to the `capabilities` of the initialize result; so a new request is
// one line next to its handler, not an edit of the dispatch, the capabilities and a declaration
// in the server (the layering follows clangd's LSPBinder). workspace/executeCommand is bound by
// the first command and dispatches on the command's name.
#pragma once

#include "json_rpc.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace axl::lsp {

// For handlers that read their params themselves (initialize, settings) or ignore them.
inline json params_as_is(const json& params) {
  return params;
}
struct NoParams {};
inline NoParams no_params(const json&) {
  return {};
}

class Binder {
public:
  using Request = std::function<void(const json& id, const json& params)>;
  using Notification = std::function<void(const json& params)>;
  template <class P> using Parser = P (*)(const json& params);

  Binder() = default;
  Binder(const Binder&) = delete; // workspace/executeCommand's handler points at this binder
  Binder& operator=(const Binder&) = delete;

  // `handler` is called as std::invoke(handler, target, id, P): a member function of `target`,
  // or a free function taking `target` first (a feature and its FeatureContext).
  template <class P, class Target, class Handler>
  void request(const std::string& method, Parser<P> parse, Target& target, Handler handler,
               const json& capability = json::object()) {
    add_request(method, [parse, &target, handler](const json& id, const json& params) {
      std::invoke(handler, target, id, parse(params));
    });
    add_capability(capability);
  }

  // As request(), without an id: std::invoke(handler, target, P).
  template <class P, class Target, class Handler>
  void notification(const std::string& method, Parser<P> parse, Target& target, Handler handler,
                    const json& capability = json::object()) {
    add_notification(method, [parse, &target, handler](const json& params) {
      std::invoke(handler, target, parse(params));
    });
    add_capability(capability);
  }

  // A workspace/executeCommand command: `parse` reads the executeCommand params (`arguments`,
  // `workDoneToken`); the name is listed in `executeCommandProvider.commands`.
  template <class P, class Target, class Handler>
  void command(const std::string& name, Parser<P> parse, Target& target, Handler handler) {
    add_command(name, [parse, &target, handler](const json& id, const json& params) {
      std::invoke(handler, target, id, parse(params));
    });
  }

  // nullptr when nothing is bound to `method`.
  const Request* find_request(const std::string& method) const;
  const Notification* find_notification(const std::string& method) const;
  // Every bound method's contribution, merged (objects key by key).
  const json& capabilities() const { return capabilities_; }

private:
  void add_request(const std::string& method, Request handler);
  void add_notification(const std::string& method, Notification handler);
  void add_command(const std::string& name, Request handler);
  void add_capability(const json& capability);
  void execute_command(const json& id, const json& params) const;

  std::map<std::string, Request> requests_;
  std::map<std::string, Notification> notifications_;
  std::map<std::string, Request> commands_;
  json capabilities_ = json::object();
};

} // namespace axl::lsp

// Every feature's bindings. A request of an existing feature is one line in its bind_ function;
// a new feature file adds its bind_ function here.
#pragma once

#include "../binder.h"
#include "../feature_context.h"

namespace axl::lsp {

void bind_code_actions(Binder& b, FeatureContext& ctx); // code_actions.cpp
void bind_completion(Binder& b, FeatureContext& ctx);   // completion.cpp
void bind_commands(Binder& b, FeatureContext& ctx);     // commands.cpp

inline void bind_features(Binder& b, FeatureContext& ctx) {
  bind_code_actions(b, ctx);
  bind_completion(b, ctx);
  bind_commands(b, ctx);
}

} // namespace axl::lsp

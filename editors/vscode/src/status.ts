// The status bar state, computed from what the server tells us. The server has no status request:
// without a model it sends window/showMessage "no model loaded; ... heuristic" right after
// `initialized` (lsp/server.cpp). An `axl-docs/status` notification ({model: string | null}) is
// also understood, so a server that sends one later needs no extension change.

export type ServerState =
  | { kind: "starting" }
  | { kind: "running"; model: "unknown" | "heuristic" | { path: string } }
  | { kind: "stopped"; reason: string };

export interface StatusView {
  text: string;
  tooltip: string;
  warning: boolean;
}

const HEURISTIC_NOTICE = /no model loaded/i;

export function afterShowMessage(state: ServerState, message: string): ServerState {
  if (state.kind === "running" && HEURISTIC_NOTICE.test(message)) return { kind: "running", model: "heuristic" };
  return state;
}

export function afterStatusNotification(state: ServerState, params: unknown): ServerState {
  if (state.kind !== "running" || typeof params !== "object" || params === null) return state;
  const model = (params as { model?: unknown }).model;
  if (typeof model === "string" && model !== "") return { kind: "running", model: { path: model } };
  if (model === null || model === "") return { kind: "running", model: "heuristic" };
  return state;
}

export function view(state: ServerState, version?: string): StatusView {
  const v = version ? ` ${version}` : "";
  switch (state.kind) {
    case "starting":
      return { text: "$(sync~spin) AXL Docs", tooltip: "AXL Docs: starting the language server", warning: false };
    case "stopped":
      return { text: "$(error) AXL Docs", tooltip: `AXL Docs: ${state.reason}`, warning: true };
    case "running":
      if (state.model === "heuristic")
        return {
          text: "$(book) AXL Docs: heuristic",
          tooltip: `axl-docs${v}: no model loaded — summaries come from the name heuristic. Set "axl-docs.modelPath" to use a model.`,
          warning: false,
        };
      if (state.model === "unknown")
        return { text: "$(book) AXL Docs", tooltip: `axl-docs${v}: running`, warning: false };
      return {
        text: "$(book) AXL Docs: model",
        tooltip: `axl-docs${v}: model loaded from ${state.model.path}`,
        warning: false,
      };
  }
}

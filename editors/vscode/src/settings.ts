// VS Code settings (section `axl-docs`) -> the server's settings object. Pure: no `vscode` import,
// so node's test runner checks it without an editor. The server accepts camelCase keys and a nested
// `diagnostics` object (lsp/settings.cpp); we send only known keys with values it accepts, so a
// typo in settings.json becomes a warning here instead of a silently ignored key there.

export const STYLES = ["google", "numpy", "sphinx", "epytext", "pep257"] as const;
export const QUOTE_STYLES = ["double", "single"] as const;
export const SEVERITIES = ["error", "warning", "information", "hint", "off"] as const;

export type Style = (typeof STYLES)[number];
export type Severity = (typeof SEVERITIES)[number];

export interface ServerSettings {
  style: Style;
  quoteStyle: (typeof QUOTE_STYLES)[number];
  includeTypes: boolean;
  summaryOnNewLine: boolean;
  wrap: number;
  includePrivate: boolean;
  diagnostics: { enabled: boolean; severity: Severity };
  modelPath: string;
  maxTokens: number;
  temperature: number;
}

// The style, quote, wrap and include* entries mirror the option table (docstring/options_table.cpp;
// tests/editors/options_drift.py checks them, its choices and ranges); package.json's "default"s
// must agree (test/manifest).
export const DEFAULTS: ServerSettings = {
  style: "google",
  quoteStyle: "double",
  includeTypes: true,
  summaryOnNewLine: false,
  wrap: 88,
  includePrivate: false,
  diagnostics: { enabled: true, severity: "information" },
  modelPath: "",
  maxTokens: 99,
  temperature: 0,
};

// Settings the extension itself uses; never sent to the server.
export const CLIENT_ONLY_KEYS = ["path", "trace.server"] as const;

// Reads a dotted key ("diagnostics.severity") from whatever `get` returns: VS Code's
// WorkspaceConfiguration.get, or a plain object in tests.
export type Getter = (key: string) => unknown;

export interface Converted {
  settings: ServerSettings;
  problems: string[]; // one line per ignored value, shown to the user once
}

function isInt(v: unknown, lo: number, hi: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
}

export function toServerSettings(get: Getter): Converted {
  const problems: string[] = [];
  const s: ServerSettings = structuredClone(DEFAULTS);
  const take = <T>(key: string, ok: (v: unknown) => v is T, expected: string, set: (v: T) => void) => {
    const v = get(key);
    if (v === undefined || v === null) return;
    if (ok(v)) set(v);
    else problems.push(`axl-docs.${key} must be ${expected}; using the default`);
  };
  const oneOf =
    <T extends string>(values: readonly T[]) =>
    (v: unknown): v is T =>
      typeof v === "string" && (values as readonly string[]).includes(v);
  const bool = (v: unknown): v is boolean => typeof v === "boolean";

  take("style", oneOf(STYLES), `one of ${STYLES.join(", ")}`, (v) => (s.style = v));
  take("quoteStyle", oneOf(QUOTE_STYLES), "double or single", (v) => (s.quoteStyle = v));
  take("includeTypes", bool, "true or false", (v) => (s.includeTypes = v));
  take("summaryOnNewLine", bool, "true or false", (v) => (s.summaryOnNewLine = v));
  take("wrap", (v): v is number => isInt(v, 20, 1000), "an integer from 20 to 1000", (v) => (s.wrap = v));
  take("includePrivate", bool, "true or false", (v) => (s.includePrivate = v));
  take("diagnostics.enabled", bool, "true or false", (v) => (s.diagnostics.enabled = v));
  take("diagnostics.severity", oneOf(SEVERITIES), SEVERITIES.join(", "), (v) => (s.diagnostics.severity = v));
  take("modelPath", (v): v is string => typeof v === "string", "a path", (v) => (s.modelPath = v.trim()));
  take("maxTokens", (v): v is number => isInt(v, 1, 4096), "an integer from 1 to 4096", (v) => (s.maxTokens = v));
  take(
    "temperature",
    (v): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 5,
    "a number from 0 to 5",
    (v) => (s.temperature = v),
  );
  // The server treats any severity other than "off" as "enable diagnostics", and reads the
  // diagnostics object's keys in alphabetical order (enabled, then severity): so "disabled" is
  // also sent as severity "off", or enabled=false would be undone.
  if (!s.diagnostics.enabled) s.diagnostics.severity = "off";
  return { settings: s, problems };
}

// What goes into `initialize`: the server reads either the section itself or {"axl-docs": {...}};
// we send the wrapped form so that other keys can sit beside it later.
export function initializationOptions(get: Getter): { "axl-docs": ServerSettings } {
  return { "axl-docs": toServerSettings(get).settings };
}

// Getter over a nested plain object ({diagnostics: {severity: "hint"}}), as VS Code's
// workspace/configuration answer and settings.json look.
export function getterFromObject(obj: Record<string, unknown>): Getter {
  return (key) => {
    let cur: unknown = obj;
    for (const part of key.split(".")) {
      if (typeof cur !== "object" || cur === null) return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
    return cur;
  };
}

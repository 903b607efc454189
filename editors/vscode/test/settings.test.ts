import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULTS, getterFromObject, initializationOptions, toServerSettings } from "../src/settings";

test("no settings: the server's defaults, wrapped in the section name", () => {
  const opts = initializationOptions(() => undefined);
  assert.deepEqual(opts, { "axl-docs": DEFAULTS });
});

test("user values pass through, nested diagnostics included", () => {
  const get = getterFromObject({
    style: "numpy",
    quoteStyle: "single",
    includeTypes: false,
    summaryOnNewLine: true,
    wrap: 72,
    includePrivate: true,
    diagnostics: { enabled: false, severity: "hint" },
    modelPath: "  /models/axl.gguf ",
    maxTokens: 64,
    temperature: 0.7,
    path: "/usr/local/bin/axl-docs",
    trace: { server: "verbose" },
  });
  const { settings, problems } = toServerSettings(get);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    style: "numpy",
    quoteStyle: "single",
    includeTypes: false,
    summaryOnNewLine: true,
    wrap: 72,
    includePrivate: true,
    diagnostics: { enabled: false, severity: "off" }, // disabled wins over the severity
    modelPath: "/models/axl.gguf",
    maxTokens: 64,
    temperature: 0.7,
  });
  // Client-only settings never reach the server.
  assert.ok(!("path" in settings) && !("trace" in settings));
});

test("bad values fall back to the default, one problem each", () => {
  const { settings, problems } = toServerSettings(
    getterFromObject({ style: "Google", wrap: 12.5, maxTokens: 0, temperature: -1, diagnostics: { severity: "loud" } }),
  );
  assert.equal(settings.style, "google");
  assert.equal(settings.wrap, 88);
  assert.equal(settings.maxTokens, 99);
  assert.equal(settings.temperature, 0);
  assert.equal(settings.diagnostics.severity, "information");
  assert.equal(problems.length, 5);
  assert.match(problems[0], /axl-docs\.style must be one of google, numpy/);
});

test("defaults are not shared between calls", () => {
  const a = toServerSettings(getterFromObject({ diagnostics: { enabled: false } })).settings;
  const b = toServerSettings(() => undefined).settings;
  assert.equal(a.diagnostics.enabled, false);
  assert.equal(b.diagnostics.enabled, true);
  assert.equal(DEFAULTS.diagnostics.enabled, true);
});

test("diagnostics: severity off when disabled, the chosen severity when enabled", () => {
  const on = toServerSettings(getterFromObject({ diagnostics: { severity: "warning" } })).settings;
  assert.deepEqual(on.diagnostics, { enabled: true, severity: "warning" });
  const off = toServerSettings(getterFromObject({ diagnostics: { enabled: false, severity: "warning" } })).settings;
  assert.deepEqual(off.diagnostics, { enabled: false, severity: "off" });
});

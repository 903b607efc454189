// package.json's settings must mirror src/settings.ts (and so the server's, lsp/settings.h).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { CLIENT_ONLY_KEYS, DEFAULTS, QUOTE_STYLES, SEVERITIES, STYLES } from "../src/settings";

const manifest = JSON.parse(readFileSync(`${__dirname}/../../package.json`, "utf8"));
const props: Record<string, { default: unknown; enum?: string[]; description?: string; markdownDescription?: string }> =
  manifest.contributes.configuration.properties;

function flatten(obj: object, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "object" && v !== null) Object.assign(out, flatten(v, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

test("every server setting is contributed with the same default, and nothing else", () => {
  const server = flatten(DEFAULTS);
  const contributed = Object.keys(props).map((k) => k.replace(/^axl-docs\./, ""));
  assert.deepEqual(contributed.sort(), [...Object.keys(server), ...CLIENT_ONLY_KEYS].sort());
  for (const [key, value] of Object.entries(server)) assert.deepEqual(props[`axl-docs.${key}`].default, value, key);
});

test("enums match and everything is described", () => {
  assert.deepEqual(props["axl-docs.style"].enum, [...STYLES]);
  assert.deepEqual(props["axl-docs.quoteStyle"].enum, [...QUOTE_STYLES]);
  assert.deepEqual(props["axl-docs.diagnostics.severity"].enum, [...SEVERITIES]);
  for (const [key, p] of Object.entries(props)) assert.ok(p.description || p.markdownDescription, key);
});

test("commands, keybinding and activation", () => {
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
  assert.deepEqual(commands, ["axl-docs.generateDocstringAtCursor", "axl-docs.documentFile", "axl-docs.restartServer"]);
  // The server's own command ids are registered by vscode-languageclient; ours must differ.
  assert.ok(!commands.includes("axl-docs.generateDocstring") && !commands.includes("axl-docs.generateFileDocstrings"));
  assert.equal(manifest.contributes.keybindings[0].key, "ctrl+shift+2");
  assert.deepEqual(manifest.activationEvents, ["onLanguage:python"]);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { afterShowMessage, afterStatusNotification, ServerState, view } from "../src/status";

const running: ServerState = { kind: "running", model: "unknown" };

test("the server's no-model notice means heuristic only", () => {
  const s = afterShowMessage(running, "axl-docs: no model loaded; docstring text comes from the name heuristic");
  assert.deepEqual(s, { kind: "running", model: "heuristic" });
  assert.match(view(s, "0.1.0").text, /heuristic/);
  assert.match(view(s, "0.1.0").tooltip, /axl-docs 0\.1\.0/);
});

test("other messages leave the state alone", () => {
  assert.deepEqual(afterShowMessage(running, "axl-docs: setting 'wrap' must be an integer"), running);
  assert.deepEqual(afterShowMessage({ kind: "starting" }, "no model loaded"), { kind: "starting" });
});

test("an axl-docs/status notification sets the model", () => {
  const s = afterStatusNotification(running, { model: "/m/axl.gguf" });
  assert.deepEqual(s, { kind: "running", model: { path: "/m/axl.gguf" } });
  assert.match(view(s).text, /model/);
  assert.deepEqual(afterStatusNotification(s, { model: null }), { kind: "running", model: "heuristic" });
  assert.deepEqual(afterStatusNotification(s, "junk"), s);
});

test("stopped is a warning", () => {
  assert.equal(view({ kind: "stopped", reason: "server not found" }).warning, true);
});

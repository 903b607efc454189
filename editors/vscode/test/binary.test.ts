import assert from "node:assert/strict";
import { test } from "node:test";
import { BinaryLookup, findServerBinary } from "../src/binary";

const lookup = (over: Partial<BinaryLookup>): BinaryLookup => ({
  configured: "",
  envPath: "/usr/bin:/opt/axl/bin",
  platform: "linux",
  isExecutable: () => false,
  expandHome: (p) => p.replace(/^~\//, "/home/u/"),
  ...over,
});

test("found on PATH", () => {
  const r = findServerBinary(lookup({ isExecutable: (f) => f === "/opt/axl/bin/axl-docs" }));
  assert.deepEqual(r, { ok: true, path: "/opt/axl/bin/axl-docs" });
});

test("the configured path wins and ~ expands", () => {
  const r = findServerBinary(lookup({ configured: "~/axl/build/axl-docs", isExecutable: (f) => f.startsWith("/home/u/") }));
  assert.deepEqual(r, { ok: true, path: "/home/u/axl/build/axl-docs" });
});

test("missing on PATH: says where to get it and which setting to change", () => {
  const r = findServerBinary(lookup({}));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /not found on PATH/);
    assert.match(r.message, /scripts\/setup/);
    assert.match(r.message, /"axl-docs\.path"/);
  }
});

test("a configured path that is wrong is reported as such (no PATH fallback)", () => {
  const r = findServerBinary(lookup({ configured: "/nope/axl-docs", isExecutable: (f) => f === "/usr/bin/axl-docs" }));
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /is set to \/nope\/axl-docs, but no executable is there/);
});

test("windows: axl-docs.exe and ; separators", () => {
  const r = findServerBinary(
    lookup({ platform: "win32", envPath: "C:\\a;C:\\b", isExecutable: (f) => f.endsWith("axl-docs.exe") && f.includes("b") }),
  );
  assert.equal(r.ok, true);
});

// Shared by the integration tests: starts `axl-docs serve` with the shipped model on a free port,
// gives the raw HTTP answer of a request (the reference a client library's result must equal),
// and stops the server, checking that it exits cleanly.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { basename } from "node:path";

// Imports an npm package of tests/integrations, or fails with what to run instead of a stack.
export async function importPinned(name) {
  try {
    return await import(name);
  } catch (e) {
    console.error(`FAIL: cannot load ${name} (${e.message}): run scripts/setup (npm ci in tests/integrations)`);
    process.exit(1);
  }
}

// Ends the process when a test hangs (ctest's TIMEOUT would kill it without a reason).
export function watchdog(ms) {
  setTimeout(() => {
    console.error(`FAIL: timed out after ${ms / 1000} s`);
    process.exit(1);
  }, ms).unref();
}

// Resolves with { baseURL, model, key, raw(path, body), stop() } once the server listens.
export function startServer(binary, modelPath) {
  const key = "integration-key-7";
  const model = basename(modelPath, ".gguf");
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ["serve", "--model", modelPath, "--port", "0", "--threads", "1",
                                "--api-key", key], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise((done) => proc.on("exit", (code) => done(code)));
    let err = "";
    proc.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/listening on http:\/\/[^ ]*:(\d+)\/v1/);
      if (!m) return;
      const baseURL = `http://127.0.0.1:${m[1]}/v1`;
      resolve({
        baseURL, model, key,
        async raw(path, body) {
          const r = await fetch(baseURL + path, {
            method: "POST", body: JSON.stringify({ model, ...body }),
            headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` } });
          assert.equal(r.status, 200, `raw ${path}: ${await r.clone().text()}`);
          return r.json();
        },
        async stop() {
          proc.kill("SIGTERM");
          assert.equal(await exited, 0, "server exit status after SIGTERM");
        },
      });
    });
    proc.on("exit", (code) => reject(new Error(`axl-docs serve exited (${code}): ${err}`)));
  });
}

// Runs the named checks in order, printing "ok NAME" for each, and always stops the server.
export async function runChecks(server, checks) {
  try {
    for (const [name, fn] of checks) {
      await fn();
      console.log(`ok ${name}`);
    }
  } finally {
    await server.stop();
  }
}

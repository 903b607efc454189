// The official `openai` npm client (pinned in package-lock.json) against `axl-docs serve`:
// models, completions, streaming completions, chat, streaming chat, errors. Results are checked.
// usage: node openai_client_e2e.mjs AXL_DOCS_BINARY
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let OpenAI;
try {
  ({ default: OpenAI } = await import("openai"));
} catch {
  console.error("FAIL: the openai package is missing: run scripts/setup (npm ci in tests/api)");
  process.exit(1);
}

const binary = process.argv[2];
const watchdog = setTimeout(() => {
  console.error("FAIL: timed out");
  process.exit(1);
}, 90_000);
watchdog.unref();

const dir = mkdtempSync(join(tmpdir(), "axl-api-"));
const model = join(dir, "tiny.gguf");
execFileSync(binary, ["init", "--tiny", "--seed", "3", "--std", "0.5", "--out", model]);
const KEY = "test-key-123";

// Starts the server on a free port; resolves with { proc, port }.
function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, ["serve", "--model", model, "--port", "0", "--threads", "2",
                                "--api-key", KEY], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    proc.stderr.on("data", (d) => {
      err += d;
      const m = err.match(/listening on http:\/\/[^ ]*:(\d+)\/v1/);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.on("exit", (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
}

const { proc, port } = await startServer();
const exited = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
const client = new OpenAI({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}/v1`,
                            timeout: 20_000, maxRetries: 0 });
const MODEL = "tiny";

async function test(name, fn) {
  await fn();
  console.log(`ok ${name}`);
}

try {
  await test("models.list", async () => {
    const page = await client.models.list();
    assert.deepEqual(page.data.map((m) => m.id), [MODEL]);
    assert.equal(page.data[0].object, "model");
    const one = await client.models.retrieve(MODEL);
    assert.equal(one.id, MODEL);
  });

  let completionText;
  await test("completions.create", async () => {
    const params = { model: MODEL, prompt: "def add(a, b):", max_tokens: 24, seed: 11,
                     ignore_eos: true };
    const r = await client.completions.create(params);
    assert.equal(r.object, "text_completion");
    assert.match(r.id, /^cmpl-/);
    assert.equal(r.model, MODEL);
    assert.equal(r.choices.length, 1);
    assert.equal(r.choices[0].index, 0);
    assert.equal(r.choices[0].finish_reason, "length");
    assert.equal(r.choices[0].logprobs, null);
    assert.equal(typeof r.choices[0].text, "string");
    assert.deepEqual(r.usage, { prompt_tokens: 14, completion_tokens: 24, total_tokens: 38 });
    completionText = r.choices[0].text;
    const again = await client.completions.create(params);
    assert.equal(again.choices[0].text, completionText, "same seed, same text");
    const two = await client.completions.create({ ...params, prompt: ["a", "b"], n: 2, echo: true });
    assert.deepEqual(two.choices.map((c) => c.index), [0, 1, 2, 3]);
    assert.ok(two.choices[2].text.startsWith("b"));
  });

  await test("completions.create stream", async () => {
    const stream = await client.completions.create({
      model: MODEL, prompt: "def add(a, b):", max_tokens: 24, seed: 11, ignore_eos: true,
      stream: true, stream_options: { include_usage: true } });
    let text = "", finish = null, chunks = 0, usage = null;
    for await (const chunk of stream) {
      assert.equal(chunk.object, "text_completion");
      for (const c of chunk.choices) {
        text += c.text;
        if (c.finish_reason) finish = c.finish_reason;
      }
      if (chunk.usage) usage = chunk.usage;
      chunks++;
    }
    assert.ok(chunks >= 3, `only ${chunks} chunks`);
    assert.equal(text, completionText, "streamed text equals the non-streamed text");
    assert.equal(finish, "length");
    assert.equal(usage.completion_tokens, 24);
  });

  let chatText;
  await test("chat.completions.create", async () => {
    const params = { model: MODEL, seed: 5, max_tokens: 20,
                     messages: [{ role: "system", content: "You write Python docstrings." },
                                { role: "user", content: "def add(a, b): return a + b" }] };
    const r = await client.chat.completions.create(params);
    assert.equal(r.object, "chat.completion");
    assert.match(r.id, /^chatcmpl-/);
    assert.equal(r.choices[0].message.role, "assistant");
    assert.equal(typeof r.choices[0].message.content, "string");
    assert.ok(["stop", "length"].includes(r.choices[0].finish_reason));
    assert.ok(r.usage.completion_tokens <= 20);
    assert.ok(!r.choices[0].message.content.includes("\n### "), "reply stays in its turn");
    chatText = r.choices[0].message.content;

    const stream = await client.chat.completions.create({ ...params, stream: true });
    let text = "", role = null, finish = null;
    for await (const chunk of stream) {
      assert.equal(chunk.object, "chat.completion.chunk");
      const d = chunk.choices[0].delta;
      if (d.role) role = d.role;
      if (d.content) text += d.content;
      if (chunk.choices[0].finish_reason) finish = chunk.choices[0].finish_reason;
    }
    assert.equal(role, "assistant");
    assert.equal(text, chatText, "streamed chat equals the non-streamed reply");
    assert.equal(finish, r.choices[0].finish_reason);
  });

  await test("errors map to the client's error classes", async () => {
    await assert.rejects(client.completions.create({ model: "gpt-4", prompt: "x" }), (e) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal(e.status, 404);
      assert.equal(e.code, "model_not_found");
      return true;
    });
    await assert.rejects(
      client.completions.create({ model: MODEL, prompt: "x", temperature: 5 }), (e) => {
        assert.ok(e instanceof OpenAI.BadRequestError);
        assert.equal(e.param, "temperature");
        return true;
      });
    const stranger = new OpenAI({ apiKey: "wrong", baseURL: client.baseURL, maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (e) => {
      assert.ok(e instanceof OpenAI.AuthenticationError);
      assert.equal(e.status, 401);
      return true;
    });
  });
} finally {
  proc.kill("SIGTERM");
  const code = await exited;
  rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, "server exit status after SIGTERM");
}

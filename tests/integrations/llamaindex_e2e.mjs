// LlamaIndex TS (@llamaindex/openai, pinned in package-lock.json) against `axl-docs serve` with the
// shipped model: OpenAI.chat (plain and streaming) and complete, pointed at the server with
// `baseURL`. Greedy decoding (temperature 0), so each result must equal the server's raw answer to
// the same request: the client sent the messages unchanged.
// usage: node llamaindex_e2e.mjs AXL_DOCS_BINARY MODEL.gguf
import assert from "node:assert/strict";
import { importPinned, runChecks, startServer, watchdog } from "./axl_serve.mjs";

const { OpenAI } = await importPinned("@llamaindex/openai");

watchdog(100_000);
const server = await startServer(process.argv[2], process.argv[3]);
const MAX = 24; // bytes: the shipped model is small but not instant
const common = { model: server.model, apiKey: server.key, baseURL: server.baseURL,
                 temperature: 0, maxTokens: MAX, maxRetries: 0 };
const llm = new OpenAI(common);
const messages = [{ role: "system", content: "You write Python docstrings." },
                  { role: "user", content: "def add(a, b):\n    return a + b" }];
const rawChat = (msgs) => server.raw("/chat/completions", { temperature: 0, max_tokens: MAX,
                                                             messages: msgs });

let chatText;
await runChecks(server, [
  ["OpenAI.chat", async () => {
    const r = await llm.chat({ messages });
    const want = await rawChat(messages);
    assert.equal(r.message.role, "assistant");
    assert.ok(r.message.content.length > 0, "empty reply");
    assert.equal(r.message.content, want.choices[0].message.content);
    assert.equal(r.raw.usage.completion_tokens, want.usage.completion_tokens);
    assert.ok(r.raw.usage.completion_tokens <= MAX);
    chatText = r.message.content;
  }],
  ["OpenAI.chat stream", async () => {
    let text = "", chunks = 0;
    for await (const chunk of await llm.chat({ messages, stream: true })) {
      text += chunk.delta;
      chunks++;
    }
    assert.ok(chunks >= 3, `only ${chunks} chunks`);
    assert.equal(text, chatText, "streamed reply equals the plain one");
  }],
  ["OpenAI.complete", async () => {
    const prompt = 'def add(a, b):\n    """';
    const r = await llm.complete({ prompt });
    const want = await rawChat([{ role: "user", content: prompt }]);
    assert.ok(r.text.length > 0, "empty completion");
    assert.equal(r.text, want.choices[0].message.content);
  }],
  ["server errors reach the caller", async () => {
    await assert.rejects(new OpenAI({ ...common, model: "gpt-4o" }).chat({ messages }), (e) => {
      assert.equal(e.status, 404, e.message);
      assert.equal(e.code, "model_not_found");
      return true;
    });
    await assert.rejects(new OpenAI({ ...common, apiKey: "wrong" }).chat({ messages }), (e) => {
      assert.equal(e.status, 401, e.message);
      return true;
    });
  }],
]);

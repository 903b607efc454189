// LangChain.js (@langchain/openai, pinned in package-lock.json) against `axl-docs serve` with the
// shipped model: ChatOpenAI (invoke, stream) and the completions-API OpenAI LLM, pointed at the
// server with `configuration.baseURL`. Greedy decoding (temperature 0), so each result must equal
// the server's raw answer to the same request: the client sent the messages/prompt unchanged.
// usage: node langchain_e2e.mjs AXL_DOCS_BINARY MODEL.gguf
import assert from "node:assert/strict";
import { importPinned, runChecks, startServer, watchdog } from "./axl_serve.mjs";

const { ChatOpenAI, OpenAI } = await importPinned("@langchain/openai");
const { HumanMessage, SystemMessage } = await importPinned("@langchain/core/messages");

watchdog(100_000);
const server = await startServer(process.argv[2], process.argv[3]);
const MAX = 24; // bytes: the shipped model is small but not instant
const common = { model: server.model, apiKey: server.key, temperature: 0, maxTokens: MAX,
                 maxRetries: 0, configuration: { baseURL: server.baseURL } };
const chat = new ChatOpenAI(common);
const system = "You write Python docstrings.";
const user = "def add(a, b):\n    return a + b";
const messages = [new SystemMessage(system), new HumanMessage(user)];
const prompt = 'def add(a, b):\n    """';

let chatText;
await runChecks(server, [
  ["ChatOpenAI.invoke", async () => {
    const reply = await chat.invoke(messages);
    const want = await server.raw("/chat/completions", {
      temperature: 0, max_tokens: MAX,
      messages: [{ role: "system", content: system }, { role: "user", content: user }] });
    assert.equal(typeof reply.content, "string");
    assert.ok(reply.content.length > 0, "empty reply");
    assert.equal(reply.content, want.choices[0].message.content);
    assert.equal(reply.response_metadata.finish_reason, want.choices[0].finish_reason);
    assert.deepEqual(
      [reply.usage_metadata.input_tokens, reply.usage_metadata.output_tokens],
      [want.usage.prompt_tokens, want.usage.completion_tokens]);
    assert.ok(reply.usage_metadata.output_tokens <= MAX);
    chatText = reply.content;
  }],
  ["ChatOpenAI.stream", async () => {
    let text = "", chunks = 0;
    for await (const chunk of await chat.stream(messages)) {
      text += chunk.content;
      chunks++;
    }
    assert.ok(chunks >= 3, `only ${chunks} chunks`);
    assert.equal(text, chatText, "streamed reply equals the invoked one");
  }],
  ["OpenAI (completions).invoke", async () => {
    const llm = new OpenAI(common);
    const text = await llm.invoke(prompt);
    const want = await server.raw("/completions", { prompt, temperature: 0, max_tokens: MAX });
    assert.ok(text.length > 0, "empty completion");
    assert.equal(text, want.choices[0].text);
  }],
  ["server errors reach the caller", async () => {
    const wrongModel = new ChatOpenAI({ ...common, model: "gpt-4o" });
    await assert.rejects(wrongModel.invoke("hi"), (e) => {
      assert.equal(e.status, 404, e.message);
      assert.match(e.message, /model/);
      return true;
    });
    const wrongKey = new ChatOpenAI({ ...common, apiKey: "wrong" });
    await assert.rejects(wrongKey.invoke("hi"), (e) => {
      assert.equal(e.status, 401, e.message);
      return true;
    });
  }],
]);

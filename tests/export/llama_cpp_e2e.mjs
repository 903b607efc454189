// End to end in the real llama.cpp: `axl-docs export --format llama` files (f32, f16, q8_0) loaded
// by node-llama-cpp 3.21.1 (its prebuilt CPU llama.cpp; nothing is compiled or downloaded here),
// compared with our engine's fine-only mode (fine_only_reference).
//
//   node llama_cpp_e2e.mjs --axl-docs BIN --reference BIN --repo DIR --work DIR
//                          [--model M.gguf] [--json OUT.json] [--prompts FILE.json]
//
// Model: --model, else $AXL_EXPORT_TEST_MODEL, else <repo>/models/axl-docs-lion.gguf when it
// exists, else a random-weight model from `axl-docs init` (then many next-byte choices are near
// ties, which is why agreement is measured on positions where our top-2 logit margin is at least
// the type's tie threshold; near ties are counted and reported, not compared).
//
// Checks, per export type:
//   - node-llama-cpp's own GGUF parser (readGgufFileInfo, JavaScript, independent of llama.cpp and
//     of our reader) sees the llama metadata, 258 tokens and the expected tensor names/shapes/types;
//   - llama.cpp loads the file; tokenize() gives byte ids ("def é\n" -> 100 101 102 32 195 169 10),
//     the control tokens parse as 256/257, detokenize() round-trips;
//   - next-byte argmax at every position of real Python code prompts agrees with our fine-only
//     forward on >= minAgree of the decisive positions; log-probabilities of the actual next byte
//     agree (mean |delta| bound) and the export's perplexity is within pplTol of ours;
//   - greedy generation (sequence.evaluate, temperature 0) from docstring openers equals our
//     KV-cache decoder's, unless it splits at a step where our top-2 margin is within what the
//     measured logit error can flip;
//   - with a trained model, LlamaCompletion text equals `axl-docs generate --fine-only --bos -t 0`
//     (up to a near-tie split the greedy check excused for the same opener).
// Once: models/Modelfile equals what `export --modelfile` writes; the CLI refuses bad input.
import {execFileSync, spawnSync} from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";

// Tolerances (explained in models/llama-export.md).
const TYPES = {
  // tie: top-2 margins below this are near ties (minDecisive: the least share of positions above
  // it); minAgree: share of decisive positions whose argmax must agree; maxMeanDlp (maxDlp): bound
  // on the mean (max) |log p_llama(next) - log p_ours(next)|; pplTol: relative perplexity bound.
  // f32 runs in an all-f32 llama.cpp: it must match our arithmetic to rounding (maxDlp bounds the
  // worst position too). f16 runs with llama.cpp's f16 KV cache and f16 activations in its f16
  // mat-muls; q8_0 adds the weight quantisation.
  f32: {tie: 1e-4, minDecisive: 0.5, minAgree: 0.99, maxMeanDlp: 1e-4, maxDlp: 2e-3, pplTol: 1e-4},
  f16: {tie: 0.02, minDecisive: 0.5, minAgree: 0.99, maxMeanDlp: 0.01, pplTol: 0.01},
  q8_0: {tie: 0.05, minDecisive: 0.25, minAgree: 0.97, maxMeanDlp: 0.05, pplTol: 0.03},
};
const GREEDY_TOKENS = 48;
const MAX_PROMPT_BYTES = 200; // BOS + prompt + greedy continuation stay inside the 256 context

function parseArgs(argv) {
  const out = {};
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--") || i + 1 >= argv.length) throw new Error(`bad argument ${a}`);
    out[a.slice(2)] = argv[++i];
  }
  for (const k of ["axl-docs", "reference", "repo", "work"])
    if (!out[k]) throw new Error(`missing --${k}`);
  return out;
}

if (Number(process.versions.node.split(".")[0]) < 20) {
  console.log(`FAIL: node-llama-cpp 3.21.1 needs Node.js >= 20 (this is ${process.versions.node})`);
  process.exit(1);
}
const args = parseArgs(process.argv);
const work = path.resolve(args.work);
fs.rmSync(work, {recursive: true, force: true});
fs.mkdirSync(work, {recursive: true});

let failures = 0;
function check(cond, what) {
  if (!cond) {
    failures++;
    console.log(`FAIL: ${what}`);
  }
  return cond;
}
function run(bin, argv) {
  return execFileSync(bin, argv, {encoding: "buffer", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "inherit"]});
}

// ---------------------------------------------------------------- the model under test
let modelPath = args.model ?? process.env.AXL_EXPORT_TEST_MODEL;
const shipped = path.join(args.repo, "models", "axl-docs-lion.gguf");
if (!modelPath && fs.existsSync(shipped)) modelPath = shipped;
const randomWeights = !modelPath;
if (randomWeights) {
  modelPath = path.join(work, "random.gguf");
  // f32 so the f32 export holds exactly the weights our engine runs; std 0.05 spreads the logits.
  run(args["axl-docs"], ["init", "--out", modelPath, "--dtype", "f32", "--std", "0.05", "--seed", "11"]);
}
console.log(`model: ${modelPath}${randomWeights ? " (random weights: near ties are common)" : ""}`);

// ---------------------------------------------------------------- the shipped Modelfile
// models/Modelfile is what `export --modelfile` writes next to axl-docs-lion-llama-f16.gguf.
{
  const dir = path.join(work, "ollama");
  fs.mkdirSync(dir);
  run(args["axl-docs"], ["export", "--format", "llama", "--model", modelPath, "--out", path.join(dir, "axl-docs-lion-llama-f16.gguf"), "--modelfile", path.join(dir, "Modelfile")]);
  const shippedModelfile = path.join(args.repo, "models", "Modelfile");
  check(fs.existsSync(shippedModelfile) && fs.readFileSync(shippedModelfile, "utf8") === fs.readFileSync(path.join(dir, "Modelfile"), "utf8"), "models/Modelfile equals what `axl-docs export --modelfile` writes");
}

// ---------------------------------------------------------------- prompts: real Python code
// Function and class definitions from the repository's own Python files, cut at line ends.
function collectPrompts() {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
      if (e.name === "node_modules" || e.name.startsWith(".") || e.name.startsWith("build")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".py")) files.push(p);
    }
  };
  for (const d of ["examples", "tests"]) if (fs.existsSync(path.join(args.repo, d))) walk(path.join(args.repo, d));
  files.sort();
  const chunks = [];
  for (const f of files) {
    const lines = fs.readFileSync(f, "utf8").replace(/\r\n/g, "\n").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*(async\s+def|def|class)\s/.test(lines[i])) continue;
      let text = "";
      for (let j = i; j < lines.length; j++) {
        const next = text + lines[j] + "\n";
        if (Buffer.byteLength(next) > MAX_PROMPT_BYTES) break;
        text = next;
      }
      if (Buffer.byteLength(text) >= 60) chunks.push(text);
    }
  }
  const unique = [...new Set(chunks)];
  const want = 40;
  if (unique.length <= want) return unique;
  return Array.from({length: want}, (_, k) => unique[Math.floor((k * unique.length) / want)]);
}
const textPrompts = args.prompts ? JSON.parse(fs.readFileSync(args.prompts, "utf8")) : collectPrompts();
check(textPrompts.length >= 10, `at least 10 code prompts (found ${textPrompts.length})`);
// Greedy generation starts where a user's docstring request does: after the opening quotes
// (held-out sequences are cut there; a code chunk becomes its first line + the opener).
function docstringPrompt(text) {
  const at = text.indexOf('"""');
  if (at >= 0) return text.slice(0, at + 3);
  return text.split("\n")[0].trimStart() + '\n    """';
}
const greedyPrompts = textPrompts.slice(0, 8).map(docstringPrompt);
const prompts = [...textPrompts, ...greedyPrompts];
const greedyFirst = textPrompts.length; // prompts[greedyFirst..] are the greedy prompts
const promptsFile = path.join(work, "prompts.json");
fs.writeFileSync(promptsFile, JSON.stringify(prompts));

const reference = JSON.parse(run(args.reference, [modelPath, promptsFile, "--greedy", String(GREEDY_TOKENS), "--full"]).toString("utf8"));
check(reference.prompts.length === prompts.length, "reference covers every prompt");

// ---------------------------------------------------------------- llama.cpp
process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
let nlc;
try {
  nlc = await import("node-llama-cpp");
} catch (e) {
  console.log(`FAIL: node-llama-cpp is not installed in tests/export (run scripts/setup, or: cd tests/export && npm ci --ignore-scripts): ${e.message}`);
  process.exit(1);
}
const {getLlama, LlamaLogLevel, LlamaCompletion, readGgufFileInfo} = nlc;
const llama = await getLlama({
  gpu: false, // CPU only; the prebuilt binary, never a build or a download
  build: "never",
  usePrebuiltBinaries: true,
  skipDownload: true,
  progressLogs: false,
  logLevel: LlamaLogLevel.warn,
  maxThreads: 1,
});
check(llama.gpu === false, "llama.cpp runs on the CPU");

const results = {model: modelPath, randomWeights, prompts: prompts.length, types: {}};

for (const [type, tol] of Object.entries(TYPES)) {
  const file = path.join(work, `export-${type}.gguf`);
  run(args["axl-docs"], ["export", "--format", "llama", "--type", type, "--model", modelPath, "--out", file]);

  // ---- independent structural check: node-llama-cpp's JavaScript GGUF parser
  const info = await readGgufFileInfo(file, {logWarnings: false});
  const md = info.metadata;
  check(md.general.architecture === "llama", `${type}: general.architecture = llama`);
  check(md.llama.context_length === 256 && md.llama.block_count === 3, `${type}: llama context/blocks`);
  const d = md.llama.embedding_length;
  check(d === 224, `${type}: embedding_length 224`);
  check(md.llama.attention.head_count === 4 && md.llama.rope.dimension_count === d / 4, `${type}: heads, rope dims`);
  check(md.tokenizer.ggml.model === "gpt2" && md.tokenizer.ggml.tokens.length === 258, `${type}: gpt2 vocab of 258`);
  check(Array.isArray(md.tokenizer.ggml.merges) && md.tokenizer.ggml.merges.length === 0, `${type}: no merges`);
  const ggmlType = {f32: 0, f16: 1, q8_0: 8}[type];
  const names = info.tensorInfo.map((t) => t.name);
  check(info.tensorInfo.length === 2 + 1 + 3 * 9, `${type}: 30 tensors (got ${info.tensorInfo.length})`);
  check(!names.some((n) => n.startsWith("s2.") || n.startsWith("s4.") || n.startsWith("cross.") || n.startsWith("fuse.")), `${type}: no coarse-scale tensors`);
  for (const t of info.tensorInfo) {
    const dims = t.dimensions.map(Number);
    const isNorm = t.name.endsWith("_norm.weight");
    check(t.ggmlType === (isNorm ? 0 : ggmlType), `${type}: ${t.name} type ${t.ggmlType}`);
    if (t.name === "token_embd.weight" || t.name === "output.weight") check(dims[0] === d && dims[1] === 258, `${type}: ${t.name} shape ${dims}`);
    if (t.name.endsWith("ffn_down.weight")) check(dims[1] === d && dims[0] > d, `${type}: ${t.name} shape ${dims}`);
  }

  // ---- llama.cpp loads it; the tokenizer maps text onto our byte ids
  const model = await llama.loadModel({modelPath: file, gpuLayers: 0});
  check(model.tokens.bos === 256 && model.tokens.eos === 257, `${type}: BOS/EOS ids 256/257`);
  check(model.trainContextSize === 256, `${type}: context 256`);
  const sameIds = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  check(sameIds(model.tokenize("def é\n"), [100, 101, 102, 32, 195, 169, 10]), `${type}: "def é\\n" -> byte ids (got ${model.tokenize("def é\n")})`);
  for (const text of ["  x\t= {'a': 1}  # ünïcödé λ → ✓ 𝔘\r\n\x01\x7f", prompts[0]]) {
    const ids = model.tokenize(text);
    check(sameIds(ids, [...Buffer.from(text, "utf8")]), `${type}: tokenize gives the UTF-8 bytes of ${JSON.stringify(text.slice(0, 30))}`);
    check(model.detokenize(ids) === text, `${type}: detokenize round-trips ${JSON.stringify(text.slice(0, 30))}`);
  }
  check(sameIds(model.tokenize("<|startoftext|>x<|endoftext|>", true), [256, 120, 257]), `${type}: control tokens parse as 256/257`);
  check(sameIds(model.tokenize("<|endoftext|>", false), [...Buffer.from("<|endoftext|>")]), `${type}: control text is bytes without special parsing`);

  // ---- next-byte distributions at every position
  // f32: an all-f32 llama.cpp (f32 KV cache, no flash attention), so the comparison is of the
  // arithmetic alone; f16/q8_0: llama.cpp's defaults (f16 KV cache), what users run.
  const exact = type === "f32" ? {experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32", flashAttention: false} : {};
  // One thread: ggml's worker threads spin while waiting, which wastes a loaded CI machine.
  const context = await model.createContext({contextSize: 256, batchSize: 256, threads: 1, ...exact});
  const seq = context.getSequence();
  let positions = 0, decisive = 0, agreeDecisive = 0, agreeAll = 0, nearTies = 0, sumDlp = 0, maxDlp = 0;
  let nllOurs = 0, nllLlama = 0, nllFull = 0, nNext = 0;
  const firstDisagreements = [];
  for (let p = 0; p < prompts.length; p++) {
    const ref = reference.prompts[p];
    const tokens = ref.tokens;
    await seq.clearHistory();
    const out = await seq.controlledEvaluate(tokens.map((t) => [t, {generateNext: {probabilities: true}}]));
    for (let i = 0; i < tokens.length; i++) {
      const probs = out[i].next.probabilities;
      let best = -1, bestP = -1;
      for (const [tok, pr] of probs) if (pr > bestP) (best = tok), (bestP = pr);
      const ours = ref.fine.argmax[i], margin = ref.fine.margin[i];
      positions++;
      if (best === ours) agreeAll++;
      if (margin >= tol.tie) {
        decisive++;
        if (best === ours) agreeDecisive++;
        else if (firstDisagreements.length < 5) firstDisagreements.push({prompt: p, pos: i, ours, llama: best, margin});
      } else nearTies++;
      if (i + 1 < tokens.length) {
        const lp = Math.log(probs.get(tokens[i + 1]) ?? 1e-30);
        const dlp = Math.abs(lp - ref.fine.logprob[i]);
        sumDlp += dlp;
        maxDlp = Math.max(maxDlp, dlp);
        nllLlama -= lp;
        nllOurs -= ref.fine.logprob[i];
        nllFull -= ref.full.logprob[i];
        nNext++;
      }
    }
  }
  const agree = agreeDecisive / Math.max(1, decisive);
  const meanDlp = sumDlp / nNext;
  const pplOurs = Math.exp(nllOurs / nNext), pplLlama = Math.exp(nllLlama / nNext);
  // Near-random weights put many positions below the tie threshold; a comparison over too few
  // decisive positions would say little, so their share has a floor.
  check(decisive >= positions * tol.minDecisive, `${type}: decisive positions ${decisive}/${positions} >= ${100 * tol.minDecisive}%`);
  check(agree >= tol.minAgree, `${type}: argmax agreement ${(100 * agree).toFixed(2)}% >= ${100 * tol.minAgree}% on decisive positions; first disagreements ${JSON.stringify(firstDisagreements)}`);
  check(meanDlp <= tol.maxMeanDlp, `${type}: mean |delta log p| ${meanDlp.toExponential(3)} <= ${tol.maxMeanDlp}`);
  if (tol.maxDlp !== undefined) check(maxDlp <= tol.maxDlp, `${type}: max |delta log p| ${maxDlp.toExponential(3)} <= ${tol.maxDlp}`);
  check(Math.abs(pplLlama / pplOurs - 1) <= tol.pplTol, `${type}: perplexity llama.cpp ${pplLlama.toFixed(4)} vs ours ${pplOurs.toFixed(4)} within ${100 * tol.pplTol}%`);

  // ---- greedy generation vs our KV-cache decoder
  // A split is excused only where our top-2 margin is below what the measured error can flip:
  // twice the largest |delta log p| seen above (both logits may move), or the tie threshold, and
  // never above 1 (a broken export must not excuse itself).
  const greedyTie = Math.min(1, Math.max(tol.tie, 2 * maxDlp));
  let greedySame = 0, greedyTieSplit = 0, greedyTokens = 0;
  let firstPromptTieSplit = -1; // where the first opener's greedy split at a near tie, if it did
  for (let p = greedyFirst; p < prompts.length; p++) {
    const ref = reference.prompts[p];
    await seq.clearHistory();
    const gen = [];
    let ended = true; // node-llama-cpp ends the generator at an end-of-generation token (EOS)
    for await (const t of seq.evaluate(ref.tokens, {temperature: 0})) {
      gen.push(t);
      if (gen.length >= ref.greedy.length || t === 257) {
        ended = false;
        break;
      }
    }
    if (ended) gen.push(257);
    greedyTokens += gen.length;
    let k = 0;
    while (k < gen.length && k < ref.greedy.length && gen[k] === ref.greedy[k]) k++;
    if (k === ref.greedy.length && k === gen.length) greedySame++;
    else if (k < ref.greedy.length && ref.greedy_margin[k] < greedyTie) {
      greedyTieSplit++;
      if (p === greedyFirst) firstPromptTieSplit = k;
    }
    else check(false, `${type}: greedy prompt ${p} diverges at step ${k} (ours ${ref.greedy[k]}, llama.cpp ${gen[k]}, our margin ${ref.greedy_margin[k]} >= ${greedyTie})`);
  }

  // ---- the text API a user calls (trained model: readable text to compare)
  let completionChecked = false;
  const ourText = run(args["axl-docs"], ["generate", "--model", modelPath, "--fine-only", "--bos", "-t", "0", "-n", "40", "-p", prompts[greedyFirst]]);
  let ourCompletion = null;
  try {
    ourCompletion = new TextDecoder("utf-8", {fatal: true}).decode(ourText).slice(prompts[greedyFirst].length, -1);
  } catch {
    ourCompletion = null; // random weights emit arbitrary bytes: no text to compare
  }
  if (!randomWeights && ourCompletion !== null) {
    await seq.clearHistory();
    const completion = new LlamaCompletion({contextSequence: seq});
    const text = await completion.generateCompletion(prompts[greedyFirst], {temperature: 0, maxTokens: 40});
    if (firstPromptTieSplit < 0) {
      check(text === ourCompletion, `${type}: LlamaCompletion text ${JSON.stringify(text)} equals axl-docs generate --fine-only ${JSON.stringify(ourCompletion)}`);
    } else {
      // The same opener split at a near tie above (excused there): the text must agree up to it.
      const a = Buffer.from(text).subarray(0, firstPromptTieSplit);
      const b = Buffer.from(ourCompletion).subarray(0, firstPromptTieSplit);
      check(a.length === firstPromptTieSplit && a.equals(b), `${type}: LlamaCompletion text ${JSON.stringify(text)} equals axl-docs generate --fine-only ${JSON.stringify(ourCompletion)} up to the near tie at byte ${firstPromptTieSplit}`);
    }
    completionChecked = true;
  }

  await context.dispose();
  await model.dispose();
  const r = {
    positions, decisive, nearTies, tie: tol.tie,
    agreementDecisive: +(100 * agree).toFixed(3),
    agreementAll: +((100 * agreeAll) / positions).toFixed(3),
    meanAbsDeltaLogprob: +meanDlp.toExponential(3), maxAbsDeltaLogprob: +maxDlp.toExponential(3),
    perplexityOursFull: +Math.exp(nllFull / nNext).toFixed(4),
    perplexityOursFineOnly: +pplOurs.toFixed(4), perplexityLlamaCpp: +pplLlama.toFixed(4),
    greedy: {prompts: greedyPrompts.length, identical: greedySame, splitAtNearTie: greedyTieSplit, nearTie: +greedyTie.toPrecision(3), tokens: greedyTokens},
    completionTextChecked: completionChecked,
    fileBytes: fs.statSync(file).size,
  };
  results.types[type] = r;
  if (type === "f32") {
    // The CLI refuses what it cannot export, with one clear line and exit status 2.
    const bad = spawnSync(args["axl-docs"], ["export", "--format", "llama", "--model", file, "--out", path.join(work, "again.gguf")], {encoding: "utf8"});
    check(bad.status === 2 && /general\.architecture is 'llama', expected 'axl'/.test(bad.stderr), `exporting an export fails clearly (status ${bad.status}: ${bad.stderr.trim()})`);
    const badType = spawnSync(args["axl-docs"], ["export", "--type", "q4_0", "--model", modelPath, "--out", path.join(work, "q4.gguf")], {encoding: "utf8"});
    check(badType.status !== 0 && !fs.existsSync(path.join(work, "q4.gguf")), "an unknown --type is refused");
  }
  console.log(`${type}: ${JSON.stringify(r)}`);
}

await llama.dispose();
if (args.json) fs.writeFileSync(args.json, JSON.stringify(results, null, 2) + "\n");
if (failures) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log("llama.cpp export e2e: all checks passed");

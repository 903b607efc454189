// End-to-end test of the VS Code extension in a real VS Code: code-server 4.96.4 (installed by
// tests/vscode/install.sh) in Debian's headless chromium, driven by puppeteer-core with real key
// presses and clicks. Usage:
//   node vscode_e2e.mjs code-action|completion AXL_DOCS VSIX OUT_DIR
// code-action: the quick fix "Generate docstring for `add`" at `def add`, applied and saved.
// completion: `"""` typed in a function body, the completion accepted, saved.
// Both check the file on disk. On failure the screenshot, the page's text and code-server's logs
// (the extension host's, the AXL Docs output channel) go to OUT_DIR. Every wait has a deadline,
// and code-server and chromium are killed at the end whatever happened.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const [scenario, axlDocs, vsix, outDir] = process.argv.slice(2);
if (!["code-action", "completion"].includes(scenario) || !axlDocs || !vsix || !outDir) {
  console.error("usage: node vscode_e2e.mjs code-action|completion AXL_DOCS VSIX OUT_DIR");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const codeServer = path.join(here, "node_modules/code-server/out/node/entry.js");
// Deadlines. Starting is slow on a loaded machine: code-server loads VS Code's server on the first
// page request (over 60 s on 2 cores busy with builds; about 5 s idle), then the extension host
// and the language server start.
const START_WAIT_MS = 180_000;
const WAIT_MS = 60_000; // each step after that
const TOTAL_MS = 420_000; // the whole test, under ctest's TIMEOUT (450 s)

const skip = (why) => {
  console.log(`SKIP: ${why}`);
  process.exit(77);
};
if (process.versions.node.split(".")[0] !== "20")
  skip(`code-server 4.96.4 needs Node 20; this is Node ${process.versions.node}`);
if (!fs.existsSync(path.join(here, "node_modules/.axl-vscode-installed")))
  skip("code-server is not installed in tests/vscode/node_modules (scripts/setup installs it)");
if (!fs.existsSync(vsix)) skip(`${vsix} is missing (scripts/setup builds it)`);
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
if (!chromium) skip("Debian's chromium is not installed (scripts/setup installs it)");

const log = (msg) => console.log(`vscode_e2e ${scenario}: ${msg}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "axl-vscode-e2e-"));
const userData = path.join(work, "user-data");
const extensions = path.join(work, "extensions");
const project = path.join(work, "project");
const file = path.join(project, "sample.py");
const serverLog = path.join(work, "code-server.log");

const SAMPLE = `def add(a: int, b: int = 2) -> int:
    return a + b


def scale(values, factor=2.0):
    return [v * factor for v in values]
`;

// Settings a user would set: the built server through axl-docs.path, numpy style to prove the
// settings reach it; no welcome page, no trust prompt, no telemetry.
function writeSettings() {
  const settings = {
    "axl-docs.path": path.resolve(axlDocs),
    "axl-docs.style": "numpy",
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "files.autoSave": "off",
  };
  for (const dir of ["User", "Machine"]) {
    fs.mkdirSync(path.join(userData, dir), { recursive: true });
    fs.writeFileSync(path.join(userData, dir, "settings.json"), JSON.stringify(settings, null, 2));
  }
  fs.mkdirSync(project, { recursive: true });
  fs.writeFileSync(file, SAMPLE);
}

function codeServerArgs(...rest) {
  return [codeServer, "--user-data-dir", userData, "--extensions-dir", extensions, ...rest];
}

function installExtension() {
  const r = spawnSync(process.execPath, codeServerArgs("--install-extension", path.resolve(vsix)), {
    encoding: "utf8",
    timeout: WAIT_MS * 2,
    env: { ...process.env, HOME: work }, // code-server writes ~/.config/code-server/config.yaml
  });
  const out = `${r.stdout}${r.stderr}`;
  log(`--install-extension: ${out.trim().split("\n").slice(-1)[0]}`);
  if (r.status !== 0 || !/was successfully installed/.test(out))
    throw new Error(`code-server --install-extension failed (status ${r.status}):\n${out}`);
}

// code-server on a port the kernel picks (127.0.0.1:0); the port is read from its log line.
function startCodeServer() {
  const logFd = fs.openSync(serverLog, "a");
  const child = spawn(
    process.execPath,
    codeServerArgs(
      "--auth", "none", "--bind-addr", "127.0.0.1:0", "--disable-telemetry", "--disable-update-check",
      "--disable-workspace-trust", "--disable-getting-started-override", "--log", "debug", project,
    ),
    { detached: true, stdio: ["ignore", logFd, logFd], env: { ...process.env, HOME: work } },
  );
  fs.closeSync(logFd);
  return child;
}

async function waitFor(what, fn, ms = WAIT_MS) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function serverUrl(child) {
  return waitFor(
    "code-server to listen",
    () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
      const m = fs.readFileSync(serverLog, "utf8").match(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      return m && m[1];
    },
    START_WAIT_MS,
  );
}

// The text of the editor's visible lines (Monaco renders spaces as U+00A0).
async function editorText(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll(".editor-instance .view-lines .view-line")]
      .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent.replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join("\n"),
  );
}

// F1 opens the command palette with ">" typed; pick the command by its title.
async function command(page, name) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: WAIT_MS });
  await pickFromQuickInput(page, name);
}

// Type `text` into the open quick input, wait for a row that shows it, take the first row.
async function pickFromQuickInput(page, text) {
  await page.keyboard.type(text);
  await page.waitForFunction(
    (t) => [...document.querySelectorAll(".quick-input-list .monaco-list-row")].some((r) => r.textContent.includes(t)),
    { timeout: WAIT_MS },
    text,
  );
  await page.keyboard.press("Enter");
}

async function goToLine(page, line, column) {
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyG");
  await page.keyboard.up("Control");
  await page.waitForSelector(".quick-input-widget .quick-input-box input", { visible: true, timeout: WAIT_MS });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.waitForSelector(".quick-input-widget", { hidden: true, timeout: WAIT_MS });
}

async function save(page) {
  await page.keyboard.down("Control");
  await page.keyboard.press("KeyS");
  await page.keyboard.up("Control");
}

// The docstring shows under `header` in the editor; Ctrl+S writes it to disk; check the file.
async function saveAndCheck(page, name, header, body) {
  const opened = `${header}\n    """`;
  await waitFor(`${name}'s docstring in the editor`, async () => (await editorText(page)).includes(opened));
  await save(page);
  const text = await waitFor(`${name}'s docstring saved to disk`, () => {
    const t = fs.readFileSync(file, "utf8");
    return t.includes(opened) && t;
  });
  assertDocstring(text, name, header, body);
}

function assertDocstring(text, name, header, body) {
  const at = text.indexOf(header);
  if (at < 0) throw new Error(`${header} is gone from the file:\n${text}`);
  const after = text.slice(at + header.length + 1);
  const m = after.match(/^    """([\s\S]*?)"""\n/);
  if (!m) throw new Error(`no docstring right under ${header} on disk:\n${text}`);
  const doc = m[0];
  if (!/\n    Parameters\n    ----------\n/.test(doc))
    throw new Error(`${name}'s docstring has no numpy Parameters section (settings not applied?):\n${doc}`);
  if (!after.slice(doc.length).startsWith(body)) throw new Error(`${name}'s body changed:\n${text}`);
  const parse = spawnSync("python3", ["-c", "import ast,sys; ast.parse(sys.stdin.read())"], { input: text });
  if (parse.status !== 0) throw new Error(`the saved file is not valid Python:\n${text}\n${parse.stderr}`);
  log(`${name}'s docstring on disk:\n${doc}`);
}

async function codeAction(page) {
  await goToLine(page, 1, 5); // on `add`
  await page.keyboard.down("Control");
  await page.keyboard.press("Period");
  await page.keyboard.up("Control");
  const title = "Generate docstring for `add`";
  const offered = await waitFor("the quick fix menu to offer the docstring", () =>
    page.evaluate((t) => {
      const rows = [...document.querySelectorAll(".action-widget .monaco-list-row")];
      return rows.some((r) => r.textContent.includes(t)) && rows.map((r) => r.textContent).join(" | ");
    }, title),
  );
  log(`quick fixes at def add: ${offered}`);
  // Down to the action with the keyboard (the menu opens on the first quick fix), then Enter.
  await waitFor(`${title} to be focused in the menu`, async () => {
    const focused = await page.evaluate(
      () => document.querySelector(".action-widget .monaco-list-row.focused")?.textContent ?? "",
    );
    if (focused.includes(title)) return true;
    await page.keyboard.press("ArrowDown");
    return false;
  }, 10_000);
  await page.keyboard.press("Enter");
  await saveAndCheck(page, "add", "def add(a: int, b: int = 2) -> int:", "    return a + b\n");
}

async function completion(page) {
  await goToLine(page, 5, 31); // the end of `def scale(values, factor=2.0):`
  await page.keyboard.press("End");
  await page.keyboard.press("Enter"); // VS Code indents the new line
  await page.keyboard.type('"""'); // `"` is a trigger character: the suggest widget opens
  const label = '""" docstring';
  const rows = await waitFor("the docstring completion", async () => {
    const r = await page.evaluate(() =>
      [...document.querySelectorAll(".suggest-widget.visible .monaco-list-row")].map((row) => row.textContent),
    );
    if (r.some((t) => t.includes(label))) return r.join(" | ");
    // Not opened by the trigger character (e.g. the request raced the server): ask for it.
    if (r.length === 0) {
      await page.keyboard.down("Control");
      await page.keyboard.press("Space");
      await page.keyboard.up("Control");
      await new Promise((res) => setTimeout(res, 1000));
    }
    return false;
  });
  log(`completions: ${rows}`);
  await page.waitForFunction(
    (l) => document.querySelector(".suggest-widget.visible .monaco-list-row.focused")?.textContent.includes(l),
    { timeout: WAIT_MS },
    label,
  );
  await page.keyboard.press("Enter"); // accept the focused (preselected) item
  await saveAndCheck(page, "scale", "def scale(values, factor=2.0):", "    return [v * factor for v in values]\n");
}

function copyLogs() {
  fs.mkdirSync(outDir, { recursive: true });
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(outDir, `${scenario}-code-server.log`));
  const logs = path.join(userData, "logs");
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(outDir, `${scenario}-vscode-logs`), { recursive: true });
  if (fs.existsSync(file)) fs.copyFileSync(file, path.join(outDir, `${scenario}-sample.py`));
}

async function main() {
  writeSettings();
  installExtension();
  const child = startCodeServer();
  let browser;
  let page;
  const deadline = setTimeout(() => {
    console.error(`vscode_e2e ${scenario}: FAIL: the whole test took over ${TOTAL_MS} ms`);
    copyLogs();
    cleanup(child, browser);
    process.exit(1);
  }, TOTAL_MS);
  try {
    const url = await serverUrl(child);
    log(`code-server at ${url}`);
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"],
      defaultViewport: { width: 1400, height: 900 },
      userDataDir: path.join(work, "chromium"),
      timeout: START_WAIT_MS,
    });
    page = await browser.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on("pageerror", (e) => log(`page error: ${e.message}`));
    const folder = `${url}/?folder=${encodeURIComponent(project)}`;
    await page.goto(folder, { waitUntil: "domcontentloaded", timeout: START_WAIT_MS });
    await page.waitForSelector(".monaco-workbench .part.statusbar", { visible: true, timeout: START_WAIT_MS });
    log("workbench loaded");

    // Open sample.py through Quick Open, as a user would.
    await command(page, "Go to File");
    await pickFromQuickInput(page, "sample.py");
    await waitFor("sample.py in the editor", async () => (await editorText(page)).startsWith("def add("), START_WAIT_MS);
    // The extension activated (onLanguage:python) and its server runs: the status bar item.
    const status = await waitFor(
      "the AXL Docs status bar item to show a running server",
      async () => {
        // "$(book) AXL Docs…" once running; a spinner while starting, an error icon when stopped.
        const s = await page.evaluate(() => {
          const item = [...document.querySelectorAll(".statusbar-item")].find((e) => e.textContent.includes("AXL Docs"));
          if (!item) return null;
          const tip = item.querySelector("[aria-label]")?.getAttribute("aria-label") ?? item.textContent;
          return { running: !!item.querySelector(".codicon-book"), error: !!item.querySelector(".codicon-error"), tip };
        });
        if (s?.error) throw new Error(`the AXL Docs status bar item shows an error: ${s.tip}`);
        return s?.running && s.tip;
      },
      START_WAIT_MS,
    );
    log(`status bar: ${status.trim()}`);
    // Its diagnostics reached the editor (the server has the document): D103 on add and scale.
    await page.waitForSelector(".editor-instance .squiggly-info", { timeout: START_WAIT_MS });

    if (scenario === "code-action") await codeAction(page);
    else await completion(page);
    log("PASS");
  } catch (e) {
    console.error(`vscode_e2e ${scenario}: FAIL: ${e.stack ?? e}`);
    fs.mkdirSync(outDir, { recursive: true });
    if (page) {
      const shot = path.join(outDir, `${scenario}-failure.png`);
      await page.screenshot({ path: shot }).then(() => console.error(`screenshot: ${shot}`), () => {});
      await page
        .evaluate(() => document.body.innerText)
        .then((t) => fs.writeFileSync(path.join(outDir, `${scenario}-page.txt`), t), () => {});
    }
    copyLogs();
    console.error(`logs: ${outDir}`);
    process.exitCode = 1;
  } finally {
    clearTimeout(deadline);
    await cleanup(child, browser);
  }
}

async function cleanup(child, browser) {
  if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  browser?.process()?.kill("SIGKILL");
  try {
    process.kill(-child.pid, "SIGKILL"); // code-server and its extension host, language server
  } catch {
    // already gone
  }
  fs.rmSync(work, { recursive: true, force: true });
}

await main();

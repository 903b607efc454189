// The VS Code side of axl-docs: starts `axl-docs lsp`, keeps its settings in sync, and adds the
// commands, keybinding and status bar item. Protocol features (diagnostics, quick fixes, """
// completion) come from vscode-languageclient unchanged.
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CodeAction as LspCodeAction,
  CodeActionRequest,
  CodeActionResolveRequest,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  ShowMessageNotification,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { findServerBinary } from "./binary";
import { enclosingHeaderLine } from "./definitions";
import { getterFromObject, initializationOptions, toServerSettings } from "./settings";
import { afterShowMessage, afterStatusNotification, ServerState, view } from "./status";

const SECTION = "axl-docs";
let client: LanguageClient | undefined;
let state: ServerState = { kind: "starting" };
let statusItem: vscode.StatusBarItem;
let output: vscode.OutputChannel;

function setState(next: ServerState): void {
  state = next;
  const v = view(state, client?.initializeResult?.serverInfo?.version);
  statusItem.text = v.text;
  statusItem.tooltip = v.tooltip;
  statusItem.backgroundColor = v.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  statusItem.show();
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function serverSettingsNow(): ReturnType<typeof toServerSettings> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return toServerSettings((k) => cfg.get(k));
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const found = findServerBinary({
    configured: cfg.get<string>("path") ?? "",
    envPath: process.env.PATH ?? "",
    platform: process.platform,
    isExecutable,
    expandHome: (p) => (p.startsWith("~/") ? os.homedir() + p.slice(1) : p),
  });
  if (!found.ok) {
    setState({ kind: "stopped", reason: "server not found" });
    const choice = await vscode.window.showErrorMessage(found.message, "Open Settings");
    if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", "axl-docs.path");
    return;
  }

  const { problems } = serverSettingsNow();
  for (const p of problems) void vscode.window.showWarningMessage(p);

  const serverOptions: ServerOptions = {
    command: found.path,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
    ],
    initializationOptions: initializationOptions((k) => cfg.get(k)),
    outputChannel: output,
    middleware: {
      workspace: {
        // The server pulls section "axl-docs"; answer with the same cleaned-up object we push.
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) return raw;
          return params.items.map((item, i) =>
            item.section === SECTION && typeof raw[i] === "object" && raw[i] !== null
              ? toServerSettings(getterFromObject(raw[i] as Record<string, unknown>)).settings
              : raw[i],
          );
        },
      },
    },
  };
  client = new LanguageClient(SECTION, "AXL Docs", serverOptions, clientOptions);
  // Registered before start, so it replaces the client's default showMessage handler (which only
  // displays the text): we still display it, and read the "no model loaded" notice for the status.
  client.onNotification(ShowMessageNotification.type, (m) => {
    setState(afterShowMessage(state, m.message));
    const show =
      m.type === 1 ? vscode.window.showErrorMessage : m.type === 2 ? vscode.window.showWarningMessage : undefined;
    if (show) void show(m.message);
    else output.appendLine(m.message); // info notices go to the log, not a popup on every start
  });
  client.onNotification("axl-docs/status", (params: unknown) => setState(afterStatusNotification(state, params)));
  client.onDidChangeState((e) => {
    if (e.newState === State.Running) setState({ kind: "running", model: "unknown" });
    else if (e.newState === State.Stopped) setState({ kind: "stopped", reason: "the server stopped (see the AXL Docs output)" });
    else setState({ kind: "starting" });
  });
  context.subscriptions.push(client);
  setState({ kind: "starting" });
  try {
    await client.start();
  } catch (e) {
    setState({ kind: "stopped", reason: "the server failed to start" });
    void vscode.window.showErrorMessage(`AXL Docs: could not start ${found.path} lsp: ${String(e)}`);
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.dispose().catch(() => undefined);
}

function runningClient(): LanguageClient | undefined {
  if (client && client.state === State.Running) return client;
  void vscode.window.showWarningMessage("AXL Docs: the language server is not running. Run \"AXL Docs: Restart server\".");
  return undefined;
}

async function generateDocstringAtCursor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = runningClient();
  if (!editor || !c || editor.document.languageId !== "python") return;
  const doc = editor.document;
  const lines = doc.getText().split(/\r?\n/);
  const line = enclosingHeaderLine(lines, editor.selection.active.line);
  if (line === undefined) {
    void vscode.window.showInformationMessage("AXL Docs: put the cursor in a function or class.");
    return;
  }
  const range = new vscode.Range(line, 0, line, lines[line].length);
  const result = await c.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: doc.uri.toString() },
    range: c.code2ProtocolConverter.asRange(range),
    context: { diagnostics: [], only: ["refactor.rewrite"] },
  });
  let action = (result ?? []).find((a): a is LspCodeAction => "title" in a && !("command" in a && typeof a.command === "string"));
  if (!action) {
    void vscode.window.showInformationMessage("AXL Docs: this definition's docstring is already up to date.");
    return;
  }
  if (!action.edit) action = await c.sendRequest(CodeActionResolveRequest.type, action);
  if (!action.edit) return;
  const edit = await c.protocol2CodeConverter.asWorkspaceEdit(action.edit);
  await vscode.workspace.applyEdit(edit);
}

async function documentFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const c = runningClient();
  if (!editor || !c || editor.document.languageId !== "python") return;
  // The server asks us to apply the edit (workspace/applyEdit) and reports $/progress.
  await c.sendRequest(ExecuteCommandRequest.type, {
    command: "axl-docs.generateFileDocstrings",
    arguments: [{ uri: editor.document.uri.toString() }],
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("AXL Docs");
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "AXL Docs";
  statusItem.command = "axl-docs.restartServer";
  context.subscriptions.push(output, statusItem);

  const guard = (f: () => Promise<void>) => async () => {
    try {
      await f();
    } catch (e) {
      void vscode.window.showErrorMessage(`AXL Docs: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand("axl-docs.generateDocstringAtCursor", guard(generateDocstringAtCursor)),
    vscode.commands.registerCommand("axl-docs.documentFile", guard(documentFile)),
    vscode.commands.registerCommand(
      "axl-docs.restartServer",
      guard(async () => {
        await stopClient();
        await startClient(context);
      }),
    ),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        await stopClient();
        await startClient(context);
        return;
      }
      const { settings, problems } = serverSettingsNow();
      for (const p of problems) void vscode.window.showWarningMessage(p);
      if (client?.state === State.Running)
        await client.sendNotification("workspace/didChangeConfiguration", { settings: { [SECTION]: settings } });
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

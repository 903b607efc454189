// Finding the `axl-docs` executable. Pure (file checks are injected) so the error texts, which are
// the user's only guide when the server cannot start, are unit-tested.
import * as path from "node:path";

export interface BinaryLookup {
  configured: string; // the axl-docs.path setting ("" = search PATH)
  envPath: string; // process.env.PATH
  platform: NodeJS.Platform;
  isExecutable: (file: string) => boolean;
  expandHome: (p: string) => string;
}

export type BinaryResult = { ok: true; path: string } | { ok: false; message: string };

const INSTALL_HINT =
  "Build it with `scripts/setup` (it produces build/axl-docs) and either put it on PATH " +
  "or set \"axl-docs.path\" to its full path, then run \"AXL Docs: Restart server\".";

export function findServerBinary(q: BinaryLookup): BinaryResult {
  const exe = q.platform === "win32" ? "axl-docs.exe" : "axl-docs";
  if (q.configured.trim() !== "") {
    const p = q.expandHome(q.configured.trim());
    if (q.isExecutable(p)) return { ok: true, path: p };
    return {
      ok: false,
      message:
        `AXL Docs: "axl-docs.path" is set to ${p}, but no executable is there. ` +
        "Fix the path in Settings (or clear it to search PATH), then run \"AXL Docs: Restart server\".",
    };
  }
  const sep = q.platform === "win32" ? ";" : ":";
  for (const dir of q.envPath.split(sep)) {
    if (dir === "") continue;
    const p = path.join(dir, exe);
    if (q.isExecutable(p)) return { ok: true, path: p };
  }
  return { ok: false, message: `AXL Docs: the ${exe} language server was not found on PATH. ${INSTALL_HINT}` };
}

// Bundles the extension (src/extension.ts -> out/extension.js, `vscode` left external) or, with
// --tests, each test/*.test.ts -> out/test/*.test.js for `node --test`.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const tests = process.argv.includes("--tests");
const production = process.argv.includes("--production");

await esbuild.build(
  tests
    ? {
        entryPoints: readdirSync("test")
          .filter((f) => f.endsWith(".test.ts"))
          .map((f) => `test/${f}`),
        outdir: "out/test",
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node18",
        sourcemap: "inline",
        logLevel: "warning",
      }
    : {
        entryPoints: ["src/extension.ts"],
        outfile: "out/extension.js",
        bundle: true,
        external: ["vscode"],
        platform: "node",
        format: "cjs",
        target: "node18",
        minify: production,
        sourcemap: !production,
        logLevel: "warning",
      },
);

// Which definition "Generate docstring" means when the cursor is not on a `def`/`class` line:
// the server offers the action for a definition whose header overlaps the requested range, so we
// ask for the nearest enclosing header. Pure text scan (the server re-checks on its syntax tree).

const HEADER = /^\s*(?:async\s+def|def|class)\s+[A-Za-z_]/;
const DECORATOR = /^\s*@/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim();
  return t === "" || t.startsWith("#");
}

// The 0-based line of the header the cursor belongs to, or undefined at module level.
export function enclosingHeaderLine(lines: readonly string[], cursor: number): number | undefined {
  if (cursor < 0 || cursor >= lines.length) return undefined;
  // On a decorator: the definition it decorates.
  let i = cursor;
  while (i < lines.length && DECORATOR.test(lines[i])) i++;
  if (i < lines.length && HEADER.test(lines[i]) && (i === cursor || DECORATOR.test(lines[cursor]))) return i;
  let limit = isBlankOrComment(lines[cursor]) ? Number.POSITIVE_INFINITY : indentOf(lines[cursor]);
  for (let j = cursor - 1; j >= 0; j--) {
    if (isBlankOrComment(lines[j])) continue;
    const ind = indentOf(lines[j]);
    if (ind >= limit) continue;
    if (HEADER.test(lines[j])) return j;
    if (ind === 0) return undefined; // a top-level statement: module level
    limit = ind;
  }
  return undefined;
}

import assert from "node:assert/strict";
import { test } from "node:test";
import { enclosingHeaderLine } from "../src/definitions";

const src = `import os

@decorator
def top(a,
        b):
    x = 1

    # comment
    return x


class C:
    def m(self):
        pass
    y = 2
z = 3`.split("\n");

test("on a header, a decorator or a continuation line", () => {
  assert.equal(enclosingHeaderLine(src, 3), 3);
  assert.equal(enclosingHeaderLine(src, 2), 3);
  assert.equal(enclosingHeaderLine(src, 4), 3);
});

test("inside bodies, blank and comment lines", () => {
  assert.equal(enclosingHeaderLine(src, 5), 3);
  assert.equal(enclosingHeaderLine(src, 6), 3);
  assert.equal(enclosingHeaderLine(src, 7), 3);
  assert.equal(enclosingHeaderLine(src, 13), 12);
  assert.equal(enclosingHeaderLine(src, 14), 11);
});

test("module level", () => {
  assert.equal(enclosingHeaderLine(src, 0), undefined);
  assert.equal(enclosingHeaderLine(src, 15), undefined);
  assert.equal(enclosingHeaderLine(src, 99), undefined);
});

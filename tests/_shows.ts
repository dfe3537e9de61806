// What the repr tests share: checks that an object shows as CPython's repr
// in repr(), util.inspect (Node, Bun), Deno.inspect and `${x}`.

import assert from "node:assert/strict";
import { inspect } from "node:util";
import { repr } from "../builtins/mod.ts";

const ADDRESS = /0x[0-9a-f]+/g;
const denoInspect = (globalThis as {
  Deno?: { inspect(v: unknown): string };
}).Deno?.inspect;

/**
 * Checks that `x` shows as `cpython` (a repr captured from CPython, with
 * each key of `vars` replaced by its value: pids, idents, ports). The
 * `at 0x...` addresses are masked: pyport makes one up per object, the
 * same on every repr of that object.
 */
export function shows(
  x: unknown,
  cpython: string,
  vars: Record<string, string | number> = {},
): void {
  let want = cpython;
  for (const [k, v] of Object.entries(vars)) want = want.replaceAll(k, `${v}`);
  const r = repr(x);
  assert.equal(r.replace(ADDRESS, "0x…"), want.replace(ADDRESS, "0x…"));
  assert.equal(repr(x), r, "the address stays the same");
  assert.equal(inspect(x), r);
  if (denoInspect !== undefined) assert.equal(denoInspect(x), r);
  if (!(x instanceof Error)) assert.equal(`${x}`, r);
}

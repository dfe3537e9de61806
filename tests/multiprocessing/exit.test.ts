// When a program with child processes ends, checked in a child program of
// the same runtime: it waits for a non-daemonic child and stops a daemonic
// one, for both start methods.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const child = fileURLToPath(new URL(`./_exit_child.${ext}`, import.meta.url));
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

function run(scenario: string, method: string) {
  const args = isDeno
    ? ["run", "-A", child, scenario, method]
    : [child, scenario, method];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

describe("program exit with child processes", () => {
  for (const method of ["worker", "spawn"]) {
    test(`${method}: the program waits for a non-daemonic child`, () => {
      const r = run("non-daemon", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "main done\nchild done\n");
    });

    test(`${method}: a daemonic child is stopped when the program ends`, () => {
      const r = run("daemon", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "main done\n");
    });
  }
});

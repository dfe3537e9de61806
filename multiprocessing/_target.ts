// Finding a Process's target in the child (docs/porting.md §7). Python pickles a
// function by its module and name; here a target must be an exported
// top-level function (or Process subclass) of a module the child can
// import. The module is found from the code that made the Process: the
// caller's module if it exports the name, else the module it imports the
// name from, else a module it imports that exports the name. A function
// exported nowhere crosses as its source text when that text stands on its
// own (a self-contained function); anything else fails at start().

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freeNames } from "./_free_names.ts";

/** How the child finds the target. */
export type TargetRef =
  | { kind: "export"; url: string; name: string }
  | { kind: "source"; source: string; name: string };

const OWN_DIR = new URL(".", import.meta.url).href;

// deno-lint-ignore ban-types
const known = new Map<Function, TargetRef>();

/**
 * Records that the package's own function `fn` is exported as `name` by
 * the module at `url`: how a child finds the package's internal targets
 * (a pool's worker loop), which no user module exports.
 */
// deno-lint-ignore ban-types
export function registerTarget(fn: Function, url: string, name: string): void {
  known.set(fn, { kind: "export", url, name });
}

/**
 * The URL of the first module on the call stack outside multiprocessing/:
 * the code that made the Process. `at` is an Error made where the stack
 * was to be read (reading its text later costs what reading it now does:
 * only then is the text made).
 */
export function callerModule(at: Error = new Error()): string | null {
  const stack = typeof at.stack === "string" ? at.stack : "";
  for (const line of stack.split("\n").slice(1)) {
    const m = /((?:file|https?):\/\/[^\s)]+?):\d+:\d+\)?\s*$/.exec(line) ??
      /\(?(\/[^\s()]+?):\d+:\d+\)?\s*$/.exec(line);
    if (m === null) continue;
    const url = m[1]!.startsWith("/") ? "file://" + m[1] : m[1]!;
    if (url.startsWith(OWN_DIR)) continue;
    return url;
  }
  return null;
}

const sources = new Map<string, string | null>();

function sourceOf(url: string): string | null {
  let s = sources.get(url);
  if (s === undefined) {
    try {
      s = url.startsWith("file:")
        ? readFileSync(fileURLToPath(url), "utf8")
        : null;
    } catch {
      s = null;
    }
    sources.set(url, s);
  }
  return s;
}

function escape(name: string): string {
  return name.replace(/\$/g, "\\$");
}

/** The export name under which module text `src` exports local `name`. */
function exportedAs(src: string, name: string): string | null {
  const n = escape(name);
  const decl = new RegExp(
    `^[ \\t]*export\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\s*\\*?|class|const|let|var)\\s*${n}\\b`,
    "m",
  );
  const m = decl.exec(src);
  if (m !== null) return /export\s+default/.test(m[0]) ? "default" : name;
  // export { a, name as b } (not re-exports from another module)
  const list = /^[ \t]*export\s*(?:type\s*)?\{([^}]*)\}(?!\s*from)/gm;
  for (const e of src.matchAll(list)) {
    for (const part of e[1]!.split(",")) {
      const [local, as] = part.trim().split(/\s+as\s+/);
      if (local === name) return (as ?? local)!.trim();
    }
  }
  return null;
}

/** Static imports of module text `src`: [names clause, specifier]. */
function importsOf(src: string): [string, string][] {
  const out: [string, string][] = [];
  const re = /^[ \t]*import\s+(?!type\b)([^'";]*?)\s*from\s*["']([^"']+)["']/gm;
  for (const m of src.matchAll(re)) out.push([m[1]!, m[2]!]);
  return out;
}

function resolveSpecifier(spec: string, base: string): string | null {
  if (spec.startsWith(".") || spec.startsWith("/")) {
    return new URL(spec, base).href;
  }
  if (/^(file|https?):/.test(spec)) return spec;
  try {
    // Bare specifiers: resolved as the runtime does for this module.
    const r = (import.meta as { resolve?: (s: string) => string }).resolve;
    return r ? r(spec) : null;
  } catch {
    return null;
  }
}

/**
 * Where module `caller` gets `name` from: itself, the module it imports it
 * from, or a module it imports that exports it.
 */
export function findExport(
  caller: string,
  name: string,
): { url: string; name: string } | null {
  const src = sourceOf(caller);
  if (src === null) return null;
  const own = exportedAs(src, name);
  if (own !== null) return { url: caller, name: own };
  const imports = importsOf(src);
  const n = escape(name);
  for (const [clause, spec] of imports) {
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces === null) continue;
    for (const part of braces[1]!.split(",")) {
      const [orig, as] = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/);
      if ((as ?? orig)?.trim() === name && orig) {
        const url = resolveSpecifier(spec, caller);
        if (url !== null) return { url, name: orig.trim() };
      }
    }
    if (new RegExp(`^${n}\\b`).test(clause.trim())) {
      const url = resolveSpecifier(spec, caller);
      if (url !== null) return { url, name: "default" };
    }
  }
  for (const [, spec] of imports) {
    const url = resolveSpecifier(spec, caller);
    if (url === null) continue;
    const s = sourceOf(url);
    if (s === null) continue;
    const as = exportedAs(s, name);
    if (as !== null) return { url, name: as };
  }
  return null;
}

/** Whether `source` is a function expression that compiles on its own. */
function standsAlone(source: string): boolean {
  if (source.includes("[native code]")) return false;
  if (!/^(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.test(source)) {
    return false;
  }
  try {
    new Function(`return (${source});`);
    return true;
  } catch {
    return false;
  }
}

/**
 * How the child will find `fn` (a function, or a Process subclass), made by
 * code in module `caller`. Throws TypeError saying what to do.
 */
export function locate(
  // deno-lint-ignore ban-types
  fn: Function,
  caller: string | null,
  what: "target" | "class",
): TargetRef {
  const own = known.get(fn);
  if (own !== undefined) return own;
  const name = fn.name;
  const native = Function.prototype.toString.call(fn).includes("[native code]");
  if (name && !native && !name.startsWith("bound ") && caller !== null) {
    const found = findExport(caller, name);
    if (found !== null) return { kind: "export", ...found };
  }
  const source = Function.prototype.toString.call(fn);
  const label = what === "target"
    ? `the target ${name ? `'${name}'` : "(an anonymous function)"}`
    : `the Process subclass '${name}'`;
  if (what === "target" && standsAlone(source)) {
    const free = freeNames(source);
    if (free.length === 0) {
      return { kind: "source", source, name: name || "<lambda>" };
    }
    throw new TypeError(
      `Can't pickle ${label}: it is exported by no module the child can ` +
        "import, and it uses names from its surroundings " +
        `(${free.map((f) => `'${f}'`).join(", ")}), which the child does ` +
        "not have: export it at the top level of its module, or pass what " +
        "it uses as arguments",
    );
  }
  throw new TypeError(
    `Can't pickle ${label}: a child process finds it by importing its ` +
      "module, so it must be exported at the top level of a module (export " +
      `${what === "target" ? "function" : "class"} ${name || "name"} ...)` +
      (what === "target"
        ? ", or be a self-contained function that uses only its arguments " +
          "and globals"
        : ""),
  );
}

/** Python's AttributeError for a name a module does not have. */
class MissingAttribute extends Error {
  override name = "AttributeError";
}

/**
 * In the child: the function (or class) `ref` names, by importing its
 * module, or by evaluating a self-contained function's source.
 */
export async function loadTarget(ref: TargetRef): Promise<unknown> {
  if (ref.kind === "source") return (0, eval)(`(${ref.source})`);
  const ns = await import(ref.url) as Record<string, unknown>;
  const v = ns[ref.name];
  if (typeof v !== "function") {
    throw new MissingAttribute(
      `Can't get attribute '${ref.name}' on <module '${ref.url}'>`,
    );
  }
  return v;
}

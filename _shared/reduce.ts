// How pyport objects cross a process boundary: docs/porting.md §7's analogue
// of pickling. Values cross by structured clone; an object of the package
// that lives in shared memory (a Lock, a Queue, a Value, a Connection ...) is
// replaced on the way by a marker `{ __pyport_mp__: kind, module, state }`
// that its class makes with `[REDUCE](ctx)`, and the receiving process
// rebuilds it with the function registered for `kind`. The marker names the
// module that registers the kind, so a child loads only the modules its
// arguments need. A new kind is registered in its class file, whose module
// is listed in multiprocessing/_kind_modules.ts (the imports a child may
// make, each with a literal specifier, so that JSR's publish can analyse
// them).
// SharedArrayBuffers in the state are shared, not copied, by a Worker's
// postMessage.

import { pyTypeName } from "./type_name.ts";
import { isPlainObject } from "./args.ts";
import { asTuple } from "./tuple.ts";

/** The method that makes a class's objects cross: `obj[REDUCE](ctx)`. */
export const REDUCE: unique symbol = Symbol("pyport.multiprocessing.reduce");

/** Where a value is going. */
export interface ReduceContext {
  /** The start method of the receiving process. */
  readonly method: "worker" | "spawn";
  /** What is being sent, for error messages, e.g. "args[0]". */
  readonly path: string;
}

/** The marker a reduced object travels as. */
export interface Reduced {
  readonly __pyport_mp__: string;
  /** The URL of the module that registers the kind. */
  readonly module: string;
  readonly state: unknown;
}

/** An object that knows how to cross. */
export interface Reducible {
  [REDUCE](ctx: ReduceContext): Reduced;
}

interface Kind {
  readonly module: string;
  readonly rebuild: (state: unknown) => unknown;
}

const kinds = new Map<string, Kind>();

function modulesIn(
  v: unknown,
  out: Map<string, string>,
  seen: Set<object>,
): void {
  if (typeof v !== "object" || v === null || seen.has(v)) return;
  seen.add(v);
  if (ArrayBuffer.isView(v)) return;
  if (isPlainObject(v) && isMarker(v) && !kinds.has(v.__pyport_mp__)) {
    out.set(v.module, v.__pyport_mp__);
  }
  const items = v instanceof Map
    ? [...v.keys(), ...v.values()]
    : v instanceof Set || Array.isArray(v)
    ? [...v]
    : isPlainObject(v)
    ? Object.values(v)
    : [];
  for (const x of items) modulesIn(x, out, seen);
}

/**
 * The package's modules that register kinds, each with an import of a
 * literal specifier (multiprocessing/_kind_modules.ts): module path inside
 * the package, without its extension (`multiprocessing/queue`), -> import.
 */
export type KindModules = Readonly<
  Record<string, () => Promise<unknown>>
>;

/**
 * Loads the modules that rebuild the kinds found in `v` and are not loaded
 * yet. Only modules inside this package are loaded, through `modules`: a
 * marker naming any other URL (after normalising it), or a module of the
 * package `modules` does not list, is refused, and so is a module that
 * does not register the kind it was named for.
 */
export async function loadKinds(
  v: unknown,
  modules: KindModules = {},
): Promise<void> {
  const named = new Map<string, string>();
  modulesIn(v, named, new Set());
  for (const [url, kind] of named) {
    let href: string;
    try {
      href = new URL(url).href;
    } catch {
      href = "";
    }
    const load = href === url && href.startsWith(PACKAGE_ROOT)
      ? Object.hasOwn(modules, modulePath(href))
        ? modules[modulePath(href)]
        : undefined
      : undefined;
    if (load === undefined) {
      throw new TypeError(`cannot rebuild a '${kind}' object from ${url}`);
    }
    await load();
    if (!kinds.has(kind)) {
      throw new TypeError(
        `cannot rebuild a '${kind}' object: ${url} does not register it`,
      );
    }
  }
}

/** The package's root folder URL (this file is in `_shared/`). */
const PACKAGE_ROOT = new URL("../", import.meta.url).href;

/** `multiprocessing/queue` for the package's `multiprocessing/queue.ts` (or `.js`). */
function modulePath(href: string): string {
  return href.slice(PACKAGE_ROOT.length).replace(/\.(?:ts|js)$/, "");
}

/**
 * Registers how objects of `kind` are rebuilt in the receiving process.
 * Each class calls it once at load time, next to its `[REDUCE]` method,
 * with its module's `import.meta.url`: a receiving process that meets the
 * kind loads that module (which must be listed in
 * multiprocessing/_kind_modules.ts).
 */
export function registerKind(
  kind: string,
  module: string,
  rebuild: (state: unknown) => unknown,
): void {
  kinds.set(kind, { module, rebuild });
}

/** Makes the marker for an object of `kind` (a registered kind). */
export function reduced(kind: string, state: unknown): Reduced {
  const k = kinds.get(kind);
  if (k === undefined) throw new TypeError(`unregistered kind '${kind}'`);
  return { __pyport_mp__: kind, module: k.module, state };
}

function isReducible(v: object): v is Reducible {
  return typeof (v as Partial<Reducible>)[REDUCE] === "function";
}

/** Whether `v` is, or views, a SharedArrayBuffer. */
function isShared(v: object): boolean {
  if (v instanceof SharedArrayBuffer) return true;
  return ArrayBuffer.isView(v) && v.buffer instanceof SharedArrayBuffer;
}

/**
 * Replaces every pyport object in `v` (deeply, through arrays, plain
 * objects, Maps and Sets) by its marker, leaving other values as they are.
 * Functions and symbols cannot cross: TypeError naming where they are.
 */
export function reduceValue(v: unknown, ctx: ReduceContext): unknown {
  return walk(v, ctx.path, ctx, new Map());
}

function walk(
  v: unknown,
  path: string,
  ctx: ReduceContext,
  seen: Map<object, unknown>,
): unknown {
  if (typeof v === "function" || typeof v === "symbol") {
    throw new TypeError(
      `cannot pickle '${pyTypeName(v)}' object (${path}): only values that ` +
        "structured clone copies can cross to another process",
    );
  }
  if (typeof v !== "object" || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (ctx.method === "spawn" && isShared(v)) {
    throw new TypeError(
      `cannot pickle '${pyTypeName(v)}' object (${path}): shared memory ` +
        "cannot reach a 'spawn' process (another OS process); use the " +
        "'worker' start method",
    );
  }
  if (isReducible(v)) {
    const r = v[REDUCE]({ method: ctx.method, path });
    seen.set(v, r);
    return r;
  }
  if (Array.isArray(v) && Object.isFrozen(v)) {
    // A tuple: structured clone would make it a list (an unfrozen plain
    // array), so it crosses as a marker the other side makes a tuple again.
    const marker: { [TUPLE]: unknown[] } = { [TUPLE]: [] };
    seen.set(v, marker);
    for (let i = 0; i < v.length; i++) {
      marker[TUPLE].push(walk(v[i], `${path}[${i}]`, ctx, seen));
    }
    return marker;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    seen.set(v, v);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = walk(x, `${path}[${i}]`, ctx, seen);
      if (y !== x) {
        out ??= v.slice();
        out[i] = y;
      }
    }
    if (out !== null) seen.set(v, out);
    return out ?? v;
  }
  if (v instanceof Map) {
    let changed = false;
    const entries: [unknown, unknown][] = [];
    seen.set(v, v);
    for (const [k, x] of v) {
      const y = walk(x, `${path}[${String(k)}]`, ctx, seen);
      const k2 = walk(k, `${path} key`, ctx, seen);
      if (y !== x || k2 !== k) changed = true;
      entries.push([k2, y]);
    }
    if (!changed) return v;
    const out = new Map(entries);
    seen.set(v, out);
    return out;
  }
  if (v instanceof Set) {
    let changed = false;
    const items: unknown[] = [];
    seen.set(v, v);
    for (const x of v) {
      const y = walk(x, `${path} item`, ctx, seen);
      if (y !== x) changed = true;
      items.push(y);
    }
    if (!changed) return v;
    const out = new Set(items);
    seen.set(v, out);
    return out;
  }
  if (isPlainObject(v)) {
    let out: Record<string, unknown> | null = null;
    seen.set(v, v);
    for (const k of Object.keys(v)) {
      const x = v[k];
      const y = walk(x, `${path}.${k}`, ctx, seen);
      if (y !== x) {
        out ??= { ...v };
        out[k] = y;
      }
    }
    if (out !== null) seen.set(v, out);
    return out ?? v;
  }
  return v;
}

/** The one key of the marker a tuple crosses as. */
const TUPLE = "__pyport_tuple__";

function isTupleMarker(v: object): v is { [TUPLE]: unknown[] } {
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === TUPLE &&
    Array.isArray((v as Record<string, unknown>)[TUPLE]);
}

function isMarker(v: object): v is Reduced {
  return typeof (v as Partial<Reduced>).__pyport_mp__ === "string" &&
    typeof (v as Partial<Reduced>).module === "string" &&
    Object.keys(v).length === 3;
}

/** Undoes `reduceValue` in the receiving process. */
export function rebuildValue(v: unknown): unknown {
  return unwalk(v, new Map());
}

function unwalk(v: unknown, seen: Map<object, unknown>): unknown {
  if (typeof v !== "object" || v === null) return v;
  const done = seen.get(v);
  if (done !== undefined) return done;
  if (Array.isArray(v)) {
    seen.set(v, v);
    for (let i = 0; i < v.length; i++) {
      // Holes stay holes (structured clone keeps them).
      if (!(i in v)) continue;
      const x = unwalk(v[i], seen);
      if (x !== v[i]) v[i] = x;
    }
    return v;
  }
  if (v instanceof Map) {
    seen.set(v, v);
    const entries = [...v].map(([k, x]) => [unwalk(k, seen), unwalk(x, seen)]);
    v.clear();
    for (const [k, x] of entries) v.set(k, x);
    return v;
  }
  if (v instanceof Set) {
    seen.set(v, v);
    const items = [...v].map((x) => unwalk(x, seen));
    v.clear();
    for (const x of items) v.add(x);
    return v;
  }
  if (isPlainObject(v)) {
    if (isTupleMarker(v)) {
      // Filled first, then made a tuple in place, so that a reference back
      // to it from inside (a cycle) is the tuple too.
      const out: unknown[] = [];
      seen.set(v, out);
      for (const x of v[TUPLE]) out.push(unwalk(x, seen));
      return asTuple(out);
    }
    if (isMarker(v)) {
      const rebuild = kinds.get(v.__pyport_mp__)?.rebuild;
      if (rebuild === undefined) {
        throw new TypeError(
          `cannot rebuild a '${v.__pyport_mp__}' object in this process: ` +
            "its module is not loaded",
        );
      }
      const obj = rebuild(v.state);
      seen.set(v, obj);
      return obj;
    }
    seen.set(v, v);
    for (const k of Object.keys(v)) v[k] = unwalk(v[k], seen);
    return v;
  }
  return v;
}

// Which JavaScript classes stand for which Python classes, by Python's
// `module.qualname`: what copyreg and the import system do for CPython's
// pickle. The unpickler builds only classes named here (and the built-in
// types), so no pickle can make it run anything else.

import * as builtins from "../builtins/exceptions.ts";
import * as oserrors from "../builtins/os_error.ts";
import { slice } from "../builtins/slice.ts";

/** A class pickle may build: anything `new` can be applied to. */
// deno-lint-ignore no-explicit-any
export type PickleClass = abstract new (...args: any[]) => unknown;

const byName = new Map<string, PickleClass>();
const byClass = new Map<PickleClass, string>();

/**
 * Makes `cls` the class pickle uses for Python's `name` (`module.qualname`,
 * as `"__main__.Point"`), both ways: an instance of `cls` is pickled as an
 * instance of that Python class, and a pickle naming it builds an instance
 * of `cls`. Python's pickling hooks are honoured when `cls` defines them:
 * `__reduce__()`, `__getnewargs__()`, `__getstate__()`, `__setstate__(state)`.
 * Without them an instance travels as CPython's default does: made without
 * calling its constructor, then given its fields (its own enumerable
 * properties, as Python's `__dict__`).
 *
 * @example
 * ```ts
 * import { dumps, loads, register } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * class Point {
 *   x = 0;
 *   y = 0;
 * }
 * register("__main__.Point", Point);
 * const p = loads(dumps(Object.assign(new Point(), { x: 1, y: 2 }))) as Point;
 * assert.ok(p instanceof Point);
 * assert.deepEqual([p.x, p.y], [1, 2]);
 * ```
 *
 * @param name Python's `module.qualname` of the class.
 * @param cls The class.
 * @throws {ValueError} `name` has no module part.
 */
export function register(name: string, cls: PickleClass): void {
  if (typeof name !== "string" || name.lastIndexOf(".") <= 0) {
    throw new builtins.ValueError(
      `a class is registered as 'module.qualname', not ${String(name)}`,
    );
  }
  const old = byName.get(name);
  if (old !== undefined) byClass.delete(old);
  byName.set(name, cls);
  byClass.set(cls, name);
}

/**
 * Forgets the class registered as `name` (see `register`).
 *
 * @example
 * ```ts
 * import { dumps, register, unregister } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * class Tag {}
 * register("__main__.Tag", Tag);
 * unregister("__main__.Tag");
 * assert.throws(() => dumps(new Tag()));
 * ```
 *
 * @param name Python's `module.qualname` of the class.
 */
export function unregister(name: string): void {
  const cls = byName.get(name);
  if (cls === undefined) return;
  byName.delete(name);
  byClass.delete(cls);
}

/** The class registered as `module.name`, if any. */
export function classNamed(
  module: string,
  name: string,
): PickleClass | undefined {
  return byName.get(`${module}.${name}`);
}

/** The Python name of `cls` (or of its nearest registered base). */
export function nameOf(cls: unknown): [string, string] | undefined {
  const n = byClass.get(cls as PickleClass);
  if (n === undefined) return undefined;
  const dot = n.lastIndexOf(".");
  return [n.slice(0, dot), n.slice(dot + 1)];
}

for (const ns of [builtins, oserrors] as Record<string, unknown>[]) {
  for (const [k, v] of Object.entries(ns)) {
    if (typeof v === "function" && v.prototype instanceof Error) {
      register(`builtins.${k}`, v as PickleClass);
    }
  }
}
register("builtins.TypeError", TypeError);
register("builtins.slice", slice);

// Python's threading.local.

import { current } from "../_shared/thread_context.ts";
import { getValues, setValues } from "./_locals.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";

// Set while a subclass's constructor runs again for another thread: local's
// constructor then returns the bare object being initialised.
let reinit: object | null = null;

/**
 * Each local's proxy -> the object behind it: its repr shows one address
 * whether an inspector is given the proxy or (Deno's) the object.
 */
const behind = new WeakMap<object, object>();

/**
 * The class between `cls` and `local` (inclusive of `cls`) whose own
 * constructor declares parameters, or null. When `local` got no arguments,
 * such a constructor did not pass its arguments on, and running it again in
 * another thread would run it without them.
 */
function droppedArguments(cls: abstract new (...a: never[]) => unknown): {
  name: string;
} | null {
  for (
    let c: unknown = cls;
    typeof c === "function" && c !== local;
    c = Object.getPrototypeOf(c)
  ) {
    let takes = takesArgs.get(c);
    if (takes === undefined) takesArgs.set(c, takes = takesArguments(c));
    if (takes) return c;
  }
  return null;
}

const takesArgs = new WeakMap<object, boolean>();

/**
 * Whether the class `c` declares a constructor with parameters.
 * `Function.length` does not count defaulted or rest parameters, so the
 * class's source text is read: its body's `constructor(`, outside strings,
 * comments and nested braces, and whether anything stands in the parens.
 */
function takesArguments(c: { length: number }): boolean {
  if (c.length > 0) return true;
  let src: string;
  try {
    src = Function.prototype.toString.call(c);
  } catch {
    return false;
  }
  if (!src.startsWith("class")) return false;
  let depth = 0, parens = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < src.length && src[i] !== ch; i++) {
        if (src[i] === "\\") i++;
      }
    } else if (src.startsWith("//", i)) {
      i = src.indexOf("\n", i);
      if (i < 0) return false;
    } else if (src.startsWith("/*", i)) {
      i = src.indexOf("*/", i + 2) + 1;
      if (i === 0) return false;
    } else if (ch === "(") parens++;
    else if (ch === ")") parens--;
    else if (ch === "{") depth++;
    else if (ch === "}") depth--;
    else if (
      depth === 1 && parens === 0 && src.startsWith("constructor", i) &&
      !/[\w$.]/.test(src[i - 1] ?? "")
    ) {
      const m = /^constructor\s*\(\s*(?:\/\*[\s\S]*?\*\/\s*)*(\)?)/.exec(
        src.slice(i),
      );
      if (m !== null) return m[1] !== ")";
    }
  }
  return false;
}

/**
 * Python's `threading.local`: an object whose attributes are separate in
 * each thread. Each thread starts with none, except those a subclass's
 * constructor sets: as Python re-runs `__init__`, the constructor runs again
 * (with the arguments it gave `super()`) the first time each thread touches
 * the object, so a subclass's constructor passes its arguments on:
 * `constructor(color) { super(color); ... }`, or `super(...arguments)`. One
 * that takes arguments and passes none to `super()` raises TypeError, since
 * it could not run again as Python re-runs `__init__`.
 * Attributes follow the thread across awaits, and a thread's values are
 * dropped when it ends. Use public properties (`#private` fields are not
 * per thread).
 *
 * @example
 * ```ts
 * import { local, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const data = new local() as local & { x?: number };
 * data.x = 1;
 * const t = new Thread({
 *   target: () => {
 *     assert.equal(data.x, undefined);
 *     data.x = 2;
 *   },
 * });
 * t.start();
 * await t.join();
 * assert.equal(data.x, 1);
 * ```
 */
export class local {
  /**
   * Makes the object. Arguments are for a subclass's constructor; `local`
   * itself takes none.
   *
   * @param args What a subclass's constructor takes.
   * @throws {TypeError} "Initialization arguments are not supported" for
   * arguments to `local` itself.
   */
  constructor(...args: unknown[]) {
    if (reinit !== null) return reinit as this;
    const cls = new.target;
    if (cls === local && args.length > 0) {
      throw new TypeError("Initialization arguments are not supported");
    }
    if (args.length === 0) {
      const dropping = droppedArguments(cls);
      if (dropping !== null) {
        throw new TypeError(
          `${dropping.name}'s constructor takes arguments but passes none ` +
            "to super(): threading.local runs the constructor again in each " +
            "thread that uses the object, as Python re-runs __init__, with " +
            "the arguments super() was given; pass them on: " +
            "super(...arguments)",
        );
      }
    }
    const token = {};
    setValues(current(), token, this);
    const dict = (): object => {
      const t = current();
      let d = getValues(t, token);
      if (d === undefined) {
        d = Object.create(cls.prototype) as object;
        setValues(t, token, d);
        if (cls !== local) {
          const saved = reinit;
          reinit = d;
          try {
            Reflect.construct(cls, args);
          } finally {
            reinit = saved;
          }
        }
      }
      return d;
    };
    const proxy = new Proxy(this, {
      get: (_t, k) => Reflect.get(dict(), k),
      set: (_t, k, v) => Reflect.set(dict(), k, v),
      has: (_t, k) => Reflect.has(dict(), k),
      deleteProperty: (_t, k) => Reflect.deleteProperty(dict(), k),
      ownKeys: (_t) => Reflect.ownKeys(dict()),
      getOwnPropertyDescriptor: (_t, k) => {
        const d = Reflect.getOwnPropertyDescriptor(dict(), k);
        if (d !== undefined) d.configurable = true;
        return d;
      },
      defineProperty: (_t, k, desc) => Reflect.defineProperty(dict(), k, desc),
    });
    behind.set(proxy, this);
    return proxy;
  }

  /**
   * Python's `repr()`: `<_thread._local object at 0x...>` (a made-up
   * address); a subclass's `<__main__.Name object at 0x...>`.
   *
   * @returns The description.
   */
  toString(): string {
    const cls = this.constructor as { name: string };
    const name = cls === local ? "_thread._local" : `__main__.${cls.name}`;
    return `<${name} object at ${addressOf(behind.get(this) ?? this)}>`;
  }
}

showAsPython(local);

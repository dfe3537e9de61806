// Python's `<` for the values a port puts in a PriorityQueue. heapq orders
// with `<` alone, so this is all PriorityQueue needs, and it must read as
// Python's does or entries come out in another order (or fail where Python
// does not): numbers, bools and bigints compare as one numeric tower; str by
// code points (JavaScript's `<` compares UTF-16 units, which puts U+FFFF
// above U+10000); bytes by value; arrays, Python's tuples, element by
// element: the first pair that is not equal (by Python's `==`, so dicts
// inside are compared by content) decides, else the shorter is smaller;
// sets by inclusion. Anything else is Python's TypeError, named with
// Python's type names.

import { pyTypeName } from "../_shared/type_name.ts";

type Kind = "num" | "str" | "bytes" | "seq" | "set" | "none" | "dict" | "other";

function kind(v: unknown): Kind {
  switch (typeof v) {
    case "number":
    case "bigint":
    case "boolean":
      return "num";
    case "string":
      return "str";
    case "undefined":
      return "none";
  }
  if (v === null) return "none";
  if (v instanceof Uint8Array) return "bytes";
  if (Array.isArray(v)) return "seq";
  if (v instanceof Set) return "set";
  if (v instanceof Map) return "dict";
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (proto === Object.prototype || proto === null) return "dict";
  }
  return "other";
}

/** A bool as the int it is in Python; numbers and bigints as they are. */
function num(v: unknown): number | bigint {
  return typeof v === "boolean" ? Number(v) : v as number | bigint;
}

/** UTF-16 units reordered so that comparing them compares code points. */
function unit(c: number): number {
  if (c < 0xd800) return c;
  return c < 0xe000 ? c + 0x2000 : c - 0x800;
}

function strLess(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unit(x) < unit(y);
  }
  return a.length < b.length;
}

function bytesLess(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]!;
  }
  return a.length < b.length;
}

/** Python's `==` (with the identity shortcut containers use). */
export function pyEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const k = kind(a);
  if (k !== kind(b)) return false;
  switch (k) {
    case "num":
      // `==` compares a number with a bigint by value.
      return num(a) == num(b);
    case "none":
      return true;
    case "bytes": {
      const x = a as Uint8Array;
      const y = b as Uint8Array;
      return x.length === y.length && x.every((c, i) => c === y[i]);
    }
    case "seq": {
      const x = a as unknown[];
      const y = b as unknown[];
      return x.length === y.length && x.every((v, i) => pyEqual(v, y[i]));
    }
    case "set": {
      const x = a as Set<unknown>;
      const y = b as Set<unknown>;
      return x.size === y.size && [...x].every((v) => y.has(v));
    }
    case "dict": {
      if (a instanceof Map || b instanceof Map) {
        if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) {
          return false;
        }
        for (const [key, v] of a) {
          if (!b.has(key) || !pyEqual(v, b.get(key))) return false;
        }
        return true;
      }
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length &&
        keys.every((key) => Object.hasOwn(y, key) && pyEqual(x[key], y[key]));
    }
    default:
      // str (already compared by Object.is) and objects: identity.
      return false;
  }
}

/**
 * Python's `a < b`.
 *
 * @throws {TypeError} "'<' not supported between instances of 'X' and 'Y'".
 */
export function pyLess(a: unknown, b: unknown): boolean {
  const k = kind(a);
  if (k === kind(b)) {
    switch (k) {
      case "num":
        return num(a) < num(b);
      case "str":
        return strLess(a as string, b as string);
      case "bytes":
        return bytesLess(a as Uint8Array, b as Uint8Array);
      case "seq": {
        const x = a as unknown[];
        const y = b as unknown[];
        const n = Math.min(x.length, y.length);
        for (let i = 0; i < n; i++) {
          if (!pyEqual(x[i], y[i])) return pyLess(x[i], y[i]);
        }
        return x.length < y.length;
      }
      case "set": {
        const x = a as Set<unknown>;
        const y = b as Set<unknown>;
        return x.size < y.size && [...x].every((v) => y.has(v));
      }
    }
  }
  throw new TypeError(
    `'<' not supported between instances of '${pyTypeName(a, "tuple")}' and '${
      pyTypeName(b, "tuple")
    }'`,
  );
}

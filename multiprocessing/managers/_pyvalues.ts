// The Python objects a pyport manager keeps for its clients, with Python's
// semantics where JavaScript's differ: a dict whose keys compare as
// Python's do (1 and "1" differ, 1 and True and 1.0 are one key, tuples
// compare by value), list methods on arrays (negative indexes, Python's
// errors), and the equality both use. Values arrive by pickle, so a tuple
// is a frozen array, bytes a Uint8Array, a dict a Map.

import { asTuple } from "../../_shared/tuple.ts";
import {
  AttributeError,
  IndexError,
  KeyError,
  OverflowError,
  ValueError,
} from "../../builtins/exceptions.ts";
import { frozenset } from "../../builtins/frozenset.ts";
import { bytearray } from "../../builtins/bytearray.ts";
import { slice } from "../../builtins/slice.ts";
import { isPlainObject } from "../../_shared/args.ts";
import { pyRepr } from "../../_shared/pyrepr.ts";
import { pyTypeName } from "../../_shared/type_name.ts";

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function isTuple(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && Object.isFrozen(v);
}

function numberKey(v: number | bigint | boolean): string {
  if (typeof v === "boolean") return v ? "n1" : "n0";
  if (typeof v === "bigint") {
    const n = Number(v);
    return BigInt(n) === v ? `n${n}` : `n${v}`;
  }
  return Object.is(v, -0) ? "n0" : `n${v}`;
}

/**
 * The key a value hashes to, as Python's hash() and == see it; TypeError
 * "unhashable type" for the mutable containers.
 */
export function hashKey(v: unknown): string {
  switch (typeof v) {
    case "number":
    case "bigint":
    case "boolean":
      return numberKey(v);
    case "string":
      return "s" + v;
    case "undefined":
      return "N";
  }
  if (v === null) return "N";
  if (typeof v === "object") {
    if (isTuple(v)) return "t" + JSON.stringify(v.map(hashKey));
    if (v instanceof frozenset) {
      return "f" + JSON.stringify([...v].map(hashKey).sort());
    }
    if (v instanceof Uint8Array && !(v instanceof bytearray)) {
      let s = "b";
      for (const c of v) s += String.fromCharCode(c);
      return s;
    }
    if (
      Array.isArray(v) || v instanceof Map || v instanceof Set ||
      v instanceof Uint8Array || isPlainObject(v)
    ) {
      throw new TypeError(`unhashable type: '${pyTypeName(v)}'`);
    }
  }
  let id = identities.get(v as object);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(v as object, id);
  }
  return "o" + id;
}

/** Python's `a == b` for the values pickle makes. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = typeof a === "number" || typeof a === "bigint" ||
    typeof a === "boolean";
  const nb = typeof b === "number" || typeof b === "bigint" ||
    typeof b === "boolean";
  if (na || nb) return na && nb && numberKey(a) === numberKey(b);
  if (typeof a !== "object" || typeof b !== "object") return false;
  if (a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((x, i) => pyEquals(x, b[i]));
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    const d = new PyDict(b);
    for (const [k, v] of a) {
      if (!d.__contains__(k) || !pyEquals(d.__getitem__(k), v)) return false;
    }
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    const keys = new Set([...b].map(hashKey));
    return [...a].every((x) => keys.has(hashKey(x)));
  }
  return false;
}

/** The (key, value) pairs of a dict-like argument of dict() or update(). */
function pairsOf(v: unknown): Iterable<[unknown, unknown]> {
  if (v instanceof PyDict) return v.entries();
  if (v instanceof Map) return v.entries();
  if (isPlainObject(v)) return Object.entries(v);
  if (v !== null && typeof v === "object" && Symbol.iterator in v) {
    const out: [unknown, unknown][] = [];
    let i = 0;
    for (const item of v as Iterable<unknown>) {
      if (!Array.isArray(item) || item.length !== 2) {
        const len = Array.isArray(item) ? item.length : 1;
        throw new ValueError(
          `dictionary update sequence element #${i} has length ${len}; ` +
            "2 is required",
        );
      }
      out.push([item[0], item[1]]);
      i++;
    }
    return out;
  }
  throw new TypeError(`'${pyTypeName(v)}' object is not iterable`);
}

const MISSING: unique symbol = Symbol("missing");

/**
 * Python's dict, as a manager holds one: insertion-ordered, keyed by
 * Python's equality. It travels (copy(), _getvalue()) as a Map.
 */
export class PyDict {
  #items = new Map<string, [unknown, unknown]>();

  constructor(init?: unknown, kwargs?: Record<string, unknown>) {
    if (init !== undefined && init !== null) this.update(init);
    if (kwargs !== undefined) this.update(kwargs);
  }

  /** The (key, value) pairs, in order. */
  *entries(): IterableIterator<[unknown, unknown]> {
    for (const [k, v] of this.#items.values()) yield [k, v];
  }

  __getitem__(key: unknown): unknown {
    const e = this.#items.get(hashKey(key));
    if (e === undefined) throw new KeyError(key);
    return e[1];
  }
  __setitem__(key: unknown, value: unknown): void {
    const h = hashKey(key);
    const e = this.#items.get(h);
    if (e !== undefined) e[1] = value;
    else this.#items.set(h, [key, value]);
  }
  __delitem__(key: unknown): void {
    if (!this.#items.delete(hashKey(key))) throw new KeyError(key);
  }
  __contains__(key: unknown): boolean {
    return this.#items.has(hashKey(key));
  }
  __len__(): number {
    return this.#items.size;
  }
  __iter__(): Iterator<unknown> {
    return this.keys()[Symbol.iterator]();
  }
  clear(): void {
    this.#items.clear();
  }
  copy(): Map<unknown, unknown> {
    return new Map(this.entries());
  }
  get(key: unknown, d: unknown = null): unknown {
    const e = this.#items.get(hashKey(key));
    return e === undefined ? d : e[1];
  }
  items(): unknown[] {
    return [...this.entries()].map((e) => asTuple(e));
  }
  keys(): unknown[] {
    return [...this.#items.values()].map((e) => e[0]);
  }
  values(): unknown[] {
    return [...this.#items.values()].map((e) => e[1]);
  }
  pop(key: unknown, d: unknown = MISSING): unknown {
    const h = hashKey(key);
    const e = this.#items.get(h);
    if (e === undefined) {
      if (d === MISSING) throw new KeyError(key);
      return d;
    }
    this.#items.delete(h);
    return e[1];
  }
  popitem(): readonly unknown[] {
    let last: string | undefined;
    for (const h of this.#items.keys()) last = h;
    if (last === undefined) {
      throw new KeyError("popitem(): dictionary is empty");
    }
    const e = this.#items.get(last)!;
    this.#items.delete(last);
    return asTuple([e[0], e[1]]);
  }
  setdefault(key: unknown, d: unknown = null): unknown {
    const h = hashKey(key);
    const e = this.#items.get(h);
    if (e !== undefined) return e[1];
    this.#items.set(h, [key, d]);
    return d;
  }
  update(other?: unknown, kwargs?: unknown): void {
    if (other !== undefined && other !== null) {
      for (const [k, v] of pairsOf(other)) this.__setitem__(k, v);
    }
    if (isPlainObject(kwargs)) {
      for (const [k, v] of Object.entries(kwargs)) this.__setitem__(k, v);
    }
  }
  __repr__(): string {
    return pyRepr(this.copy());
  }
  __str__(): string {
    return this.__repr__();
  }
  /** What travels: a Map (pickled as a dict). */
  toWire(): Map<unknown, unknown> {
    return this.copy();
  }
}

function listIndex(a: unknown[], i: unknown, what: string): number {
  if (
    typeof i !== "number" && typeof i !== "bigint" && typeof i !== "boolean"
  ) {
    throw new TypeError(
      `list indices must be integers or slices, not ${pyTypeName(i)}`,
    );
  }
  const n = Number(i);
  const j = n < 0 ? n + a.length : n;
  if (!Number.isInteger(j) || j < 0 || j >= a.length) {
    throw new IndexError(what);
  }
  return j;
}

/** The indexes slice `s` selects in `a`. */
function sliced(a: readonly unknown[], s: slice): number[] {
  const [start, stop, step] = s.indices(a.length);
  const out: number[] = [];
  for (let j = start; step > 0 ? j < stop : j > stop; j += step) out.push(j);
  return out;
}

function ordered(a: unknown, b: unknown): number {
  const num = (x: unknown) =>
    typeof x === "number" || typeof x === "bigint" || typeof x === "boolean";
  if (num(a) && num(b)) {
    const x = Number(a), y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return a[i]! - b[i]!;
    }
    return a.length - b.length;
  }
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return ordered(a[i], b[i]);
    }
    return a.length - b.length;
  }
  throw new TypeError(
    `'<' not supported between instances of '${pyTypeName(b, "tuple")}' ` +
      `and '${pyTypeName(a, "tuple")}'`,
  );
}

/** Replaces the contents of `a` by `items`, without spreading them. */
function refill(a: unknown[], items: readonly unknown[]): void {
  a.length = items.length;
  for (let i = 0; i < items.length; i++) a[i] = items[i];
}

/** Python's `seq * n`: n must be an int; the result must fit in memory. */
function repeat(a: readonly unknown[], n: unknown): unknown[] {
  if (
    typeof n !== "bigint" && typeof n !== "boolean" &&
    !(typeof n === "number" && Number.isInteger(n))
  ) {
    throw new TypeError(
      `can't multiply sequence by non-int of type '${pyTypeName(n)}'`,
    );
  }
  const times = Math.max(0, Number(n));
  if (a.length > 0 && a.length * times > MAX_LIST) {
    throw new OverflowError("repeated list is too long");
  }
  const out: unknown[] = [];
  for (let k = 0; k < times; k++) for (const x of a) out.push(x);
  return out;
}

/** The longest list a manager makes by repetition (JavaScript's array limit). */
const MAX_LIST = 2 ** 32 - 1;

/**
 * Python's list methods on an array (a manager's list is a plain array, so
 * it travels as a list): `listMethods[name].call(array, ...args)`.
 */
export const listMethods: Record<
  string,
  (this: unknown[], ...args: unknown[]) => unknown
> = {
  __getitem__(i) {
    if (i instanceof slice) return sliced(this, i).map((j) => this[j]);
    return this[listIndex(this, i, "list index out of range")];
  },
  __setitem__(i, v) {
    if (i instanceof slice) {
      const items = iterable(v, "can only assign an iterable");
      const [start, stop, step] = i.indices(this.length);
      if (step === 1) {
        const end = Math.max(start, stop);
        refill(this, [
          ...this.slice(0, start),
          ...items,
          ...this.slice(end),
        ]);
        return;
      }
      const at = sliced(this, i);
      if (at.length !== items.length) {
        throw new ValueError(
          `attempt to assign sequence of size ${items.length} to extended ` +
            `slice of size ${at.length}`,
        );
      }
      at.forEach((j, k) => (this[j] = items[k]));
      return;
    }
    this[listIndex(this, i, "list assignment index out of range")] = v;
  },
  __delitem__(i) {
    if (i instanceof slice) {
      const gone = new Set(sliced(this, i));
      refill(this, this.filter((_, j) => !gone.has(j)));
      return;
    }
    this.splice(listIndex(this, i, "list assignment index out of range"), 1);
  },
  __len__() {
    return this.length;
  },
  __contains__(v) {
    return this.some((x) => pyEquals(x, v));
  },
  __add__(other) {
    if (!Array.isArray(other) || isTuple(other)) {
      throw new TypeError(
        `can only concatenate list (not "${
          pyTypeName(other, "tuple")
        }") to list`,
      );
    }
    return this.concat(other);
  },
  __mul__(n) {
    return repeat(this, n);
  },
  __rmul__(n) {
    return repeat(this, n);
  },
  __imul__(n) {
    refill(this, repeat(this, n));
    return this;
  },
  __reversed__() {
    return this.slice().reverse();
  },
  __iter__() {
    return this.slice()[Symbol.iterator]();
  },
  append(v) {
    this.push(v);
  },
  extend(it) {
    for (const x of iterable(it, null)) this.push(x);
  },
  insert(i, v) {
    let j = Number(i);
    if (j < 0) j = Math.max(0, j + this.length);
    this.splice(Math.min(j, this.length), 0, v);
  },
  pop(i = -1) {
    if (this.length === 0) throw new IndexError("pop from empty list");
    const j = listIndex(this, i, "pop index out of range");
    return this.splice(j, 1)[0];
  },
  remove(v) {
    const j = this.findIndex((x) => pyEquals(x, v));
    if (j < 0) throw new ValueError("list.remove(x): x not in list");
    this.splice(j, 1);
  },
  index(v, start = 0, stop?: unknown) {
    const n = this.length;
    stop ??= n;
    const from = Math.max(
      0,
      Number(start) < 0 ? Number(start) + n : Number(start),
    );
    const to = Math.min(n, Number(stop) < 0 ? Number(stop) + n : Number(stop));
    for (let i = from; i < to; i++) if (pyEquals(this[i], v)) return i;
    throw new ValueError(`${pyRepr(v)} is not in list`);
  },
  count(v) {
    return this.filter((x) => pyEquals(x, v)).length;
  },
  reverse() {
    this.reverse();
  },
  sort(options?: unknown) {
    const reverse = isPlainObject(options) && !!options.reverse;
    if (isPlainObject(options) && options.key != null) {
      throw new TypeError("a key function cannot cross to the manager");
    }
    // Stable both ways, as Python's: equal items keep their order.
    refill(
      this,
      this.slice().sort(reverse ? (a, b) => ordered(b, a) : ordered),
    );
  },
  copy() {
    return this.slice();
  },
  clear() {
    this.length = 0;
  },
};

/** The items of an iterable argument, or Python's TypeError. */
function iterable(v: unknown, message: string | null): unknown[] {
  if (
    v === null || typeof v !== "object" ||
    typeof (v as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(message ?? `'${pyTypeName(v)}' object is not iterable`);
  }
  if (v instanceof Map) return [...v.keys()];
  return Array.isArray(v) ? v : [...(v as Iterable<unknown>)];
}

/** Reads attribute `name` of a manager's Namespace, as Python's getattr. */
export function namespaceGet(ns: object, name: unknown): unknown {
  if (typeof name !== "string") {
    throw new TypeError(
      `attribute name must be string, not '${pyTypeName(name)}'`,
    );
  }
  if (!Object.hasOwn(ns, name)) {
    throw new AttributeError(`'Namespace' object has no attribute '${name}'`);
  }
  return (ns as Record<string, unknown>)[name];
}

/**
 * What `SyncManager.Array(typecode, sequence)` keeps in the manager: a
 * sequence of fixed length read and written by index (CPython keeps an
 * `array.array`; this one travels as a list).
 */
export class ManagedArray {
  /** The type code. */
  readonly typecode: string;
  readonly #items: unknown[];

  /**
   * Makes the array.
   *
   * @param typecode A type code such as 'i' or 'd'.
   * @param sequence The items.
   * @param _lock Accepted as Python's.
   */
  constructor(typecode: string, sequence: Iterable<unknown>, _lock?: unknown) {
    this.typecode = typecode;
    this.#items = [...sequence];
  }

  /**
   * Python's `len(a)`.
   *
   * @returns The length.
   */
  __len__(): number {
    return this.#items.length;
  }

  /**
   * Python's `a[i]`.
   *
   * @param i The index (negative counts from the end).
   * @returns The item.
   */
  __getitem__(i: unknown): unknown {
    return listMethods.__getitem__!.call(this.#items, i);
  }

  /**
   * Python's `a[i] = v`.
   *
   * @param i The index.
   * @param v The item.
   */
  __setitem__(i: unknown, v: unknown): void {
    listMethods.__setitem__!.call(this.#items, i, v);
  }

  /**
   * The items, as the manager sends them (`_getvalue()`).
   *
   * @returns A list.
   */
  toWire(): unknown[] {
    return this.#items.slice();
  }

  /**
   * Python's repr(): `array('i', [1, 2])`.
   *
   * @returns The repr.
   */
  toString(): string {
    return `array(${pyRepr(this.typecode)}, ${pyRepr(this.#items)})`;
  }
}

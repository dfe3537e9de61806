// Python's frozenset: an immutable Set, told apart from set where the
// difference travels, as in pickle.

import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

const frozen = new WeakSet<object>();

function refuse(method: string): never {
  throw new TypeError(`'frozenset' object has no attribute '${method}'`);
}

/**
 * Python's `frozenset`: a `Set` that cannot change once made. pyport reads
 * a `Set` as Python's `set`; an instance of this class is a `frozenset`.
 * `add`, `delete` and `clear` raise TypeError, as Python raises
 * AttributeError.
 *
 * @example
 * ```ts
 * import { frozenset } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const s = new frozenset([1, 2, 2]);
 * assert.equal(s.size, 2);
 * assert.ok(s instanceof Set && s.has(1));
 * assert.throws(() => s.add(3), TypeError);
 * ```
 */
export class frozenset<T = unknown> extends Set<T> {
  /**
   * Makes the set from `items`.
   *
   * @param items The members (duplicates are dropped).
   */
  constructor(items?: Iterable<T> | null) {
    super(items);
    frozen.add(this);
  }

  /**
   * Refuses: a frozenset cannot change.
   *
   * @param value The value.
   * @returns Never.
   * @throws {TypeError} Always, once the set is made.
   */
  override add(value: T): this {
    if (frozen.has(this)) refuse("add");
    return super.add(value);
  }

  /**
   * Refuses: a frozenset cannot change.
   *
   * @param _value The value.
   * @returns Never.
   * @throws {TypeError} Always.
   */
  override delete(_value: T): boolean {
    return refuse("remove");
  }

  /**
   * Refuses: a frozenset cannot change.
   *
   * @throws {TypeError} Always.
   */
  override clear(): void {
    refuse("clear");
  }
}

showAsPython(frozenset, function (this: frozenset) {
  return pyRepr(this);
});

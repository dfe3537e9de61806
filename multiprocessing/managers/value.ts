// Python's multiprocessing.managers.Value and Array: what SyncManager's
// Value() and Array() keep in the manager.

import { pyRepr, showAsPython } from "../../_shared/pyrepr.ts";

/**
 * Python's `multiprocessing.managers.Value(typecode, value, lock=True)`: a
 * plain holder of one value in a manager (not shared memory), read and
 * written through `SyncManager.Value()`'s proxy with `get()` and `set()`.
 *
 * @example
 * ```ts
 * import { Value } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const v = new Value("i", 3);
 * v.set(v.get() as number + 1);
 * assert.equal(String(v), "Value('i', 4)");
 * ```
 */
export class Value {
  #typecode: unknown;
  #value: unknown;

  /**
   * Makes the holder.
   *
   * @param typecode A type code such as 'i' or 'd' (kept for repr).
   * @param value The first value.
   * @param _lock Accepted as Python's; a manager's Value has no lock.
   */
  constructor(typecode: unknown, value: unknown, _lock: unknown = true) {
    this.#typecode = typecode;
    this.#value = value;
  }

  /**
   * Python's `get()`.
   *
   * @returns The value.
   */
  get(): unknown {
    return this.#value;
  }

  /**
   * Python's `set(value)`.
   *
   * @param value The new value.
   */
  set(value: unknown): void {
    this.#value = value;
  }

  /** Python's `value` property. */
  get value(): unknown {
    return this.#value;
  }
  set value(v: unknown) {
    this.#value = v;
  }

  /**
   * Python's repr(): `Value('i', 3)`.
   *
   * @returns The repr.
   */
  toString(): string {
    return `Value(${pyRepr(this.#typecode)}, ${pyRepr(this.#value)})`;
  }
}

showAsPython(Value);

// Python's tuple: a frozen array that prints as Python prints a tuple. The
// package returns its tuples (addresses, `(conn, addr)` pairs, select's
// triple, ...) as instances of this class.

import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/**
 * Python's `tuple`: a frozen `Array` that `console.log`, the inspectors and
 * {@linkcode repr} show as Python shows a tuple, `('127.0.0.1', 55864)`.
 * Every tuple the package returns (an address, `[conn, addr]` from
 * `accept()`, `[data, addr]` from `recvfrom()`, ...) is one, and any frozen
 * array counts as a tuple where the difference matters (pickle, repr);
 * a plain array is a list. Destructure it as any array; changing it throws
 * TypeError, as Python's tuples have no methods that change them.
 *
 * @example
 * ```ts
 * import { repr, tuple } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const addr = new tuple(["127.0.0.1", 8080]);
 * const [host, port] = addr;
 * assert.equal(host, "127.0.0.1");
 * assert.equal(port, 8080);
 * assert.equal(repr(addr), "('127.0.0.1', 8080)");
 * assert.equal(repr(new tuple([1])), "(1,)");
 * assert.ok(Array.isArray(addr) && Object.isFrozen(addr));
 * ```
 */
export class tuple<T = unknown> extends Array<T> {
  /**
   * Makes the tuple from `items`, as Python's `tuple(iterable)`.
   *
   * @param items The members, in order.
   */
  constructor(items: Iterable<T> = []) {
    super();
    for (const x of items) this.push(x);
    Object.freeze(this);
  }

  /**
   * What `map()`, `filter()`, `slice()` and the other array methods that
   * make a new array make: a plain array (a list), which may change.
   */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /**
   * Python's str() of the tuple, its repr: `('127.0.0.1', 8080)`, so that
   * `${addr}` reads as Python's f"{addr}".
   *
   * @returns The text.
   */
  override toString(): string {
    return pyRepr(this);
  }
}

showAsPython(tuple);

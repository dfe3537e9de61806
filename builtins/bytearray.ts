// Python's bytearray: mutable bytes, told apart from bytes (a plain
// Uint8Array) where the difference travels, as in pickle.

import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/**
 * Python's `bytearray`: a `Uint8Array` of its own class. pyport reads a
 * plain `Uint8Array` as Python's `bytes`; an instance of this class is a
 * `bytearray` wherever the difference matters, as when it is pickled.
 *
 * @example
 * ```ts
 * import { bytearray } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const buf = new bytearray([104, 105]);
 * buf[0] = 72;
 * assert.ok(buf instanceof Uint8Array);
 * assert.deepEqual([...buf], [72, 105]);
 * ```
 */
export class bytearray extends Uint8Array {}

showAsPython(bytearray, function (this: bytearray) {
  return pyRepr(this);
});

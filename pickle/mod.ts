/**
 * Python's `pickle` module, wire-compatible with CPython: `dumps`/`loads`
 * on bytes, `dump`/`load` on files, `Pickler`/`Unpickler`, and a registry
 * (`register`) of the classes that may cross. `loads` reads every protocol
 * CPython writes (0 to 5); `dumps` writes protocols 2 to 5, the same bytes
 * CPython's `pickle.dumps` writes for the same value.
 *
 * Values map both ways so that a value read and written again is
 * unchanged: None ↔ `null`; bool ↔ boolean; int ↔ integral number (a
 * `bigint` past ±2^53); float ↔ number (a float with an integral value
 * comes back as a number and goes out again as an int, the one exception);
 * str ↔ string; bytes ↔ `Uint8Array`; bytearray ↔ `bytearray`; list ↔
 * array; tuple ↔ frozen array (`loads` makes a builtins `tuple`, dumps
 * takes any frozen array, `Object.freeze([...])` too); dict ↔ `Map`
 * (plain objects are written as dicts too); set ↔ `Set`; frozenset ↔
 * `frozenset`; Python's built-in exceptions ↔ the package's (`builtins`)
 * with their args; other classes through `register`.
 *
 * Unlike CPython's, `loads` is safe by default: it builds nothing but those
 * types and the registered classes, a pickle can never make it run code,
 * and malformed, truncated or hostile input is an `UnpicklingError`.
 *
 * @example
 * ```ts
 * import * as pickle from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * const value = new Map<unknown, unknown>([["ids", [1, 2n ** 70n]], [3, "x"]]);
 * const data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL);
 * assert.deepEqual(pickle.loads(data), value);
 * assert.throws(
 *   () => pickle.loads(new TextEncoder().encode("cos\nsystem\n(S'ls'\ntR.")),
 *   pickle.UnpicklingError,
 * );
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export { DEFAULT_PROTOCOL, HIGHEST_PROTOCOL } from "./_protocol.ts";
export * from "./functions.ts";
export * from "./pickler.ts";
export * from "./unpickler.ts";
export { type PickleClass, register, unregister } from "./registry.ts";

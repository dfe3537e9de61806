/**
 * The part of Python's `ctypes` that `multiprocessing`'s shared objects are
 * made of, and nothing more: the simple types (`c_bool`, `c_char`,
 * `c_wchar`, `c_byte`, `c_ubyte`, `c_short`, `c_ushort`, `c_int`, `c_uint`,
 * `c_long`, `c_ulong`, `c_longlong`, `c_ulonglong`, `c_size_t`, `c_ssize_t`,
 * `c_float`, `c_double`) with Linux x86-64 sizes, and `sizeof()`. They are
 * what `multiprocessing.Value`, `Array`, `RawValue` and `RawArray` accept in
 * place of a typecode. Foreign functions, pointers, structures and unions
 * are not ported.
 *
 * `ctypes.c_int(5)` is `new ctypes.c_int(5)`. Values convert as in ctypes:
 * integers wrap around to the type's size, a float assigned to an integer
 * type is a TypeError. 64-bit integer types (`c_long`, `c_ulong` and their
 * aliases) read as `bigint`, so that every value is exact.
 *
 * @example
 * ```ts
 * import * as ctypes from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * const i = new ctypes.c_int(2 ** 32 + 5);
 * assert.equal(i.value, 5);
 * assert.equal(new ctypes.c_ubyte(-1).value, 255);
 * assert.throws(() => new ctypes.c_int(1.5), {
 *   name: "TypeError",
 *   message: "'float' object cannot be interpreted as an integer",
 * });
 * assert.equal(ctypes.sizeof(ctypes.c_long), 8);
 * ```
 *
 * @module
 */
export * from "./simple_cdata.ts";
export * from "./simple_types.ts";
export * from "./sizeof.ts";

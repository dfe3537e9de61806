// The simple ctypes types that multiprocessing's shared objects are made
// of, with Linux x86-64 sizes.

import { _SimpleCData, registerSimpleType } from "./simple_cdata.ts";

/**
 * Python's `ctypes.c_bool`: C `_Bool`: `value` is a boolean; any value may be assigned and is stored as its Python truth value (`bool(v)`).
 *
 * @example
 * ```ts
 * import { c_bool } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_bool([1]).value, true);
 * assert.deepEqual(new c_bool("").value, false);
 * ```
 */
export class c_bool extends _SimpleCData<boolean, unknown> {
  /** Python's `_type_`: "?". */
  static override readonly _type_: string = "?";
}
registerSimpleType(c_bool);

/**
 * Python's `ctypes.c_char`: C `char`: `value` is bytes of length 1 (a `Uint8Array`); it may be assigned such bytes or an int 0..255.
 *
 * @example
 * ```ts
 * import { b } from "@pyport/std/builtins";
 * import { c_char } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_char(65).value, new Uint8Array([65]));
 * assert.deepEqual(new c_char(b("x")).value, b("x"));
 * ```
 */
export class c_char extends _SimpleCData<Uint8Array, Uint8Array | number> {
  /** Python's `_type_`: "c". */
  static override readonly _type_: string = "c";
}
registerSimpleType(c_char);

/**
 * Python's `ctypes.c_wchar`: C `wchar_t` (4 bytes on Linux): `value` is a str of one character (one code point, so `"😀"` fits).
 *
 * @example
 * ```ts
 * import { c_wchar } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_wchar("é").value, "é");
 * assert.deepEqual(new c_wchar().value, "\0");
 * ```
 */
export class c_wchar extends _SimpleCData<string> {
  /** Python's `_type_`: "u". */
  static override readonly _type_: string = "u";
}
registerSimpleType(c_wchar);

/**
 * Python's `ctypes.c_byte`: C `signed char`: an int from -128 to 127; other ints wrap around as in C.
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_byte } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_byte(300).value, 44);
 * assert.deepEqual(new c_byte(-1).value, -1);
 * ```
 */
export class c_byte extends _SimpleCData<number> {
  /** Python's `_type_`: "b". */
  static override readonly _type_: string = "b";
}
registerSimpleType(c_byte);

/**
 * Python's `ctypes.c_ubyte`: C `unsigned char`: an int from 0 to 255; other ints wrap around as in C.
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_ubyte } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_ubyte(-1).value, 255);
 * assert.deepEqual(new c_ubyte(256).value, 0);
 * ```
 */
export class c_ubyte extends _SimpleCData<number> {
  /** Python's `_type_`: "B". */
  static override readonly _type_: string = "B";
}
registerSimpleType(c_ubyte);

/**
 * Python's `ctypes.c_short`: C `short`: an int from -32768 to 32767; other ints wrap around as in C.
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_short } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_short(32768).value, -32768);
 * assert.deepEqual(new c_short(-5).value, -5);
 * ```
 */
export class c_short extends _SimpleCData<number> {
  /** Python's `_type_`: "h". */
  static override readonly _type_: string = "h";
}
registerSimpleType(c_short);

/**
 * Python's `ctypes.c_ushort`: C `unsigned short`: an int from 0 to 65535; other ints wrap around as in C.
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_ushort } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_ushort(-1).value, 65535);
 * assert.deepEqual(new c_ushort(7).value, 7);
 * ```
 */
export class c_ushort extends _SimpleCData<number> {
  /** Python's `_type_`: "H". */
  static override readonly _type_: string = "H";
}
registerSimpleType(c_ushort);

/**
 * Python's `ctypes.c_int`: C `int`: an int of 32 bits; other ints wrap around as in C (`c_int(2**32 + 5).value == 5`).
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_int } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_int(2 ** 32 + 5).value, 5);
 * assert.deepEqual(new c_int(-7).value, -7);
 * ```
 */
export class c_int extends _SimpleCData<number> {
  /** Python's `_type_`: "i". */
  static override readonly _type_: string = "i";
}
registerSimpleType(c_int);

/**
 * Python's `ctypes.c_uint`: C `unsigned int`: an int from 0 to 2**32 - 1; other ints wrap around as in C.
 *
 * Assigning a float raises Python's TypeError ("'float' object cannot be
 * interpreted as an integer"); a bigint or a boolean is taken as an int.
 *
 * @example
 * ```ts
 * import { c_uint } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_uint(-1).value, 4294967295);
 * assert.deepEqual(new c_uint(3).value, 3);
 * ```
 */
export class c_uint extends _SimpleCData<number> {
  /** Python's `_type_`: "I". */
  static override readonly _type_: string = "I";
}
registerSimpleType(c_uint);

/**
 * Python's `ctypes.c_long`: C `long` (8 bytes on Linux; `c_longlong` and `c_ssize_t` are the same type, as in Python on Linux).
 *
 * A 64-bit integer type reads as a `bigint`, so that every value is exact
 * (a Python int is exact; a JavaScript number is not above 2**53). It
 * may be assigned a number or a bigint: `v.value = 5` works, and
 * `v.value += 1n` is the port of `v.value += 1`.
 *
 * @example
 * ```ts
 * import { c_long } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_long(5).value, 5n);
 * assert.deepEqual(new c_long(2n ** 63n).value, -(2n ** 63n));
 * ```
 */
export class c_long extends _SimpleCData<bigint, number | bigint> {
  /** Python's `_type_`: "l". */
  static override readonly _type_: string = "l";
}
registerSimpleType(c_long);

/**
 * Python's `ctypes.c_ulong`: C `unsigned long` (8 bytes on Linux; `c_ulonglong` and `c_size_t` are the same type, as in Python on Linux).
 *
 * A 64-bit integer type reads as a `bigint`, so that every value is exact
 * (a Python int is exact; a JavaScript number is not above 2**53). It
 * may be assigned a number or a bigint: `v.value = 5` works, and
 * `v.value += 1n` is the port of `v.value += 1`.
 *
 * @example
 * ```ts
 * import { c_ulong } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_ulong(-1).value, 2n ** 64n - 1n);
 * assert.deepEqual(new c_ulong(5).value, 5n);
 * ```
 */
export class c_ulong extends _SimpleCData<bigint, number | bigint> {
  /** Python's `_type_`: "L". */
  static override readonly _type_: string = "L";
}
registerSimpleType(c_ulong);

/**
 * Python's `ctypes.c_float`: C `float`: a 32-bit float, so a value is rounded to single precision.
 *
 * @example
 * ```ts
 * import { c_float } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_float(0.1).value, 0.10000000149011612);
 * assert.deepEqual(new c_float(1e40).value, Infinity);
 * ```
 */
export class c_float extends _SimpleCData<number> {
  /** Python's `_type_`: "f". */
  static override readonly _type_: string = "f";
}
registerSimpleType(c_float);

/**
 * Python's `ctypes.c_double`: C `double`: a 64-bit float.
 *
 * @example
 * ```ts
 * import { c_double } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(new c_double(3).value, 3);
 * assert.deepEqual(new c_double(0.1).value, 0.1);
 * ```
 */
export class c_double extends _SimpleCData<number> {
  /** Python's `_type_`: "d". */
  static override readonly _type_: string = "d";
}
registerSimpleType(c_double);

/**
 * Python's `ctypes.c_longlong`: C `long long`: the same type as `c_long` on Linux, as in Python.
 *
 * @example
 * ```ts
 * import { c_longlong, c_long } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.equal(c_longlong, c_long);
 * assert.equal(String(new c_longlong(5)), "c_long(5)");
 * ```
 */
export const c_longlong: typeof c_long = c_long;
/** An object of `c_longlong` (`c_long`). */
export type c_longlong = c_long;

/**
 * Python's `ctypes.c_ulonglong`: C `unsigned long long`: the same type as `c_ulong` on Linux, as in Python.
 *
 * @example
 * ```ts
 * import { c_ulonglong, c_ulong } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.equal(c_ulonglong, c_ulong);
 * assert.equal(String(new c_ulonglong(5)), "c_ulong(5)");
 * ```
 */
export const c_ulonglong: typeof c_ulong = c_ulong;
/** An object of `c_ulonglong` (`c_ulong`). */
export type c_ulonglong = c_ulong;

/**
 * Python's `ctypes.c_ssize_t`: C `ssize_t`: the same type as `c_long` on Linux, as in Python.
 *
 * @example
 * ```ts
 * import { c_ssize_t, c_long } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.equal(c_ssize_t, c_long);
 * assert.equal(String(new c_ssize_t(5)), "c_long(5)");
 * ```
 */
export const c_ssize_t: typeof c_long = c_long;
/** An object of `c_ssize_t` (`c_long`). */
export type c_ssize_t = c_long;

/**
 * Python's `ctypes.c_size_t`: C `size_t`: the same type as `c_ulong` on Linux, as in Python.
 *
 * @example
 * ```ts
 * import { c_size_t, c_ulong } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.equal(c_size_t, c_ulong);
 * assert.equal(String(new c_size_t(5)), "c_ulong(5)");
 * ```
 */
export const c_size_t: typeof c_ulong = c_ulong;
/** An object of `c_size_t` (`c_ulong`). */
export type c_size_t = c_ulong;

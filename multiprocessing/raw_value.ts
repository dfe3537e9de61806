// Python's multiprocessing.RawValue (multiprocessing.sharedctypes.RawValue).

import type { _SimpleCData, SimpleCDataType } from "../ctypes/simple_cdata.ts";
import type {
  c_byte,
  c_char,
  c_double,
  c_float,
  c_int,
  c_long,
  c_longlong,
  c_short,
  c_ubyte,
  c_uint,
  c_ulong,
  c_ulonglong,
  c_ushort,
  c_wchar,
} from "../ctypes/simple_types.ts";
import { _SimpleCData as SimpleCData } from "../ctypes/simple_cdata.ts";
import { factory } from "./_callable.ts";
import { makeRawValue } from "./_make_raw_value.ts";

/**
 * The ctypes type of each typecode that `Value`, `Array`, `RawValue` and
 * `RawArray` accept, as Python's `sharedctypes.typecode_to_type` (Linux
 * sizes: `l`, `L`, `q` and `Q` are 8 bytes and read as `bigint`; `u` is
 * `wchar_t`, 4 bytes).
 */
export interface TypecodeTypes {
  /** `signed char`: number. */
  b: typeof c_byte;
  /** `unsigned char`: number. */
  B: typeof c_ubyte;
  /** `short`: number. */
  h: typeof c_short;
  /** `unsigned short`: number. */
  H: typeof c_ushort;
  /** `int`: number. */
  i: typeof c_int;
  /** `unsigned int`: number. */
  I: typeof c_uint;
  /** `long`: bigint. */
  l: typeof c_long;
  /** `unsigned long`: bigint. */
  L: typeof c_ulong;
  /** `long long`: bigint. */
  q: typeof c_longlong;
  /** `unsigned long long`: bigint. */
  Q: typeof c_ulonglong;
  /** `float`: number. */
  f: typeof c_float;
  /** `double`: number. */
  d: typeof c_double;
  /** `char`: bytes of length 1 (`Uint8Array`). */
  c: typeof c_char;
  /** `wchar_t`: a str of one character. */
  u: typeof c_wchar;
}

/** A typecode of `Value`, `Array`, `RawValue` and `RawArray`. */
export type Typecode = keyof TypecodeTypes;

/** What `value` of an object of the ctypes type `T` reads as. */
export type CValue<T extends SimpleCDataType<unknown, never>> = InstanceType<
  T
>["value"];

/** What `value` of an object of the ctypes type `T` may be assigned. */
export type CInput<T extends SimpleCDataType<unknown, never>> = T extends
  new (value?: infer In) => unknown ? In : never;

/** The type of {@linkcode RawValue}: called as in Python, or with `new`. */
export interface RawValueConstructor {
  /**
   * Makes a ctypes object of the typecode's type in shared memory.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value (zero when omitted).
   * @returns The ctypes object (`c_int` for "i" ...).
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    ...args: [] | [value: CInput<TypecodeTypes[C]>]
  ): InstanceType<TypecodeTypes[C]>;
  /**
   * Makes an object of a ctypes type in shared memory.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value (zero when omitted).
   * @returns The ctypes object.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: [] | [value: CInput<T>]
  ): InstanceType<T>;
  /**
   * Makes a ctypes object of the typecode's type in shared memory.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value (zero when omitted).
   * @returns The ctypes object (`c_int` for "i" ...).
   */
  <C extends Typecode>(
    typecode_or_type: C,
    ...args: [] | [value: CInput<TypecodeTypes[C]>]
  ): InstanceType<TypecodeTypes[C]>;
  /**
   * Makes an object of a ctypes type in shared memory.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value (zero when omitted).
   * @returns The ctypes object.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: [] | [value: CInput<T>]
  ): InstanceType<T>;
  /** The prototype of every ctypes simple object, for `instanceof`. */
  readonly prototype: _SimpleCData<unknown, never>;
}

/**
 * Python's `multiprocessing.RawValue(typecode_or_type, *args)`: a ctypes
 * object (`c_int` for "i", `c_double` for "d" ...) allocated in shared
 * memory, with no lock. `value` reads and writes it; each read and each
 * write is one atomic operation, but `v.value += 1` is a read then a write,
 * not atomic (use `Value` and its lock for that).
 *
 * Typecodes: b B h H i I l L q Q f d c u, or a ctypes type such as
 * `ctypes.c_int`. Integer types up to 32 bits read as numbers; the 64-bit
 * ones (l L q Q, c_long, c_ulong ...) read as `bigint`, which is exact as
 * Python's int is, and may be assigned a number or a bigint. 'c' values are
 * bytes of length 1 (`Uint8Array`), 'u' values str of one character,
 * `c_bool` booleans.
 *
 * The object is shared with every child it is passed to (the 'worker'
 * start method): a child's writes are seen by the parent. Passing it to a
 * 'spawn' child raises NotImplementedError, as another OS process cannot
 * share the memory.
 *
 * @example
 * ```ts
 * import { RawValue } from "@pyport/std/multiprocessing";
 * import { c_double } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * const n = RawValue("i", 41);
 * n.value += 1;
 * assert.equal(n.value, 42);
 * assert.equal(String(n), "c_int(42)");
 * const x = new RawValue(c_double, 2.5);
 * assert.equal(x.value, 2.5);
 * assert.equal(RawValue("q", 5).value, 5n);
 * assert.throws(() => RawValue("z" as "i"), {
 *   name: "TypeError",
 *   message: "this type has no size",
 * });
 * ```
 */
export const RawValue: RawValueConstructor = factory(
  "RawValue",
  (typecode_or_type: unknown, ...args: unknown[]) =>
    makeRawValue(typecode_or_type, args),
  SimpleCData.prototype,
) as unknown as RawValueConstructor;

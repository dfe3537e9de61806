// Python's multiprocessing.RawArray (multiprocessing.sharedctypes.RawArray).

import type { SimpleCDataType } from "../ctypes/simple_cdata.ts";
import { factory } from "./_callable.ts";
import { CArray, makeRawArray } from "./_c_array.ts";
import type { CInput, CValue, Typecode, TypecodeTypes } from "./raw_value.ts";

/** A slice bound: an index, or null (Python's None) for the default. */
export type SliceIndex = number | null | undefined;

/**
 * A ctypes array in shared memory, as `RawArray` makes it (Python's
 * `c_int_Array_4` ...). How Python's indexing is spelled:
 *
 * | Python | TypeScript |
 * | --- | --- |
 * | `a[i]`, `a[-1]` | `a[i]`, `a[-1]` |
 * | `a[i] = v` | `a[i] = v` |
 * | `len(a)` | `a.length` |
 * | `list(a)`, `for x in a` | `[...a]`, `for (const x of a)` |
 * | `a[i:j]`, `a[i:]`, `a[:j]`, `a[::k]` | `a.slice(i, j)`, `a.slice(i)`, `a.slice(null, j)`, `a.slice(null, null, k)` |
 * | `a[i:j] = seq`, `a[:] = seq` | `a.set_slice(i, j, seq)`, `a.set_slice(null, null, seq)` |
 * | `a[i:j:k] = seq` | `a.set_slice(i, j, k, seq)` |
 *
 * The rule: a slice `[start:stop:step]` is a method call with the bounds
 * in the same order, `null` for an empty bound; an assignment to a slice
 * passes the values last. A slice is a list (an array) for most types,
 * bytes (`Uint8Array`) for 'c' and a str for 'u', as in Python. An index
 * out of range is IndexError("invalid index"); a slice assignment of
 * another length is ValueError("Can only assign sequence of same size").
 *
 * Each item read and write is one atomic operation; a slice is read or
 * written item by item.
 *
 * @typeParam V What an item reads as.
 * @typeParam In What an item may be assigned.
 * @typeParam S What a slice reads as.
 */
export interface RawArray<V, In = V, S = V[]> {
  /** Python's `a[i]` and `a[i] = v`; negative indexes count from the end. */
  [index: number]: V;
  /** Python's `len(a)`. */
  readonly length: number;
  /** Python's `a._length_`: the number of items. */
  readonly _length_: number;
  /**
   * Python's `a[start:stop:step]`.
   *
   * @param start The first index (null: from the start).
   * @param stop The index to stop before (null: to the end).
   * @param step The step (null: 1); negative to go backwards.
   * @returns The items, as a list, bytes ('c') or str ('u').
   * @throws {ValueError} A step of 0.
   */
  slice(start?: SliceIndex, stop?: SliceIndex, step?: SliceIndex): S;
  /**
   * Python's `a[start:stop] = values`.
   *
   * @param start The first index (null: from the start).
   * @param stop The index to stop before (null: to the end).
   * @param values As many values as the slice has items.
   * @throws {ValueError} "Can only assign sequence of same size".
   */
  set_slice(
    start: SliceIndex,
    stop: SliceIndex,
    values: Iterable<In> | S,
  ): void;
  /**
   * Python's `a[start:stop:step] = values`.
   *
   * @param start The first index (null: from the start).
   * @param stop The index to stop before (null: to the end).
   * @param step The step (null: 1).
   * @param values As many values as the slice has items.
   * @throws {ValueError} "Can only assign sequence of same size".
   */
  set_slice(
    start: SliceIndex,
    stop: SliceIndex,
    step: SliceIndex,
    values: Iterable<In> | S,
  ): void;
  /**
   * Python's `iter(a)`.
   *
   * @returns The items in order.
   */
  [Symbol.iterator](): IterableIterator<V>;
  /**
   * Python's `repr()`:
   * `<multiprocessing.sharedctypes.c_int_Array_4 object at 0x...>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/**
 * A `RawArray` of 'c' (`c_char`): items and slices are bytes, and
 * `value`/`raw` read and write the whole array as bytes.
 */
export interface RawCharArray
  extends RawArray<Uint8Array, Uint8Array | number, Uint8Array> {
  /**
   * Python's `a.value`: the bytes up to the first NUL. Assigning writes
   * them, then a NUL if there is room.
   *
   * @throws {ValueError} "byte string too long".
   */
  value: Uint8Array;
  /**
   * Python's `a.raw`: all the bytes. Assigning writes them from the start.
   *
   * @throws {ValueError} "byte string too long".
   */
  raw: Uint8Array;
}

/** A `RawArray` of 'u' (`c_wchar`): items are str; `value` is a str. */
export interface RawWcharArray extends RawArray<string, string, string> {
  /**
   * Python's `a.value`: the characters up to the first NUL. Assigning
   * writes them, then a NUL if there is room.
   *
   * @throws {ValueError} "string too long".
   */
  value: string;
}

/** The `RawArray` type for items that read as `V` and take `In`. */
export type RawArrayOf<V, In> = [V] extends [Uint8Array] ? RawCharArray
  : [V] extends [string] ? RawWcharArray
  : RawArray<V, In>;

/** The initializer of an array: its items (bytes for 'c', a str for 'u'). */
export type Initializer<In> = Iterable<In> | Uint8Array | string;

/** The type of {@linkcode RawArray}: called as in Python, or with `new`. */
export interface RawArrayConstructor {
  /**
   * Makes an array of the typecode's type in shared memory.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @returns The array.
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
  ): RawArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an array of a ctypes type in shared memory.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @returns The array.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
  ): RawArrayOf<CValue<T>, CInput<T>>;
  /**
   * Makes an array of the typecode's type in shared memory.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @returns The array.
   */
  <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
  ): RawArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an array of a ctypes type in shared memory.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @returns The array.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
  ): RawArrayOf<CValue<T>, CInput<T>>;
  /** The prototype of every raw array, for `instanceof`. */
  readonly prototype: RawArray<unknown>;
}

/**
 * Python's `multiprocessing.RawArray(typecode_or_type, size_or_initializer)`:
 * a ctypes array allocated in shared memory, with no lock. A number makes
 * that many zeroed items; a sequence (an array, bytes for 'c', a str for
 * 'u') gives the items. See {@linkcode RawArray} (the interface) for how
 * indexing and slices are spelled: `a[i]`, `a.length`, `a.slice(i, j)`,
 * `a.set_slice(i, j, values)`. 'c' arrays have `value` and `raw` (bytes),
 * 'u' arrays `value` (a str).
 *
 * Typecodes and value types are those of {@linkcode RawValue}. The array is
 * shared with every child it is passed to (the 'worker' start method);
 * passing it to a 'spawn' child raises NotImplementedError.
 *
 * @example
 * ```ts
 * import { RawArray } from "@pyport/std/multiprocessing";
 * import { b } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const a = RawArray("i", [11, 22, 33, 44]);
 * a[0] = a[-1]! * 2;
 * assert.equal(a.length, 4);
 * assert.deepEqual(a.slice(1, 3), [22, 33]);
 * a.set_slice(1, 3, [0, 0]);
 * assert.deepEqual([...a], [88, 0, 0, 44]);
 * assert.throws(() => a[4], { name: "IndexError", message: "invalid index" });
 *
 * const s = new RawArray("c", b("hi"));
 * s.value = b("x");
 * assert.deepEqual(s.raw, b("x\0"));
 * assert.equal(RawArray("u", "héllo").value, "héllo");
 * ```
 */
export const RawArray: RawArrayConstructor = factory(
  "RawArray",
  makeRawArray,
  CArray.prototype,
) as unknown as RawArrayConstructor;

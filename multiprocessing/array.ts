// Python's multiprocessing.Array (multiprocessing.sharedctypes.Array).

import type { SimpleCDataType } from "../ctypes/simple_cdata.ts";
import { keywords } from "../_shared/args.ts";
import { factory } from "./_callable.ts";
import { makeRawArray } from "./_c_array.ts";
import {
  resolveLock,
  synchronized,
  SynchronizedArray as SynchronizedArrayImpl,
} from "./_synchronized.ts";
import type { Initializer, RawArrayOf, SliceIndex } from "./raw_array.ts";
import type { CInput, CValue, Typecode, TypecodeTypes } from "./raw_value.ts";
import type { SynchronizedBase, SynchronizedLock } from "./value.ts";

/** Keyword arguments of {@linkcode Array}. */
export interface ArrayOptions {
  /**
   * true, null or omitted: a new `multiprocessing.RLock` guards the array;
   * false: no lock, the raw array is returned; a lock object: that lock.
   */
  lock?: boolean | null | SynchronizedLock;
}

/**
 * A `multiprocessing.Array(...)` object (CPython's
 * `sharedctypes.SynchronizedArray`): a ctypes array in shared memory and
 * the lock that guards it, indexed as a {@linkcode RawArray} is: `a[i]`,
 * `a[i] = v`, `a.length`, `a.slice(i, j)`, `a.set_slice(i, j, values)`.
 *
 * Item and slice access does not take the lock (it would have to wait, and
 * indexing cannot): each item is one atomic read or write, and a slice is
 * read or written item by item. Hold the lock to make several accesses
 * one step: `using _ = await a.get_lock().enter();`.
 *
 * @typeParam V What an item reads as.
 * @typeParam In What an item may be assigned.
 * @typeParam S What a slice reads as.
 */
export interface SynchronizedArray<V, In = V, S = V[]>
  extends SynchronizedBase<RawArrayOf<V, In>> {
  /** Python's `a[i]` and `a[i] = v`; negative indexes count from the end. */
  [index: number]: V;
  /** Python's `len(a)`. */
  readonly length: number;
  /**
   * Python's `a[start:stop:step]`.
   *
   * @param start The first index (null: from the start).
   * @param stop The index to stop before (null: to the end).
   * @param step The step (null: 1); negative to go backwards.
   * @returns The items, as a list, bytes ('c') or str ('u').
   */
  slice(start?: SliceIndex, stop?: SliceIndex, step?: SliceIndex): S;
  /**
   * Python's `a[start:stop] = values`.
   *
   * @param start The first index (null: from the start).
   * @param stop The index to stop before (null: to the end).
   * @param values As many values as the slice has items.
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
}

/**
 * A `multiprocessing.Array('c', ...)` object (CPython's
 * `sharedctypes.SynchronizedString`): a synchronized array of bytes with
 * `value` and `raw`, as {@linkcode RawCharArray} has.
 */
export interface SynchronizedString
  extends SynchronizedArray<Uint8Array, Uint8Array | number, Uint8Array> {
  /** Python's `a.value`: the bytes up to the first NUL. */
  value: Uint8Array;
  /** Python's `a.raw`: all the bytes. */
  raw: Uint8Array;
}

/** The synchronized array type for items that read as `V` and take `In`. */
export type SynchronizedArrayOf<V, In> = [V] extends [Uint8Array]
  ? SynchronizedString
  : [V] extends [string] ? SynchronizedArray<string, string, string>
  : SynchronizedArray<V, In>;

/** The type of {@linkcode Array}: called as in Python, or with `new`. */
export interface ArrayConstructor {
  /**
   * Makes an unsynchronized array: the raw array.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock: false }`.
   * @returns The raw array.
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
    options: { lock: false },
  ): RawArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an unsynchronized array: the raw array.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock: false }`.
   * @returns The raw array.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
    options: { lock: false },
  ): RawArrayOf<CValue<T>, CInput<T>>;
  /**
   * Makes an array in shared memory guarded by a lock.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock }`.
   * @returns The synchronized array.
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
    options?: ArrayOptions,
  ): SynchronizedArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an array in shared memory guarded by a lock.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock }`.
   * @returns The synchronized array.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
    options?: ArrayOptions,
  ): SynchronizedArrayOf<CValue<T>, CInput<T>>;
  /**
   * Makes an unsynchronized array: the raw array.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock: false }`.
   * @returns The raw array.
   */
  <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
    options: { lock: false },
  ): RawArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an unsynchronized array: the raw array.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock: false }`.
   * @returns The raw array.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
    options: { lock: false },
  ): RawArrayOf<CValue<T>, CInput<T>>;
  /**
   * Makes an array in shared memory guarded by a lock.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock }`.
   * @returns The synchronized array.
   */
  <C extends Typecode>(
    typecode_or_type: C,
    size_or_initializer: number | Initializer<CInput<TypecodeTypes[C]>>,
    options?: ArrayOptions,
  ): SynchronizedArrayOf<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes an array in shared memory guarded by a lock.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param size_or_initializer The length (items zeroed), or the items.
   * @param options `{ lock }`.
   * @returns The synchronized array.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    size_or_initializer: number | Initializer<CInput<T>>,
    options?: ArrayOptions,
  ): SynchronizedArrayOf<CValue<T>, CInput<T>>;
  /** The prototype of every synchronized array, for `instanceof`. */
  readonly prototype: SynchronizedArray<unknown>;
}

/**
 * Python's `multiprocessing.Array(typecode_or_type, size_or_initializer,
 * *, lock=True)`: a ctypes array in shared memory (see
 * {@linkcode RawArray} for typecodes, initializers, and how indexing and
 * slices are spelled) wrapped with a lock, a new `multiprocessing.RLock`
 * unless `{ lock }` says otherwise: `{ lock: false }` returns the raw
 * array, and a lock object is used as the lock. An array of 'c' also has
 * `value` and `raw` (CPython's `SynchronizedString`).
 *
 * The array and its lock are shared with every child they are passed to
 * (the 'worker' start method): the children's writes are seen by the
 * parent. Passing them to a 'spawn' child raises NotImplementedError, as
 * another OS process cannot share the memory.
 *
 * @example Children change a shared array; the parent sees it
 * ```ts ignore
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import { doubleAll } from "./targets.ts"; // export function doubleAll(a) { for (...) a[i] *= 2 }
 *
 * const arr = multiprocessing.Array("i", [11, 22, 33, 44]);
 * const p = new multiprocessing.Process({ target: doubleAll, args: [arr] });
 * p.start();
 * await p.join();
 * console.log(arr.slice()); // [22, 44, 66, 88]
 * ```
 *
 * @example In one process
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const arr = multiprocessing.Array("i", [11, 22, 33, 44]);
 * {
 *   using _ = await arr.get_lock().enter();
 *   for (let i = 0; i < arr.length; i++) arr[i] = arr[i]! * 2;
 * }
 * assert.deepEqual(arr.slice(), [22, 44, 66, 88]);
 * assert.deepEqual(arr.slice(-2), [66, 88]);
 * assert.throws(() => multiprocessing.Array("i", -1), {
 *   name: "ValueError",
 *   message: "Array length must be >= 0, not -1",
 * });
 * ```
 */
export const Array: ArrayConstructor = factory(
  "Array",
  (
    typecode_or_type: unknown,
    size_or_initializer: unknown,
    ...rest: unknown[]
  ) => {
    let kw: Record<string, unknown> = {};
    if (rest.length > 0) {
      const k = rest.length === 1 ? keywords("Array", rest[0], ["lock"]) : null;
      if (k === null) {
        throw new TypeError(
          `Array() takes 2 positional arguments but ${
            2 + rest.length
          } were given`,
        );
      }
      kw = k;
    }
    const obj = makeRawArray(typecode_or_type, size_or_initializer);
    const lock = resolveLock(kw.lock);
    return lock === null ? obj : synchronized(obj, lock);
  },
  SynchronizedArrayImpl.prototype,
) as unknown as ArrayConstructor;

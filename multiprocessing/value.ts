// Python's multiprocessing.Value (multiprocessing.sharedctypes.Value).

import type { _SimpleCData, SimpleCDataType } from "../ctypes/simple_cdata.ts";
import { keywords } from "../_shared/args.ts";
import { factory } from "./_callable.ts";
import { makeRawValue } from "./_make_raw_value.ts";
import {
  resolveLock,
  Synchronized as SynchronizedImpl,
  synchronized,
} from "./_synchronized.ts";
import type { CInput, CValue, Typecode, TypecodeTypes } from "./raw_value.ts";

/**
 * The lock of a synchronized object: a `multiprocessing.RLock` (the
 * default) or `Lock`, or any object with `acquire`, `release` and `enter`.
 */
export interface SynchronizedLock {
  /**
   * Python's `acquire(...)`.
   *
   * @param args The lock's own arguments (`block`, `timeout`, or the
   *   keyword object).
   * @returns Whether the lock was taken.
   */
  acquire(...args: unknown[]): Promise<boolean>;
  /** Python's `release()`. */
  release(): void;
  /**
   * Python's `with lock:` as `using _ = await lock.enter();`.
   *
   * @returns The guard that releases the lock when disposed.
   */
  enter(): Promise<Disposable>;
}

/** Keyword arguments of {@linkcode Value}. */
export interface ValueOptions {
  /**
   * true, null or omitted: a new `multiprocessing.RLock` guards the value;
   * false: no lock, the raw ctypes object is returned; a lock object: that
   * lock.
   */
  lock?: boolean | null | SynchronizedLock;
}

/**
 * What CPython's `Synchronized*` wrappers share (`SynchronizedBase`): the
 * wrapped object and its lock.
 */
export interface SynchronizedBase<O> {
  /**
   * Python's `get_obj()`.
   *
   * @returns The wrapped ctypes object.
   */
  get_obj(): O;
  /**
   * Python's `get_lock()`.
   *
   * @returns The lock that guards the object.
   */
  get_lock(): SynchronizedLock;
  /**
   * Python's `acquire(...)`: the lock's `acquire`.
   *
   * @param args The lock's own arguments (`block`, `timeout`, or the
   *   keyword object).
   * @returns Whether the lock was taken.
   */
  acquire(...args: unknown[]): Promise<boolean>;
  /** Python's `release()`: the lock's `release`. */
  release(): void;
  /**
   * Python's `with obj:` as `using _ = await obj.enter();`: holds the lock.
   *
   * @returns The guard that releases the lock when disposed.
   */
  enter(): Promise<Disposable>;
  /**
   * Python's `repr()`: `<Synchronized wrapper for c_int(3)>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/**
 * A `multiprocessing.Value(...)` object (CPython's
 * `sharedctypes.Synchronized`): a ctypes object in shared memory and the
 * lock that guards it.
 *
 * @typeParam V What `value` reads as.
 * @typeParam In What `get_obj().value` may be assigned.
 */
export interface Synchronized<V, In = V>
  extends SynchronizedBase<_SimpleCData<V, In>> {
  /**
   * The value. One read or one write is one atomic operation, taken
   * without the lock (it would have to wait, and a property cannot). A
   * 64-bit type reads and is assigned as a `bigint` here (`get_obj().value`
   * takes a number too).
   */
  value: V;
}

/** Value's arguments after the type: the value and keyword arguments. */
export type ValueArgs<In> =
  | []
  | [value: In]
  | [options: ValueOptions]
  | [value: In, options: ValueOptions];

/** Value's arguments after the type with `{ lock: false }`. */
export type RawValueArgs<In> =
  | [options: { lock: false }]
  | [value: In, options: { lock: false }];

/** The type of {@linkcode Value}: called as in Python, or with `new`. */
export interface ValueConstructor {
  /**
   * Makes an unsynchronized value: the raw ctypes object.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value, then `{ lock: false }`.
   * @returns The ctypes object.
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    ...args: RawValueArgs<CInput<TypecodeTypes[C]>>
  ): InstanceType<TypecodeTypes[C]>;
  /**
   * Makes an unsynchronized value: the raw ctypes object.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value, then `{ lock: false }`.
   * @returns The ctypes object.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: RawValueArgs<CInput<T>>
  ): InstanceType<T>;
  /**
   * Makes a value in shared memory guarded by a lock.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value (zero when omitted), then `{ lock }`.
   * @returns The synchronized wrapper.
   */
  new <C extends Typecode>(
    typecode_or_type: C,
    ...args: ValueArgs<CInput<TypecodeTypes[C]>>
  ): Synchronized<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes a value in shared memory guarded by a lock.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value (zero when omitted), then `{ lock }`.
   * @returns The synchronized wrapper.
   */
  new <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: ValueArgs<CInput<T>>
  ): Synchronized<CValue<T>, CInput<T>>;
  /**
   * Makes an unsynchronized value: the raw ctypes object.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value, then `{ lock: false }`.
   * @returns The ctypes object.
   */
  <C extends Typecode>(
    typecode_or_type: C,
    ...args: RawValueArgs<CInput<TypecodeTypes[C]>>
  ): InstanceType<TypecodeTypes[C]>;
  /**
   * Makes an unsynchronized value: the raw ctypes object.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value, then `{ lock: false }`.
   * @returns The ctypes object.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: RawValueArgs<CInput<T>>
  ): InstanceType<T>;
  /**
   * Makes a value in shared memory guarded by a lock.
   *
   * @param typecode_or_type A typecode such as "i" or "d".
   * @param args The initial value (zero when omitted), then `{ lock }`.
   * @returns The synchronized wrapper.
   */
  <C extends Typecode>(
    typecode_or_type: C,
    ...args: ValueArgs<CInput<TypecodeTypes[C]>>
  ): Synchronized<CValue<TypecodeTypes[C]>, CInput<TypecodeTypes[C]>>;
  /**
   * Makes a value in shared memory guarded by a lock.
   *
   * @param typecode_or_type A ctypes simple type such as `c_int`.
   * @param args The initial value (zero when omitted), then `{ lock }`.
   * @returns The synchronized wrapper.
   */
  <T extends SimpleCDataType<unknown, never>>(
    typecode_or_type: T,
    ...args: ValueArgs<CInput<T>>
  ): Synchronized<CValue<T>, CInput<T>>;
  /** The prototype of every synchronized value, for `instanceof`. */
  readonly prototype: Synchronized<unknown>;
}

/**
 * Python's `multiprocessing.Value(typecode_or_type, *args, lock=True)`: a
 * ctypes object in shared memory (see {@linkcode RawValue} for typecodes
 * and value types) wrapped with a lock, a new `multiprocessing.RLock`
 * unless `{ lock }` says otherwise: `{ lock: false }` returns the raw ctypes
 * object, and a lock object is used as the lock. `get_lock()` and
 * `get_obj()` return them.
 *
 * `v.value` is one atomic read or write of the shared cell, but
 * `v.value += 1` is a read then a write, not atomic, as in Python. Hold the
 * lock around it: `with v.get_lock(): v.value += 1` is
 * `{ using _ = await v.get_lock().enter(); v.value += 1; }`, and the lock
 * works across processes.
 *
 * The value and its lock are shared with every child they are passed to
 * (the 'worker' start method); passing them to a 'spawn' child raises
 * NotImplementedError, as another OS process cannot share the memory.
 *
 * A lock argument without an `acquire` method is Python's AttributeError
 * (`'x' has no method 'acquire'`), raised as a TypeError with Python's
 * message (there is no AttributeError class).
 *
 * @example
 * ```ts
 * import { Value } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const counter = Value("i", 0);
 * for (let i = 0; i < 3; i++) {
 *   using _ = await counter.get_lock().enter();
 *   counter.value += 1;
 * }
 * assert.equal(counter.value, 3);
 * assert.equal(String(counter), "<Synchronized wrapper for c_int(3)>");
 *
 * const raw = new Value("d", 1.5, { lock: false });
 * assert.equal(String(raw), "c_double(1.5)");
 * ```
 */
export const Value: ValueConstructor = factory(
  "Value",
  (typecode_or_type: unknown, ...rest: unknown[]) => {
    const [args, kw] = splitKeywords("Value", rest, ["lock"]);
    const obj = makeRawValue(typecode_or_type, args);
    const lock = resolveLock(kw.lock);
    return lock === null ? obj : synchronized(obj, lock);
  },
  SynchronizedImpl.prototype,
) as unknown as ValueConstructor;

/** Splits `[...args, kwargs?]` of a function with keyword names `names`. */
function splitKeywords(
  fn: string,
  args: unknown[],
  names: readonly string[],
): [unknown[], Record<string, unknown>] {
  if (args.length === 0) return [args, {}];
  const kw = keywords(fn, args[args.length - 1], names);
  return kw === null ? [args, {}] : [args.slice(0, -1), kw];
}

// sharedctypes' synchronized wrappers, what Value and Array return: a
// shared ctypes object and the lock that guards it. Item access goes
// straight to the object (each item is one atomic operation); the lock is
// for making several accesses one step. Both the object and the lock cross
// to a 'worker' child, so the child's wrapper guards the same memory with
// the same lock.

import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { entered } from "../_shared/release_guard.ts";
import { _SimpleCData } from "../ctypes/simple_cdata.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  reduceValue,
  registerKind,
} from "../_shared/reduce.ts";
import { CArray, CharArray } from "./_c_array.ts";
import {
  DELITEM_ERROR,
  GETITEM,
  type Indexable,
  indexable,
  SETITEM,
} from "./_indexable.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { RLock } from "./rlock.ts";
import type { SynchronizedLock } from "./value.ts";

/**
 * The lock of `Value(..., lock=...)`/`Array(..., lock=...)`: true, null or
 * undefined make a new RLock; false means no wrapper (null is returned);
 * any object with an `acquire` method is used; anything else is Python's
 * AttributeError, raised here as TypeError with Python's message.
 */
export function resolveLock(lock: unknown): SynchronizedLock | null {
  if (lock === false) return null;
  if (lock === true || lock === null || lock === undefined) return new RLock();
  if (
    typeof lock === "object" &&
    typeof (lock as { acquire?: unknown }).acquire === "function"
  ) {
    return lock as SynchronizedLock;
  }
  throw new TypeError(`${pyRepr(lock)} has no method 'acquire'`);
}

interface WrapperState {
  obj: unknown;
  lock: unknown;
}

/** CPython's SynchronizedBase: an object and the lock that guards it. */
export class SynchronizedBase {
  readonly #obj: object;
  readonly #lock: SynchronizedLock;
  #entered: Promise<Disposable> | null = null;

  constructor(obj: object, lock: SynchronizedLock) {
    this.#obj = obj;
    this.#lock = lock;
  }

  get_obj(): object {
    return this.#obj;
  }

  get_lock(): SynchronizedLock {
    return this.#lock;
  }

  acquire(...args: unknown[]): Promise<boolean> {
    return this.#lock.acquire(...args);
  }

  release(): void {
    this.#lock.release();
  }

  enter(): Promise<Disposable> {
    return this.#lock.enter().then(() => this.#entered ??= entered(this));
  }

  toString(): string {
    return `<${this.constructor.name} wrapper for ${pyRepr(this.#obj)}>`;
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "synchronized shared ctypes object");
    const lock = this.#lock as unknown as Partial<
      Record<typeof REDUCE, unknown>
    >;
    if (typeof lock[REDUCE] !== "function") {
      throw new TypeError(
        `cannot pickle '${
          pyTypeName(lock)
        }' object (${ctx.path}.get_lock()): ` +
          "only a multiprocessing lock can cross to another process",
      );
    }
    const state: WrapperState = {
      obj: reduceValue(this.#obj, ctx),
      lock: reduceValue(lock, {
        method: ctx.method,
        path: `${ctx.path}.get_lock()`,
      }),
    };
    return reduced("sharedctypes.Synchronized", state);
  }
}

showAsPython(SynchronizedBase);

/** CPython's Synchronized: a wrapped ctypes simple object. */
export class Synchronized extends SynchronizedBase {
  get value(): unknown {
    return (this.get_obj() as { value: unknown }).value;
  }
  set value(v: unknown) {
    (this.get_obj() as { value: unknown }).value = v;
  }
}

/** CPython's SynchronizedArray: a wrapped ctypes array. */
export class SynchronizedArray extends SynchronizedBase implements Indexable {
  get length(): number {
    return (this.get_obj() as CArray).length;
  }

  get [DELITEM_ERROR](): string {
    return "Array does not support item deletion";
  }

  [GETITEM](i: number): unknown {
    return (this.get_obj() as CArray)[GETITEM](i);
  }

  [SETITEM](i: number, v: unknown): void {
    (this.get_obj() as CArray)[SETITEM](i, v);
  }

  slice(start?: unknown, stop?: unknown, step?: unknown): unknown {
    return (this.get_obj() as CArray).slice(start, stop, step);
  }

  set_slice(...args: unknown[]): void {
    (this.get_obj() as CArray).set_slice(...args);
  }

  [Symbol.iterator](): IterableIterator<unknown> {
    return (this.get_obj() as CArray)[Symbol.iterator]();
  }
}

/** CPython's SynchronizedString: a wrapped c_char array. */
export class SynchronizedString extends SynchronizedArray {
  get value(): Uint8Array {
    return (this.get_obj() as CharArray).value;
  }
  set value(v: Uint8Array) {
    (this.get_obj() as CharArray).value = v;
  }

  get raw(): Uint8Array {
    return (this.get_obj() as CharArray).raw;
  }
  set raw(v: Uint8Array) {
    (this.get_obj() as CharArray).raw = v;
  }
}

/** CPython's `synchronized(obj, lock)`. */
export function synchronized(
  obj: object,
  lock: SynchronizedLock,
): SynchronizedBase {
  if (obj instanceof _SimpleCData) return new Synchronized(obj, lock);
  if (obj instanceof CharArray) {
    return indexable(new SynchronizedString(obj, lock));
  }
  if (obj instanceof CArray) return indexable(new SynchronizedArray(obj, lock));
  throw new TypeError(`cannot synchronize ${pyTypeName(obj)}`);
}

registerKind("sharedctypes.Synchronized", import.meta.url, (s) => {
  const { obj, lock } = s as WrapperState;
  return synchronized(
    rebuildValue(obj) as object,
    rebuildValue(lock) as SynchronizedLock,
  );
});

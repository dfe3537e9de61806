// What multiprocessing's Lock, RLock, Semaphore and BoundedSemaphore share,
// as CPython's multiprocessing.synchronize.SemLock: one SemLock (the
// cross-process semaphore of _semlock.ts) behind acquire/release/enter, the
// arguments of acquire(block=True, timeout=None), and how they cross to a
// child process. Taking a free lock is one compare-and-swap and returns a
// shared resolved promise: nothing is allocated.

import { NotImplementedError, OverflowError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { EINVAL } from "../errno/constants.ts";
import { entered } from "../_shared/release_guard.ts";
import { bind } from "../_shared/args.ts";
import { current } from "../_shared/thread_context.ts";
import { FALSE, TRUE } from "../_shared/waiters.ts";
import { self } from "./_identity.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
} from "../_shared/reduce.ts";
import { SEM_VALUE_MAX, SEMAPHORE, SemLock } from "./_semlock.ts";

/** The SemLock of a lock object (Condition reaches it through this). */
export const SEMLOCK: unique symbol = Symbol("pyport.multiprocessing.semlock");
/** The class name an object crosses as (and names in messages). */
export const KIND: unique symbol = Symbol("pyport.multiprocessing.kind");

/** Keyword arguments of `acquire()`, with Python's names. */
export interface AcquireKeywords {
  block?: boolean;
  timeout?: number | null;
}

/** Python's name of the type of `v`, for TypeError messages. */
export function pyType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "function") return "function";
  if (Array.isArray(v)) return "list";
  if (v instanceof Uint8Array) return "bytes";
  const name = (v as { constructor?: { name?: string } }).constructor?.name;
  return name === undefined || name === "Object" ? "dict" : name;
}

/**
 * A timeout in seconds as CPython's multiprocessing reads it: null or
 * undefined for none, a negative one as 0, a non-number a TypeError.
 */
export function seconds(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return Number(v);
  if (typeof v !== "number") {
    throw new TypeError(`must be real number, not ${pyType(v)}`);
  }
  if (Number.isNaN(v)) throw new TypeError("Invalid value NaN (not a number)");
  return v < 0 ? 0 : v;
}

/**
 * Reads `acquire(block=True, timeout=None)`: the seconds to wait, null
 * for no limit, 0 not to wait (`block` false ignores the timeout).
 */
export function acquireTimeout(
  block: unknown,
  timeout: unknown,
  kwargs: unknown,
): number | null {
  const [b, t] = bind("acquire", ["block", "timeout"], [
    block,
    timeout,
    kwargs,
  ]);
  const secs = seconds(t);
  if (b !== undefined && !b) return 0;
  return secs;
}

/** The name a lock's repr gives its owner when it is the caller. */
export function ownerName(): string {
  const t = current();
  return t.name === "MainThread" ? self.name : `${self.name}|${t.name}`;
}

/**
 * Throws NotImplementedError when `what` is to cross to a 'spawn' process:
 * it lives in shared memory, which another OS process cannot share.
 */
export function refuseSpawn(ctx: ReduceContext, what: string): void {
  if (ctx.method === "spawn") {
    throw new NotImplementedError(
      `${ctx.path}: a multiprocessing ${what} lives in shared memory, which ` +
        "a 'spawn' process (another OS process) cannot share; use the " +
        "'worker' start method (get_context('worker'))",
    );
  }
}

// The SemLock a rebuilt object is to wrap, handed to its constructor
// without widening the public constructor's parameters.
let pending: SemLock | null = null;

/** Runs `make` (a constructor call) so that it wraps `sem`. */
export function wrapping<T>(sem: SemLock, make: () => T): T {
  pending = sem;
  try {
    return make();
  } finally {
    pending = null;
  }
}

/** Hands `sem` to the next SemLockObject constructor. */
export function setPending(sem: SemLock): void {
  pending = sem;
}

/** The SemLock handed by `wrapping()`, else null; clears it. */
export function takePending(): SemLock | null {
  const s = pending;
  pending = null;
  return s;
}

/** The state a SemLock-based object crosses with. */
export interface SemLockState {
  sem: Reduced;
}

/** Rebuilds the SemLock of a SemLock-based object's state. */
export function rebuildSem(state: unknown): SemLock {
  return rebuildValue((state as SemLockState).sem) as SemLock;
}

/**
 * The base of Lock, RLock, Semaphore and BoundedSemaphore (CPython's
 * synchronize.SemLock). Subclasses set `[KIND]`, the name they cross as.
 */
export abstract class SemLockObject {
  /** The shared semaphore. */
  readonly [SEMLOCK]: SemLock;
  #entered: Promise<Disposable> | null = null;

  constructor(sem: SemLock) {
    this[SEMLOCK] = sem;
  }

  /** The registered kind and the class name in messages. */
  abstract get [KIND](): string;

  acquire(
    block?: boolean | AcquireKeywords,
    timeout?: number | null | AcquireKeywords,
    kwargs?: AcquireKeywords,
  ): Promise<boolean> {
    const sem = this[SEMLOCK];
    if (block === undefined && timeout === undefined && kwargs === undefined) {
      return sem.tryAcquire() ? TRUE : sem.acquire(null);
    }
    let t: number | null;
    try {
      t = acquireTimeout(block, timeout, kwargs);
    } catch (e) {
      return Promise.reject(e);
    }
    if (sem.tryAcquire()) return TRUE;
    return t === 0 ? FALSE : sem.acquire(t);
  }

  release(): void {
    this[SEMLOCK].release();
  }

  enter(): Promise<Disposable> {
    const sem = this[SEMLOCK];
    if (sem.tryAcquire()) return this.#entered ??= entered(this);
    return sem.acquire(null).then(() => this.#entered ??= entered(this));
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, this[KIND]);
    const state: SemLockState = { sem: this[SEMLOCK][REDUCE](ctx) };
    return reduced(this[KIND], state);
  }
}

/**
 * A semaphore's SemLock for `Semaphore(value=1)` (`bounded`: maxvalue =
 * value), with CPython's errors for bad values.
 */
export function semaphoreLock(value: unknown, bounded: boolean): SemLock {
  let v = value === undefined ? 1 : value;
  if (typeof v === "boolean") v = Number(v);
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(
      `'${pyType(v)}' object cannot be interpreted as an integer`,
    );
  }
  if (v > SEM_VALUE_MAX) {
    throw new OverflowError("Python int too large to convert to C int");
  }
  if (v < 0) throw new OSError(EINVAL, "Invalid argument");
  return new SemLock(SEMAPHORE, v, bounded ? v : SEM_VALUE_MAX);
}

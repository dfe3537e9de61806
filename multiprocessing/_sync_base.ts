// What multiprocessing's Lock, RLock, Semaphore and BoundedSemaphore share,
// as CPython's multiprocessing.synchronize.SemLock: one SemLock (the
// cross-process semaphore of _semlock.ts) behind the one implementation of
// acquire/release/enter, the arguments of acquire(block=True, timeout=None)
// (which Queue's put and get take too), and how they cross to a child
// process. Taking a free lock is one compare-and-swap and returns a shared
// resolved promise: nothing is allocated.

import { OverflowError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { EINVAL } from "../errno/constants.ts";
import { entered } from "../_shared/release_guard.ts";
import { bind, index } from "../_shared/args.ts";
import { current } from "../_shared/thread_context.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { FALSE, TRUE } from "../_shared/waiters.ts";
import { showAsPython } from "../_shared/pyrepr.ts";
import { self } from "./_identity.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
} from "../_shared/reduce.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { SEM_VALUE_MAX, SEMAPHORE, SemLock } from "./_semlock.ts";
import type { Acquirable, AcquireOptions } from "./lock.ts";

/** The SemLock of a lock object (Condition reaches it through this). */
export const SEMLOCK: unique symbol = Symbol("pyport.multiprocessing.semlock");
/** The class name an object crosses as (and names in messages). */
export const KIND: unique symbol = Symbol("pyport.multiprocessing.kind");

/**
 * A timeout in seconds as CPython's multiprocessing reads it: null or
 * undefined for none, a negative one as 0, a non-number a TypeError.
 */
export function seconds(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "boolean") return Number(v);
  if (typeof v !== "number") {
    throw new TypeError(`must be real number, not ${pyTypeName(v)}`);
  }
  if (Number.isNaN(v)) throw new TypeError("Invalid value NaN (not a number)");
  return v < 0 ? 0 : v;
}

/**
 * Reads `fn(block=True, timeout=None)` (a lock's `acquire`, a queue's
 * `put` and `get`): the seconds to wait, null for no limit, 0 not to wait
 * (`block` false ignores the timeout, which is still checked).
 */
export function blockTimeout(
  fn: string,
  block: unknown,
  timeout: unknown,
  kwargs: unknown,
): number | null {
  const [b, t] = bind(fn, ["block", "timeout"], [block, timeout, kwargs]);
  const secs = seconds(t);
  return b === undefined || b ? secs : 0;
}

/** The name a lock's repr gives its owner when it is the caller. */
export function ownerName(): string {
  const t = current();
  return t.name === "MainThread" ? self.name : `${self.name}|${t.name}`;
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
export abstract class SemLockObject implements Acquirable {
  /** The shared semaphore. */
  readonly [SEMLOCK]: SemLock;
  #entered: Promise<Disposable> | null = null;

  constructor(sem: SemLock) {
    this[SEMLOCK] = sem;
  }

  /** The registered kind and the class name in messages. */
  abstract get [KIND](): string;

  acquire(
    block?: boolean | AcquireOptions,
    timeout?: number | null | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean> {
    const sem = this[SEMLOCK];
    if (block === undefined && timeout === undefined && kwargs === undefined) {
      return sem.tryAcquire() ? TRUE : sem.acquire(null);
    }
    let t: number | null;
    try {
      t = blockTimeout("acquire", block, timeout, kwargs);
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
    refuseSpawn(ctx, `multiprocessing ${this[KIND]}`);
    const state: SemLockState = { sem: this[SEMLOCK][REDUCE](ctx) };
    return reduced(this[KIND], state);
  }
}

showAsPython(SemLockObject);

/**
 * A semaphore's SemLock for `Semaphore(value=1)` (`bounded`: maxvalue =
 * value), with CPython's errors for bad values.
 */
export function semaphoreLock(value: unknown, bounded: boolean): SemLock {
  const v = value === undefined ? 1 : index(value);
  if (v > SEM_VALUE_MAX) {
    throw new OverflowError("Python int too large to convert to C int");
  }
  if (v < 0) throw new OSError(EINVAL, "Invalid argument");
  return new SemLock(SEMAPHORE, v, bounded ? v : SEM_VALUE_MAX);
}

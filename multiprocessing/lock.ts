// Python's multiprocessing.Lock.

import { callable } from "./_callable.ts";
import { SEMAPHORE, SemLock } from "./_semlock.ts";
import {
  KIND,
  ownerName,
  rebuildSem,
  SEMLOCK,
  SemLockObject,
  takePending,
  wrapping,
} from "./_sync_base.ts";
import { registerKind } from "../_shared/reduce.ts";

/**
 * Keyword arguments of `acquire()` on multiprocessing's locks and
 * semaphores, with Python's names.
 */
export interface AcquireOptions {
  /** Wait (default true); false returns at once, ignoring `timeout`. */
  block?: boolean;
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

/**
 * What multiprocessing's Lock, RLock, Semaphore, BoundedSemaphore and
 * Condition share: Python's `acquire(block=True, timeout=None)` and
 * `with x:`, one implementation for all of them.
 */
export interface Acquirable {
  /**
   * Python's `acquire(block=True, timeout=None)`: takes the lock (a unit
   * of a semaphore; one more level of an RLock that the calling thread
   * owns already), waiting for it if `block`, at most `timeout` seconds if
   * given (a negative timeout is 0). Unlike threading's, the first
   * parameter is named `block` and the timeout is ignored when `block` is
   * false.
   *
   * @param block Wait for the lock (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit), or the keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @returns Whether the lock was taken.
   * @throws {TypeError} A timeout that is not a number.
   */
  acquire(
    block?: boolean | AcquireOptions,
    timeout?: number | null | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean>;

  /**
   * Python's `with x:` as `using _ = await x.enter();`: acquires (waiting
   * without limit) and resolves with a Disposable whose disposal is one
   * `release()`.
   *
   * @returns The guard that releases when disposed.
   */
  enter(): Promise<Disposable>;
}

/**
 * A `multiprocessing.Lock()` object: a non-recursive lock that works
 * across processes. Any thread of any process may release it.
 */
export interface Lock extends Acquirable {
  /**
   * Python's `release()`: frees the lock; one waiter, of any process, gets it.
   *
   * @throws {ValueError} "semaphore or lock released too many times" when
   * the lock is not held.
   */
  release(): void;

  /**
   * Python's `locked()` (Python 3.14).
   *
   * @returns Whether the lock is held, by anyone.
   */
  locked(): boolean;

  /**
   * Python's `repr()`: `<Lock(owner=MainProcess)>` when the calling thread
   * holds it (`MainProcess|Thread-1` in another thread), `<Lock(owner=None)>`
   * when free, `SomeOtherThread` or `SomeOtherProcess` otherwise.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Lock}: used with `new`, or called as in Python. */
export interface LockConstructor {
  /**
   * Makes a lock, free.
   *
   * @returns The lock.
   */
  new (): Lock;
  /**
   * Makes a lock, free: `multiprocessing.Lock()` as in Python.
   *
   * @returns The lock.
   */
  (): Lock;
  /** The prototype of every Lock, for `instanceof`. */
  readonly prototype: Lock;
}

class LockImpl extends SemLockObject implements Lock {
  constructor() {
    super(takePending() ?? new SemLock(SEMAPHORE, 1, 1));
  }

  get [KIND](): string {
    return "Lock";
  }

  locked(): boolean {
    return this[SEMLOCK].getValue() === 0;
  }

  override toString(): string {
    const sem = this[SEMLOCK];
    let owner: string;
    if (sem.isMine()) owner = ownerName();
    else if (sem.getValue() === 1) owner = "None";
    else if (sem.count() > 0) owner = "SomeOtherThread";
    else owner = "SomeOtherProcess";
    return `<Lock(owner=${owner})>`;
  }
}

/**
 * Python's `multiprocessing.Lock()`: a lock in shared memory that threads
 * of every process it reaches (as a Process argument, or inside a Queue
 * item, with the 'worker' start method) acquire and release together.
 * Use it with `new`, or call it as Python does. Waiting never blocks an
 * event loop: a waiting process keeps serving its other tasks.
 *
 * `with lock:` is `using _ = await lock.enter();`.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const lock = new multiprocessing.Lock(); // or multiprocessing.Lock()
 * assert.equal(await lock.acquire(), true);
 * assert.equal(String(lock), "<Lock(owner=MainProcess)>");
 * assert.equal(await lock.acquire({ block: false }), false);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * lock.release();
 * {
 *   using _ = await lock.enter();
 *   assert.equal(lock.locked(), true);
 * }
 * assert.equal(String(lock), "<Lock(owner=None)>");
 * assert.throws(() => lock.release(), /released too many times/);
 * ```
 */
export const Lock: LockConstructor = callable(LockImpl, "Lock");

registerKind(
  "Lock",
  import.meta.url,
  (s) => wrapping(rebuildSem(s), () => new LockImpl()),
);

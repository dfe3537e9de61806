// Python's threading.Lock.

import { RuntimeError } from "../builtins/exceptions.ts";
import { entered } from "../_shared/release_guard.ts";
import { acquireArgs, FALSE, TRUE, WaitQueue } from "../_shared/waiters.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";

/** Keyword arguments of `acquire()`, with Python's names. */
export interface AcquireOptions {
  /** Wait for the lock (default true); false returns at once. */
  blocking?: boolean;
  /** Seconds to wait at most; -1 (the default) waits without limit. */
  timeout?: number;
}

/**
 * Python's `threading.Lock`: a primitive lock, owned by no thread; any
 * thread may release it. Waiters get it in the order they asked (FIFO).
 *
 * `with lock:` is `using _ = await lock.enter();`, the one form of every
 * blocking context manager in pyport.
 *
 * @example
 * ```ts
 * import { Lock } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const lock = new Lock();
 * assert.equal(await lock.acquire(), true);
 * assert.equal(await lock.acquire(false), false);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * lock.release();
 * {
 *   using _ = await lock.enter();
 *   assert.equal(lock.locked(), true);
 * }
 * assert.equal(lock.locked(), false);
 * ```
 */
export class Lock {
  #locked = false;
  #waiters: WaitQueue | null = null;
  #entered: Promise<Disposable> | null = null;

  /**
   * Python's `acquire(blocking=True, timeout=-1)`: takes the lock, waiting
   * for it if `blocking`, at most `timeout` seconds if given.
   *
   * @param blocking Wait for the lock (default true), or the keyword object.
   * @param timeout Seconds to wait at most (-1: no limit), or the keyword object.
   * @param kwargs `{ blocking, timeout }` after positional arguments.
   * @returns Whether the lock was taken.
   * @throws {ValueError} A timeout with `blocking` false, or a negative one.
   * @throws {OverflowError} A timeout above `TIMEOUT_MAX`.
   */
  acquire(
    blocking?: boolean | AcquireOptions,
    timeout?: number | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean> {
    if (timeout === undefined && kwargs === undefined) {
      if (blocking === undefined || blocking === true) {
        if (!this.#locked) {
          this.#locked = true;
          return TRUE;
        }
        return (this.#waiters ??= new WaitQueue()).park(null);
      }
      if (blocking === false) {
        if (this.#locked) return FALSE;
        this.#locked = true;
        return TRUE;
      }
    }
    let t: number | null;
    try {
      t = acquireArgs(blocking, timeout, kwargs);
    } catch (e) {
      return Promise.reject(e);
    }
    if (!this.#locked) {
      this.#locked = true;
      return TRUE;
    }
    if (t === 0) return FALSE;
    return (this.#waiters ??= new WaitQueue()).park(t);
  }

  /**
   * Python's `release()`: frees the lock; the longest waiter, if any, gets it.
   *
   * @throws {RuntimeError} "release unlocked lock".
   */
  release(): void {
    if (!this.#locked) throw new RuntimeError("release unlocked lock");
    const w = this.#waiters?.shift();
    if (w !== undefined) w.wake(true);
    else this.#locked = false;
  }

  /**
   * Python's `locked()`.
   *
   * @returns Whether the lock is held.
   */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * Python's `with lock:` as `using _ = await lock.enter();`: waits for the
   * lock and resolves with a Disposable that releases it.
   *
   * @returns The guard that releases the lock when disposed.
   */
  enter(): Promise<Disposable> {
    if (!this.#locked) {
      this.#locked = true;
      return this.#entered ??= entered(this);
    }
    return (this.#waiters ??= new WaitQueue()).park(null).then(() =>
      this.#entered ??= entered(this)
    );
  }

  /**
   * Python's `repr()`: `<unlocked _thread.lock object at 0x...>` or
   * `<locked _thread.lock object at 0x...>` (a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    return `<${this.#locked ? "locked" : "unlocked"} _thread.lock object at ${
      addressOf(this)
    }>`;
  }
}

showAsPython(Lock);

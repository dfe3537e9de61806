// Python's threading.RLock.

import { RuntimeError } from "../builtins/exceptions.ts";
import { entered } from "../_shared/release_guard.ts";
import { current, type TaskThread } from "../_shared/thread_context.ts";
import { rlockHooks } from "./_lock_hooks.ts";
import { acquireArgs, FALSE, TRUE, WaitQueue } from "../_shared/waiters.ts";
import type { AcquireOptions } from "./lock.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";

/**
 * Python's `threading.RLock`: a re-entrant lock, owned by the thread that
 * acquired it (ownership follows the thread across awaits). The owner may
 * acquire it again; it is free once released as many times. Waiters get it
 * in the order they asked (FIFO).
 *
 * `with rlock:` is `using _ = await rlock.enter();`.
 *
 * @example
 * ```ts
 * import { RLock } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const lock = new RLock();
 * {
 *   using _outer = await lock.enter();
 *   using _inner = await lock.enter(); // the owner may re-enter
 *   assert.match(String(lock), /^<locked _thread\.RLock object owner=\d+ count=2 at 0x/);
 * }
 * assert.match(String(lock), /^<unlocked _thread\.RLock object owner=0 count=0/);
 * assert.throws(() => lock.release(), /cannot release un-acquired lock/);
 * ```
 */
export class RLock {
  #owner: TaskThread | null = null;
  #count = 0;
  #waiters: WaitQueue | null = null;
  #entered: Promise<Disposable> | null = null;

  static {
    rlockHooks.isOwned = (l) => l.#owner === current();
    rlockHooks.releaseSave = (l) => {
      if (l.#owner !== current()) {
        throw new RuntimeError("cannot release un-acquired lock");
      }
      const n = l.#count;
      l.#count = 0;
      l.#handOff();
      return n;
    };
    rlockHooks.acquireRestore = async (l, saved) => {
      await l.acquire();
      l.#count = saved;
    };
  }

  /**
   * Python's `acquire(blocking=True, timeout=-1)`: takes the lock, or one
   * more level of it when the calling thread owns it already.
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
    const me = current();
    if (this.#owner === me) {
      if (
        timeout !== undefined || kwargs !== undefined ||
        (blocking !== undefined && typeof blocking !== "boolean")
      ) {
        try {
          acquireArgs(blocking, timeout, kwargs);
        } catch (e) {
          return Promise.reject(e);
        }
      }
      this.#count++;
      return TRUE;
    }
    let t: number | null = null;
    if (
      timeout !== undefined || kwargs !== undefined ||
      (blocking !== undefined && blocking !== true)
    ) {
      try {
        t = acquireArgs(blocking, timeout, kwargs);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (this.#owner === null) {
      this.#owner = me;
      this.#count = 1;
      return TRUE;
    }
    if (t === 0) return FALSE;
    return (this.#waiters ??= new WaitQueue()).park(t);
  }

  /**
   * Python's `release()`: drops one level; at the last, the lock is free
   * and the longest waiter, if any, gets it.
   *
   * @throws {RuntimeError} "cannot release un-acquired lock" when the
   * calling thread does not own it.
   */
  release(): void {
    if (this.#owner !== current()) {
      throw new RuntimeError("cannot release un-acquired lock");
    }
    if (--this.#count === 0) this.#handOff();
  }

  #handOff(): void {
    const w = this.#waiters?.shift();
    if (w !== undefined) {
      this.#owner = w.thread;
      this.#count = 1;
      w.wake(true);
    } else {
      this.#owner = null;
    }
  }

  /**
   * Python's `with rlock:` as `using _ = await rlock.enter();`: acquires and
   * resolves with a Disposable that releases one level.
   *
   * @returns The guard that releases the lock when disposed.
   */
  enter(): Promise<Disposable> {
    const me = current();
    if (this.#owner === me) {
      this.#count++;
      return this.#entered ??= entered(this);
    }
    if (this.#owner === null) {
      this.#owner = me;
      this.#count = 1;
      return this.#entered ??= entered(this);
    }
    return (this.#waiters ??= new WaitQueue()).park(null).then(() =>
      this.#entered ??= entered(this)
    );
  }

  /**
   * Python's `repr()`: `<unlocked _thread.RLock object owner=0 count=0 at
   * 0x...>`, or `locked` with the owner's ident and the count (a made-up
   * address; a subclass shows its own name, as CPython's C class does).
   *
   * @returns The description.
   */
  toString(): string {
    const cls = this.constructor as { name: string };
    const name = cls === RLock ? "_thread.RLock" : cls.name;
    return `<${this.#owner === null ? "unlocked" : "locked"} ${name} object ` +
      `owner=${this.#owner?.ident ?? 0} count=${this.#count} at ${
        addressOf(this)
      }>`;
  }
}

showAsPython(RLock);

// Python's threading.Condition.

import { RuntimeError } from "../builtins/exceptions.ts";
import { entered } from "../_shared/release_guard.ts";
import { bind } from "../_shared/args.ts";
import { rlockHooks } from "./_lock_hooks.ts";
import { optTimeout, WaitQueue } from "../_shared/waiters.ts";
import { type AcquireOptions, Lock } from "./lock.ts";
import { RLock } from "./rlock.ts";
import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/** A lock a Condition can use: pyport's Lock or RLock, or one like them. */
export interface ConditionLock {
  /** Takes the lock. */
  acquire(
    blocking?: boolean | AcquireOptions,
    timeout?: number | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean>;
  /** Frees the lock. */
  release(): void;
}

/**
 * Python's `threading.Condition(lock=None)`: lets threads wait until
 * another notifies them, over a Lock or RLock (a new RLock by default).
 * Waiters are woken in the order they began waiting.
 *
 * `with cond:` is `using _ = await cond.enter();`; `cond.wait()` is
 * `await cond.wait()`.
 *
 * @example A producer and a consumer
 * ```ts
 * import { Condition, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const cond = new Condition();
 * const items: number[] = [];
 * const consumer = new Thread({
 *   target: async () => {
 *     using _ = await cond.enter();
 *     await cond.wait_for(() => items.length > 0);
 *     assert.equal(items.shift(), 42);
 *   },
 * });
 * consumer.start();
 * {
 *   using _ = await cond.enter();
 *   items.push(42);
 *   cond.notify();
 * }
 * await consumer.join();
 * ```
 */
export class Condition {
  readonly #lock: ConditionLock;
  #waiters = new WaitQueue();
  #entered: Promise<Disposable> | null = null;

  /**
   * Makes a condition variable.
   *
   * @param lock The lock to use (Python's `lock=`); a new RLock when
   * omitted or null. Also as `{ lock }`.
   */
  constructor(lock?: ConditionLock | null | { lock?: ConditionLock | null }) {
    const [l] = bind("Condition", ["lock"], [lock]) as [
      ConditionLock | null | undefined,
    ];
    this.#lock = l ?? new RLock();
  }

  /**
   * Python's `acquire(*args)`: acquires the underlying lock.
   *
   * @param blocking As the lock's `acquire`.
   * @param timeout As the lock's `acquire`.
   * @param kwargs As the lock's `acquire`.
   * @returns Whether the lock was taken.
   */
  acquire(
    blocking?: boolean | AcquireOptions,
    timeout?: number | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean> {
    return this.#lock.acquire(blocking, timeout, kwargs);
  }

  /** Python's `release()`: releases the underlying lock. */
  release(): void {
    this.#lock.release();
  }

  /**
   * Python's `with cond:` as `using _ = await cond.enter();`: acquires the
   * underlying lock and resolves with a Disposable that releases it.
   *
   * @returns The guard that releases the lock when disposed.
   */
  enter(): Promise<Disposable> {
    const l = this.#lock;
    if (l instanceof Lock || l instanceof RLock) return l.enter();
    return l.acquire().then(() => this.#entered ??= entered(this));
  }

  #isOwned(): boolean {
    const l = this.#lock;
    if (l instanceof RLock) return rlockHooks.isOwned(l);
    if (l instanceof Lock) return l.locked();
    const o = l as { _is_owned?(): boolean; locked?(): boolean };
    if (typeof o._is_owned === "function") return o._is_owned();
    return typeof o.locked === "function" ? o.locked() : true;
  }

  #releaseSave(): number {
    const l = this.#lock;
    if (l instanceof RLock) return rlockHooks.releaseSave(l);
    l.release();
    return 0;
  }

  async #acquireRestore(saved: number): Promise<void> {
    const l = this.#lock;
    if (l instanceof RLock) await rlockHooks.acquireRestore(l, saved);
    else await l.acquire();
  }

  /**
   * Python's `wait(timeout=None)`: releases the lock, waits until notified
   * or until `timeout` seconds have passed, then takes the lock again.
   *
   * @param timeout Seconds to wait at most; `null` waits without limit.
   * Also as `{ timeout }`.
   * @returns True when notified, false when the time ran out.
   * @throws {RuntimeError} "cannot wait on un-acquired lock".
   */
  async wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<boolean> {
    const [t] = bind("wait", ["timeout"], [timeout]);
    const secs = optTimeout(t);
    if (!this.#isOwned()) {
      throw new RuntimeError("cannot wait on un-acquired lock");
    }
    if (secs !== null && secs <= 0) {
      await this.#acquireRestore(this.#releaseSave());
      return false;
    }
    const woken = this.#waiters.park(secs);
    const saved = this.#releaseSave();
    try {
      return await woken;
    } finally {
      await this.#acquireRestore(saved);
    }
  }

  /**
   * Python's `wait_for(predicate, timeout=None)`: waits until `predicate()`
   * (sync or async) is truthy, or the time runs out.
   *
   * @param predicate The condition to wait for.
   * @param timeout Seconds to wait at most in all; `null` for no limit.
   * Also as `{ timeout }`.
   * @returns The predicate's last result.
   * @throws {RuntimeError} "cannot wait on un-acquired lock".
   */
  async wait_for<T>(
    predicate: () => T | Promise<T>,
    timeout?: number | null | { timeout?: number | null },
  ): Promise<T> {
    const [t] = bind("wait_for", ["timeout"], [timeout]);
    const secs = optTimeout(t);
    const end = secs === null ? null : performance.now() + secs * 1000;
    let result = await predicate();
    while (!result) {
      let left: number | null = null;
      if (end !== null) {
        left = (end - performance.now()) / 1000;
        if (left <= 0) break;
      }
      await this.wait(left);
      result = await predicate();
    }
    return result;
  }

  /**
   * Python's `notify(n=1)`: wakes up to `n` waiting threads, longest first.
   *
   * @param n How many to wake. Also as `{ n }`.
   * @throws {RuntimeError} "cannot notify on un-acquired lock".
   */
  notify(n?: number | { n?: number }): void {
    const [k] = bind("notify", ["n"], [n]) as [number | undefined];
    if (!this.#isOwned()) {
      throw new RuntimeError("cannot notify on un-acquired lock");
    }
    let left = k ?? 1;
    while (left-- > 0) {
      const w = this.#waiters.shift();
      if (w === undefined) break;
      w.wake(true);
    }
  }

  /**
   * Python's `notify_all()`: wakes every waiting thread.
   *
   * @throws {RuntimeError} "cannot notify on un-acquired lock".
   */
  notify_all(): void {
    this.notify(Infinity);
  }

  /**
   * Legacy `notifyAll()`.
   *
   * @throws {RuntimeError} "cannot notify on un-acquired lock".
   */
  notifyAll(): void {
    this.notify_all();
  }

  /**
   * Python's `repr()`.
   *
   * @returns `<Condition(LOCK, N)>` with the number of waiters.
   */
  toString(): string {
    return `<Condition(${pyRepr(this.#lock)}, ${this.#waiters.length})>`;
  }
}

showAsPython(Condition);

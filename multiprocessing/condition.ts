// Python's multiprocessing.Condition.
//
// Three Int32 cells of shared memory: SLEEPERS counts waiters no notify has
// counted yet, SIGNALS the wake-ups given and not yet taken, and DRAINED
// ticks each time SIGNALS falls back to 0. wait() registers (SLEEPERS + 1)
// while it holds the lock, releases the lock, then sleeps on SIGNALS with
// Atomics.waitAsync until it takes a wake-up or its time runs out; a
// waiter whose time runs out takes back its registration, or, when a
// notify has already counted it, the wake-up meant for it. notify(n) moves
// up to n from SLEEPERS to SIGNALS and wakes that many sleepers. Each
// waiter thus leaves with exactly one of the two, so no wake-up is lost.
// A new waiter registers only once SIGNALS is 0, so it never takes a
// wake-up given before it waited (as CPython's notify, which waits for the
// woken to acknowledge, ensures).

import { AssertionError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { Deadline, notifyCell, sharedCells, waitCell } from "./_atomics.ts";
import { callable } from "./_callable.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  reduceValue,
  registerKind,
} from "../_shared/reduce.ts";
import { RECURSIVE_MUTEX, type SemLock } from "./_semlock.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { seconds, SEMLOCK, SemLockObject } from "./_sync_base.ts";
import type { Acquirable, AcquireOptions, Lock } from "./lock.ts";
import { RLock } from "./rlock.ts";
import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/** Keyword arguments of {@linkcode Condition}, with Python's names. */
export interface ConditionOptions {
  /** The lock to use (default: a new RLock). */
  lock?: Lock | RLock | null;
}

/** Keyword arguments of `Condition.wait()` and `wait_for()`. */
export interface ConditionWaitOptions {
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

/** Keyword arguments of `Condition.notify()`. */
export interface NotifyOptions {
  /** How many waiters to wake at most (default 1). */
  n?: number;
}

/**
 * A `multiprocessing.Condition()` object: a condition variable shared by
 * processes.
 */
export interface Condition extends Acquirable {
  /**
   * Python's `release()`: releases the lock.
   *
   * @throws {AssertionError} The lock is an RLock the caller does not own.
   * @throws {ValueError} The lock is a Lock that is not held.
   */
  release(): void;

  /**
   * Python's `wait(timeout=None)`: releases the lock (all levels of an
   * RLock), waits until notified from any process or until `timeout`
   * seconds have passed, then acquires the lock again as it was held.
   *
   * @param timeout Seconds to wait at most (`null`: no limit; negative: 0),
   * or `{ timeout }`.
   * @returns True when notified, false when the time ran out.
   * @throws {AssertionError} "must acquire() condition before using wait()".
   */
  wait(timeout?: number | null | ConditionWaitOptions): Promise<boolean>;

  /**
   * Python's `wait_for(predicate, timeout=None)`: waits until `predicate()`
   * returns a truthy value (it is called with the lock held, and may be
   * async), at most `timeout` seconds.
   *
   * @param predicate The condition to wait for.
   * @param timeout Seconds to wait at most (`null`: no limit), or `{ timeout }`.
   * @returns The last value of `predicate()`.
   * @throws {AssertionError} The lock is not held.
   */
  wait_for<T>(
    predicate: () => T | Promise<T>,
    timeout?: number | null | ConditionWaitOptions,
  ): Promise<T>;

  /**
   * Python's `notify(n=1)`: wakes up to `n` of the waiting threads, of any
   * process.
   *
   * @param n How many to wake at most (default 1), or `{ n }`.
   * @throws {AssertionError} "lock is not owned".
   */
  notify(n?: number | NotifyOptions): void;

  /**
   * Python's `notify_all()`: wakes every waiting thread, of every process.
   *
   * @throws {AssertionError} "lock is not owned".
   */
  notify_all(): void;

  /**
   * Python's `repr()`: `<Condition(<RLock(None, 0)>, 0)>`, the lock and
   * the number of waiters not yet notified.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Condition}: used with `new`, or called as in Python. */
export interface ConditionConstructor {
  /**
   * Makes a condition variable.
   *
   * @param lock The lock (a multiprocessing Lock or RLock; default: a new
   * RLock), or `{ lock }`.
   * @returns The condition.
   * @throws {TypeError} A lock that is not one of multiprocessing's.
   */
  new (lock?: Lock | RLock | null | ConditionOptions): Condition;
  /**
   * Makes a condition variable: `multiprocessing.Condition(lock)` as in
   * Python.
   *
   * @param lock The lock (default: a new RLock), or `{ lock }`.
   * @returns The condition.
   */
  (lock?: Lock | RLock | null | ConditionOptions): Condition;
  /** The prototype of every Condition, for `instanceof`. */
  readonly prototype: Condition;
}

const SLEEPERS = 0, SIGNALS = 1, DRAINED = 2;

interface State {
  cells: Int32Array;
  lock: unknown;
}

let rebuilt: { cells: Int32Array; lock: SemLockObject } | null = null;

class ConditionImpl implements Condition {
  readonly #lock: SemLockObject;
  readonly #sem: SemLock;
  readonly #cells: Int32Array;

  constructor(lock?: Lock | RLock | null | ConditionOptions) {
    if (rebuilt !== null) {
      this.#lock = rebuilt.lock;
      this.#cells = rebuilt.cells;
      rebuilt = null;
    } else {
      const [l] = bind("Condition", ["lock"], [lock]);
      const obj = l ?? new RLock();
      if (!(obj instanceof SemLockObject)) {
        throw new TypeError(
          "Condition() needs a lock of the multiprocessing module (Lock or " +
            `RLock, which work across processes), not '${pyTypeName(obj)}'`,
        );
      }
      this.#lock = obj;
      this.#cells = sharedCells(3);
    }
    this.#sem = this.#lock[SEMLOCK];
  }

  acquire(
    block?: boolean | AcquireOptions,
    timeout?: number | null | AcquireOptions,
    kwargs?: AcquireOptions,
  ): Promise<boolean> {
    return this.#lock.acquire(block, timeout, kwargs);
  }

  release(): void {
    this.#lock.release();
  }

  enter(): Promise<Disposable> {
    return this.#lock.enter();
  }

  async wait(timeout?: number | null | ConditionWaitOptions): Promise<boolean> {
    const [t] = bind("wait", ["timeout"], [timeout]);
    const deadline = new Deadline(seconds(t));
    const sem = this.#sem;
    if (!sem.isMine()) {
      throw new AssertionError("must acquire() condition before using wait()");
    }
    const c = this.#cells;
    // Wake-ups given before this wait are not for it: let them be taken.
    for (;;) {
      const d = Atomics.load(c, DRAINED);
      if (Atomics.load(c, SIGNALS) === 0) break;
      const left = deadline.left();
      if (left === 0) return false;
      await waitCell(c, DRAINED, d, left);
    }
    Atomics.add(c, SLEEPERS, 1);
    const levels = sem.kind === RECURSIVE_MUTEX ? sem.count() : 1;
    for (let i = 0; i < levels; i++) sem.release();
    try {
      return await this.#sleep(deadline);
    } finally {
      await sem.acquire(null);
      for (let i = 1; i < levels; i++) sem.tryAcquire();
    }
  }

  async #sleep(deadline: Deadline): Promise<boolean> {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, SIGNALS);
      if (s > 0) {
        if (Atomics.compareExchange(c, SIGNALS, s, s - 1) !== s) continue;
        if (s === 1) {
          Atomics.add(c, DRAINED, 1);
          notifyCell(c, DRAINED);
        }
        return true;
      }
      const left = deadline.left();
      if (left !== 0) {
        await waitCell(c, SIGNALS, 0, left);
        continue;
      }
      // Time is up: take back the registration, unless a notify has
      // counted this waiter already; then its wake-up is on the way.
      const w = Atomics.load(c, SLEEPERS);
      if (w > 0) {
        if (Atomics.compareExchange(c, SLEEPERS, w, w - 1) === w) return false;
      } else {
        await waitCell(c, SIGNALS, 0, null);
      }
    }
  }

  async wait_for<T>(
    predicate: () => T | Promise<T>,
    timeout?: number | null | ConditionWaitOptions,
  ): Promise<T> {
    const [t] = bind("wait_for", ["timeout"], [timeout]);
    let wait = seconds(t);
    let end: number | null = null;
    let result = await predicate();
    while (!result) {
      if (wait !== null) {
        // The first wait gets the whole timeout, even 0, as in CPython.
        if (end === null) end = performance.now() + wait * 1000;
        else {
          wait = (end - performance.now()) / 1000;
          if (wait <= 0) break;
        }
      }
      await this.wait(wait);
      result = await predicate();
    }
    return result;
  }

  notify(n?: number | NotifyOptions): void {
    const [k] = bind("notify", ["n"], [n]);
    if (k !== undefined && typeof k !== "number") {
      throw new TypeError(
        `'<' not supported between instances of 'int' and '${pyTypeName(k)}'`,
      );
    }
    this.#notify(k ?? 1);
  }

  notify_all(): void {
    this.#notify(Infinity);
  }

  #notify(n: number): void {
    if (!this.#sem.isMine()) throw new AssertionError("lock is not owned");
    const c = this.#cells;
    for (;;) {
      const w = Atomics.load(c, SLEEPERS);
      const k = Math.min(n, w);
      if (!(k > 0)) return;
      if (Atomics.compareExchange(c, SLEEPERS, w, w - k) === w) {
        Atomics.add(c, SIGNALS, k);
        notifyCell(c, SIGNALS, k);
        return;
      }
    }
  }

  toString(): string {
    return `<Condition(${pyRepr(this.#lock)}, ${
      Atomics.load(this.#cells, SLEEPERS)
    })>`;
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "multiprocessing Condition");
    const state: State = {
      cells: this.#cells,
      lock: reduceValue(this.#lock, {
        method: ctx.method,
        path: `${ctx.path}._lock`,
      }),
    };
    return reduced("Condition", state);
  }
}

showAsPython(ConditionImpl);

/**
 * Python's `multiprocessing.Condition(lock=None)`: a condition variable
 * in shared memory, for threads of every process it reaches (with the
 * 'worker' start method). Its lock is a multiprocessing Lock or RLock (a
 * new RLock by default). Use it with `new`, or call it as Python does.
 *
 * `with cond:` is `using _ = await cond.enter();`.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import { Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const cond = new multiprocessing.Condition();
 * const items: number[] = [];
 * const consumer = new Thread({
 *   target: async () => {
 *     using _ = await cond.enter();
 *     await cond.wait_for(() => items.length > 0, 5);
 *   },
 * });
 * consumer.start();
 * {
 *   using _ = await cond.enter();
 *   items.push(1);
 *   cond.notify();
 * }
 * await consumer.join();
 * assert.equal(String(cond), "<Condition(<RLock(None, 0)>, 0)>");
 * ```
 */
export const Condition: ConditionConstructor = callable(
  ConditionImpl,
  "Condition",
);

registerKind("Condition", import.meta.url, (s) => {
  const { cells, lock } = s as State;
  rebuilt = { cells, lock: rebuildValue(lock) as SemLockObject };
  try {
    return new ConditionImpl();
  } finally {
    rebuilt = null;
  }
});

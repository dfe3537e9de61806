// Python's threading.Barrier and BrokenBarrierError.

import { RuntimeError, ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { Condition } from "./condition.ts";
import { Lock } from "./lock.ts";
import { optTimeout } from "../_shared/waiters.ts";

/**
 * Python's `threading.BrokenBarrierError`: a Barrier was broken (reset,
 * aborted, or a wait timed out) while threads waited on it.
 *
 * @example
 * ```ts
 * import { BrokenBarrierError } from "@pyport/std/threading";
 * import { RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new BrokenBarrierError() instanceof RuntimeError);
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}
Object.defineProperty(BrokenBarrierError.prototype, "name", {
  value: "BrokenBarrierError",
  writable: true,
  configurable: true,
});

/** Keyword arguments of {@linkcode Barrier}, with Python's names. */
export interface BarrierOptions {
  /** Called by one of the threads when all have arrived, before any is released. */
  action?: (() => unknown) | null;
  /** Default timeout of `wait()`, in seconds; `null` for none. */
  timeout?: number | null;
}

// The barrier's life: threads arrive while FILLING; the last one turns it to
// DRAINING and every waiter leaves; the last to leave turns it back to
// FILLING. RESETTING is DRAINING for a reset; BROKEN stays until reset.
const FILLING = 0, DRAINING = 1, RESETTING = -1, BROKEN = -2;

/**
 * Python's `threading.Barrier(parties, action=None, timeout=None)`: makes
 * `parties` threads wait until all of them have called `wait()`.
 *
 * @example
 * ```ts
 * import { Barrier, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const barrier = new Barrier(3);
 * const indexes: number[] = [];
 * const threads = [0, 1, 2].map(() =>
 *   new Thread({ target: async () => indexes.push(await barrier.wait()) })
 * );
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * assert.deepEqual(indexes.sort(), [0, 1, 2]);
 * ```
 */
export class Barrier {
  readonly #cond = new Condition(new Lock());
  readonly #parties: number;
  readonly #action: (() => unknown) | null;
  readonly #timeout: number | null;
  #state = FILLING;
  #count = 0;

  /**
   * Makes a barrier.
   *
   * @param parties How many threads must wait.
   * @param action Called by one thread when all arrived, or the keyword object.
   * @param timeout The default timeout of `wait()`, or the keyword object.
   * @param kwargs `{ action, timeout }` after positional arguments.
   * @throws {ValueError} "parties must be >= 1".
   */
  constructor(
    parties: number,
    action?: (() => unknown) | null | BarrierOptions,
    timeout?: number | null | BarrierOptions,
    kwargs?: BarrierOptions,
  ) {
    const [a, t] = bind("Barrier", ["action", "timeout"], [
      action,
      timeout,
      kwargs,
    ]) as [(() => unknown) | null | undefined, unknown];
    if (typeof parties !== "number" || !Number.isInteger(parties)) {
      throw new TypeError("parties must be an integer");
    }
    if (parties < 1) throw new ValueError("parties must be >= 1");
    this.#parties = parties;
    this.#action = a ?? null;
    this.#timeout = optTimeout(t);
  }

  /**
   * Python's `wait(timeout=None)`: waits until all parties have called it.
   *
   * @param timeout Seconds to wait at most (default: the barrier's
   * timeout). Also as `{ timeout }`.
   * @returns This thread's arrival index, 0 to parties - 1.
   * @throws {BrokenBarrierError} When the barrier is or becomes broken
   * (reset, aborted, or this or another wait timed out).
   */
  async wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<number> {
    const [t] = bind("wait", ["timeout"], [timeout]);
    const secs = t === undefined || t === null ? this.#timeout : optTimeout(t);
    const cond = this.#cond;
    using _ = await cond.enter();
    // Wait for a previous round to drain or a reset to finish.
    while (this.#state === DRAINING || this.#state === RESETTING) {
      await cond.wait();
    }
    if (this.#state === BROKEN) throw new BrokenBarrierError();
    const index = this.#count++;
    try {
      if (index + 1 === this.#parties) {
        try {
          if (this.#action !== null) await this.#action();
          this.#state = DRAINING;
          cond.notify_all();
        } catch (e) {
          this.#break();
          throw e;
        }
      } else {
        const ok = await cond.wait_for(() => this.#state !== FILLING, secs);
        if (!ok) {
          this.#break();
          throw new BrokenBarrierError();
        }
        if (this.#state === BROKEN || this.#state === RESETTING) {
          throw new BrokenBarrierError();
        }
      }
      return index;
    } finally {
      this.#count--;
      if (
        this.#count === 0 &&
        (this.#state === DRAINING || this.#state === RESETTING)
      ) {
        this.#state = FILLING;
        cond.notify_all();
      }
    }
  }

  #break(): void {
    this.#state = BROKEN;
    this.#cond.notify_all();
  }

  /**
   * Python's `reset()`: returns the barrier to its empty state; threads
   * waiting on it get BrokenBarrierError.
   *
   * @returns A promise resolved once reset.
   */
  async reset(): Promise<void> {
    using _ = await this.#cond.enter();
    if (this.#count > 0) {
      if (this.#state === FILLING || this.#state === BROKEN) {
        this.#state = RESETTING;
      }
    } else {
      this.#state = FILLING;
    }
    this.#cond.notify_all();
  }

  /**
   * Python's `abort()`: breaks the barrier; current and future waits raise
   * BrokenBarrierError until `reset()`.
   *
   * @returns A promise resolved once broken.
   */
  async abort(): Promise<void> {
    using _ = await this.#cond.enter();
    this.#break();
  }

  /** Python's `parties`: how many threads must wait. */
  get parties(): number {
    return this.#parties;
  }

  /** Python's `n_waiting`: how many threads wait now. */
  get n_waiting(): number {
    return this.#state === FILLING ? this.#count : 0;
  }

  /** Python's `broken`: whether the barrier is broken. */
  get broken(): boolean {
    return this.#state === BROKEN;
  }

  /** Python's `action`: the function the last arriving thread calls. */
  get action(): (() => unknown) | null {
    return this.#action;
  }

  /** Python's `timeout`: the default timeout of `wait()`. */
  get timeout(): number | null {
    return this.#timeout;
  }
}

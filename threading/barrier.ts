// Python's threading.Barrier and BrokenBarrierError: Python's arguments
// and attributes over the barrier state machine of the shared floor, which
// multiprocessing.Barrier runs over shared memory. Here the state and
// count are plain fields and the condition a threading.Condition.

import { ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { BarrierCore } from "../_shared/barrier_core.ts";
import { Condition } from "./condition.ts";
import { Lock } from "./lock.ts";
import { optTimeout } from "../_shared/waiters.ts";
import {
  addressOf,
  definedIn,
  qualifiedName,
  showAsPython,
} from "../_shared/pyrepr.ts";

export { BrokenBarrierError } from "../_shared/broken_barrier_error.ts";

/** Keyword arguments of {@linkcode Barrier}, with Python's names. */
export interface BarrierOptions {
  /** Called by one of the threads when all have arrived, before any is released. */
  action?: (() => unknown) | null;
  /** Default timeout of `wait()`, in seconds; `null` for none. */
  timeout?: number | null;
}

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
  readonly #core: BarrierCore;
  readonly #parties: number;
  readonly #action: (() => unknown) | null;
  readonly #timeout: number | null;

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
    this.#core = new BarrierCore(
      { state: 0, count: 0 },
      new Condition(new Lock()),
      parties,
      this.#action,
    );
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
    return await this.#core.wait(secs);
  }

  /**
   * Python's `reset()`: returns the barrier to its empty state; threads
   * waiting on it get BrokenBarrierError.
   *
   * @returns A promise resolved once reset.
   */
  reset(): Promise<void> {
    return this.#core.reset();
  }

  /**
   * Python's `abort()`: breaks the barrier; current and future waits raise
   * BrokenBarrierError until `reset()`.
   *
   * @returns A promise resolved once broken.
   */
  abort(): Promise<void> {
    return this.#core.abort();
  }

  /** Python's `parties`: how many threads must wait. */
  get parties(): number {
    return this.#parties;
  }

  /** Python's `n_waiting`: how many threads wait now. */
  get n_waiting(): number {
    return this.#core.n_waiting;
  }

  /** Python's `broken`: whether the barrier is broken. */
  get broken(): boolean {
    return this.#core.broken;
  }

  /** Python's `action`: the function the last arriving thread calls. */
  get action(): (() => unknown) | null {
    return this.#action;
  }

  /** Python's `timeout`: the default timeout of `wait()`. */
  get timeout(): number | null {
    return this.#timeout;
  }

  /**
   * Python's `repr()`: `<threading.Barrier at 0x...: waiters=0/2>`, or
   * `...: broken>` (a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    const state = this.broken
      ? "broken"
      : `waiters=${this.n_waiting}/${this.#parties}`;
    return `<${qualifiedName(this)} at ${addressOf(this)}: ${state}>`;
  }
}

showAsPython(Barrier);
definedIn("threading", Barrier);

// Python's threading.Semaphore and BoundedSemaphore.

import { ValueError } from "../builtins/exceptions.ts";
import { entered } from "../_shared/release_guard.ts";
import { bind, index } from "../_shared/args.ts";
import { FALSE, optTimeout, TRUE, WaitQueue } from "../_shared/waiters.ts";
import {
  addressOf,
  definedIn,
  qualifiedName,
  showAsPython,
} from "../_shared/pyrepr.ts";

/** Keyword arguments of `Semaphore.acquire()`, with Python's names. */
export interface SemaphoreAcquireOptions {
  /** Wait for a permit (default true); false returns at once. */
  blocking?: boolean;
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

/**
 * Python's `threading.Semaphore(value=1)`: a counter of permits. `acquire()`
 * takes one, waiting while there are none; `release(n)` gives back `n`.
 * Waiters get permits in the order they asked (FIFO).
 *
 * `with sem:` is `using _ = await sem.enter();`.
 *
 * @example At most two threads in the section at once
 * ```ts
 * import { Semaphore, sleep, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const sem = new Semaphore(2);
 * let inside = 0, most = 0;
 * const threads = [1, 2, 3, 4, 5].map(() =>
 *   new Thread({
 *     target: async () => {
 *       using _ = await sem.enter();
 *       most = Math.max(most, ++inside);
 *       await sleep(0.01);
 *       inside--;
 *     },
 *   })
 * );
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * assert.equal(most, 2);
 * ```
 */
export class Semaphore {
  #value: number;
  #waiters: WaitQueue | null = null;
  #entered: Promise<Disposable> | null = null;

  /**
   * Makes a semaphore.
   *
   * @param value The initial number of permits (default 1). Also as `{ value }`.
   * @throws {ValueError} "semaphore initial value must be >= 0".
   */
  constructor(value?: number | { value?: number }) {
    const [v] = bind("Semaphore", ["value"], [value]);
    const n = v === undefined ? 1 : index(v);
    if (n < 0) throw new ValueError("semaphore initial value must be >= 0");
    this.#value = n;
  }

  /**
   * Python's `acquire(blocking=True, timeout=None)`: takes a permit.
   *
   * @param blocking Wait for a permit (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit), or the keyword object.
   * @param kwargs `{ blocking, timeout }` after positional arguments.
   * @returns Whether a permit was taken.
   * @throws {ValueError} A timeout given with `blocking` false.
   */
  acquire(
    blocking?: boolean | SemaphoreAcquireOptions,
    timeout?: number | null | SemaphoreAcquireOptions,
    kwargs?: SemaphoreAcquireOptions,
  ): Promise<boolean> {
    let block = true;
    let secs: number | null = null;
    if (
      blocking !== undefined || timeout !== undefined || kwargs !== undefined
    ) {
      try {
        const [b, t] = bind("acquire", ["blocking", "timeout"], [
          blocking,
          timeout,
          kwargs,
        ]);
        block = b === undefined ? true : Boolean(b);
        secs = optTimeout(t);
        if (!block && secs !== null) {
          throw new ValueError(
            "can't specify timeout for non-blocking acquire",
          );
        }
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (this.#value > 0) {
      this.#value--;
      return TRUE;
    }
    if (!block || (secs !== null && secs <= 0)) return FALSE;
    return (this.#waiters ??= new WaitQueue()).park(secs);
  }

  /**
   * Python's `release(n=1)`: gives back `n` permits, waking as many waiters.
   *
   * @param n How many permits (at least 1). Also as `{ n }`.
   * @throws {ValueError} "n must be one or more".
   */
  release(n?: number | { n?: number }): void {
    const [k] = bind("release", ["n"], [n]);
    const count = k === undefined ? 1 : index(k);
    if (count < 1) throw new ValueError("n must be one or more");
    this._check(count);
    let left = count;
    const q = this.#waiters;
    while (left > 0 && q !== null) {
      const w = q.shift();
      if (w === undefined) break;
      left--;
      w.wake(true);
    }
    this.#value += left;
  }

  /**
   * For BoundedSemaphore: checks a release of `n` permits before it happens.
   *
   * @param _n The permits about to be released.
   */
  protected _check(_n: number): void {}

  /** The number of permits free now (Python's private `_value`). */
  protected get _value(): number {
    return this.#value;
  }

  /**
   * Python's `with sem:` as `using _ = await sem.enter();`: takes a permit
   * and resolves with a Disposable that gives it back.
   *
   * @returns The guard that releases one permit when disposed.
   */
  enter(): Promise<Disposable> {
    const guard = this.#entered ??= entered(this);
    if (this.#value > 0) {
      this.#value--;
      return guard;
    }
    return (this.#waiters ??= new WaitQueue()).park(null).then(() => guard);
  }

  /**
   * Python's `repr()`: `<threading.Semaphore at 0x...: value=N>` (a
   * made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    return `<${qualifiedName(this)} at ${
      addressOf(this)
    }: value=${this.#value}>`;
  }
}

showAsPython(Semaphore);

/**
 * Python's `threading.BoundedSemaphore(value=1)`: a Semaphore that raises
 * ValueError when released more often than it was acquired.
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from "@pyport/std/threading";
 * import { ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const sem = new BoundedSemaphore(1);
 * await sem.acquire();
 * sem.release();
 * assert.throws(() => sem.release(), ValueError);
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  readonly #initial: number;

  /**
   * Makes a bounded semaphore.
   *
   * @param value The initial (and largest) number of permits. Also as `{ value }`.
   * @throws {ValueError} "semaphore initial value must be >= 0".
   */
  constructor(value?: number | { value?: number }) {
    super(value);
    this.#initial = this._value;
  }

  /**
   * Refuses a release that would exceed the initial value.
   *
   * @param n The permits about to be released.
   */
  protected override _check(n: number): void {
    if (this._value + n > this.#initial) {
      throw new ValueError("Semaphore released too many times");
    }
  }

  /**
   * Python's `repr()`: `<threading.BoundedSemaphore at 0x...: value=N/M>`
   * with the initial value (a made-up address).
   *
   * @returns The description.
   */
  override toString(): string {
    return `<${qualifiedName(this)} at ${
      addressOf(this)
    }: value=${this._value}/${this.#initial}>`;
  }
}

/** The module's own classes, which repr() names `threading.X`. */
definedIn("threading", Semaphore);
definedIn("threading", BoundedSemaphore);

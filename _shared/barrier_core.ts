// The state machine of Python's Barrier, once for both barriers. CPython's
// multiprocessing.Barrier is threading.Barrier with its state and count in
// shared memory and a multiprocessing Condition; here too the two public
// classes differ only in where the two numbers live (plain fields, or
// Int32 cells a child process shares) and which condition they wait on,
// and each passes its own. The floor knows neither threading nor
// multiprocessing: it names what it needs of them in two interfaces.

import { BrokenBarrierError } from "./broken_barrier_error.ts";

// The barrier's life: threads arrive while FILLING; the last one turns it
// to DRAINING and every waiter leaves; the last to leave turns it back to
// FILLING. RESETTING is DRAINING for a reset; BROKEN stays until reset.
const FILLING = 0, DRAINING = 1, RESETTING = -1, BROKEN = -2;

/**
 * Where a barrier keeps its two numbers: a plain object (threading), or
 * accessors over shared cells (multiprocessing). Both start at 0: FILLING,
 * no thread waiting. They change only while the condition's lock is held.
 */
export interface BarrierCells {
  /** The phase of the barrier's life. */
  state: number;
  /** The threads inside `wait()`. */
  count: number;
}

/**
 * What a barrier needs of its condition; threading.Condition and
 * multiprocessing.Condition both have it.
 */
export interface BarrierCondition {
  /** Python's `with cond:`. */
  enter(): Promise<Disposable>;
  /** Python's `cond.wait()`, without a timeout. */
  wait(): Promise<boolean>;
  /** Python's `cond.wait_for(predicate, timeout)`. */
  wait_for(predicate: () => boolean, timeout: number | null): Promise<boolean>;
  /** Python's `cond.notify_all()`. */
  notify_all(): void;
}

/** Python's Barrier behind `wait`, `reset`, `abort`, `n_waiting`, `broken`. */
export class BarrierCore {
  readonly #cells: BarrierCells;
  readonly #cond: BarrierCondition;
  readonly #parties: number;
  readonly #action: (() => unknown) | null;

  /**
   * A barrier of `parties` (checked by the caller) over `cells` and
   * `cond`; `action`, when not null, is called (and awaited) by the last
   * thread to arrive, before any is released.
   */
  constructor(
    cells: BarrierCells,
    cond: BarrierCondition,
    parties: number,
    action: (() => unknown) | null,
  ) {
    this.#cells = cells;
    this.#cond = cond;
    this.#parties = parties;
    this.#action = action;
  }

  /**
   * Python's `wait(timeout)`: the caller's arrival index, once all parties
   * have arrived; BrokenBarrierError when the barrier is or becomes broken
   * (reset, aborted, or a wait timed out: this one breaks it).
   */
  async wait(timeout: number | null): Promise<number> {
    const cells = this.#cells;
    const cond = this.#cond;
    using _ = await cond.enter();
    // Wait for a previous round to drain or a reset to finish.
    while (cells.state === DRAINING || cells.state === RESETTING) {
      await cond.wait();
    }
    if (cells.state === BROKEN) throw new BrokenBarrierError();
    const index = cells.count;
    cells.count = index + 1;
    try {
      if (index + 1 === this.#parties) {
        try {
          const action = this.#action;
          if (action !== null) await action();
          cells.state = DRAINING;
          cond.notify_all();
        } catch (e) {
          this.#break();
          throw e;
        }
      } else {
        const ok = await cond.wait_for(() => cells.state !== FILLING, timeout);
        if (!ok) {
          this.#break();
          throw new BrokenBarrierError();
        }
        const s = cells.state;
        if (s === BROKEN || s === RESETTING) throw new BrokenBarrierError();
      }
      return index;
    } finally {
      const left = cells.count - 1;
      cells.count = left;
      const s = cells.state;
      if (left === 0 && (s === DRAINING || s === RESETTING)) {
        cells.state = FILLING;
        cond.notify_all();
      }
    }
  }

  #break(): void {
    this.#cells.state = BROKEN;
    this.#cond.notify_all();
  }

  /** Python's `reset()`. */
  async reset(): Promise<void> {
    using _ = await this.#cond.enter();
    const cells = this.#cells;
    if (cells.count > 0) {
      const s = cells.state;
      if (s === FILLING || s === BROKEN) cells.state = RESETTING;
    } else {
      cells.state = FILLING;
    }
    this.#cond.notify_all();
  }

  /** Python's `abort()`. */
  async abort(): Promise<void> {
    using _ = await this.#cond.enter();
    this.#break();
  }

  /** Python's `n_waiting`. */
  get n_waiting(): number {
    const cells = this.#cells;
    return cells.state === FILLING ? cells.count : 0;
  }

  /** Python's `broken`. */
  get broken(): boolean {
    return this.#cells.state === BROKEN;
  }
}

// Python's multiprocessing.Barrier: as in CPython, threading.Barrier's
// state machine (on the shared floor) with its state and count in shared
// memory and a cross-process Condition. This file adds what crossing to a
// child needs: the cells, the condition and the action travel with it.

import { ValueError } from "../builtins/exceptions.ts";
import { bind, index } from "../_shared/args.ts";
import { type BarrierCells, BarrierCore } from "../_shared/barrier_core.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { sharedCells } from "./_atomics.ts";
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
import { refuseSpawn } from "./_refuse_spawn.ts";
import { seconds } from "./_sync_base.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";
import { callerModule, loadTarget, locate, type TargetRef } from "./_target.ts";
import { Condition } from "./condition.ts";
import { Lock } from "./lock.ts";

/** Keyword arguments of {@linkcode Barrier}, with Python's names. */
export interface BarrierOptions {
  /**
   * Called (and awaited) by the last thread to arrive, in its process,
   * before any is released. To be called in a child process it must be
   * reachable there as a Process target is: an exported top-level
   * function of its module, or a self-contained function.
   */
  action?: (() => unknown) | null;
  /** Default timeout of `wait()`, in seconds; `null` for none. */
  timeout?: number | null;
}

/** Keyword arguments of `Barrier.wait()`. */
export interface BarrierWaitOptions {
  /** Seconds to wait at most; `null` (default): the barrier's timeout. */
  timeout?: number | null;
}

/**
 * A `multiprocessing.Barrier()` object: makes a number of threads, of any
 * processes, wait until all of them have arrived.
 */
export interface Barrier {
  /**
   * Python's `wait(timeout=None)`: waits until all parties have called it.
   * The last to arrive runs the action first.
   *
   * @param timeout Seconds to wait at most (default: the barrier's
   * timeout), or `{ timeout }`.
   * @returns The caller's arrival index, 0 to parties - 1.
   * @throws {BrokenBarrierError} When the barrier is or becomes broken
   * (reset, aborted, or this or another wait timed out).
   */
  wait(timeout?: number | null | BarrierWaitOptions): Promise<number>;

  /**
   * Python's `reset()`: returns the barrier to its empty state; threads
   * waiting on it get BrokenBarrierError.
   *
   * @returns A promise resolved once reset.
   */
  reset(): Promise<void>;

  /**
   * Python's `abort()`: breaks the barrier; current and future waits raise
   * BrokenBarrierError until `reset()`.
   *
   * @returns A promise resolved once broken.
   */
  abort(): Promise<void>;

  /** Python's `parties`: how many threads must arrive. */
  readonly parties: number;

  /** Python's `n_waiting`: how many threads wait now. */
  readonly n_waiting: number;

  /** Python's `broken`: whether the barrier is broken. */
  readonly broken: boolean;

  /**
   * Python's `repr()`: `<multiprocessing.synchronize.Barrier at 0x...:
   * waiters=1/3>` or `...: broken>` (a made-up address).
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Barrier}: used with `new`, or called as in Python. */
export interface BarrierConstructor {
  /**
   * Makes a barrier.
   *
   * @param parties How many threads must wait.
   * @param action Called by the last thread to arrive, or the keyword object.
   * @param timeout The default timeout of `wait()`, or the keyword object.
   * @param kwargs `{ action, timeout }` after positional arguments.
   * @returns The barrier.
   * @throws {ValueError} "parties must be >= 1".
   * @throws {TypeError} `parties` is not an integer.
   */
  new (
    parties: number,
    action?: (() => unknown) | null | BarrierOptions,
    timeout?: number | null | BarrierOptions,
    kwargs?: BarrierOptions,
  ): Barrier;
  /**
   * Makes a barrier: `multiprocessing.Barrier(parties, action, timeout)`
   * as in Python.
   *
   * @param parties How many threads must wait.
   * @param action Called by the last thread to arrive, or the keyword object.
   * @param timeout The default timeout of `wait()`, or the keyword object.
   * @param kwargs `{ action, timeout }` after positional arguments.
   * @returns The barrier.
   */
  (
    parties: number,
    action?: (() => unknown) | null | BarrierOptions,
    timeout?: number | null | BarrierOptions,
    kwargs?: BarrierOptions,
  ): Barrier;
  /** The prototype of every Barrier, for `instanceof`. */
  readonly prototype: Barrier;
}

// Cells.
const STATE = 0, COUNT = 1;

/** The barrier's state and count in two Int32 cells of shared memory. */
class SharedBarrierCells implements BarrierCells {
  readonly #cells: Int32Array;

  constructor(cells: Int32Array) {
    this.#cells = cells;
  }

  get state(): number {
    return Atomics.load(this.#cells, STATE);
  }
  set state(v: number) {
    Atomics.store(this.#cells, STATE, v);
  }

  get count(): number {
    return Atomics.load(this.#cells, COUNT);
  }
  set count(v: number) {
    Atomics.store(this.#cells, COUNT, v);
  }
}

interface State {
  cells: Int32Array;
  cond: unknown;
  parties: number;
  timeout: number | null;
  action: TargetRef | null;
}

let rebuilt: State | null = null;

class BarrierImpl implements Barrier {
  readonly #core: BarrierCore;
  readonly #cond: Condition;
  readonly #cells: Int32Array;
  readonly #parties: number;
  readonly #timeout: number | null;
  #action: (() => unknown) | null = null;
  #actionRef: TargetRef | null = null;
  #caller: string | null = null;

  constructor(
    parties: number,
    action?: (() => unknown) | null | BarrierOptions,
    timeout?: number | null | BarrierOptions,
    kwargs?: BarrierOptions,
  ) {
    if (rebuilt !== null) {
      const s = rebuilt;
      rebuilt = null;
      this.#cells = s.cells;
      this.#cond = rebuildValue(s.cond) as Condition;
      this.#parties = s.parties;
      this.#timeout = s.timeout;
      this.#actionRef = s.action;
    } else {
      const [a, t] = bind("Barrier", ["action", "timeout"], [
        action,
        timeout,
        kwargs,
      ]);
      const n = index(parties);
      if (n < 1) throw new ValueError("parties must be >= 1");
      if (a !== undefined && a !== null && typeof a !== "function") {
        throw new TypeError(`'${pyTypeName(a)}' object is not callable`);
      }
      this.#parties = n;
      this.#timeout = seconds(t);
      this.#cells = sharedCells(2);
      this.#cond = new Condition(new Lock());
      if (typeof a === "function") {
        this.#action = a as () => unknown;
        this.#caller = callerModule();
      }
    }
    const hasAction = this.#action !== null || this.#actionRef !== null;
    this.#core = new BarrierCore(
      new SharedBarrierCells(this.#cells),
      this.#cond,
      this.#parties,
      hasAction ? () => this.#runAction() : null,
    );
  }

  /** Calls the action, first loading it in a process it was sent to. */
  async #runAction(): Promise<void> {
    if (this.#action === null) {
      this.#action = (await loadTarget(this.#actionRef!)) as () => unknown;
    }
    const action = this.#action;
    await action();
  }

  async wait(timeout?: number | null | BarrierWaitOptions): Promise<number> {
    const [t] = bind("wait", ["timeout"], [timeout]);
    const secs = t === undefined || t === null ? this.#timeout : seconds(t);
    return await this.#core.wait(secs);
  }

  reset(): Promise<void> {
    return this.#core.reset();
  }

  abort(): Promise<void> {
    return this.#core.abort();
  }

  get parties(): number {
    return this.#parties;
  }

  get n_waiting(): number {
    return this.#core.n_waiting;
  }

  get broken(): boolean {
    return this.#core.broken;
  }

  toString(): string {
    const state = this.broken
      ? "broken"
      : `waiters=${this.n_waiting}/${this.#parties}`;
    return `<multiprocessing.synchronize.Barrier at ${
      addressOf(this)
    }: ${state}>`;
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "multiprocessing Barrier");
    if (this.#action !== null && this.#actionRef === null) {
      try {
        this.#actionRef = locate(this.#action, this.#caller, "target");
      } catch (e) {
        throw new TypeError(
          `${ctx.path}: ${
            (e as Error).message.replace("the target", "the Barrier action")
          }`,
        );
      }
    }
    const state: State = {
      cells: this.#cells,
      cond: reduceValue(this.#cond, {
        method: ctx.method,
        path: `${ctx.path}._cond`,
      }),
      parties: this.#parties,
      timeout: this.#timeout,
      action: this.#actionRef,
    };
    return reduced("Barrier", state);
  }
}

showAsPython(BarrierImpl);

/**
 * Python's `multiprocessing.Barrier(parties, action=None, timeout=None)`:
 * threading.Barrier's behaviour, with its state in shared memory, for
 * threads of every process it reaches (with the 'worker' start method).
 * The `action` runs in the process whose thread arrives last; a Barrier
 * with an action crosses to a child only when the action is reachable
 * there as a Process target is (an exported top-level function of its
 * module, or a self-contained function), else sending it fails with a
 * TypeError. Use it with `new`, or call it as Python does.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import { Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const barrier = new multiprocessing.Barrier(3, { timeout: 5 });
 * const indexes: number[] = [];
 * const threads = [0, 1, 2].map(() =>
 *   new Thread({ target: async () => indexes.push(await barrier.wait()) })
 * );
 * for (const t of threads) t.start();
 * for (const t of threads) await t.join();
 * assert.deepEqual(indexes.sort(), [0, 1, 2]);
 * assert.match(
 *   String(barrier),
 *   /^<multiprocessing\.synchronize\.Barrier at 0x[0-9a-f]+: waiters=0\/3>$/,
 * );
 * ```
 */
export const Barrier: BarrierConstructor = callable(BarrierImpl, "Barrier");

registerKind("Barrier", import.meta.url, (s) => {
  rebuilt = s as State;
  try {
    return new BarrierImpl(0);
  } finally {
    rebuilt = null;
  }
});

// Python's multiprocessing.JoinableQueue.

import { ValueError } from "../builtins/exceptions.ts";
import { callable } from "./_callable.ts";
import { notifyCell, sharedCells, waitCell } from "./_atomics.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  type Reducible,
  registerKind,
} from "../_shared/reduce.ts";
import { type PutOptions, Queue, type QueueOptions } from "./queue.ts";

// Shared cells: the unfinished tasks, and a generation bumped each time
// that count comes down to zero (what join() waits for).
const UNFINISHED = 0, ZEROES = 1;

/**
 * A `multiprocessing.JoinableQueue()` object: a {@linkcode Queue} that
 * also counts unfinished tasks.
 */
export interface JoinableQueue extends Queue {
  /**
   * Python's `task_done()`: a consumer says that an item it got is
   * processed. When every item put has been marked so, `join()` returns,
   * in every process.
   *
   * @throws {ValueError} "task_done() called too many times".
   */
  task_done(): void;

  /**
   * Python's `join()`: waits until every item put has been got and marked
   * with `task_done()`, by any process.
   */
  join(): Promise<void>;
}

/** The type of {@linkcode JoinableQueue}: used with `new`, or called as in Python. */
export interface JoinableQueueConstructor {
  /**
   * Makes a joinable queue.
   *
   * @param maxsize The most items it holds (0 or less, the default: no limit), or `{ maxsize }`.
   * @returns The queue.
   * @throws {TypeError} `maxsize` is not an integer.
   * @throws {OverflowError} `maxsize` is above 2**31 - 1.
   */
  new (maxsize?: number | QueueOptions): JoinableQueue;
  /**
   * Makes a joinable queue: `multiprocessing.JoinableQueue(maxsize)` as in Python.
   *
   * @param maxsize The most items it holds (0 or less: no limit), or `{ maxsize }`.
   * @returns The queue.
   */
  (maxsize?: number | QueueOptions): JoinableQueue;
  /** The prototype of every JoinableQueue, for `instanceof`. */
  readonly prototype: JoinableQueue;
}

/** The state a JoinableQueue crosses with. */
interface JoinableState {
  queue: unknown;
  cells: Int32Array;
}

// A rebuilt queue's shared state, handed to the constructor.
type QueueCtor = new (maxsize?: unknown, state?: unknown) => Queue;
let rebuilding: JoinableState | null = null;

class JoinableQueueImpl extends (Queue as unknown as QueueCtor)
  implements JoinableQueue {
  readonly #cells: Int32Array;

  constructor(maxsize?: number | QueueOptions) {
    const r = rebuilding;
    rebuilding = null;
    super(maxsize, r?.queue);
    this.#cells = r?.cells ?? sharedCells(2);
  }

  /** One more unfinished task; undone (`#done`) if the put fails. */
  #added(): void {
    Atomics.add(this.#cells, UNFINISHED, 1);
  }

  /** One unfinished task fewer; false when there was none. */
  #done(): boolean {
    const c = this.#cells;
    for (;;) {
      const v = Atomics.load(c, UNFINISHED);
      if (v <= 0) return false;
      if (Atomics.compareExchange(c, UNFINISHED, v, v - 1) === v) {
        if (v === 1) {
          Atomics.add(c, ZEROES, 1);
          notifyCell(c, ZEROES);
        }
        return true;
      }
    }
  }

  override put(
    obj: unknown,
    block?: boolean | PutOptions,
    timeout?: number | null | PutOptions,
    kwargs?: PutOptions,
  ): Promise<void> {
    // Counted before the item can reach a consumer, whose task_done()
    // must find it; taken back if the put fails.
    this.#added();
    const p = super.put(obj, block, timeout, kwargs);
    p.catch(() => this.#done());
    return p;
  }

  override put_nowait(obj: unknown): void {
    this.#added();
    try {
      super.put_nowait(obj);
    } catch (e) {
      this.#done();
      throw e;
    }
  }

  task_done(): void {
    if (!this.#done()) {
      throw new ValueError("task_done() called too many times");
    }
  }

  async join(): Promise<void> {
    const c = this.#cells;
    for (;;) {
      const gen = Atomics.load(c, ZEROES);
      if (Atomics.load(c, UNFINISHED) <= 0) return;
      await waitCell(c, ZEROES, gen, null);
      if (Atomics.load(c, ZEROES) !== gen) return;
    }
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    const base = (Queue.prototype as unknown as Reducible)[REDUCE].call(
      this,
      ctx,
    );
    const state: JoinableState = { queue: base.state, cells: this.#cells };
    return reduced("JoinableQueue", state);
  }
}

/**
 * Python's `multiprocessing.JoinableQueue(maxsize=0)`: a
 * {@linkcode Queue} whose consumers mark each item done with
 * `task_done()`, so that `join()` (in any process) waits until all the
 * work is finished. Use it with `new`, or call it as Python does.
 *
 * @example
 * ```ts
 * import { JoinableQueue } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const q = new JoinableQueue();
 * for (const job of ["a", "b", "c"]) await q.put(job);
 * const done: unknown[] = [];
 * const worker = (async () => {
 *   for (let i = 0; i < 3; i++) {
 *     done.push(await q.get());
 *     q.task_done();
 *   }
 * })();
 * await q.join();
 * assert.deepEqual(done, ["a", "b", "c"]);
 * await worker;
 * assert.throws(() => q.task_done(), /called too many times/);
 * q.close();
 * ```
 */
export const JoinableQueue: JoinableQueueConstructor = callable(
  JoinableQueueImpl,
  "JoinableQueue",
);

registerKind("JoinableQueue", import.meta.url, (s) => {
  rebuilding = s as JoinableState;
  return new JoinableQueueImpl();
});

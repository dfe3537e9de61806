// Python's multiprocessing.pool.ThreadPool: a Pool whose workers are
// threads of this process.

import { bind } from "../../_shared/args.ts";
import { Pool } from "./pool.ts";
import { type EngineFactory, engineMaker, type Fn } from "./_tasks.ts";
import { ThreadEngine } from "./_thread_engine.ts";

const threadEngine: EngineFactory = (feed, size, init, initargs, maxtasks) =>
  new ThreadEngine(feed, size, init, initargs, maxtasks);

/** The keyword arguments of `ThreadPool`. */
export interface ThreadPoolOptions {
  /** How many worker threads; `os.cpu_count()` by default. */
  processes?: number | null;
  /** Called once in each worker thread with `initargs`. */
  initializer?: ((...args: never[]) => unknown) | null;
  /** The initializer's arguments. */
  initargs?: unknown[];
}

/**
 * Python's `multiprocessing.pool.ThreadPool`: Pool's API with threads as
 * workers (the package's threads are tasks on this event loop, see
 * docs/porting.md §7). Any function works, closures included, and values
 * are not copied. It suits I/O-bound work, as in Python.
 *
 * @example
 * ```ts
 * import { ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const seen: number[] = [];
 * const pool = new ThreadPool(3);
 * const out = await pool.map(async (x: number) => {
 *   seen.push(x);
 *   return x * 10;
 * }, [1, 2, 3]);
 * assert.deepEqual(out, [10, 20, 30]);
 * assert.equal(seen.length, 3);
 * pool.close();
 * await pool.join();
 * ```
 */
export class ThreadPool extends Pool {
  /**
   * Python's `ThreadPool(processes=None, initializer=None, initargs=())`.
   *
   * @param processes How many worker threads (or the keyword arguments).
   * @param initializer Called once in each worker thread with `initargs`.
   * @param initargs The initializer's arguments.
   */
  constructor(
    processes?: number | null | ThreadPoolOptions,
    initializer?: ((...args: never[]) => unknown) | null | ThreadPoolOptions,
    initargs?: unknown[] | ThreadPoolOptions,
  ) {
    const [p, i, a] = bind("ThreadPool", [
      "processes",
      "initializer",
      "initargs",
    ], [processes, initializer, initargs]);
    engineMaker.next = threadEngine;
    super(
      p as number | null | undefined,
      i as Fn | null | undefined,
      a as unknown[] | undefined,
    );
  }
}

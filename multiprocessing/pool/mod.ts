/**
 * Python's `multiprocessing.pool`: `Pool`, a pool of worker processes,
 * and `ThreadPool`, the same API over threads, with the result objects
 * they return (`AsyncResult`/`ApplyResult`, `MapResult`, the imap
 * iterators) and the pool's exceptions.
 *
 * `from multiprocessing.pool import Pool, ThreadPool` becomes
 * `import { Pool, ThreadPool } from "@pyport/std/multiprocessing/pool"`.
 *
 * @example
 * ```ts
 * import { ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * await using pool = new ThreadPool(2);
 * assert.equal(await pool.apply(Math.max, [3, 7]), 7);
 * ```
 *
 * @module
 */
export * from "./pool.ts";
export * from "./thread_pool.ts";
export * from "./results.ts";
export * from "./errors.ts";
// The default context, which Pool() uses.
import "../context.ts";

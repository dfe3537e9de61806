/**
 * Python's `multiprocessing` module for Deno and Node: processes with
 * their own memory running in parallel, as Workers (the default 'worker'
 * start method) or new OS processes ('spawn').
 *
 * `import multiprocessing` becomes `import * as multiprocessing from
 * "@pyport/std/multiprocessing"`. A target must be an exported top-level
 * function of its module; guard the main code with `if (import.meta.main)`.
 * Processes share data through `Queue`, `SimpleQueue`, `JoinableQueue` and
 * `Pipe()`, synchronise through `Lock`, `RLock`, `Semaphore`,
 * `BoundedSemaphore`, `Condition`, `Event` and `Barrier`, and share memory
 * through `Value`, `Array`, `RawValue`, `RawArray` and
 * `@pyport/std/multiprocessing/shared_memory`: all of these live in
 * SharedArrayBuffers, so they reach 'worker' children only.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(multiprocessing.current_process().name, "MainProcess");
 * ```
 *
 * @module
 */
export * from "./process.ts";
export * from "./context.ts";
export * from "./cpu_count.ts";
export * from "./errors.ts";
export * from "./lock.ts";
export * from "./rlock.ts";
export * from "./semaphore.ts";
export * from "./bounded_semaphore.ts";
export * from "./condition.ts";
export * from "./event.ts";
export * from "./barrier.ts";
export * from "./value.ts";
export * from "./array.ts";
export * from "./raw_value.ts";
export * from "./raw_array.ts";
export * from "./connection/pipe.ts";
export * from "./queue.ts";
export * from "./simple_queue.ts";
export * from "./joinable_queue.ts";
export * from "./pool_factory.ts";
export * from "./manager_factory.ts";

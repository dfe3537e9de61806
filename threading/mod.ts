/**
 * Python's `threading` module for Deno and Node: a `Thread` is a concurrent
 * task on the same event loop, so memory is shared as under CPython's GIL;
 * calls that block in Python return promises. Locks, conditions,
 * semaphores, events, barriers, timers and `local` behave as in Python for
 * code that awaits, with fair (FIFO) waits and on-time timeouts.
 * `current_thread()`, `local` and RLock ownership follow each thread across
 * awaits. Non-daemon threads keep the program alive until they end; daemon
 * threads never do.
 *
 * `import threading` becomes `import * as threading from
 * "@pyport/std/threading"`; `time.sleep(s)` in a thread is
 * `await threading.sleep(s)`; `with lock:` is
 * `using _ = await lock.enter();`; `threading.excepthook = f` is
 * `threading.setattr("excepthook", f)`.
 *
 * @example A shared counter made safe with an RLock
 * ```ts
 * import * as threading from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * let counter = 0;
 * const lock = new threading.RLock();
 * async function increment(n: number) {
 *   for (let i = 0; i < n; i++) {
 *     using _ = await lock.enter();
 *     const c = counter;
 *     await threading.sleep(0);
 *     counter = c + 1;
 *   }
 * }
 * const threads = [];
 * for (let i = 0; i < 4; i++) {
 *   const t = new threading.Thread({ target: increment, args: [25] });
 *   t.start();
 *   threads.push(t);
 * }
 * for (const t of threads) await t.join();
 * assert.equal(counter, 100);
 * ```
 *
 * @module
 */
export * from "./thread.ts";
export * from "./current_thread.ts";
export * from "./enumerate.ts";
export * from "./lock.ts";
export * from "./rlock.ts";
export * from "./condition.ts";
export * from "./semaphore.ts";
export * from "./event.ts";
export * from "./timer.ts";
export * from "./barrier.ts";
export * from "./local.ts";
export * from "./sleep.ts";
export * from "./excepthook.ts";
export * from "./setattr.ts";
export * from "./constants.ts";
export * from "./stack_size.ts";
export * from "./settrace.ts";

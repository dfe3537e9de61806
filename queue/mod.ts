/**
 * Python's `queue` module: the queues threads use to hand each other work,
 * and its exceptions. `Queue` (first in, first out), `LifoQueue` (last in,
 * first out) and `PriorityQueue` (smallest first) take a `maxsize`, count
 * unfinished tasks for `task_done()`/`join()`, and can be `shutdown()` as
 * in Python 3.13; `SimpleQueue` is the unbounded FIFO queue without those.
 * `Empty` and `Full` are raised by calls that do not wait or whose timeout
 * ran out (`multiprocessing`'s queues raise them too), `ShutDown` by calls
 * on a queue that was shut down.
 *
 * Threads are tasks on one event loop (docs/porting.md §7), so the calls
 * that block in Python (`put`, `get`, `join`) return promises, and the
 * others (`put_nowait`, `get_nowait`, `qsize`, `empty`, `full`,
 * `task_done`, `shutdown`, and SimpleQueue's `put`, which never waits) are
 * synchronous. Keyword arguments are a trailing object:
 * `q.get(timeout=0.5)` is `await q.get({ timeout: 0.5 })`.
 *
 * Differences from CPython: the queues have no `mutex`, `not_empty`,
 * `not_full`, `all_tasks_done`, `unfinished_tasks`, `is_shutdown` or
 * `queue` attributes and no `_init`/`_qsize`/`_put`/`_get` hooks (threads
 * switch only at an await, so a queue needs no lock, and its store is
 * private). Their `repr()` (and `console.log`) is Python's,
 * `<queue.Queue object at 0x...>`, with a made-up address.
 * SimpleQueue's `put` is synchronous, as it never blocks. A PriorityQueue
 * orders numbers, strings, bytes, arrays (as tuples) and sets by Python's
 * rules; other objects raise TypeError when compared, whatever methods
 * they have.
 *
 * @example A producer and two consumers
 * ```ts
 * import * as queue from "@pyport/std/queue";
 * import * as threading from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const q = new queue.Queue<number>(2);
 * const got: number[] = [];
 * async function consumer() {
 *   for (;;) {
 *     let item: number;
 *     try {
 *       item = await q.get();
 *     } catch (e) {
 *       if (e instanceof queue.ShutDown) return;
 *       throw e;
 *     }
 *     got.push(item);
 *     q.task_done();
 *   }
 * }
 * const consumers = [1, 2].map(() => new threading.Thread({ target: consumer }));
 * for (const t of consumers) t.start();
 * for (let i = 0; i < 6; i++) await q.put(i); // waits while 2 are queued
 * await q.join();
 * q.shutdown();
 * for (const t of consumers) await t.join();
 * assert.deepEqual(got.sort(), [0, 1, 2, 3, 4, 5]);
 * ```
 *
 * @module
 */
export * from "./empty.ts";
export * from "./full.ts";
export * from "./shut_down.ts";
export * from "./queue.ts";
export * from "./lifo_queue.ts";
export * from "./priority_queue.ts";
export * from "./simple_queue.ts";

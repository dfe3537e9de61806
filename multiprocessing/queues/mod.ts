/**
 * Python's `multiprocessing.queues` module: the queue classes behind
 * `multiprocessing.Queue`, `SimpleQueue` and `JoinableQueue`, and the
 * `Empty` and `Full` exceptions they raise, which this module takes from
 * `queue` as Python's does (`multiprocessing.queues.Empty is
 * queue.Empty`).
 *
 * `from multiprocessing.queues import Empty` becomes
 * `import { Empty } from "@pyport/std/multiprocessing/queues";`. Python's
 * classes here require a `ctx` keyword; pyport's take the same arguments as
 * `multiprocessing.Queue(...)` and use the default context.
 *
 * @example
 * ```ts
 * import { Empty, Queue } from "@pyport/std/multiprocessing/queues";
 * import * as queue from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * assert.equal(Empty, queue.Empty);
 * const q = new Queue();
 * await assert.rejects(q.get({ timeout: 0.01 }), Empty);
 * q.close();
 * ```
 *
 * @module
 */
export { Queue } from "../queue.ts";
export { SimpleQueue } from "../simple_queue.ts";
export { JoinableQueue } from "../joinable_queue.ts";
export { Empty, Full } from "../../queue/mod.ts";

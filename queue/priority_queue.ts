// Python's queue.PriorityQueue: a Queue whose store is a binary heap.

import { definedIn } from "../_shared/pyrepr.ts";
import { Queue } from "./queue.ts";
import { registerStore } from "./_store.ts";
import { Heap } from "./_heap.ts";

/**
 * Python's `queue.PriorityQueue(maxsize=0)`: a {@linkcode Queue} that
 * gives out the smallest item first, kept in a binary heap as Python's
 * `heapq` keeps it. Items are ordered by Python's `<`: numbers (and bools
 * and bigints) by value, strings by code point, bytes (`Uint8Array`) by
 * value, and arrays, which stand for Python's tuples, element by element,
 * so the usual entry is `[priority, data]`. Items that Python cannot order
 * (`None`, dicts, objects of classes, or a number against a string) raise
 * Python's TypeError when compared; as in CPython, a `put` that raises it
 * still leaves its item in the queue. Everything else (the bound,
 * timeouts, `task_done`/`join`, `shutdown`) is Queue's.
 *
 * @typeParam T The type of the items.
 *
 * @example
 * ```ts
 * import { PriorityQueue } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new PriorityQueue<[number, string]>();
 * await q.put([3, "low"]);
 * await q.put([1, "high"]);
 * await q.put([2, "mid"]);
 * assert.deepEqual(await q.get(), [1, "high"]);
 * assert.deepEqual(await q.get(), [2, "mid"]);
 * assert.deepEqual(q.get_nowait(), [3, "low"]);
 *
 * const mixed = new PriorityQueue();
 * await mixed.put(1);
 * await assert.rejects(mixed.put("a"), {
 *   name: "TypeError",
 *   message: "'<' not supported between instances of 'str' and 'int'",
 * });
 * ```
 */
export class PriorityQueue<T = unknown> extends Queue<T> {}

definedIn("queue", PriorityQueue);

registerStore(PriorityQueue, () => new Heap());

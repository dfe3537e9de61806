/**
 * Part of Python's `queue` module: so far only its two exceptions, which
 * `multiprocessing`'s queues raise: `queue.Empty` from a `get` that finds
 * nothing and `queue.Full` from a `put` that finds no room. The thread
 * queues (`Queue`, `LifoQueue`, `PriorityQueue`, `SimpleQueue`) are not
 * built yet and are absent, not stubbed.
 *
 * @example
 * ```ts
 * import * as queue from "@pyport/std/queue";
 * import { Exception } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new queue.Empty() instanceof Exception);
 * ```
 *
 * @module
 */
export * from "./empty.ts";
export * from "./full.ts";

/**
 * The exceptions of Python's `queue` module, which `multiprocessing`'s
 * queues raise: `queue.Empty` from a `get` that finds nothing and
 * `queue.Full` from a `put` that finds no room. `queue.Queue` and its
 * siblings (thread queues) are not built yet.
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

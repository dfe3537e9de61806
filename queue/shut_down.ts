// Python's queue.ShutDown (new in Python 3.13).

import { Exception } from "../builtins/exceptions.ts";
import { register } from "../pickle/registry.ts";

/**
 * Python's `queue.ShutDown` (Python 3.13): raised by `put()` on a queue
 * that was shut down, and by `get()` on one that was shut down and is
 * empty (at once after `shutdown(true)`, which empties it).
 *
 * @example
 * ```ts
 * import { Queue, ShutDown } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue();
 * await q.put(1);
 * q.shutdown();
 * await assert.rejects(q.put(2), ShutDown);
 * assert.equal(await q.get(), 1); // what was put is still got
 * await assert.rejects(q.get(), ShutDown);
 * assert.equal(new ShutDown().name, "ShutDown");
 * ```
 */
export class ShutDown extends Exception {}

Object.defineProperty(ShutDown.prototype, "name", {
  value: "ShutDown",
  writable: true,
  configurable: true,
});

// Where CPython defines it, for pickle.
register("queue.ShutDown", ShutDown);

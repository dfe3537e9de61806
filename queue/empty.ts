// Python's queue.Empty.

import { Exception } from "../builtins/exceptions.ts";
import { register } from "../pickle/registry.ts";

/**
 * Python's `queue.Empty`: a non-blocking `get()` found no item, or a
 * blocking one timed out.
 *
 * @example
 * ```ts
 * import { Empty } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Empty().name, "Empty");
 * ```
 */
export class Empty extends Exception {}

Object.defineProperty(Empty.prototype, "name", {
  value: "Empty",
  writable: true,
  configurable: true,
});

// Where CPython defines it, for pickle.
register("_queue.Empty", Empty);

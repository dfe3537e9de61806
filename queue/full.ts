// Python's queue.Full.

import { Exception } from "../builtins/exceptions.ts";
import { register } from "../pickle/registry.ts";

/**
 * Python's `queue.Full`: a non-blocking `put()` found no room, or a
 * blocking one timed out.
 *
 * @example
 * ```ts
 * import { Full } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Full().name, "Full");
 * ```
 */
export class Full extends Exception {}

Object.defineProperty(Full.prototype, "name", {
  value: "Full",
  writable: true,
  configurable: true,
});

// Where CPython defines it, for pickle.
register("queue.Full", Full);

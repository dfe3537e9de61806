// Python's threading.BrokenBarrierError, on the shared floor because both
// barriers raise it: threading.Barrier, and multiprocessing.Barrier, which
// in CPython raises threading's class too (`except
// threading.BrokenBarrierError` catches either). threading/barrier.ts
// exports it under its Python name.

import { RuntimeError } from "../builtins/exceptions.ts";

/**
 * Python's `threading.BrokenBarrierError`: a Barrier was broken (reset,
 * aborted, or a wait timed out) while threads waited on it.
 *
 * @example
 * ```ts
 * import { BrokenBarrierError } from "@pyport/std/threading";
 * import { RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new BrokenBarrierError() instanceof RuntimeError);
 * ```
 */
export class BrokenBarrierError extends RuntimeError {}
Object.defineProperty(BrokenBarrierError.prototype, "name", {
  value: "BrokenBarrierError",
  writable: true,
  configurable: true,
});

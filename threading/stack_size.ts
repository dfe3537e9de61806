// Python's threading.stack_size.

import { ValueError } from "../builtins/exceptions.ts";
import { index } from "../_shared/args.ts";

let size = 0;

/**
 * Python's `stack_size([size])`: returns the stack size used for new
 * threads and, given `size`, sets it. Kept and reported as CPython on Linux
 * does (0, or at least 32 KiB), but without effect: threads are tasks on
 * the one JavaScript stack.
 *
 * @param newSize 0 (the default) or at least 32768 bytes; omit to only read.
 * @returns The size before the call.
 * @throws {ValueError} "size not valid: N bytes".
 *
 * @example
 * ```ts
 * import { stack_size } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(stack_size(), 0);
 * assert.equal(stack_size(1 << 20), 0);
 * assert.equal(stack_size(0), 1 << 20);
 * ```
 */
export function stack_size(newSize?: number): number {
  const old = size;
  if (newSize === undefined) return old;
  const n = index(newSize);
  if (n !== 0 && n < 32768) {
    throw new ValueError(`size not valid: ${n} bytes`);
  }
  size = n;
  return old;
}

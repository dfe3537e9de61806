// Python's multiprocessing.cpu_count().

import os from "node:os";

/**
 * Python's `multiprocessing.cpu_count()`: the number of CPUs in the system
 * (as the runtime reports them; at least 1).
 *
 * @returns The CPU count.
 *
 * @example
 * ```ts
 * import { cpu_count } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(cpu_count() >= 1);
 * ```
 */
export function cpu_count(): number {
  const n = typeof os.availableParallelism === "function"
    ? os.availableParallelism()
    : os.cpus().length;
  return Math.max(1, n);
}

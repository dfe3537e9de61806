// One error for every object that lives in shared memory (locks, queues,
// Value, Array, SharedMemory ...) when it is sent to a 'spawn' child: that
// child is another OS process, which a SharedArrayBuffer cannot reach.

import { NotImplementedError } from "../builtins/exceptions.ts";
import type { ReduceContext } from "../_shared/reduce.ts";

/**
 * Throws NotImplementedError when `what` (e.g. "multiprocessing Lock",
 * "shared ctypes array") is to cross to a 'spawn' process.
 */
export function refuseSpawn(ctx: ReduceContext, what: string): void {
  if (ctx.method === "spawn") {
    throw new NotImplementedError(
      `${ctx.path}: a ${what} lives in shared memory, which a 'spawn' ` +
        "process (another OS process) cannot share; use the 'worker' " +
        "start method (get_context('worker'))",
    );
  }
}

// Python's threading.enumerate and active_count.

import { active, mainThread } from "../_shared/thread_context.ts";
import type { Thread } from "./thread.ts";

/**
 * Python's `enumerate()`: every thread alive now (started and not ended),
 * the main thread first.
 *
 * @returns The threads.
 *
 * @example
 * ```ts
 * import { enumerate, main_thread, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const t = new Thread({ target: () => {} });
 * t.start();
 * assert.deepEqual(enumerate(), [main_thread(), t]);
 * await t.join();
 * assert.deepEqual(enumerate(), [main_thread()]);
 * ```
 */
export function enumerate(): Thread[] {
  return [mainThread(), ...active.values()] as Thread[];
}

/**
 * Python's `active_count()`: how many threads are alive, the main thread
 * included.
 *
 * @returns `enumerate().length`.
 *
 * @example
 * ```ts
 * import { active_count } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(active_count(), 1);
 * ```
 */
export function active_count(): number {
  return active.size + 1;
}

/**
 * Legacy `activeCount()`: {@linkcode active_count}.
 *
 * @returns The number of live threads.
 *
 * @example
 * ```ts
 * import { activeCount } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(activeCount(), 1);
 * ```
 */
export function activeCount(): number {
  return active.size + 1;
}

// Python's time.sleep for thread bodies.

import { setImmediate, setTimeout } from "node:timers";
import { ValueError } from "../builtins/exceptions.ts";
import { current, hold, unhold } from "../_shared/thread_context.ts";
import { after, toSeconds } from "../_shared/waiters.ts";

/**
 * Python's `time.sleep(seconds)` for threads: `time.sleep(0.5)` becomes
 * `await sleep(0.5)`. Other threads run meanwhile; `sleep(0)` just lets
 * them (and pending I/O) run, as yielding the GIL does. A daemon thread's
 * sleep never keeps the program alive; any other thread's does.
 *
 * @param seconds How long, in seconds (fractions allowed).
 * @returns A promise resolved after that time, never earlier.
 * @throws {ValueError} "sleep length must be non-negative".
 *
 * @example
 * ```ts
 * import { sleep } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const t0 = performance.now();
 * await sleep(0.02);
 * assert.ok(performance.now() - t0 >= 20);
 * ```
 */
export function sleep(seconds: number): Promise<void> {
  let s: number;
  try {
    s = toSeconds(seconds);
    if (s < 0) throw new ValueError("sleep length must be non-negative");
  } catch (e) {
    return Promise.reject(e);
  }
  const held = !current().daemon;
  if (held) hold();
  return new Promise<void>((resolve) => {
    const done = () => {
      if (held) unhold();
      resolve();
    };
    if (s !== 0) after(s * 1000, done);
    // An unref'd immediate would wait for the loop's next wake-up (libuv
    // skips idle polling for it), so a daemon yields through a 0 ms timer.
    else if (held) setImmediate(done);
    else setTimeout(done, 0).unref();
  });
}

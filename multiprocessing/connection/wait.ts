// Python's multiprocessing.connection.wait.

import { OSError } from "../../builtins/os_error.ts";
import { EBADF } from "../../errno/constants.ts";
import { bind } from "../../_shared/args.ts";
import type { Selectable } from "../../_shared/fd_table.ts";
import { fdOf, lookup, turn, waitAny } from "../../_shared/readiness.ts";
import { seconds } from "../_sync_base.ts";

/** Keyword arguments of {@linkcode wait}, with Python's names. */
export interface WaitOptions {
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

// Ready to read: data, EOF, a hang-up or an error (POLLIN, POLLERR,
// POLLHUP, POLLRDNORM, POLLRDHUP).
const READY = 0x001 | 0x008 | 0x010 | 0x040 | 0x2000;

/**
 * Python's `multiprocessing.connection.wait(object_list, timeout=None)`:
 * waits until at least one object of `object_list` is ready and resolves
 * with those that are, in their order. An object is a
 * {@linkcode Connection} (ready when there is something to read, or the
 * other end is closed), a socket, a `Process.sentinel` (ready once the
 * process has ended), or anything else with a pyport `fileno()`.
 * `timeout` in seconds; `null` waits without limit, a negative one is 0.
 * Resolves with `[]` when the time runs out.
 *
 * @example Waiting for whichever pipe has data
 * ```ts
 * import { Pipe, wait } from "@pyport/std/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const [r1, w1] = Pipe(false);
 * const [r2, w2] = Pipe(false);
 * assert.deepEqual(await wait([r1, r2], 0), []);
 * setTimeout(() => w2.send("hi"), 10);
 * assert.deepEqual(await wait([r1, r2], 5), [r2]);
 * assert.equal(await r2.recv(), "hi");
 * for (const c of [r1, w1, r2, w2]) c.close();
 * ```
 *
 * @param object_list The objects to watch.
 * @param timeout Seconds to wait at most (default `null`: no limit), or `{ timeout }`.
 * @returns The ready objects.
 * @throws {OSError} An object is closed ("handle is closed", or EBADF).
 * @throws {TypeError} An object has no `fileno()` and is not a number.
 */
export async function wait<T>(
  object_list: Iterable<T>,
  timeout?: number | null | WaitOptions,
): Promise<T[]> {
  const [t0] = bind("wait", ["timeout"], [timeout]);
  const t = seconds(t0);
  const objs = [...object_list];
  const sel: [T, Selectable][] = objs.map((o) => {
    const fd = fdOf(o);
    const s = lookup(fd);
    if (s === undefined) throw new OSError(EBADF, "Bad file descriptor");
    return [o, s];
  });
  const deadline = t === null ? null : performance.now() + t * 1000;
  let waited = false;
  for (;;) {
    const ready: T[] = [];
    for (const [o, s] of sel) if ((s.pollEvents() & READY) !== 0) ready.push(o);
    if (ready.length > 0) return ready;
    if (t === 0 && !waited) {
      // Let the runtime deliver I/O once before answering "nothing".
      await turn();
      waited = true;
      continue;
    }
    if (t === 0) return [];
    waited = true;
    const watches = sel.map(([, s]) => [s, READY] as const);
    if (!(await waitAny(watches, deadline))) return [];
  }
}

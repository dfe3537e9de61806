// The one way a process blocks on shared memory: Atomics.waitAsync on an
// Int32 cell, so no thread's event loop ever stops (the main thread may not
// call Atomics.wait at all) and nothing polls. A wait made outside daemon
// threads holds the process open while it lasts, as a blocked Python call
// does; Deno and Node 24 do not count a pending waitAsync as work.

import { current, hold, unhold } from "../_shared/thread_context.ts";
import "./_identity.ts";

/** How a wait ended, as Atomics.waitAsync reports it. */
export type WaitResult = "ok" | "not-equal" | "timed-out";

const NOT_EQUAL: Promise<WaitResult> = Promise.resolve("not-equal");
const TIMED_OUT: Promise<WaitResult> = Promise.resolve("timed-out");

/**
 * Waits until `cells[index]` is notified or no longer holds `value`, at
 * most `timeout` seconds (null: no limit). Resolves at once with
 * "not-equal" when the cell already differs.
 */
export function waitCell(
  cells: Int32Array,
  index: number,
  value: number,
  timeout: number | null,
): Promise<WaitResult> {
  const ms = timeout === null ? Infinity : Math.max(0, timeout * 1000);
  const r = Atomics.waitAsync(cells, index, value, ms);
  if (!r.async) return r.value === "not-equal" ? NOT_EQUAL : TIMED_OUT;
  if (current().daemon) return r.value;
  hold();
  return r.value.then((v) => {
    unhold();
    return v;
  });
}

/** Wakes up to `count` waiters on `cells[index]` (all by default). */
export function notifyCell(
  cells: Int32Array,
  index: number,
  count: number = Infinity,
): void {
  Atomics.notify(cells, index, count);
}

/**
 * A deadline for a loop of waits: `left()` gives the seconds that remain
 * (null when there is no limit, 0 once passed).
 */
export class Deadline {
  readonly #end: number;

  /** Starts the clock: `timeout` seconds from now, null for none. */
  constructor(timeout: number | null) {
    this.#end = timeout === null
      ? Infinity
      : performance.now() + timeout * 1000;
  }

  /** Seconds left, null without limit. */
  left(): number | null {
    if (this.#end === Infinity) return null;
    return Math.max(0, (this.#end - performance.now()) / 1000);
  }

  /** Whether the time is up. */
  passed(): boolean {
    return performance.now() >= this.#end;
  }
}

/** A SharedArrayBuffer of `n` Int32 cells, zeroed. */
export function sharedCells(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

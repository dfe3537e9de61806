// Python's threading.Timer.

import { bind } from "../_shared/args.ts";
import { Event } from "./event.ts";
import { Thread } from "./thread.ts";

/**
 * Python's `threading.Timer(interval, function, args=None, kwargs=None)`: a
 * Thread that calls `function(...args, kwargs)` after `interval` seconds,
 * unless `cancel()` is called first.
 *
 * @example
 * ```ts
 * import { Timer } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const calls: string[] = [];
 * const t = new Timer(0.01, (who: string) => calls.push(who), ["timer"]);
 * t.start();
 * await t.join();
 * assert.deepEqual(calls, ["timer"]);
 *
 * const never = new Timer(10, () => calls.push("late"));
 * never.start();
 * never.cancel();
 * await never.join();
 * assert.deepEqual(calls, ["timer"]);
 * ```
 */
export class Timer extends Thread {
  /** Python's `interval`: the delay in seconds. */
  interval: number;
  /** Python's `function`: what runs after the delay. */
  // deno-lint-ignore no-explicit-any
  function: (...args: any[]) => unknown;
  /** Python's `args`. */
  args: unknown[];
  /** Python's `kwargs`. */
  kwargs: Record<string, unknown>;
  /** Python's `finished`: set once the timer ran or was cancelled. */
  finished: Event = new Event();

  /**
   * Makes the timer; `start()` starts the countdown.
   *
   * @param interval Seconds to wait.
   * @param fn The function to call (sync or async).
   * @param args Its positional arguments, or the keyword object `{ args, kwargs }`.
   * @param kwargs Its keyword arguments, passed as one trailing object.
   */
  constructor(
    interval: number,
    // deno-lint-ignore no-explicit-any
    fn: (...args: any[]) => unknown,
    args?: Iterable<unknown> | null | {
      args?: Iterable<unknown> | null;
      kwargs?: Record<string, unknown> | null;
    },
    kwargs?: Record<string, unknown> | null,
  ) {
    super();
    const [a, k] = bind("Timer", ["args", "kwargs"], [args, kwargs]) as [
      Iterable<unknown> | null | undefined,
      Record<string, unknown> | null | undefined,
    ];
    this.interval = interval;
    this.function = fn;
    this.args = a === undefined || a === null ? [] : Array.from(a);
    this.kwargs = k ?? {};
  }

  /** Python's `cancel()`: stops the timer if it has not fired yet. */
  cancel(): void {
    this.finished.set();
  }

  /**
   * Waits `interval` seconds, then calls the function unless cancelled.
   *
   * @returns A promise resolved when done.
   */
  override async run(): Promise<void> {
    await this.finished.wait(this.interval);
    if (!this.finished.is_set()) {
      if (Object.keys(this.kwargs).length > 0) {
        await this.function(...this.args, this.kwargs);
      } else {
        await this.function(...this.args);
      }
    }
    this.finished.set();
  }
}

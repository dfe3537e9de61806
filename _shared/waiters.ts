// The one way a thread blocks: it parks a Waiter in a FIFO queue and awaits
// it. Whoever frees the resource wakes the first waiter (handing the
// resource over, so waits are fair); a timeout, when set, is one unref'd
// timer per waiter, checked against the clock so it never fires early. A
// waiter outside daemon threads holds the process open while it waits.

import { clearTimeout, setTimeout } from "node:timers";
import { OverflowError, ValueError } from "../builtins/exceptions.ts";
import { bind } from "./args.ts";
import { current, hold, type TaskThread, unhold } from "./thread_context.ts";

/** Shared results of calls that did not have to wait. */
export const TRUE: Promise<boolean> = Promise.resolve(true);
/** Shared results of calls that did not have to wait. */
export const FALSE: Promise<boolean> = Promise.resolve(false);
/** The shared result of a call that returns None without waiting. */
export const NONE: Promise<void> = Promise.resolve();

/** Python's threading.TIMEOUT_MAX on Linux, in seconds. */
export const TIMEOUT_MAX_SECONDS = 9223372036;
/** The longest delay one JavaScript timer takes (ms). */
const MAX_DELAY = 0x7fffffff;

type Timer = ReturnType<typeof setTimeout>;

/**
 * Calls `cb` once `ms` milliseconds have passed by performance.now() (never
 * earlier; timers longer than a JavaScript timer allows are chained). The
 * timer is unref'd: liveness is decided by holds. Returns a canceller.
 */
export function after(ms: number, cb: () => void): () => void {
  const deadline = performance.now() + ms;
  let t: Timer;
  const arm = (left: number): void => {
    t = setTimeout(fire, Math.min(Math.max(left, 0), MAX_DELAY));
    t.unref();
  };
  const fire = (): void => {
    const left = deadline - performance.now();
    if (left > 0) arm(Math.ceil(left));
    else cb();
  };
  arm(Math.ceil(ms));
  return () => clearTimeout(t);
}

/** One parked call. */
export class Waiter {
  /** The thread that waits (the owner-to-be of an RLock). */
  readonly thread: TaskThread;
  /** Woken or timed out: no longer in the queue. */
  done = false;
  #resolve!: (v: boolean) => void;
  #cancel: (() => void) | null = null;
  #held: boolean;
  readonly promise: Promise<boolean>;

  constructor(thread: TaskThread) {
    this.thread = thread;
    this.promise = new Promise<boolean>((r) => (this.#resolve = r));
    this.#held = !thread.daemon;
    if (this.#held) hold();
  }

  /** Arms the timeout: after `seconds`, `onTimeout()` runs unless woken. */
  expire(seconds: number, onTimeout: () => void): void {
    this.#cancel = after(seconds * 1000, onTimeout);
  }

  /** Ends the wait with `value` (true: woken, false: timed out). */
  wake(value: boolean): void {
    this.done = true;
    if (this.#cancel !== null) this.#cancel();
    if (this.#held) unhold();
    this.#resolve(value);
  }
}

/** A FIFO queue of waiters with O(1) push, shift and cancel. */
export class WaitQueue {
  #items: (Waiter | undefined)[] = [];
  #head = 0;
  #live = 0;

  /** How many waiters are parked. */
  get length(): number {
    return this.#live;
  }

  /**
   * Parks the calling thread; resolves true when woken, false when
   * `timeout` seconds (null: no limit) pass first.
   */
  park(timeout: number | null): Promise<boolean> {
    const w = new Waiter(current());
    this.#items.push(w);
    this.#live++;
    if (timeout !== null) {
      w.expire(timeout, () => {
        if (w.done) return;
        this.#live--;
        w.wake(false);
      });
    }
    return w.promise;
  }

  /** Takes the first parked waiter out of the queue (not yet woken). */
  shift(): Waiter | undefined {
    const items = this.#items;
    while (this.#head < items.length) {
      const w = items[this.#head];
      items[this.#head++] = undefined;
      if (w !== undefined && !w.done) {
        this.#live--;
        w.done = true;
        this.#compact();
        return w;
      }
    }
    this.#items = [];
    this.#head = 0;
    return undefined;
  }

  #compact(): void {
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}

/**
 * Checks Lock/RLock acquire arguments as CPython does; returns the timeout
 * in seconds, or null to wait without limit, or 0 not to wait.
 */
export function lockTimeout(
  blocking: unknown,
  timeout: unknown,
): number | null {
  const t = timeout === undefined || timeout === null ? -1 : toSeconds(timeout);
  if (!blocking) {
    if (t !== -1) {
      throw new ValueError("can't specify a timeout for a non-blocking call");
    }
    return 0;
  }
  if (t < 0 && t !== -1) {
    throw new ValueError("timeout value must be positive");
  }
  if (t > TIMEOUT_MAX_SECONDS) {
    throw new OverflowError("timeout value is too large");
  }
  return t === -1 ? null : t;
}

/** A timeout argument as a number of seconds (TypeError otherwise). */
export function toSeconds(v: unknown): number {
  if (typeof v === "number") {
    if (Number.isNaN(v)) {
      throw new ValueError("Invalid value NaN (not a number)");
    }
    return v;
  }
  if (typeof v === "boolean") return Number(v);
  throw new TypeError(
    `'${
      v === null ? "NoneType" : typeof v
    }' object cannot be interpreted as a timeout`,
  );
}

/** An optional timeout (null/undefined: none), as seconds. */
export function optTimeout(v: unknown): number | null {
  return v === undefined || v === null ? null : toSeconds(v);
}

/** Reads Lock/RLock acquire()'s arguments: the timeout, null (none) or 0. */
export function acquireArgs(
  blocking: unknown,
  timeout: unknown,
  kwargs: unknown,
): number | null {
  const [b, t] = bind("acquire", ["blocking", "timeout"], [
    blocking,
    timeout,
    kwargs,
  ]);
  return lockTimeout(b === undefined ? true : b, t);
}

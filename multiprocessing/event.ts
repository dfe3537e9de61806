// Python's multiprocessing.Event.
//
// One Int32 cell of shared memory: bit 0 is the flag, the bits above count
// the set() calls. wait() sleeps on the cell with Atomics.waitAsync; a
// set() that a clear() undid before the waiter ran still ends its wait
// (with false, the flag being clear by then), as in CPython.

import { bind } from "../_shared/args.ts";
import { FALSE, TRUE } from "../_shared/waiters.ts";
import { Deadline, notifyCell, sharedCells, waitCell } from "./_atomics.ts";
import { callable } from "./_callable.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { seconds } from "./_sync_base.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";

/** Keyword arguments of `Event.wait()`, with Python's names. */
export interface EventWaitOptions {
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

/**
 * A `multiprocessing.Event()` object: a flag shared by processes, and a
 * way to wait until it is set.
 */
export interface Event {
  /**
   * Python's `is_set()`.
   *
   * @returns Whether the flag is set.
   */
  is_set(): boolean;

  /**
   * Python's `set()`: sets the flag and wakes every waiter, of every
   * process.
   */
  set(): void;

  /** Python's `clear()`: clears the flag. */
  clear(): void;

  /**
   * Python's `wait(timeout=None)`: waits until the flag is set, at most
   * `timeout` seconds (negative: 0).
   *
   * @param timeout Seconds to wait at most (`null`: no limit), or `{ timeout }`.
   * @returns The flag when the wait ended: false when the time ran out.
   */
  wait(timeout?: number | null | EventWaitOptions): Promise<boolean>;

  /**
   * Python's `repr()`: `<Event at 0x... unset>` or `<Event at 0x... set>`
   * (a made-up address).
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Event}: used with `new`, or called as in Python. */
export interface EventConstructor {
  /**
   * Makes an event, clear.
   *
   * @returns The event.
   */
  new (): Event;
  /**
   * Makes an event, clear: `multiprocessing.Event()` as in Python.
   *
   * @returns The event.
   */
  (): Event;
  /** The prototype of every Event, for `instanceof`. */
  readonly prototype: Event;
}

const FLAG = 1;

let rebuilt: Int32Array | null = null;

class EventImpl implements Event {
  readonly #cells: Int32Array;

  constructor() {
    this.#cells = rebuilt ?? sharedCells(1);
    rebuilt = null;
  }

  is_set(): boolean {
    return (Atomics.load(this.#cells, 0) & FLAG) !== 0;
  }

  set(): void {
    const c = this.#cells;
    for (;;) {
      const s = Atomics.load(c, 0);
      if (s & FLAG) return;
      if (Atomics.compareExchange(c, 0, s, ((s + 2) | FLAG) | 0) === s) break;
    }
    notifyCell(c, 0);
  }

  clear(): void {
    Atomics.and(this.#cells, 0, ~FLAG);
  }

  wait(timeout?: number | null | EventWaitOptions): Promise<boolean> {
    const c = this.#cells;
    const s0 = Atomics.load(c, 0);
    if (s0 & FLAG) return TRUE;
    let secs: number | null;
    try {
      secs = seconds(bind("wait", ["timeout"], [timeout])[0]);
    } catch (e) {
      return Promise.reject(e);
    }
    if (secs === 0) return FALSE;
    return this.#wait(s0, new Deadline(secs));
  }

  async #wait(s0: number, deadline: Deadline): Promise<boolean> {
    const c = this.#cells;
    for (;;) {
      const left = deadline.left();
      if (left === 0) return this.is_set();
      await waitCell(c, 0, s0, left);
      const s = Atomics.load(c, 0);
      if (s !== s0) return (s & FLAG) !== 0;
    }
  }

  toString(): string {
    return `<Event at ${addressOf(this)} ${this.is_set() ? "set" : "unset"}>`;
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "multiprocessing Event");
    return reduced("Event", this.#cells);
  }
}

showAsPython(EventImpl);

/**
 * Python's `multiprocessing.Event()`: a flag in shared memory that
 * threads of every process it reaches (with the 'worker' start method) set,
 * clear and wait for. `is_set()`, `set()` and `clear()` never wait, so
 * they are synchronous; `wait()` returns a promise. Use it with `new`, or
 * call it as Python does.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ev = multiprocessing.Event();
 * assert.equal(await ev.wait(0.01), false);
 * setTimeout(() => ev.set(), 10);
 * assert.equal(await ev.wait({ timeout: 5 }), true);
 * assert.equal(ev.is_set(), true);
 * ev.clear();
 * assert.match(String(ev), /^<Event at 0x[0-9a-f]+ unset>$/);
 * ```
 */
export const Event: EventConstructor = callable(EventImpl, "Event");

registerKind("Event", import.meta.url, (s) => {
  rebuilt = s as Int32Array;
  try {
    return new EventImpl();
  } finally {
    rebuilt = null;
  }
});

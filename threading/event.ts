// Python's threading.Event.

import { bind } from "../_shared/args.ts";
import { FALSE, optTimeout, TRUE, WaitQueue } from "../_shared/waiters.ts";
import {
  addressOf,
  definedIn,
  qualifiedName,
  showAsPython,
} from "../_shared/pyrepr.ts";

/**
 * Python's `threading.Event`: a flag threads can wait for. `set()` wakes
 * every waiter; `clear()` resets it.
 *
 * @example
 * ```ts
 * import { Event, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const ready = new Event();
 * const t = new Thread({ target: () => ready.set() });
 * t.start();
 * assert.equal(await ready.wait(5), true);
 * assert.equal(ready.is_set(), true);
 * ready.clear();
 * assert.equal(await ready.wait(0.01), false);
 * await t.join();
 * ```
 */
export class Event {
  #flag = false;
  #waiters: WaitQueue | null = null;

  /**
   * Python's `is_set()`.
   *
   * @returns Whether the flag is set.
   */
  is_set(): boolean {
    return this.#flag;
  }

  /**
   * Legacy `isSet()`.
   *
   * @returns Whether the flag is set.
   */
  isSet(): boolean {
    return this.#flag;
  }

  /** Python's `set()`: sets the flag and wakes every waiting thread. */
  set(): void {
    this.#flag = true;
    const q = this.#waiters;
    if (q === null) return;
    for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
  }

  /** Python's `clear()`: resets the flag. */
  clear(): void {
    this.#flag = false;
  }

  /**
   * Python's `wait(timeout=None)`: waits until the flag is set, at most
   * `timeout` seconds if given.
   *
   * @param timeout Seconds to wait at most; `null` waits without limit.
   * Also as `{ timeout }`.
   * @returns The flag when the wait ends: false only if it timed out.
   */
  wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<boolean> {
    if (this.#flag) return TRUE;
    let secs: number | null = null;
    if (timeout !== undefined && timeout !== null) {
      try {
        secs = optTimeout(bind("wait", ["timeout"], [timeout])[0]);
      } catch (e) {
        return Promise.reject(e);
      }
      if (secs !== null && secs <= 0) return FALSE;
    }
    return (this.#waiters ??= new WaitQueue()).park(secs);
  }

  /**
   * Python's `repr()`: `<threading.Event at 0x...: unset>` or `...: set>`
   * (a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    return `<${qualifiedName(this)} at ${addressOf(this)}: ${
      this.#flag ? "set" : "unset"
    }>`;
  }
}

showAsPython(Event);
definedIn("threading", Event);

// Python's queue.SimpleQueue: an unbounded FIFO queue without task
// tracking or shutdown, written in C in CPython. Its put never waits, so
// here it is synchronous (docs/porting.md §3); get waits as Queue's does,
// in one wait queue of the shared floor, and reads its timeout as the C
// code does (converted to nanoseconds first, then checked for sign).

import { OverflowError, ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { WaitQueue } from "../_shared/waiters.ts";
// Waits need the main thread object, which threading makes when loaded.
import "../threading/thread.ts";
import { Empty } from "./empty.ts";
import { Deque } from "./_deque.ts";
import type { GetOptions, PutOptions } from "./queue.ts";
import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";

/** 2**63 nanoseconds in seconds: where CPython's PyTime_t ends. */
const PYTIME_LIMIT = 2 ** 63 / 1e9;

/** SimpleQueue.get's timeout as seconds, with the C code's errors. */
function seconds(timeout: unknown): number {
  const t = typeof timeout === "boolean" || typeof timeout === "bigint"
    ? Number(timeout)
    : timeout;
  if (typeof t !== "number") {
    throw new TypeError(
      `'${pyTypeName(timeout)}' object cannot be interpreted as an integer`,
    );
  }
  if (Number.isNaN(t)) {
    throw new ValueError("Invalid value NaN (not a number)");
  }
  if (!(t >= -PYTIME_LIMIT && t < PYTIME_LIMIT)) {
    throw new OverflowError("timestamp too large to convert to C PyTime_t");
  }
  if (t < 0) throw new ValueError("'timeout' must be a non-negative number");
  return t;
}

/**
 * Python's `queue.SimpleQueue()`: an unbounded first-in, first-out queue
 * for threads, simpler than {@linkcode Queue}: no `maxsize`, `full()`,
 * `task_done()`/`join()` or `shutdown()`. `put` never waits, so it is
 * synchronous (awaiting it is harmless); `get` returns a promise.
 *
 * @typeParam T The type of the items.
 *
 * @example
 * ```ts
 * import { Empty, SimpleQueue } from "@pyport/std/queue";
 * import { Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const q = new SimpleQueue<string>();
 * const t = new Thread({ target: () => q.put("from a thread") });
 * t.start();
 * assert.equal(await q.get({ timeout: 5 }), "from a thread");
 * await t.join();
 * assert.equal(q.empty(), true);
 * assert.throws(() => q.get_nowait(), Empty);
 * await assert.rejects(q.get(true, 0.01), Empty);
 * ```
 */
export class SimpleQueue<T = unknown> {
  readonly #items = new Deque<T>();
  readonly #notEmpty = new WaitQueue();

  /**
   * Python's `put(item, block=True, timeout=None)`: adds `item`. It never
   * waits; `block` and `timeout` are accepted and ignored, as in Python.
   *
   * @param item The item (always the first argument, whatever it is).
   * @param block Ignored, or the keyword object.
   * @param timeout Ignored, or the keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @throws {TypeError} An unexpected keyword argument.
   */
  put(
    item: T,
    block?: boolean | PutOptions,
    timeout?: number | null | PutOptions,
    kwargs?: PutOptions,
  ): void {
    if (block !== undefined || timeout !== undefined || kwargs !== undefined) {
      bind("put", ["block", "timeout"], [block, timeout, kwargs]);
    }
    this.#items.push(item);
    this.#notEmpty.shift()?.wake(true);
  }

  /**
   * Python's `put_nowait(item)`, that is `put(item, False)`.
   *
   * @param item The item.
   */
  put_nowait(item: T): void {
    this.put(item);
  }

  /**
   * Python's `get(block=True, timeout=None)`: removes and returns the next
   * item. When there is none, it waits for one if `block` (at most
   * `timeout` seconds if that is not null), else raises `Empty` at once.
   *
   * @param block Wait for an item (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit), or the
   * keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @returns A promise of the item.
   * @throws {Empty} No item came in time, or none was there and `block`
   * is false.
   * @throws {ValueError} "'timeout' must be a non-negative number".
   */
  get(
    block?: boolean | GetOptions,
    timeout?: number | null | GetOptions,
    kwargs?: GetOptions,
  ): Promise<T> {
    let secs: number | null = null;
    try {
      if (
        block !== undefined || timeout !== undefined || kwargs !== undefined
      ) {
        const [b, t] = bind("get", ["block", "timeout"], [
          block,
          timeout,
          kwargs,
        ]);
        if (b !== undefined && !b) secs = 0;
        else if (t !== undefined && t !== null) secs = seconds(t);
      }
      if (this.#items.size > 0) return Promise.resolve(this.#items.pop());
      if (secs === 0) throw new Empty();
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#getLater(secs);
  }

  async #getLater(timeout: number | null): Promise<T> {
    const end = timeout === null ? 0 : performance.now() + timeout * 1000;
    while (this.#items.size === 0) {
      let secs: number | null = null;
      if (timeout !== null) {
        secs = (end - performance.now()) / 1000;
        if (secs <= 0) throw new Empty();
      }
      await this.#notEmpty.park(secs);
    }
    return this.#items.pop();
  }

  /**
   * Python's `get_nowait()`, that is `get(False)`: removes and returns the
   * next item if there is one now. Synchronous.
   *
   * @returns The item.
   * @throws {Empty} The queue is empty.
   */
  get_nowait(): T {
    if (this.#items.size === 0) throw new Empty();
    return this.#items.pop();
  }

  /**
   * Python's `qsize()`: how many items the queue holds now.
   *
   * @returns The number of items.
   */
  qsize(): number {
    return this.#items.size;
  }

  /**
   * Python's `empty()`.
   *
   * @returns Whether the queue holds no item now.
   */
  empty(): boolean {
    return this.#items.size === 0;
  }

  /**
   * Python's `repr()`: `<_queue.SimpleQueue object at 0x...>` (a made-up
   * address), as CPython's SimpleQueue is the C one.
   *
   * @returns The description.
   */
  toString(): string {
    return objectRepr.call(this);
  }
}

definedIn("_queue", SimpleQueue);
showAsPython(SimpleQueue);

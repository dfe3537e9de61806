// Python's queue.Queue: the FIFO queue for threads, and the base of
// LifoQueue and PriorityQueue, which change only where items are kept
// (./_store.ts).
//
// CPython guards a queue with one mutex and three conditions on it
// (not_empty, not_full, all_tasks_done). Threads here are tasks that switch
// only at an await (docs/porting.md §7), so a method runs whole, up to its
// first wait, with no other thread inside the queue: the mutex has nothing
// left to guard, and the methods that never wait stay synchronous. What
// remains of the conditions is three wait queues of the shared floor
// (_shared/waiters.ts): a get parks in one until a put notifies it, a put
// into a full bounded queue in another until a get does, and join in the
// third until the count of unfinished tasks reaches zero. A woken call
// checks again before it goes on, as CPython's does after Condition.wait,
// because another thread may have taken the item (or the room) first. A
// timed wait is one timer, armed for the time left and cancelled on wake.

import type {
  GetOptions,
  PutOptions,
  QueueOptions,
} from "../_shared/queue_options.ts";
import { ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { lockTimeout, NONE, WaitQueue } from "../_shared/waiters.ts";
// Waits need the main thread object, which threading makes when loaded.
import "../threading/thread.ts";
import { Empty } from "./empty.ts";
import { Full } from "./full.ts";
import { ShutDown } from "./shut_down.ts";
import { type Store, storeFor } from "./_store.ts";
import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";

export type {
  GetOptions,
  PutOptions,
  QueueOptions,
} from "../_shared/queue_options.ts";

/** Keyword arguments of `shutdown()`, with Python's names. */
export interface ShutdownOptions {
  /** Drop the items still queued (default false). */
  immediate?: boolean;
}

/** Reads `block` and `timeout` (Python's `put`/`get` arguments). */
function blockArgs(
  fn: string,
  block: unknown,
  timeout: unknown,
  kwargs: unknown,
): [block: boolean, timeout: unknown] {
  if (block === undefined && timeout === undefined && kwargs === undefined) {
    return [true, null];
  }
  const [b, t] = bind(fn, ["block", "timeout"], [block, timeout, kwargs]);
  return [b === undefined ? true : Boolean(b), t];
}

/** Python's `timeout < 0` check of put and get: the seconds, or its errors. */
function nonNegative(timeout: unknown): number {
  const t = typeof timeout === "boolean" || typeof timeout === "bigint"
    ? Number(timeout)
    : timeout;
  if (typeof t !== "number") {
    throw new TypeError(
      `'<' not supported between instances of '${pyTypeName(t)}' and 'int'`,
    );
  }
  if (t < 0) throw new ValueError("'timeout' must be a non-negative number");
  return t;
}

/** Python's `maxsize > 0`: whether the queue is bounded. */
function bounded(maxsize: unknown): boolean {
  if (
    typeof maxsize === "number" || typeof maxsize === "bigint" ||
    typeof maxsize === "boolean"
  ) {
    return (maxsize as number) > 0;
  }
  throw new TypeError(
    `'>' not supported between instances of '${pyTypeName(maxsize)}' and 'int'`,
  );
}

/**
 * The seconds left until `end` (a performance.now() time) for one wait,
 * checked as the lock acquire inside CPython's Condition.wait checks them
 * (NaN is ValueError, beyond TIMEOUT_MAX OverflowError); `Timeout` when
 * none are left.
 */
function left(end: number, Timeout: typeof Empty | typeof Full): number {
  const secs = (end - performance.now()) / 1000;
  if (secs <= 0) throw new Timeout();
  return lockTimeout(true, secs) as number;
}

function wakeAll(q: WaitQueue): void {
  for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
}

/**
 * Python's `queue.Queue(maxsize=0)`: a first-in, first-out queue for
 * threads, holding at most `maxsize` items (no limit when it is 0 or
 * less). `put`, `get` and `join` return promises that settle when Python's
 * call would return; the other methods are synchronous. Besides the items,
 * it counts unfinished tasks: each `put` adds one and each `task_done()`
 * ends one, and `join()` waits until none is left. `shutdown()` (Python
 * 3.13) stops it.
 *
 * `q.put(x, timeout=1)` is `await q.put(x, { timeout: 1 })`;
 * `q.get(False)` is `q.get(false)` (awaited) or `q.get_nowait()`.
 *
 * @typeParam T The type of the items.
 *
 * @example Workers that end each task
 * ```ts
 * import { Queue } from "@pyport/std/queue";
 * import { Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue<number>();
 * const done: number[] = [];
 * const worker = new Thread({
 *   target: async () => {
 *     for (;;) {
 *       const item = await q.get();
 *       done.push(item * 10);
 *       q.task_done();
 *     }
 *   },
 *   daemon: true,
 * });
 * worker.start();
 * for (let i = 0; i < 3; i++) await q.put(i);
 * await q.join(); // every item was got and its task ended
 * assert.deepEqual(done, [0, 10, 20]);
 * ```
 *
 * @example A bounded queue
 * ```ts
 * import { Empty, Full, Queue } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue(2);
 * q.put_nowait("a");
 * await q.put("b");
 * assert.equal(q.full(), true);
 * assert.throws(() => q.put_nowait("c"), Full);
 * await assert.rejects(q.put("c", { timeout: 0.01 }), Full);
 * assert.equal(await q.get(), "a");
 * assert.equal(q.get_nowait(), "b");
 * await assert.rejects(q.get(false), Empty);
 * ```
 */
export class Queue<T = unknown> {
  /**
   * Python's `maxsize`: the most items the queue holds; 0 or less means
   * no limit. As in Python it may be reassigned; `put` and `full()` read
   * it on each call.
   */
  maxsize: number;
  readonly #items: Store<T>;
  #unfinished = 0;
  #shutdown = false;
  readonly #notEmpty = new WaitQueue();
  readonly #notFull = new WaitQueue();
  readonly #allDone = new WaitQueue();

  /**
   * Makes a queue.
   *
   * @param maxsize The most items it holds (0 or less, the default: no
   * limit), or `{ maxsize }`.
   * @throws {TypeError} An unexpected keyword argument.
   */
  constructor(maxsize?: number | QueueOptions) {
    const [m] = bind(new.target.name, ["maxsize"], [maxsize]);
    this.maxsize = (m === undefined ? 0 : m) as number;
    this.#items = storeFor<T>(new.target);
  }

  /**
   * Python's `task_done()`: a consumer says that the task of an item it
   * got is finished. When no unfinished task is left, `join()` returns.
   *
   * @throws {ValueError} "task_done() called too many times": more calls
   * than items put.
   */
  task_done(): void {
    const unfinished = this.#unfinished - 1;
    if (unfinished <= 0) {
      if (unfinished < 0) {
        throw new ValueError("task_done() called too many times");
      }
      wakeAll(this.#allDone);
    }
    this.#unfinished = unfinished;
  }

  /**
   * Python's `join()`: waits until every item put has been got and its
   * task ended with `task_done()` (or was dropped by `shutdown(true)`).
   *
   * @returns A promise that resolves then.
   */
  join(): Promise<void> {
    if (this.#unfinished === 0) return NONE;
    return this.#joinLater();
  }

  async #joinLater(): Promise<void> {
    while (this.#unfinished !== 0) await this.#allDone.park(null);
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
   * Python's `full()`.
   *
   * @returns Whether a bounded queue holds `maxsize` items or more now.
   * @throws {TypeError} `maxsize` is not a number.
   */
  full(): boolean {
    const m: unknown = this.maxsize;
    if (
      typeof m !== "number" && typeof m !== "bigint" && typeof m !== "boolean"
    ) {
      throw new TypeError(
        `'<' not supported between instances of 'int' and '${pyTypeName(m)}'`,
      );
    }
    return 0 < (m as number) && (m as number) <= this.#items.size;
  }

  /**
   * Python's `put(item, block=True, timeout=None)`: adds `item`. In a
   * bounded queue with no room, it waits for room if `block` (at most
   * `timeout` seconds if that is not null), else raises `Full` at once.
   * The item is always the first argument, so `q.put({ block: false })`
   * puts that object.
   *
   * @param item The item.
   * @param block Wait for room (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit), or the
   * keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @returns A promise that resolves once the item is in the queue.
   * @throws {Full} No room came in time, or none was there and `block`
   * is false.
   * @throws {ShutDown} The queue was shut down, before or during the wait.
   * @throws {ValueError} "'timeout' must be a non-negative number" (a
   * bounded queue checks it, as in Python).
   * @throws {TypeError} From PriorityQueue, items that cannot be compared.
   */
  put(
    item: T,
    block?: boolean | PutOptions,
    timeout?: number | null | PutOptions,
    kwargs?: PutOptions,
  ): Promise<void> {
    try {
      const [b, t] = blockArgs("put", block, timeout, kwargs);
      if (this.#shutdown) throw new ShutDown();
      if (bounded(this.maxsize)) {
        const isFull = this.#items.size >= this.maxsize;
        if (!b) {
          if (isFull) throw new Full();
        } else if (t === undefined || t === null) {
          if (isFull) return this.#putLater(item, null);
        } else {
          const secs = nonNegative(t);
          if (isFull) return this.#putLater(item, secs);
        }
      }
      this.#add(item);
      return NONE;
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async #putLater(item: T, timeout: number | null): Promise<void> {
    const end = timeout === null ? 0 : performance.now() + timeout * 1000;
    while (this.#items.size >= this.maxsize) {
      await this.#notFull.park(timeout === null ? null : left(end, Full));
      if (this.#shutdown) throw new ShutDown();
    }
    this.#add(item);
  }

  #add(item: T): void {
    this.#items.push(item);
    this.#unfinished++;
    this.#notEmpty.shift()?.wake(true);
  }

  /**
   * Python's `put_nowait(item)`, that is `put(item, False)`: adds `item`
   * if there is room now. Synchronous.
   *
   * @param item The item.
   * @throws {Full} A bounded queue has no room.
   * @throws {ShutDown} The queue was shut down.
   * @throws {TypeError} From PriorityQueue, items that cannot be compared.
   */
  put_nowait(item: T): void {
    if (this.#shutdown) throw new ShutDown();
    if (bounded(this.maxsize) && this.#items.size >= this.maxsize) {
      throw new Full();
    }
    this.#add(item);
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
   * @throws {ShutDown} The queue was shut down and is empty, before or
   * during the wait.
   * @throws {ValueError} "'timeout' must be a non-negative number".
   */
  get(
    block?: boolean | GetOptions,
    timeout?: number | null | GetOptions,
    kwargs?: GetOptions,
  ): Promise<T> {
    try {
      const [b, t] = blockArgs("get", block, timeout, kwargs);
      const none = this.#items.size === 0;
      if (this.#shutdown && none) throw new ShutDown();
      if (!b) {
        if (none) throw new Empty();
      } else if (t === undefined || t === null) {
        if (none) return this.#getLater(null);
      } else {
        const secs = nonNegative(t);
        if (none) return this.#getLater(secs);
      }
      return Promise.resolve(this.#take());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async #getLater(timeout: number | null): Promise<T> {
    const end = timeout === null ? 0 : performance.now() + timeout * 1000;
    while (this.#items.size === 0) {
      await this.#notEmpty.park(timeout === null ? null : left(end, Empty));
      if (this.#shutdown && this.#items.size === 0) throw new ShutDown();
    }
    return this.#take();
  }

  #take(): T {
    const item = this.#items.pop();
    this.#notFull.shift()?.wake(true);
    return item;
  }

  /**
   * Python's `get_nowait()`, that is `get(False)`: removes and returns the
   * next item if there is one now. Synchronous.
   *
   * @returns The item.
   * @throws {Empty} The queue is empty.
   * @throws {ShutDown} The queue was shut down and is empty.
   */
  get_nowait(): T {
    const none = this.#items.size === 0;
    if (this.#shutdown && none) throw new ShutDown();
    if (none) throw new Empty();
    return this.#take();
  }

  /**
   * Python's `shutdown(immediate=False)` (Python 3.13): from now on `put`
   * raises `ShutDown`, and so does `get` once the queue is empty; blocked
   * callers wake up to check again. With `immediate`, the queue is emptied
   * at once, each item dropped ending its task (so `join()` returns when
   * no other task is unfinished), and every `get` raises `ShutDown`.
   * Synchronous; calling it again is harmless.
   *
   * @param immediate Drop the queued items (default false), or
   * `{ immediate }`.
   */
  shutdown(immediate?: boolean | ShutdownOptions): void {
    const [i] = bind("shutdown", ["immediate"], [immediate]);
    this.#shutdown = true;
    if (i) {
      while (this.#items.size > 0) {
        this.#items.pop();
        if (this.#unfinished > 0) this.#unfinished--;
      }
      wakeAll(this.#allDone);
    }
    wakeAll(this.#notEmpty);
    wakeAll(this.#notFull);
  }

  /**
   * Python's `repr()`: `<queue.Queue object at 0x...>` (a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    return objectRepr.call(this);
  }
}

definedIn("queue", Queue);
showAsPython(Queue);

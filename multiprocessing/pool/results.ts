// The objects a pool hands back: ApplyResult (AsyncResult), MapResult and
// the imap iterators. Results are set by the pool as tasks finish; the
// callbacks run in the parent, in order of completion, as in Python.

import { StopIteration, ValueError } from "../../builtins/exceptions.ts";
import { bind } from "../../_shared/args.ts";
import { WaitQueue } from "../../_shared/waiters.ts";
import { TimeoutError } from "../errors.ts";
import { formatException } from "../_traceback.ts";
import { addressOf, showAsPython } from "../../_shared/pyrepr.ts";

type Callback = ((value: unknown) => unknown) | null;

/** Runs a user callback; an exception in it is printed, not lost. */
function runCallback(cb: Callback, value: unknown): void {
  if (cb === null) return;
  try {
    const r = cb(value);
    if (r instanceof Promise) {
      r.catch((e) => console.error(formatException(e)));
    }
  } catch (e) {
    console.error(formatException(e));
  }
}

/** Reads a timeout argument: null or a number of seconds (≥ 0). */
function seconds(fn: string, args: unknown[]): number | null {
  const [t] = bind(fn, ["timeout"], args);
  if (t === null || t === undefined) return null;
  if (typeof t !== "number" || Number.isNaN(t)) {
    throw new TypeError("timeout must be a number or None");
  }
  return Math.max(0, t);
}

/**
 * The pool's side of a result: what it calls as tasks finish. Not part of
 * the public API.
 */
export interface ResultSink {
  /** Task `index` of this job finished: `ok` with `value`, or raised `value`. */
  set(index: number, ok: boolean, value: unknown): void;
  /** The job can never finish (the pool was terminated): fail with `e`. */
  abort(e: Error): void;
}

/**
 * Python's `multiprocessing.pool.ApplyResult` (`AsyncResult`): the result
 * of `apply_async()` and the base of `map_async()`'s `MapResult`.
 *
 * @example
 * ```ts
 * import { ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const pool = new ThreadPool(2);
 * const r = pool.apply_async((a: number, b: number) => a + b, [2, 3]);
 * assert.equal(await r.get({ timeout: 5 }), 5);
 * assert.ok(r.ready() && r.successful());
 * pool.close();
 * await pool.join();
 * ```
 */
export class ApplyResult implements ResultSink {
  #ready = false;
  #success = false;
  #value: unknown = undefined;
  #waiters = new WaitQueue();
  #callback: Callback;
  #errorCallback: Callback;
  #onDone: ((r: ResultSink) => void) | null;

  /** @internal Made by a pool. */
  constructor(
    callback: Callback,
    errorCallback: Callback,
    onDone: ((r: ResultSink) => void) | null = null,
  ) {
    this.#callback = callback;
    this.#errorCallback = errorCallback;
    this.#onDone = onDone;
  }

  /**
   * Python's `repr()`: `<multiprocessing.pool.ApplyResult object at 0x...>`
   * (`MapResult` for a map; a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    const name = (this.constructor as { name: string }).name;
    return `<multiprocessing.pool.${name} object at ${addressOf(this)}>`;
  }

  /**
   * Python's `ready()`: whether the call has completed.
   *
   * @returns True once the result (or exception) is in.
   */
  ready(): boolean {
    return this.#ready;
  }

  /**
   * Python's `successful()`: whether the call completed without raising.
   *
   * @returns True when it returned, false when it raised.
   * @throws {ValueError} The result is not ready.
   */
  successful(): boolean {
    if (!this.#ready) throw new ValueError(`${this} not ready`);
    return this.#success;
  }

  /**
   * Python's `wait(timeout=None)`: waits until the result is ready or
   * `timeout` seconds pass.
   *
   * @param timeout Seconds, or null (no limit); also `{ timeout }`.
   */
  async wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<void> {
    const t = seconds("wait", [timeout]);
    if (this.#ready || t === 0) return;
    await this.#waiters.park(t);
  }

  /**
   * Python's `get(timeout=None)`: the result once it arrives; raises the
   * task's exception (its `cause` holds the worker's traceback).
   *
   * @param timeout Seconds, or null (no limit); also `{ timeout }`.
   * @returns The value the task returned.
   * @throws {TimeoutError} `multiprocessing.TimeoutError`: not ready in time.
   */
  async get(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<unknown> {
    await this.wait(timeout);
    if (!this.#ready) throw new TimeoutError();
    if (this.#success) return this.#value;
    throw this.#value;
  }

  /** @internal Called by the pool when the value is in. */
  set(_index: number, ok: boolean, value: unknown): void {
    this.complete(ok, value);
  }

  /** @internal */
  abort(e: Error): void {
    this.complete(false, e);
  }

  /** @internal Records the outcome, runs the callback, wakes waiters. */
  protected complete(ok: boolean, value: unknown): void {
    if (this.#ready) return;
    this.#success = ok;
    this.#value = value;
    runCallback(ok ? this.#callback : this.#errorCallback, value);
    this.#ready = true;
    const q = this.#waiters;
    for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
    const done = this.#onDone;
    this.#onDone = null;
    if (done !== null) done(this);
  }
}

showAsPython(ApplyResult);

/**
 * Python's `multiprocessing.pool.AsyncResult`: the same class as
 * `ApplyResult`.
 *
 * @example
 * ```ts
 * import { ApplyResult, AsyncResult } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * assert.equal(AsyncResult, ApplyResult);
 * ```
 */
export const AsyncResult: typeof ApplyResult = ApplyResult;

/**
 * Python's `AsyncResult` type, for annotations.
 */
export type AsyncResult = ApplyResult;

/**
 * Python's `multiprocessing.pool.MapResult`: the result of `map_async()`
 * and `starmap_async()`; `get()` is the list of results in input order,
 * or the first exception a chunk raised.
 *
 * @example
 * ```ts
 * import { MapResult, ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const pool = new ThreadPool(2);
 * const r = pool.map_async((x: number) => x * x, [1, 2, 3]);
 * assert.ok(r instanceof MapResult);
 * assert.deepEqual(await r.get(), [1, 4, 9]);
 * pool.close();
 * await pool.join();
 * ```
 */
export class MapResult extends ApplyResult {
  #values: unknown[];
  #left: number;
  #chunksize: number;
  #failed = false;
  #error: unknown = undefined;

  /** @internal Made by a pool: `chunks` chunks of `chunksize` items. */
  constructor(
    length: number,
    chunksize: number,
    chunks: number,
    callback: Callback,
    errorCallback: Callback,
    onDone: ((r: ResultSink) => void) | null = null,
  ) {
    super(callback, errorCallback, onDone);
    this.#values = new Array(length);
    this.#chunksize = chunksize;
    this.#left = chunks;
    // As CPython: an empty input is ready at once, and no callback runs.
    if (chunks === 0) {
      super.complete(true, this.#values);
    }
  }

  /**
   * @internal As CPython: the result is ready once every chunk is done,
   * and a failure is the first exception a chunk raised.
   */
  override set(index: number, ok: boolean, value: unknown): void {
    if (this.ready()) return;
    if (!ok && !this.#failed) {
      this.#failed = true;
      this.#error = value;
      this.#values = [];
    } else if (ok && !this.#failed) {
      const vs = value as unknown[];
      const base = index * this.#chunksize;
      for (let i = 0; i < vs.length; i++) this.#values[base + i] = vs[i];
    }
    if (--this.#left > 0) return;
    if (this.#failed) this.complete(false, this.#error);
    else this.complete(true, this.#values);
  }
}

/**
 * Python's `multiprocessing.pool.IMapIterator`: what `imap()` returns.
 * `await it.next(timeout)` gives the next result in input order (raising
 * that task's exception, or StopIteration at the end, or
 * `multiprocessing.TimeoutError`); `for await (const x of it)` reads them
 * all.
 *
 * @example
 * ```ts
 * import { ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const pool = new ThreadPool(2);
 * const out: number[] = [];
 * for await (const x of pool.imap((x: number) => x + 1, [1, 2, 3])) {
 *   out.push(x as number);
 * }
 * assert.deepEqual(out, [2, 3, 4]);
 * pool.close();
 * await pool.join();
 * ```
 */
export class IMapIterator implements ResultSink {
  /** Items ready, in the order next() gives them: [ok, value] pairs. */
  #items: unknown[] = [];
  #head = 0;
  /** Out-of-order items: index -> [ok, value]. */
  #early = new Map<number, [boolean, unknown]>();
  #nextIndex = 0;
  #length: number | null = null;
  #waiters = new WaitQueue();
  #chunked: boolean;
  #stopped = false;
  #aborted = false;
  #onDone: ((r: ResultSink) => void) | null;

  /** @internal Made by a pool; `chunked`: each task's value is a chunk. */
  constructor(
    chunked: boolean,
    onDone: ((r: ResultSink) => void) | null = null,
  ) {
    this.#chunked = chunked;
    this.#onDone = onDone;
  }

  /**
   * Python's `repr()`: `<multiprocessing.pool.IMapIterator object at
   * 0x...>` (`IMapUnorderedIterator` for imap_unordered; a made-up
   * address).
   *
   * @returns The description.
   */
  toString(): string {
    const name = (this.constructor as { name: string }).name;
    return `<multiprocessing.pool.${name} object at ${addressOf(this)}>`;
  }

  /** Whether results are given in order of completion. */
  protected get unordered(): boolean {
    return false;
  }

  /** @internal The input had `n` tasks. */
  setLength(n: number): void {
    if (this.#aborted) return;
    this.#length = n;
    this.#check();
  }

  /** @internal */
  set(index: number, ok: boolean, value: unknown): void {
    if (this.#aborted) return;
    if (this.unordered || index === this.#nextIndex) {
      this.#push(ok, value);
      this.#nextIndex++;
      if (!this.unordered) {
        for (
          let e = this.#early.get(this.#nextIndex);
          e !== undefined;
          e = this.#early.get(this.#nextIndex)
        ) {
          this.#early.delete(this.#nextIndex);
          this.#push(e[0], e[1]);
          this.#nextIndex++;
        }
      }
    } else this.#early.set(index, [ok, value]);
    this.#check();
    // A chunk may bring several items: every waiter looks.
    const q = this.#waiters;
    for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
  }

  /** @internal */
  abort(e: Error): void {
    if (this.#length !== null && this.#nextIndex === this.#length) return;
    this.#aborted = true;
    this.#items.push(false, e);
    this.#nextIndex = this.#length = (this.#length ?? this.#nextIndex) + 1;
    this.#early.clear();
    this.#check();
  }

  #push(ok: boolean, value: unknown): void {
    if (this.#chunked && ok) {
      for (const v of value as unknown[]) this.#items.push(true, v);
    } else this.#items.push(ok, value);
  }

  #check(): void {
    if (this.#length !== null && this.#nextIndex === this.#length) {
      const done = this.#onDone;
      this.#onDone = null;
      if (done !== null) done(this);
      // Everyone waiting learns the end.
      const q = this.#waiters;
      for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
    }
  }

  /**
   * Python's `next(timeout=None)`: the next result.
   *
   * @param timeout Seconds, or null (no limit); also `{ timeout }`.
   * @returns The next task's value.
   * @throws {StopIteration} Every result has been given.
   * @throws {TimeoutError} `multiprocessing.TimeoutError`: none came in time.
   */
  async next(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<unknown> {
    const t = seconds("next", [timeout]);
    // As CPython's chunked imap (a generator over the chunks), iteration
    // ends after a chunk's exception.
    if (this.#stopped) throw new StopIteration();
    const deadline = t === null ? null : performance.now() + t * 1000;
    for (;;) {
      if (this.#head < this.#items.length) {
        const ok = this.#items[this.#head];
        const v = this.#items[this.#head + 1];
        this.#items[this.#head] = this.#items[this.#head + 1] = undefined;
        this.#head += 2;
        if (this.#head > 4096 && this.#head * 2 > this.#items.length) {
          this.#items = this.#items.slice(this.#head);
          this.#head = 0;
        }
        if (ok) return v;
        if (this.#chunked) this.#stopped = true;
        throw v;
      }
      if (this.#length !== null && this.#nextIndex === this.#length) {
        throw new StopIteration();
      }
      const left = deadline === null
        ? null
        : Math.max(0, (deadline - performance.now()) / 1000);
      if (left === 0 || !(await this.#waiters.park(left))) {
        if (this.#head < this.#items.length) continue;
        throw new TimeoutError();
      }
    }
  }

  /** Python's `__next__`: `for await` reads every result in turn. */
  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return {
      next: async (): Promise<IteratorResult<unknown>> => {
        try {
          return { done: false, value: await this.next() };
        } catch (e) {
          if (e instanceof StopIteration) {
            return { done: true, value: undefined };
          }
          throw e;
        }
      },
    };
  }
}

showAsPython(IMapIterator);

/**
 * Python's `multiprocessing.pool.IMapUnorderedIterator`: what
 * `imap_unordered()` returns; results come in order of completion.
 *
 * @example
 * ```ts
 * import { ThreadPool } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const pool = new ThreadPool(2);
 * const out: number[] = [];
 * for await (const x of pool.imap_unordered((x: number) => x * 2, [1, 2, 3])) {
 *   out.push(x as number);
 * }
 * assert.deepEqual(out.sort(), [2, 4, 6]);
 * pool.close();
 * await pool.join();
 * ```
 */
export class IMapUnorderedIterator extends IMapIterator {
  /** Results are given in order of completion. */
  protected override get unordered(): boolean {
    return true;
  }
}

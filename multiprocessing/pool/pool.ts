// Python's multiprocessing.pool.Pool: the public API (apply, map, imap ...
// close, terminate, join) over a queue of tasks. How tasks run is an
// Engine's business: worker processes here, threads in ThreadPool (which
// subclasses Pool, as in CPython).

import { ValueError } from "../../builtins/exceptions.ts";
import { ProcessError } from "../errors.ts";
import { bind, index } from "../../_shared/args.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { showAsPython } from "../../_shared/pyrepr.ts";
import {
  ApplyResult,
  IMapIterator,
  IMapUnorderedIterator,
  MapResult,
  type ResultSink,
} from "./results.ts";
import {
  CALL,
  contexts,
  type Engine,
  engineMaker,
  type Feed,
  type Fn,
  MAP,
  type PoolState,
  RAISE,
  STARMAP,
  type Task,
} from "./_tasks.ts";
import { ProcessEngine } from "./_process_engine.ts";
import { callerModule, locate, type TargetRef } from "../_target.ts";
import { cpu_count } from "../cpu_count.ts";
import type { BaseContext } from "../context.ts";
import type { ProcessOptions } from "../process.ts";

/** What takes tasks one by one: a job's input. */
interface Source {
  /** The next task, or null once the input is used up. */
  next(): Task | null;
  /** How many tasks it gives, when known. */
  size?: number;
  /**
   * For an input of unknown length: how many tasks are left when that is
   * at most `limit` (it reads ahead to know), else null.
   */
  left?(limit: number): number | null;
}

/** A queued source and how many of its tasks are still to come. */
interface Queued {
  source: Source;
  /** Tasks still to come, or null when its length is unknown. */
  rest: number | null;
  /** The job its tasks report to. */
  sink: ResultSink;
}

/** The keyword arguments of `apply`/`apply_async`. */
export interface ApplyOptions {
  /** Python's `args`: the positional arguments. */
  args?: unknown[];
  /** Python's `kwds`: keyword arguments, passed as one trailing object. */
  kwds?: Record<string, unknown> | null;
  /** Called in the parent with the result (apply_async only). */
  callback?: ((result: never) => unknown) | null;
  /** Called in the parent with the exception (apply_async only). */
  error_callback?: ((error: never) => unknown) | null;
}

/** The keyword arguments of `map`, `starmap` and their `_async` forms. */
export interface MapOptions {
  /** Items per task; CPython's formula when null. */
  chunksize?: number | null;
  /** Called in the parent with the list of results (`_async` only). */
  callback?: ((result: never) => unknown) | null;
  /** Called in the parent with the exception (`_async` only). */
  error_callback?: ((error: never) => unknown) | null;
}

/** The keyword arguments of `imap` and `imap_unordered`. */
export interface IMapOptions {
  /** Items per task (default 1). */
  chunksize?: number;
}

function checkCallable(v: unknown): ((x: unknown) => unknown) | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "function") {
    throw new TypeError(`'${pyTypeName(v)}' object is not callable`);
  }
  return v as (x: unknown) => unknown;
}

function checkFunc(v: unknown): Fn {
  if (typeof v !== "function") {
    throw new TypeError(`'${pyTypeName(v)}' object is not callable`);
  }
  return v as Fn;
}

function toArray(iterable: unknown): unknown[] {
  if (Array.isArray(iterable)) return iterable;
  if (
    iterable === null || iterable === undefined ||
    typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`'${pyTypeName(iterable)}' object is not iterable`);
  }
  return Array.from(iterable as Iterable<unknown>);
}

function iteratorOf(iterable: unknown): Iterator<unknown> {
  if (
    iterable === null || iterable === undefined ||
    typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(`'${pyTypeName(iterable)}' object is not iterable`);
  }
  return (iterable as Iterable<unknown>)[Symbol.iterator]();
}

/** A FIFO of sources with an O(1) take. */
class Queue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;
  get length(): number {
    return this.#items.length - this.#head;
  }
  push(v: T): void {
    this.#items.push(v);
  }
  peek(): T | undefined {
    return this.#items[this.#head];
  }
  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const v = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return v;
  }
  unshiftAll(vs: T[]): void {
    this.#items = [...vs, ...this.#items.slice(this.#head)];
    this.#head = 0;
  }
  *[Symbol.iterator](): Generator<T> {
    for (let i = this.#head; i < this.#items.length; i++) yield this.#items[i]!;
  }
}

/**
 * An input of unknown length (imap's iterator) read through a buffer: the
 * pool reads a little ahead, as CPython's task thread does, to learn when
 * the end is near and share the last tasks out evenly.
 */
class ReadAhead implements Source {
  #read: () => Task | null;
  #buf: Task[] = [];
  #head = 0;
  #ended = false;

  constructor(read: () => Task | null) {
    this.#read = read;
  }

  next(): Task | null {
    if (this.#head < this.#buf.length) {
      const t = this.#buf[this.#head]!;
      this.#buf[this.#head++] = undefined as unknown as Task;
      if (this.#head === this.#buf.length) {
        this.#buf = [];
        this.#head = 0;
      } else if (this.#head >= 1024 && this.#head * 2 >= this.#buf.length) {
        // The buffer is refilled as it drains: keep only what is left.
        this.#buf = this.#buf.slice(this.#head);
        this.#head = 0;
      }
      return t;
    }
    if (this.#ended) return null;
    const t = this.#read();
    if (t === null) this.#ended = true;
    return t;
  }

  left(limit: number): number | null {
    while (!this.#ended && this.#buf.length - this.#head <= limit) {
      const t = this.#read();
      if (t === null) this.#ended = true;
      else this.#buf.push(t);
    }
    return this.#ended ? this.#buf.length - this.#head : null;
  }
}

/**
 * The tasks of an array: chunks of `cs` items (MAP, STARMAP), or one call
 * per item (CALL, with `cs` 1).
 */
function chunkSource(
  fn: Fn,
  kind: number,
  items: readonly unknown[],
  cs: number,
  sink: ResultSink,
): Source {
  const chunks = Math.ceil(items.length / cs);
  let i = 0;
  return {
    size: chunks,
    next: () => {
      if (i >= chunks) return null;
      const t: Task = {
        fn,
        kind,
        payload: kind === CALL ? [items[i]] : items.slice(i * cs, (i + 1) * cs),
        kwds: null,
        sink,
        index: i,
      };
      i++;
      return t;
    },
  };
}

/** What an input gives at its end. */
const DONE = Symbol("done");

/** The keyword arguments of `Pool` and `ThreadPool`. */
export interface PoolOptions {
  /** How many workers; `os.cpu_count()` by default. */
  processes?: number | null;
  /** Called once in each new worker with `initargs`. */
  initializer?: ((...args: never[]) => unknown) | null;
  /** The initializer's arguments. */
  initargs?: unknown[];
  /** Tasks a worker runs before a new one replaces it; null: no limit. */
  maxtasksperchild?: number | null;
  /** The context (start method) the workers are made with. */
  context?: BaseContext | null;
}

const POOL_PARAMS = [
  "processes",
  "initializer",
  "initargs",
  "maxtasksperchild",
  "context",
];

// deno-lint-ignore ban-types
const idsByFn = new WeakMap<Function, number>();
const refsById: TargetRef[] = [];

/** The id under which workers know `fn` (see prepare()). */
function idOf(fn: unknown): number {
  // deno-lint-ignore ban-types
  return idsByFn.get(fn as Function)!;
}

function refOf(id: number): TargetRef {
  return refsById[id]!;
}

/** Checks that `fn` can cross to a worker process and gives it an id. */
function prepare(fn: Fn): void {
  if (idsByFn.has(fn)) return;
  const ref = locate(fn, callerModule(), "target");
  idsByFn.set(fn, refsById.length);
  refsById.push(ref);
}

/** Pool's engine: worker processes made by the context's start method. */
function processEngine(
  feed: Feed,
  size: number,
  initializer: Fn | null,
  initargs: unknown[],
  maxtasks: number | null,
  context: BaseContext | null,
): Engine {
  const ctx = (context ?? contexts.default!()) as BaseContext;
  const method = ctx.get_start_method();
  const P = ctx.Process;
  return new ProcessEngine(
    feed,
    size,
    {
      makeProcess: (o) => new P(o as ProcessOptions),
      initializer: initializer === null
        ? null
        : locate(initializer, callerModule(), "target"),
      initargs,
      maxtasks,
      sharesMemory: method === "worker",
    },
    idOf,
    refOf,
    prepare,
  );
}

/**
 * Python's `multiprocessing.pool.Pool`: a pool of worker processes that
 * run tasks for the parent. `new Pool(4)`; `multiprocessing.Pool(4)` and
 * `ctx.Pool(4)` make one too. Task functions cross to the workers as
 * Process targets do (docs/porting.md §7): exported top-level functions of
 * their module, or self-contained ones. Blocking calls (`apply`, `map`,
 * `join`, a result's `get`) are awaited; leaving a `using` block
 * terminates the pool, as leaving Python's `with` does.
 *
 * @example
 * ```ts ignore
 * import { Pool } from "@pyport/std/multiprocessing/pool";
 *
 * export function square(x: number): number {
 *   return x * x;
 * }
 *
 * if (import.meta.main) {
 *   await using pool = new Pool(2);
 *   console.log(await pool.map(square, [1, 2, 3])); // [1, 4, 9]
 * }
 * ```
 */
export class Pool {
  #state: PoolState = "RUN";
  #sources = new Queue<Queued>();
  /** Tasks still to come from sources of known length. */
  #known = 0;
  /** The queued sources of unknown length. */
  #unknown: Queued[] = [];
  #retry = new Queue<Task>();
  #jobs = new Set<ResultSink>();
  #engine: Engine | null = null;

  /**
   * Python's `Pool(processes=None, initializer=None, initargs=(),
   * maxtasksperchild=None, context=None)`: starts the workers.
   *
   * @param processes How many workers (or the keyword arguments).
   * @param initializer Called once in each new worker with `initargs`.
   * @param initargs The initializer's arguments.
   * @param maxtasksperchild Tasks per worker before it is replaced.
   * @param context The context whose start method makes the workers.
   * @throws {ValueError} processes < 1, or a bad maxtasksperchild.
   * @throws {TypeError} The initializer is not callable.
   */
  constructor(
    processes?: number | null | PoolOptions,
    initializer?: ((...args: never[]) => unknown) | null | PoolOptions,
    initargs?: unknown[] | PoolOptions,
    maxtasksperchild?: number | null | PoolOptions,
    context?: BaseContext | null | PoolOptions,
  ) {
    const [p, init, iargs, mt, ctx] = bind(new.target.name, POOL_PARAMS, [
      processes,
      initializer,
      initargs,
      maxtasksperchild,
      context,
    ]);
    let n: number;
    if (p === null || p === undefined) n = cpu_count();
    else {
      n = index(p);
      if (n < 1) {
        throw new ValueError("Number of processes must be at least 1");
      }
    }
    if (init !== null && init !== undefined && typeof init !== "function") {
      throw new TypeError("initializer must be a callable");
    }
    let maxtasks: number | null = null;
    if (mt !== null && mt !== undefined) {
      if (typeof mt !== "number" || !Number.isInteger(mt) || mt <= 0) {
        throw new ValueError("maxtasksperchild must be a positive int or None");
      }
      maxtasks = mt;
    }
    const args = iargs === undefined || iargs === null ? [] : toArray(iargs);
    const make = engineMaker.next ?? processEngine;
    engineMaker.next = null;
    this.#engine = make(
      this.#feed,
      n,
      (init ?? null) as Fn | null,
      args,
      maxtasks,
      (ctx ?? null) as BaseContext | null,
    );
  }

  /** What the engine sees of the pool. */
  #feed: Feed = (() => {
    // deno-lint-ignore no-this-alias
    const pool = this;
    return {
      take: () => pool.#take(),
      hasTasks: () => pool.#hasTasks(),
      waiting: (limit: number) => pool.#waiting(limit),
      requeue: (tasks: Task[]) => pool.#requeue(tasks),
      failWaiting: (e: Error) => pool.#failWaiting(e),
      idle: () => pool.#jobs.size === 0,
      get state(): PoolState {
        return pool.#state;
      },
    };
  })();

  /**
   * Python's `repr()`: `<multiprocessing.pool.Pool state=RUN pool_size=4>`
   * (`ThreadPool` for a thread pool).
   *
   * @returns The description.
   */
  toString(): string {
    const name = (this.constructor as { name: string }).name;
    return `<multiprocessing.pool.${name} state=${this.#state} ` +
      `pool_size=${this.#engine?.size ?? 0}>`;
  }

  // ------------------------------------------------------------ the feed

  #take(): Task | null {
    const r = this.#retry.shift();
    if (r !== undefined) return r;
    const sources = this.#sources;
    for (let q = sources.peek(); q !== undefined; q = sources.peek()) {
      // The source may run user code (imap's iterator), which may even
      // terminate the pool.
      const t = q.rest === 0 ? null : q.source.next();
      if (sources !== this.#sources) return null;
      if (t !== null) {
        if (q.rest !== null) {
          q.rest--;
          this.#known--;
          // A source known to be used up goes at once.
          if (q.rest === 0) this.#drop();
        }
        return t;
      }
      this.#drop();
    }
    return null;
  }

  /** Removes the first queued source. */
  #drop(): void {
    const q = this.#sources.shift()!;
    if (q.rest === null) {
      const i = this.#unknown.indexOf(q);
      if (i >= 0) this.#unknown.splice(i, 1);
    } else this.#known -= q.rest;
  }

  /**
   * How many tasks wait; Infinity when an input of unknown length has more
   * than about `limit` left (it is read that far ahead to know).
   */
  #waiting(limit: number): number {
    const sources = this.#sources;
    while (this.#unknown.length > 0) {
      const q = this.#unknown[0]!;
      const n = q.source.left?.(limit) ?? null;
      if (sources !== this.#sources) return 0;
      if (n === null) return Infinity;
      // Its end is in sight: from now on its length is known.
      q.rest = n;
      this.#unknown.shift();
      this.#known += n;
    }
    return this.#retry.length + this.#known;
  }

  #hasTasks(): boolean {
    if (this.#retry.length > 0) return true;
    // Sources known to be used up do not count.
    for (
      let q = this.#sources.peek();
      q?.rest === 0;
      q = this.#sources.peek()
    ) {
      this.#drop();
    }
    return this.#sources.length > 0;
  }

  /**
   * Fails every job with tasks still waiting (no worker can run them): each
   * once, with `e`; their waiting tasks are dropped.
   */
  #failWaiting(e: Error): void {
    const sinks = new Set<ResultSink>();
    for (
      let t = this.#retry.shift();
      t !== undefined;
      t = this.#retry.shift()
    ) {
      sinks.add(t.sink);
    }
    for (const q of this.#sources) sinks.add(q.sink);
    this.#sources = new Queue<Queued>();
    this.#known = 0;
    this.#unknown = [];
    for (const s of sinks) s.abort(e);
  }

  #requeue(tasks: Task[]): void {
    if (tasks.length > 0) this.#retry.unshiftAll(tasks);
  }

  #checkRunning(): void {
    if (this.#state !== "RUN") throw new ValueError("Pool not running");
  }

  #jobDone = (r: ResultSink): void => {
    this.#jobs.delete(r);
    if (this.#jobs.size === 0 && this.#state !== "RUN") this.#engine!.settle();
  };

  #submit(source: Source, sink: ResultSink): void {
    const rest = source.size ?? null;
    const q: Queued = { source, rest, sink };
    if (rest === null) this.#unknown.push(q);
    else this.#known += rest;
    this.#sources.push(q);
    this.#engine!.wake();
  }

  /** Sets up a job: its function crosses, or the job fails at once. */
  #start(fn: Fn, sink: ResultSink): boolean {
    try {
      this.#engine!.prepare(fn);
      return true;
    } catch (e) {
      sink.abort(e as Error);
      return false;
    }
  }

  // ------------------------------------------------------------ the API

  /**
   * Python's `apply(func, args=(), kwds={})`: calls `func` in a worker and
   * waits for its result.
   *
   * @param func The function (it must cross as a Process target does).
   * @param args Its positional arguments (or keyword arguments).
   * @param kwds Keyword arguments for `func`, as one trailing object.
   * @returns What `func` returned.
   */
  async apply(
    func: (...args: never[]) => unknown,
    args?: unknown[] | ApplyOptions,
    kwds?: Record<string, unknown> | null | ApplyOptions,
  ): Promise<unknown> {
    const [a, k] = bind("apply", ["args", "kwds"], [args, kwds]);
    return await this.apply_async(func, a as unknown[] | undefined, {
      kwds: k as Record<string, unknown> | null,
    }).get();
  }

  /**
   * Python's `apply_async(func, args=(), kwds={}, callback=None,
   * error_callback=None)`: calls `func` in a worker.
   *
   * @param func The function.
   * @param args Its positional arguments (or keyword arguments).
   * @param kwds Keyword arguments for `func` (or this call's keywords).
   * @param callback Called in the parent with the result.
   * @param error_callback Called in the parent with the exception.
   * @returns An ApplyResult.
   * @throws {ValueError} "Pool not running" after close() or terminate().
   */
  apply_async(
    func: (...args: never[]) => unknown,
    args?: unknown[] | ApplyOptions,
    kwds?: Record<string, unknown> | null | ApplyOptions,
    callback?: ((result: never) => unknown) | null | ApplyOptions,
    error_callback?: ((error: never) => unknown) | null | ApplyOptions,
  ): ApplyResult {
    const [a, k, cb, ecb] = bind(
      "apply_async",
      ["args", "kwds", "callback", "error_callback"],
      [args, kwds, callback, error_callback],
    );
    this.#checkRunning();
    const fn = checkFunc(func);
    const r = new ApplyResult(
      checkCallable(cb),
      checkCallable(ecb),
      this.#jobDone,
    );
    const argv = a === undefined || a === null ? [] : toArray(a);
    this.#jobs.add(r);
    if (!this.#start(fn, r)) return r;
    let given = false;
    this.#submit({
      size: 1,
      next: () => {
        if (given) return null;
        given = true;
        return {
          fn,
          kind: CALL,
          payload: argv,
          kwds: (k ?? null) as Record<string, unknown> | null,
          sink: r,
          index: 0,
        };
      },
    }, r);
    return r;
  }

  #mapAsync(
    name: string,
    func: unknown,
    iterable: unknown,
    chunksize: unknown,
    cb: unknown,
    ecb: unknown,
    kind: number,
  ): MapResult {
    this.#checkRunning();
    const fn = checkFunc(func);
    const callback = checkCallable(cb);
    const errorCallback = checkCallable(ecb);
    const items = toArray(iterable);
    let cs: number;
    if (chunksize === null || chunksize === undefined) {
      const n = this.#engine!.size * 4;
      cs = Math.floor(items.length / n);
      if (items.length % n !== 0) cs++;
    } else {
      cs = index(chunksize);
      if (cs < 1) {
        throw new ValueError(`Chunksize must be 1+, not ${cs}`);
      }
    }
    if (items.length === 0) cs = 0;
    const chunks = cs === 0 ? 0 : Math.ceil(items.length / cs);
    const r = new MapResult(
      items.length,
      cs,
      chunks,
      callback,
      errorCallback,
      this.#jobDone,
    );
    void name;
    if (chunks === 0) return r;
    this.#jobs.add(r);
    if (!this.#start(fn, r)) return r;
    this.#submit(chunkSource(fn, kind, items, cs, r), r);
    return r;
  }

  /**
   * Python's `map(func, iterable, chunksize=None)`: `func` applied to each
   * item, in workers, in chunks; waits for the list of results.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task; by default CPython's choice.
   * @returns The results, in the items' order.
   */
  async map(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | MapOptions,
  ): Promise<unknown[]> {
    const [cs] = bind("map", ["chunksize"], [chunksize]);
    return await this.#mapAsync("map", func, iterable, cs, null, null, MAP)
      .get() as unknown[];
  }

  /**
   * Python's `map_async(func, iterable, chunksize=None, callback=None,
   * error_callback=None)`.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task.
   * @param callback Called with the list of results.
   * @param error_callback Called with the first exception.
   * @returns A MapResult.
   */
  map_async(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | MapOptions,
    callback?: ((result: never) => unknown) | null | MapOptions,
    error_callback?: ((error: never) => unknown) | null | MapOptions,
  ): MapResult {
    const [cs, cb, ecb] = bind(
      "map_async",
      ["chunksize", "callback", "error_callback"],
      [chunksize, callback, error_callback],
    );
    return this.#mapAsync("map_async", func, iterable, cs, cb, ecb, MAP);
  }

  /**
   * Python's `starmap(func, iterable, chunksize=None)`: like `map`, but
   * each item is an array of arguments: `func(...item)`.
   *
   * @param func The function.
   * @param iterable Arrays of arguments.
   * @param chunksize Items per task.
   * @returns The results, in order.
   */
  async starmap(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown[]>,
    chunksize?: number | null | MapOptions,
  ): Promise<unknown[]> {
    const [cs] = bind("starmap", ["chunksize"], [chunksize]);
    return await this.#mapAsync(
      "starmap",
      func,
      iterable,
      cs,
      null,
      null,
      STARMAP,
    ).get() as unknown[];
  }

  /**
   * Python's `starmap_async(func, iterable, chunksize=None, callback=None,
   * error_callback=None)`.
   *
   * @param func The function.
   * @param iterable Arrays of arguments.
   * @param chunksize Items per task.
   * @param callback Called with the list of results.
   * @param error_callback Called with the first exception.
   * @returns A MapResult.
   */
  starmap_async(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown[]>,
    chunksize?: number | null | MapOptions,
    callback?: ((result: never) => unknown) | null | MapOptions,
    error_callback?: ((error: never) => unknown) | null | MapOptions,
  ): MapResult {
    const [cs, cb, ecb] = bind(
      "starmap_async",
      ["chunksize", "callback", "error_callback"],
      [chunksize, callback, error_callback],
    );
    return this.#mapAsync(
      "starmap_async",
      func,
      iterable,
      cs,
      cb,
      ecb,
      STARMAP,
    );
  }

  #imap(
    name: string,
    func: unknown,
    iterable: unknown,
    chunksize: unknown,
    r: IMapIterator,
  ): IMapIterator {
    const cs = chunksize === undefined || chunksize === null
      ? 1
      : index(chunksize);
    if (cs < 1) throw new ValueError(`Chunksize must be 1+, not ${cs}`);
    this.#checkRunning();
    const fn = checkFunc(func);
    if (Array.isArray(iterable)) {
      // An array's length is known: its tasks are counted from the start.
      const items = iterable as unknown[];
      const chunks = Math.ceil(items.length / cs);
      r.setLength(chunks);
      if (chunks === 0) return r;
      this.#jobs.add(r);
      if (!this.#start(fn, r)) return r;
      this.#submit(chunkSource(fn, cs === 1 ? CALL : MAP, items, cs, r), r);
      return r;
    }
    const it = iteratorOf(iterable);
    void name;
    this.#jobs.add(r);
    if (!this.#start(fn, r)) return r;
    let i = 0;
    let done = false;
    let raised: { error: unknown } | null = null;
    /** The input's next item, or DONE at its end or when it raised. */
    const item = (): unknown => {
      let n: IteratorResult<unknown>;
      try {
        n = it.next();
      } catch (e) {
        done = true;
        raised = { error: e };
        return DONE;
      }
      if (n.done) {
        done = true;
        return DONE;
      }
      return n.value;
    };
    this.#submit(
      new ReadAhead(() => {
        if (done) return null;
        const chunk: unknown[] = [];
        while (chunk.length < cs) {
          const v = item();
          if (v === DONE) break;
          chunk.push(v);
        }
        if (raised !== null) {
          // As CPython: the exception is the next task, which raises it,
          // and the input ends there (a chunk being gathered is dropped).
          const t: Task = {
            fn,
            kind: RAISE,
            payload: (raised as { error: unknown }).error,
            kwds: null,
            sink: r,
            index: i++,
          };
          raised = null;
          r.setLength(i);
          return t;
        }
        if (chunk.length === 0) {
          r.setLength(i);
          return null;
        }
        const t: Task = {
          fn,
          kind: cs === 1 ? CALL : MAP,
          payload: chunk,
          kwds: null,
          sink: r,
          index: i++,
        };
        if (done) r.setLength(i);
        return t;
      }),
      r,
    );
    return r;
  }

  /**
   * Python's `imap(func, iterable, chunksize=1)`: a lazier `map`; the
   * iterator gives results in order as they come.
   *
   * @param func The function.
   * @param iterable The items (read as workers need them).
   * @param chunksize Items per task (1 by default).
   * @returns An IMapIterator.
   * @throws {ValueError} chunksize < 1.
   */
  imap(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | IMapOptions,
  ): IMapIterator {
    const [cs] = bind("imap", ["chunksize"], [chunksize]);
    return this.#imap(
      "imap",
      func,
      iterable,
      cs,
      new IMapIterator(
        cs !== undefined && cs !== null && cs !== 1,
        this.#jobDone,
      ),
    );
  }

  /**
   * Python's `imap_unordered(func, iterable, chunksize=1)`: as `imap`, but
   * results come in the order they finish.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task (1 by default).
   * @returns An IMapUnorderedIterator.
   * @throws {ValueError} chunksize < 1.
   */
  imap_unordered(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | IMapOptions,
  ): IMapUnorderedIterator {
    const [cs] = bind("imap_unordered", ["chunksize"], [chunksize]);
    return this.#imap(
      "imap_unordered",
      func,
      iterable,
      cs,
      new IMapUnorderedIterator(
        cs !== undefined && cs !== null && cs !== 1,
        this.#jobDone,
      ),
    ) as IMapUnorderedIterator;
  }

  /**
   * Python's `close()`: no more tasks may be submitted; workers end once
   * the submitted ones are done.
   */
  close(): void {
    if (this.#state === "RUN") {
      this.#state = "CLOSE";
      this.#engine!.settle();
    }
  }

  /**
   * Python's `terminate()`: stops the workers at once, without finishing
   * the outstanding work. Results still waiting fail (where CPython's
   * would wait forever).
   */
  terminate(): Promise<void> {
    this.#state = "TERMINATE";
    const jobs = [...this.#jobs];
    this.#jobs.clear();
    this.#sources = new Queue<Queued>();
    this.#known = 0;
    this.#unknown = [];
    this.#retry = new Queue<Task>();
    const p = this.#engine!.terminate();
    for (const r of jobs) {
      r.abort(
        new ProcessError(
          "the pool was terminated before this task finished",
        ),
      );
    }
    return p;
  }

  /**
   * Python's `join()`: waits for the workers to end; close() or
   * terminate() first.
   *
   * @throws {ValueError} "Pool is still running".
   */
  async join(): Promise<void> {
    if (this.#state === "RUN") throw new ValueError("Pool is still running");
    await this.#engine!.join();
  }

  /** `using pool = new Pool()`: leaving the block terminates, as in Python. */
  [Symbol.dispose](): void {
    void this.terminate();
  }

  /** `await using pool = ...`: leaving the block terminates and waits. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.terminate();
  }
}

showAsPython(Pool);

// Python's multiprocessing.Queue.

import { addressOf, showAsPython } from "../_shared/pyrepr.ts";
import type {
  GetOptions,
  PutOptions,
  QueueOptions,
} from "../_shared/queue_options.ts";
import {
  AssertionError,
  OverflowError,
  ValueError,
} from "../builtins/exceptions.ts";
import { Empty } from "../queue/empty.ts";
import { Full } from "../queue/full.ts";
import { bind, index } from "../_shared/args.ts";
import { hold, unhold } from "../_shared/thread_context.ts";
import { Thread } from "../threading/thread.ts";
import { callable } from "./_callable.ts";
import { atExit, cancelAtExit } from "./_exit_hooks.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";
import {
  type Channel,
  NOTHING,
  Ring,
  RingChannel,
  type RingHolds,
} from "./_ring.ts";
import { SEM_VALUE_MAX, SEMAPHORE, SemLock } from "./_semlock.ts";
import { dumps, keep, loads } from "./_serialize.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { blockTimeout } from "./_sync_base.ts";

/** The bytes of a queue's pipe. */
const QUEUE_CAPACITY = 1 << 18;

export type {
  GetOptions,
  PutOptions,
  QueueOptions,
} from "../_shared/queue_options.ts";

/**
 * A `multiprocessing.Queue()` object: a FIFO queue shared by processes.
 * Items cross by structured clone (Python's pickling).
 */
export interface Queue {
  /**
   * Python's `put(obj, block=True, timeout=None)`: adds an item. As in
   * Python, it waits only for room in a bounded queue: the item goes to
   * the pipe at once when it can, else to a buffer that a background
   * feeder thread (a daemon `QueueFeederThread`) drains. Items of one
   * process arrive in the order they were put, awaited or not.
   *
   * @param obj The item. It is copied now (Python pickles it later, in the feeder).
   * @param block Wait for room (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit; negative: 0), or the keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @throws {Full} No room came in time (`queue.Full`).
   * @throws {ValueError} The queue is closed.
   * @throws {TypeError} A function or a symbol in `obj` ("cannot pickle").
   * @throws {RuntimeError} A Lock, Queue, Connection ... in `obj`: they
   * only cross as Process arguments.
   */
  put(
    obj: unknown,
    block?: boolean | PutOptions,
    timeout?: number | null | PutOptions,
    kwargs?: PutOptions,
  ): Promise<void>;

  /**
   * Python's `get(block=True, timeout=None)`: removes and returns an item,
   * waiting for one.
   *
   * @param block Wait for an item (default true), or the keyword object.
   * @param timeout Seconds to wait at most (`null`: no limit; negative: 0), or the keyword object.
   * @param kwargs `{ block, timeout }` after positional arguments.
   * @returns The item.
   * @throws {Empty} No item came in time (`queue.Empty`).
   * @throws {ValueError} The queue is closed.
   */
  get(
    block?: boolean | GetOptions,
    timeout?: number | null | GetOptions,
    kwargs?: GetOptions,
  ): Promise<unknown>;

  /**
   * Python's `put_nowait(obj)`: `put(obj, false)`, synchronously.
   *
   * @param obj The item.
   * @throws {Full} The queue is full.
   * @throws {ValueError} The queue is closed.
   */
  put_nowait(obj: unknown): void;

  /**
   * Python's `get_nowait()`: `get(false)`, synchronously. An item larger
   * than the pipe's buffer (256 KiB), which is never in it whole, is
   * taken by `get(false)` only.
   *
   * @returns The item.
   * @throws {Empty} No item is waiting.
   * @throws {ValueError} The queue is closed.
   */
  get_nowait(): unknown;

  /**
   * Python's `qsize()`: the approximate number of items (put and not yet
   * got, including items still in a feeder's buffer).
   *
   * @returns The number.
   */
  qsize(): number;

  /**
   * Python's `empty()`: whether no item is in the pipe now (approximate,
   * as in Python).
   *
   * @returns Whether it is empty.
   */
  empty(): boolean;

  /**
   * Python's `full()`: whether a bounded queue has no room now.
   *
   * @returns Whether it is full.
   */
  full(): boolean;

  /**
   * Python's `close()`: this process puts no more items; the feeder
   * thread ends once it has flushed its buffer. `get` and `put` then raise
   * ValueError in this process.
   */
  close(): void;

  /**
   * Python's `join_thread()`: after `close()`, waits until the feeder has
   * flushed its buffer to the pipe. As in CPython it does not wait in the
   * process that made the queue (whose readers are its children), nor
   * after `cancel_join_thread()`.
   *
   * @throws {AssertionError} The queue is not closed.
   */
  join_thread(): Promise<void>;

  /**
   * Python's `cancel_join_thread()`: this process will not wait, when it
   * exits, for the feeder to flush what it buffered (which may then be
   * lost).
   */
  cancel_join_thread(): void;

  /**
   * Python's `repr()`: `<multiprocessing.queues.Queue object at 0x...>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Queue}: used with `new`, or called as in Python. */
export interface QueueConstructor {
  /**
   * Makes a queue.
   *
   * @param maxsize The most items it holds (0 or less, the default: no limit), or `{ maxsize }`.
   * @returns The queue.
   * @throws {TypeError} `maxsize` is not an integer.
   * @throws {OverflowError} `maxsize` is above 2**31 - 1.
   */
  new (maxsize?: number | QueueOptions): Queue;
  /**
   * Makes a queue: `multiprocessing.Queue(maxsize)` as in Python.
   *
   * @param maxsize The most items it holds (0 or less: no limit), or `{ maxsize }`.
   * @returns The queue.
   */
  (maxsize?: number | QueueOptions): Queue;
  /** The prototype of every Queue, for `instanceof`. */
  readonly prototype: Queue;
}

/** The state a Queue crosses with. */
interface QueueState {
  __queue_state__: true;
  maxsize: number;
  sem: Int32Array;
  holds: RingHolds;
}

const RESOLVED: Promise<void> = Promise.resolve();
const SPENT = new Uint8Array(0);

/**
 * Python's feeder thread: a daemon thread that writes buffered items to
 * the pipe in order, waiting for room. Its waits never keep the process
 * alive; a child that exits waits for it through its exit work.
 */
class Feeder {
  readonly #ch: Channel;
  #buf: Uint8Array[] = [];
  #head = 0;
  #wake: (() => void) | null = null;
  #closed = false;
  readonly #flushed: (() => void)[] = [];
  /** Resolves when the thread has ended. */
  readonly done: Promise<void>;

  constructor(ch: Channel) {
    this.#ch = ch;
    let end!: () => void;
    this.done = new Promise<void>((r) => {
      end = r;
    });
    const t = new Thread({
      target: async () => {
        try {
          await this.#run();
        } finally {
          end();
        }
      },
      name: "QueueFeederThread",
      daemon: true,
    });
    t.start();
  }

  /** Whether nothing is buffered. */
  get idle(): boolean {
    return this.#head === this.#buf.length;
  }

  push(msg: Uint8Array): void {
    this.#buf.push(msg);
    this.#poke();
  }

  #poke(): void {
    const w = this.#wake;
    if (w !== null) {
      this.#wake = null;
      w();
    }
  }

  /** The thread ends once the buffer is flushed. */
  close(): void {
    this.#closed = true;
    this.#poke();
  }

  /** Resolves when nothing is buffered. */
  flushed(): Promise<void> {
    if (this.idle) return RESOLVED;
    return new Promise((r) => this.#flushed.push(r));
  }

  async #run(): Promise<void> {
    const ch = this.#ch;
    for (;;) {
      if (this.#head === this.#buf.length) {
        this.#buf = [];
        this.#head = 0;
        for (const f of this.#flushed.splice(0)) f();
        if (this.#closed) return;
        await new Promise<void>((r) => {
          this.#wake = r;
        });
        continue;
      }
      const msg = this.#buf[this.#head]!;
      try {
        if (!ch.trySend(msg)) await ch.send(msg);
      } catch (e) {
        // Python's _on_queue_feeder_error: print and go on.
        console.error("Exception in QueueFeederThread:", e);
      }
      this.#buf[this.#head++] = SPENT;
    }
  }
}

/** Reads Python's `Queue(maxsize=0)` argument: the semaphore's size. */
function queueSize(fn: string, maxsize: unknown): number {
  const [m] = bind(fn, ["maxsize"], [maxsize]);
  let v = m === undefined ? 0 : m;
  if (typeof v === "boolean") v = Number(v);
  if (typeof v !== "number") {
    throw new TypeError(
      `'<=' not supported between instances of '${pyTypeName(v)}' and 'int'`,
    );
  }
  if (v <= 0) return SEM_VALUE_MAX;
  const size = index(v);
  if (size > SEM_VALUE_MAX) {
    throw new OverflowError("Python int too large to convert to C int");
  }
  return size;
}

class QueueImpl implements Queue {
  readonly #maxsize: number;
  readonly #sem: SemLock;
  readonly #ring: Ring;
  readonly #ch: Channel;
  /** Whether this process made the queue (Python's `_opid == getpid()`). */
  readonly #creator: boolean;
  #closed = false;
  #joinCancelled = false;
  #feeder: Feeder | null = null;
  #exitHook: (() => Promise<void>) | null = null;

  constructor(maxsize?: number | QueueOptions, state?: QueueState) {
    if (
      state !== undefined && state !== null && typeof state === "object" &&
      state.__queue_state__ === true
    ) {
      this.#maxsize = state.maxsize;
      this.#sem = new SemLock(SEMAPHORE, 0, state.maxsize, state.sem);
      this.#ring = new Ring(state.holds.rings[0]!);
      this.#creator = false;
    } else {
      const size = queueSize(new.target.name, maxsize);
      this.#maxsize = size;
      this.#sem = new SemLock(SEMAPHORE, size, size);
      this.#ring = Ring.create(QUEUE_CAPACITY);
      this.#creator = true;
    }
    this.#ch = new RingChannel(this.#ring);
  }

  #closedError(): ValueError {
    return new ValueError(`Queue ${this} is closed`);
  }

  /** Sends `msg` (a scratch view) now if nothing is buffered, else buffers it. */
  #enqueue(msg: Uint8Array): void {
    const f = this.#feeder;
    if ((f === null || f.idle) && this.#ch.trySend(msg)) return;
    this.#startFeeder().push(keep(msg));
  }

  #startFeeder(): Feeder {
    if (this.#feeder !== null) return this.#feeder;
    const f = new Feeder(this.#ch);
    this.#feeder = f;
    if (!this.#creator && !this.#joinCancelled) {
      // Python's _finalize_join: a process that did not make the queue
      // waits, when it exits, for its buffered items to reach the pipe.
      this.#exitHook = async () => {
        f.close();
        // The feeder's waits do not keep the process alive; this does.
        hold();
        try {
          await f.done;
        } finally {
          unhold();
        }
      };
      atExit(this.#exitHook);
    }
    return f;
  }

  async #putLater(msg: Uint8Array, timeout: number | null): Promise<void> {
    if (!await this.#sem.acquire(timeout)) throw new Full();
    this.#enqueue(msg);
  }

  put(
    obj: unknown,
    block?: boolean | PutOptions,
    timeout?: number | null | PutOptions,
    kwargs?: PutOptions,
  ): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closedError());
    let t: number | null = null;
    let msg: Uint8Array;
    try {
      if (
        block !== undefined || timeout !== undefined || kwargs !== undefined
      ) {
        t = blockTimeout("put", block, timeout, kwargs);
      }
      msg = dumps(obj);
      if (this.#sem.tryAcquire()) {
        this.#enqueue(msg);
        return RESOLVED;
      }
    } catch (e) {
      return Promise.reject(e);
    }
    if (t === 0) return Promise.reject(new Full());
    return this.#putLater(keep(msg), t);
  }

  put_nowait(obj: unknown): void {
    if (this.#closed) throw this.#closedError();
    const msg = dumps(obj);
    if (!this.#sem.tryAcquire()) throw new Full();
    this.#enqueue(msg);
  }

  async #getLater(timeout: number | null): Promise<unknown> {
    const msg = await this.#ch.recv(timeout);
    if (msg === null) throw new Empty();
    this.#sem.release();
    return loads(msg as Uint8Array);
  }

  /** Takes a whole message now, or returns NOTHING. */
  #tryGet(): unknown {
    let v: unknown;
    try {
      v = this.#ch.tryRecvWith(loads);
    } catch (e) {
      this.#sem.release();
      throw e;
    }
    if (v !== NOTHING) this.#sem.release();
    return v;
  }

  get(
    block?: boolean | GetOptions,
    timeout?: number | null | GetOptions,
    kwargs?: GetOptions,
  ): Promise<unknown> {
    if (this.#closed) return Promise.reject(this.#closedError());
    let t: number | null = null;
    try {
      if (
        block !== undefined || timeout !== undefined || kwargs !== undefined
      ) {
        t = blockTimeout("get", block, timeout, kwargs);
      }
      const v = this.#tryGet();
      if (v !== NOTHING) return Promise.resolve(v);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#getLater(t);
  }

  get_nowait(): unknown {
    if (this.#closed) throw this.#closedError();
    const v = this.#tryGet();
    if (v === NOTHING) throw new Empty();
    return v;
  }

  qsize(): number {
    return this.#maxsize - this.#sem.getValue();
  }

  empty(): boolean {
    return !this.#ch.pending();
  }

  full(): boolean {
    return this.#sem.isZero();
  }

  close(): void {
    this.#closed = true;
    this.#feeder?.close();
  }

  join_thread(): Promise<void> {
    if (!this.#closed) {
      return Promise.reject(new AssertionError(`Queue ${this} not closed`));
    }
    if (this.#creator || this.#joinCancelled || this.#feeder === null) {
      return RESOLVED;
    }
    return this.#feeder.done;
  }

  cancel_join_thread(): void {
    this.#joinCancelled = true;
    if (this.#exitHook !== null) {
      cancelAtExit(this.#exitHook);
      this.#exitHook = null;
    }
  }

  toString(): string {
    return `<multiprocessing.queues.${this.constructor.name} object at ${
      addressOf(this)
    }>`;
  }

  /** Crossing to a child: the pipe and the semaphore are shared. */
  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, `multiprocessing ${this.constructor.name}`);
    const state: QueueState = {
      __queue_state__: true,
      maxsize: this.#maxsize,
      sem: this.#sem.cells,
      holds: { rings: [this.#ring.buffer] },
    };
    return reduced("Queue", state);
  }
}

showAsPython(QueueImpl);

/**
 * Python's `multiprocessing.Queue(maxsize=0)`: a FIFO queue for several
 * producer and consumer processes, in shared memory. It crosses to child
 * processes (the 'worker' start method) as a Process argument. `put` and
 * `get` return promises; `put_nowait`/`get_nowait` are synchronous and
 * raise `queue.Full`/`queue.Empty`. Use it with `new`, or call it as
 * Python does.
 *
 * As in Python, a child that put items waits, when it exits, until they
 * are all in the pipe (unless it called `cancel_join_thread()`); so join
 * a producer child only after getting its items, or the queue may be full
 * with nobody reading.
 *
 * @example
 * ```ts
 * import { Queue } from "@pyport/std/multiprocessing";
 * import { Empty } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new Queue(); // or Queue()
 * await q.put([42, null, "hello"]);
 * assert.deepEqual(await q.get(), [42, null, "hello"]);
 * assert.equal(q.empty(), true);
 * await assert.rejects(q.get({ timeout: 0.01 }), Empty);
 * q.put_nowait(1);
 * assert.equal(q.qsize(), 1);
 * assert.equal(q.get_nowait(), 1);
 * q.close();
 * await q.join_thread();
 * ```
 */
export const Queue: QueueConstructor = callable(QueueImpl, "Queue");

registerKind(
  "Queue",
  import.meta.url,
  (s) => new QueueImpl(undefined, s as QueueState),
);

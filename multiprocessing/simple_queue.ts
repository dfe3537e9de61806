// Python's multiprocessing.SimpleQueue.

import { addressOf, showAsPython } from "../_shared/pyrepr.ts";
import { OSError } from "../builtins/os_error.ts";
import { hold, unhold } from "../_shared/thread_context.ts";
import { callable } from "./_callable.ts";
import { atExit } from "./_exit_hooks.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";
import { NOTHING, Ring, RingChannel, type RingHolds } from "./_ring.ts";
import { dumps, keep, loads } from "./_serialize.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";

/** The bytes of a simple queue's pipe. */
const CAPACITY = 1 << 16;

/**
 * A `multiprocessing.SimpleQueue()` object: a plain FIFO pipe shared by
 * processes, without a feeder thread, size limit or timeouts.
 */
export interface SimpleQueue {
  /**
   * Python's `put(item)`: writes the item to the pipe, waiting while the
   * pipe is full. Items of one process arrive in the order they were put,
   * awaited or not.
   *
   * @param item The item; it crosses by structured clone.
   * @throws {OSError} "handle is closed" after `close()`.
   * @throws {TypeError} A function or a symbol in `item` ("cannot pickle").
   * @throws {RuntimeError} A Lock, Queue, Connection ... in `item`.
   */
  put(item: unknown): Promise<void>;

  /**
   * Python's `get()`: removes and returns an item, waiting for one.
   *
   * @returns The item.
   * @throws {OSError} "handle is closed" after `close()`.
   */
  get(): Promise<unknown>;

  /**
   * Python's `empty()`.
   *
   * @returns Whether no item is waiting.
   * @throws {OSError} "handle is closed" after `close()`.
   */
  empty(): boolean;

  /** Python's `close()`: this process no longer uses the queue. */
  close(): void;

  /**
   * Python's `repr()`: `<multiprocessing.queues.SimpleQueue object at 0x...>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode SimpleQueue}: used with `new`, or called as in Python. */
export interface SimpleQueueConstructor {
  /**
   * Makes a simple queue.
   *
   * @returns The queue.
   */
  new (): SimpleQueue;
  /**
   * Makes a simple queue: `multiprocessing.SimpleQueue()` as in Python.
   *
   * @returns The queue.
   */
  (): SimpleQueue;
  /** The prototype of every SimpleQueue, for `instanceof`. */
  readonly prototype: SimpleQueue;
}

interface SimpleQueueState {
  holds: RingHolds;
}

const RESOLVED: Promise<void> = Promise.resolve();
let rebuilding: SimpleQueueState | null = null;

class SimpleQueueImpl implements SimpleQueue {
  readonly #ring: Ring;
  readonly #ch: RingChannel;
  #closed = false;
  #tail: Promise<void> | null = null;
  #hooked = false;

  constructor() {
    const r = rebuilding;
    rebuilding = null;
    this.#ring = r === null
      ? Ring.create(CAPACITY)
      : new Ring(r.holds.rings[0]!);
    this.#ch = new RingChannel(this.#ring);
  }

  put(item: unknown): Promise<void> {
    if (this.#closed) return Promise.reject(new OSError("handle is closed"));
    let msg: Uint8Array;
    try {
      msg = dumps(item);
      if (this.#tail === null && this.#ch.trySend(msg)) return RESOLVED;
    } catch (e) {
      return Promise.reject(e);
    }
    const copy = keep(msg);
    const prev = this.#tail;
    const p = (async () => {
      if (prev !== null) await prev;
      await this.#ch.send(copy);
    })();
    const tail = p.then(() => {}, () => {});
    this.#tail = tail;
    tail.then(() => {
      if (this.#tail === tail) this.#tail = null;
    });
    if (!this.#hooked) {
      // A process that ends with puts still waiting for room finishes
      // them first, as Python's blocking put would have.
      this.#hooked = true;
      atExit(async () => {
        hold();
        try {
          while (this.#tail !== null) await this.#tail;
        } finally {
          unhold();
        }
      });
    }
    return p;
  }

  get(): Promise<unknown> {
    if (this.#closed) return Promise.reject(new OSError("handle is closed"));
    try {
      const v = this.#ch.tryRecvWith(loads);
      if (v !== NOTHING) return Promise.resolve(v);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#ch.recv(null).then((m) => loads(m as Uint8Array));
  }

  empty(): boolean {
    if (this.#closed) throw new OSError("handle is closed");
    return !this.#ch.pending();
  }

  close(): void {
    this.#closed = true;
  }

  toString(): string {
    return `<multiprocessing.queues.SimpleQueue object at ${addressOf(this)}>`;
  }

  /** Crossing to a child: the pipe is shared. */
  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "multiprocessing SimpleQueue");
    const state: SimpleQueueState = {
      holds: { rings: [this.#ring.buffer] },
    };
    return reduced("SimpleQueue", state);
  }
}

showAsPython(SimpleQueueImpl);

/**
 * Python's `multiprocessing.SimpleQueue()`: a FIFO pipe for several
 * processes, simpler than {@linkcode Queue}: `put` writes straight to the
 * pipe (waiting while it is full), and there are no timeouts. It crosses
 * to child processes (the 'worker' start method) as a Process argument.
 * Use it with `new`, or call it as Python does.
 *
 * @example
 * ```ts
 * import { SimpleQueue } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const q = new SimpleQueue(); // or SimpleQueue()
 * assert.equal(q.empty(), true);
 * await q.put({ job: 1 });
 * assert.equal(q.empty(), false);
 * assert.deepEqual(await q.get(), { job: 1 });
 * q.close();
 * assert.throws(() => q.empty(), /handle is closed/);
 * ```
 */
export const SimpleQueue: SimpleQueueConstructor = callable(
  SimpleQueueImpl,
  "SimpleQueue",
);

registerKind("SimpleQueue", import.meta.url, (s) => {
  rebuilding = s as SimpleQueueState;
  return new SimpleQueueImpl();
});

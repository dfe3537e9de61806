// Python's multiprocessing.connection.Connection.

import { addressOf, showAsPython } from "../../_shared/pyrepr.ts";
import { NotImplementedError } from "../../builtins/exceptions.ts";
import { OSError } from "../../builtins/os_error.ts";
import {
  type FdEntry,
  fdTable,
  type Selectable,
} from "../../_shared/fd_table.ts";
import { hold, unhold } from "../../_shared/thread_context.ts";
import { BufferTooShort } from "../errors.ts";
import { atExit } from "../_exit_hooks.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../../_shared/reduce.ts";
import {
  type Channel,
  NOTHING,
  releaseEnds,
  Ring,
  RingChannel,
  type RingHolds,
  TOO_LONG,
} from "../_ring.ts";
import { dumps, keep, loads } from "../_serialize.ts";
import { connectionClasses } from "./_kinds.ts";
import {
  maxLengthArg,
  pollTimeout,
  recvIntoArgs,
  sendBytesArgs,
} from "./_args.ts";

/**
 * Python's `multiprocessing.connection.Connection`: one end of a
 * {@linkcode Pipe}, sending and receiving whole messages: objects (by
 * structured clone, Python's pickling) or bytes. Made by `Pipe()`; it
 * crosses to a child process as a Process argument and is then held by
 * both, like a file descriptor: the other end sees EOF once every holder
 * has closed it. `with conn:` is `using conn = ...` (disposing closes).
 */
export interface Connection {
  /**
   * Python's `send(obj)`: sends an object, which the other end reads with
   * `recv()`. It crosses by structured clone, as Process arguments do.
   * Waits only while the pipe is full. Sends of one process on one
   * connection arrive in the order they were made, awaited or not.
   *
   * @param obj The object.
   * @throws {OSError} "handle is closed", or "connection is read-only".
   * @throws {BrokenPipeError} Every holder of the other end has closed it.
   * @throws {TypeError} A function or a symbol in `obj` ("cannot pickle").
   * @throws {RuntimeError} A Lock, Queue, Connection ... in `obj`: they
   * only cross as Process arguments ("should only be shared between
   * processes through inheritance").
   */
  send(obj: unknown): Promise<void>;

  /**
   * Python's `recv()`: the next object sent with `send()`, waiting for it.
   *
   * @returns The object.
   * @throws {EOFError} Nothing is left and the other end is closed.
   * @throws {OSError} "handle is closed", or "connection is write-only".
   */
  recv(): Promise<unknown>;

  /**
   * Python's `send_bytes(buf, offset=0, size=None)`: sends bytes as one
   * message; `offset` and `size` (in bytes) pick a part of `buf`. As
   * Python's call blocks until the bytes are written, the bytes are read
   * until the returned promise resolves: change `buf` only after that.
   *
   * @param buf The bytes: a Uint8Array, another typed array, a DataView
   * or an ArrayBuffer.
   * @param offset Where to start in `buf` (default 0), or the keyword object.
   * @param size How many bytes (default: to the end), or the keyword object.
   * @param kwargs `{ offset, size }` after positional arguments.
   * @throws {TypeError} `buf` is not bytes-like ("a bytes-like object is
   * required, not 'str'").
   * @throws {ValueError} "offset is negative", "buffer length < offset",
   * "size is negative", "buffer length < offset + size".
   * @throws {OSError} "handle is closed", or "connection is read-only".
   * @throws {BrokenPipeError} Every holder of the other end has closed it.
   */
  send_bytes(
    buf: ArrayBufferView | ArrayBuffer,
    offset?: number | SendBytesOptions,
    size?: number | null | SendBytesOptions,
    kwargs?: SendBytesOptions,
  ): Promise<void>;

  /**
   * Python's `recv_bytes(maxlength=None)`: the next message as bytes.
   *
   * @param maxlength The longest message accepted (default: any), or `{ maxlength }`.
   * @returns The bytes.
   * @throws {EOFError} Nothing is left and the other end is closed.
   * @throws {OSError} "bad message length" when the message is longer
   * than `maxlength` (the message is dropped, and the connection can no
   * longer receive, as in Python).
   * @throws {ValueError} "negative maxlength".
   */
  recv_bytes(maxlength?: number | null | RecvBytesOptions): Promise<Uint8Array>;

  /**
   * Python's `recv_bytes_into(buf, offset=0)`: reads the next message into
   * `buf` from byte `offset` on.
   *
   * @param buf Where to write: a typed array, a DataView or an ArrayBuffer.
   * @param offset The byte to start at (default 0), or `{ offset }`.
   * @returns The message's length in bytes.
   * @throws {BufferTooShort} The message does not fit; `e.args[0]` holds
   * it (it is consumed).
   * @throws {ValueError} "negative offset", "offset too large".
   * @throws {EOFError} Nothing is left and the other end is closed.
   */
  recv_bytes_into(
    buf: ArrayBufferView | ArrayBuffer,
    offset?: number | RecvBytesIntoOptions,
  ): Promise<number>;

  /**
   * Python's `poll(timeout=0)`: whether there is something to read (a
   * message, or EOF), waiting at most `timeout` seconds for it; `null`
   * waits without limit, a negative timeout is 0.
   *
   * @param timeout Seconds (default 0: answer now), or `{ timeout }`.
   * @returns Whether `recv()` would not wait.
   * @throws {OSError} "handle is closed", or "connection is write-only".
   */
  poll(timeout?: number | null | PollOptions): Promise<boolean>;

  /**
   * Python's `close()`: closes this end for this process. The other end
   * sees EOF once every holder of this end has closed it (or ended).
   * Closing twice is harmless.
   */
  close(): void;

  /**
   * Python's `fileno()`: a pyport descriptor number for this end, which
   * `select.select()`, `selectors` and `multiprocessing.connection.wait()`
   * accept.
   *
   * @returns The number.
   * @throws {OSError} "handle is closed".
   */
  fileno(): number;

  /** Python's `closed`: whether `close()` was called. */
  readonly closed: boolean;
  /** Python's `readable`: whether this end receives. */
  readonly readable: boolean;
  /** Python's `writable`: whether this end sends. */
  readonly writable: boolean;

  /** `with conn:`: closes the connection. */
  [Symbol.dispose](): void;

  /**
   * Python's `repr()`: `<multiprocessing.connection.Connection object at 0x...>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Connection}: for `instanceof`; `Pipe()` makes them. */
export interface ConnectionConstructor {
  /** The prototype of every Connection, for `instanceof`. */
  readonly prototype: Connection;
  /** The class name, "Connection". */
  readonly name: string;
  /**
   * `value instanceof Connection`.
   *
   * @param value Anything.
   * @returns Whether `value` is a Connection.
   */
  [Symbol.hasInstance](value: unknown): boolean;
}

/** Keyword arguments of `send_bytes()`, with Python's names. */
export interface SendBytesOptions {
  /** Where to start in the buffer, in bytes. */
  offset?: number;
  /** How many bytes; `null` for all from `offset` on. */
  size?: number | null;
}

/** Keyword arguments of `recv_bytes()`, with Python's names. */
export interface RecvBytesOptions {
  /** The longest message accepted; `null` for any. */
  maxlength?: number | null;
}

/** Keyword arguments of `recv_bytes_into()`, with Python's names. */
export interface RecvBytesIntoOptions {
  /** The byte of the buffer to start writing at. */
  offset?: number;
}

/** Keyword arguments of `poll()`, with Python's names. */
export interface PollOptions {
  /** Seconds to wait; `null` for no limit. */
  timeout?: number | null;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** The state a Connection crosses with. */
interface ConnectionState {
  readable: boolean;
  writable: boolean;
  holds: RingHolds;
}

/** What a live end holds in this process: dropped once, by close or exit. */
interface Held {
  holds: RingHolds;
  entry: FdEntry<Selectable> | null;
  /** Operations in flight; the holds are dropped when they finish. */
  busy: number;
  closing: boolean;
  idle: (() => void)[];
}

/** Every end open in this process, for the exit work. */
const live = new Set<Held>();

function drop(h: Held): void {
  if (h.entry !== null) {
    fdTable.close(h.entry);
    h.entry = null;
  }
  live.delete(h);
  releaseEnds(h.holds);
  for (const f of h.idle.splice(0)) f();
}

// A Connection that is garbage collected without close() is closed, as
// Python's is when its last reference goes.
const collected = new FinalizationRegistry<Held>((h) => {
  if (h.busy === 0) drop(h);
  else h.closing = true;
});

// A process that ends gives up every end it still holds, as the OS closes
// a process's descriptors; sends still in flight finish first.
atExit(async () => {
  for (const h of [...live]) {
    h.closing = true;
    if (h.busy === 0) {
      drop(h);
      continue;
    }
    hold();
    try {
      await new Promise<void>((r) => h.idle.push(r));
    } finally {
      unhold();
    }
  }
});

function closedError(): OSError {
  return new OSError("handle is closed");
}

class ConnectionImpl implements Connection {
  readonly #in: Channel | null;
  readonly #out: Channel | null;
  #readable: boolean;
  readonly #writable: boolean;
  #closed = false;
  readonly #held: Held;
  #sendTail: Promise<void> | null = null;
  #recvTail: Promise<unknown> | null = null;

  constructor(
    inRing: Ring | null,
    outRing: Ring | null,
    readable: boolean,
    writable: boolean,
    holds: RingHolds,
  ) {
    this.#in = inRing === null ? null : new RingChannel(inRing);
    this.#out = outRing === null ? null : new RingChannel(outRing);
    this.#readable = readable;
    this.#writable = writable;
    const inCh = this.#in, outCh = this.#out;
    const resource: Selectable = {
      pollEvents: () =>
        (inCh?.pollEvents(true) ?? 0) | (outCh?.pollEvents(false) ?? 0),
      watch: (events, cb) => {
        const offs: (() => void)[] = [];
        let fired = false;
        const once = () => {
          if (fired) return;
          fired = true;
          for (const off of offs) off();
          cb();
        };
        if (inCh !== null && (events & 0x2043) !== 0) {
          offs.push(inCh.watch(true, once));
        }
        if (outCh !== null && (events & 0x304) !== 0) {
          offs.push(outCh.watch(false, once));
        }
        if (offs.length === 0) {
          // Only POLLERR / POLLHUP asked for: either side may bring them.
          if (inCh !== null) offs.push(inCh.watch(true, once));
          if (outCh !== null) offs.push(outCh.watch(false, once));
        }
        return () => {
          fired = true;
          for (const off of offs) off();
        };
      },
    };
    this.#held = {
      holds,
      entry: fdTable.open(resource),
      busy: 0,
      closing: false,
      idle: [],
    };
    live.add(this.#held);
    collected.register(this, this.#held, this);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get readable(): boolean {
    return this.#readable;
  }

  get writable(): boolean {
    return this.#writable;
  }

  #checkWrite(): OSError | null {
    if (this.#closed) return closedError();
    if (!this.#writable) return new OSError("connection is read-only");
    return null;
  }

  #checkRead(): OSError | null {
    if (this.#closed) return closedError();
    if (!this.#readable) return new OSError("connection is write-only");
    return null;
  }

  /** Runs `op` as an operation in flight (close waits for it). */
  async #busy<T>(op: () => Promise<T>): Promise<T> {
    const h = this.#held;
    h.busy++;
    try {
      return await op();
    } finally {
      if (--h.busy === 0 && h.closing) drop(h);
    }
  }

  /**
   * Sends `msg` in order; a view of dumps()'s scratch buffer is copied if
   * the send must wait.
   */
  #sendMessage(msg: Uint8Array): Promise<void> {
    const out = this.#out!;
    if (this.#sendTail === null) {
      try {
        if (out.trySend(msg)) return RESOLVED;
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const copy = keep(msg);
    const prev = this.#sendTail;
    const p = this.#busy(async () => {
      if (prev !== null) await prev.catch(() => {});
      await out.send(copy);
    });
    const tail = p.then(() => {}, () => {});
    this.#sendTail = tail;
    tail.then(() => {
      if (this.#sendTail === tail) this.#sendTail = null;
    });
    return p;
  }

  /** Receives the next message's bytes, in order with the other receives. */
  #receive<T>(
    now: (b: Uint8Array, s: number, e: number) => T,
    later: (msg: Uint8Array) => T,
    maxlength: number | null = null,
  ): Promise<T> {
    const inCh = this.#in!;
    if (this.#recvTail === null && maxlength === null) {
      try {
        const v = inCh.tryRecvWith(now);
        if (v !== NOTHING) return Promise.resolve(v);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const prev = this.#recvTail;
    const p = this.#busy(async () => {
      if (prev !== null) await prev.catch(() => {});
      const msg = await inCh.recv(null, maxlength);
      if (msg === TOO_LONG) {
        if (this.#writable) this.#readable = false;
        else this.close();
        throw new OSError("bad message length");
      }
      return later(msg!);
    });
    const tail = p.then(() => {}, () => {});
    this.#recvTail = tail;
    tail.then(() => {
      if (this.#recvTail === tail) this.#recvTail = null;
    });
    return p;
  }

  send(obj: unknown): Promise<void> {
    const err = this.#checkWrite();
    if (err !== null) return Promise.reject(err);
    let msg: Uint8Array;
    try {
      msg = dumps(obj);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#sendMessage(msg);
  }

  recv(): Promise<unknown> {
    const err = this.#checkRead();
    if (err !== null) return Promise.reject(err);
    return this.#receive(loads, (m) => loads(m));
  }

  send_bytes(
    buf: ArrayBufferView | ArrayBuffer,
    offset?: number | SendBytesOptions,
    size?: number | null | SendBytesOptions,
    kwargs?: SendBytesOptions,
  ): Promise<void> {
    const err = this.#checkWrite();
    if (err !== null) return Promise.reject(err);
    let msg: Uint8Array;
    try {
      msg = sendBytesArgs(buf, offset, size, kwargs);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#sendMessage(msg);
  }

  recv_bytes(
    maxlength?: number | null | RecvBytesOptions,
  ): Promise<Uint8Array> {
    const err = this.#checkRead();
    if (err !== null) return Promise.reject(err);
    let max: number | null;
    try {
      max = maxLengthArg(maxlength);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#receive((b, s, e) => b.slice(s, e), (m) => m, max);
  }

  recv_bytes_into(
    buf: ArrayBufferView | ArrayBuffer,
    offset?: number | RecvBytesIntoOptions,
  ): Promise<number> {
    const err = this.#checkRead();
    if (err !== null) return Promise.reject(err);
    let dst: Uint8Array;
    let off: number;
    try {
      [dst, off] = recvIntoArgs(buf, offset);
    } catch (e) {
      return Promise.reject(e);
    }
    const into = (src: Uint8Array, s: number, e: number): number => {
      const n = e - s;
      if (off + n > dst.length) throw new BufferTooShort(src.slice(s, e));
      dst.set(src.subarray(s, e), off);
      return n;
    };
    return this.#receive(into, (m) => into(m, 0, m.length));
  }

  poll(timeout?: number | null | PollOptions): Promise<boolean> {
    const err = this.#checkRead();
    if (err !== null) return Promise.reject(err);
    let t: number | null;
    try {
      t = pollTimeout(timeout);
    } catch (e) {
      return Promise.reject(e);
    }
    const inCh = this.#in!;
    if (inCh.readable()) return Promise.resolve(true);
    if (t === 0) return Promise.resolve(false);
    return this.#busy(() => inCh.waitReadable(t));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const h = this.#held;
    collected.unregister(this);
    if (h.entry !== null) {
      fdTable.close(h.entry);
      h.entry = null;
    }
    if (h.busy === 0) drop(h);
    else h.closing = true;
  }

  fileno(): number {
    const e = this.#held.entry;
    if (this.#closed || e === null) throw closedError();
    return e.fd;
  }

  [Symbol.dispose](): void {
    this.close();
  }

  toString(): string {
    return `<multiprocessing.connection.Connection object at ${
      addressOf(this)
    }>`;
  }

  /** Crossing to a child: the child holds the ends too, until it lets go. */
  [REDUCE](ctx: ReduceContext): Reduced {
    if (ctx.method === "spawn") {
      throw new NotImplementedError(
        `${ctx.path}: a multiprocessing Connection lives in shared memory, ` +
          "which a 'spawn' process (another OS process) cannot share; use " +
          "the 'worker' start method (get_context('worker'))",
      );
    }
    if (this.#closed) throw closedError();
    const old = this.#held.holds;
    const token = new Int32Array(new SharedArrayBuffer(4));
    token[0] = 1;
    const holds: RingHolds = { rings: old.rings, ends: old.ends!, token };
    for (const [buf, reader] of holds.ends!) new Ring(buf).addHolder(reader);
    const state: ConnectionState = {
      readable: this.#readable,
      writable: this.#writable,
      holds,
    };
    return reduced("Connection", state);
  }
}

showAsPython(ConnectionImpl);

registerKind("Connection", import.meta.url, (s) => {
  const st = s as ConnectionState;
  let inRing: Ring | null = null, outRing: Ring | null = null;
  for (const [buf, reader] of st.holds.ends!) {
    if (reader) inRing = new Ring(buf);
    else outRing = new Ring(buf);
  }
  return new ConnectionImpl(
    inRing,
    outRing,
    st.readable,
    st.writable,
    st.holds,
  );
});

/**
 * Python's `multiprocessing.connection.Connection`, the class of the ends
 * `Pipe()` returns: use it for `instanceof` and as a type. Connections are
 * made by `Pipe()` only.
 *
 * @example
 * ```ts
 * import { Connection, Pipe } from "@pyport/std/multiprocessing/connection";
 * import { EOFError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * assert.ok(a instanceof Connection);
 * await a.send({ hello: ["world", 1] });
 * assert.deepEqual(await b.recv(), { hello: ["world", 1] });
 * await b.send_bytes(new Uint8Array([1, 2, 3]));
 * assert.deepEqual(await a.recv_bytes(), new Uint8Array([1, 2, 3]));
 * assert.equal(await a.poll(), false);
 * b.close();
 * await assert.rejects(a.recv(), EOFError);
 * a.close();
 * ```
 */
export const Connection: ConnectionConstructor = Object.defineProperties(
  ConnectionImpl,
  {
    name: { value: "Connection" },
    // A socket connection (Listener, Client) is a Connection too.
    [Symbol.hasInstance]: {
      value: (v: unknown): boolean =>
        Function.prototype[Symbol.hasInstance].call(ConnectionImpl, v) ||
        connectionClasses.some((c) =>
          Function.prototype[Symbol.hasInstance].call(c, v)
        ),
    },
  },
);

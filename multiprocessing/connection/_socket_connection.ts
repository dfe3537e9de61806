// A Connection over a stream socket, as CPython's: each message is a 4-byte
// big-endian signed length (or -1 and an 8-byte length, for messages over
// 2 GiB), then its bytes; send()/recv() carry pickles (protocol 4, as
// CPython 3.13's). What Listener.accept() and Client() return.

import { addressOf, showAsPython } from "../../_shared/pyrepr.ts";
import { EOFError } from "../../builtins/exceptions.ts";
import { OSError } from "../../builtins/os_error.ts";
import { BufferTooShort } from "../errors.ts";
import { dumps, loads } from "../../pickle/functions.ts";
import { MSG_WAITALL } from "../../socket/constants.ts";
import type { socket } from "../../socket/socket.ts";
import type {
  Connection,
  PollOptions,
  RecvBytesIntoOptions,
  RecvBytesOptions,
  SendBytesOptions,
} from "./connection.ts";
import {
  maxLengthArg,
  pollTimeout,
  recvIntoArgs,
  sendBytesArgs,
} from "./_args.ts";
import { connectionClasses } from "./_kinds.ts";
import { wait } from "./wait.ts";

/** Messages longer than this are received a piece at a time. */
const CHUNK = 16 * 1024 * 1024;

/** Larger payloads go in their own send, after the header (as CPython). */
const SMALL = 16384;

function closedError(): OSError {
  return new OSError("handle is closed");
}

/** One end of a connection over a socket. */
export class SocketConnection implements Connection {
  #sock: socket;
  #closed = false;
  #readable = true;
  #sendTail: Promise<void> = Promise.resolve();
  #recvTail: Promise<unknown> = Promise.resolve();

  constructor(sock: socket) {
    this.#sock = sock;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get readable(): boolean {
    return this.#readable;
  }

  get writable(): boolean {
    return true;
  }

  #check(): OSError | null {
    return this.#closed ? closedError() : null;
  }

  #checkRead(): OSError | null {
    if (this.#closed) return closedError();
    return this.#readable ? null : new OSError("connection is write-only");
  }

  /** Runs `op` after the sends before it. */
  #queueSend(op: () => Promise<void>): Promise<void> {
    const p = this.#sendTail.then(op);
    this.#sendTail = p.catch(() => {});
    return p;
  }

  /** Runs `op` after the receives before it. */
  #queueRecv<T>(op: () => Promise<T>): Promise<T> {
    const p = this.#recvTail.then(op);
    this.#recvTail = p.catch(() => {});
    return p;
  }

  #sendMessage(msg: Uint8Array): Promise<void> {
    const n = msg.length;
    return this.#queueSend(async () => {
      if (this.#closed) throw closedError();
      if (n > 0x7fffffff) {
        const h = new Uint8Array(12);
        const v = new DataView(h.buffer);
        v.setInt32(0, -1);
        v.setBigUint64(4, BigInt(n));
        await this.#sock.sendall(h);
        await this.#sock.sendall(msg);
        return;
      }
      if (n > SMALL) {
        const h = new Uint8Array(4);
        new DataView(h.buffer).setInt32(0, n);
        await this.#sock.sendall(h);
        await this.#sock.sendall(msg);
        return;
      }
      const frame = new Uint8Array(4 + n);
      new DataView(frame.buffer).setInt32(0, n);
      frame.set(msg, 4);
      await this.#sock.sendall(frame);
    });
  }

  /**
   * Exactly `n` bytes. As CPython's: EOFError when the peer closed before
   * the first of them, OSError when it closed part way.
   */
  async #exact(n: number): Promise<Uint8Array> {
    if (n <= CHUNK) {
      const b = await this.#sock.recv(n, MSG_WAITALL);
      if (b.length === n) return b;
      if (b.length === 0) throw new EOFError();
      throw new OSError("got end of file during message");
    }
    // A length from the peer is not trusted with memory: what is kept
    // grows with what arrives, a piece at a time.
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n) {
      const b = await this.#sock.recv(Math.min(CHUNK, n - got), MSG_WAITALL);
      if (b.length === 0) {
        if (got === 0) throw new EOFError();
        throw new OSError("got end of file during message");
      }
      parts.push(b);
      got += b.length;
    }
    let out: Uint8Array;
    try {
      out = new Uint8Array(n);
    } catch {
      throw new OSError("message too large to receive");
    }
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** The next message's length (EOFError at the end), then its bytes. */
  async #receive(
    max: number | null,
    use: (size: number) => Promise<unknown> | unknown,
  ): Promise<unknown> {
    if (this.#closed) throw closedError();
    const h = await this.#exact(4);
    let size = new DataView(h.buffer, h.byteOffset, 4).getInt32(0);
    if (size === -1) {
      const h8 = await this.#exact(8);
      const big = new DataView(h8.buffer, h8.byteOffset, 8).getBigUint64(0);
      size = big > BigInt(Number.MAX_SAFE_INTEGER)
        ? Number.MAX_SAFE_INTEGER
        : Number(big);
    }
    // CPython reads a negative length (other than -1) as an empty message.
    if (size < 0) size = 0;
    if (max !== null && size > max) {
      // As CPython: the stream cannot be trusted for reading any more; the
      // connection can still send.
      this.#readable = false;
      throw new OSError("bad message length");
    }
    return await use(size);
  }

  #payload = async (size: number): Promise<Uint8Array> =>
    size === 0 ? new Uint8Array(0) : await this.#exact(size);

  send(obj: unknown): Promise<void> {
    const err = this.#check();
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
    return this.#queueRecv(() =>
      this.#receive(null, async (n) => loads(await this.#payload(n)))
    );
  }

  send_bytes(
    buf: ArrayBufferView | ArrayBuffer,
    offset?: number | SendBytesOptions,
    size?: number | null | SendBytesOptions,
    kwargs?: SendBytesOptions,
  ): Promise<void> {
    const err = this.#check();
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
    return this.#queueRecv(() => this.#receive(max, this.#payload)) as Promise<
      Uint8Array
    >;
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
    return this.#queueRecv(() =>
      this.#receive(null, async (n) => {
        const m = await this.#payload(n);
        if (off + n > dst.length) throw new BufferTooShort(m);
        dst.set(m, off);
        return n;
      })
    ) as Promise<number>;
  }

  async poll(timeout?: number | null | PollOptions): Promise<boolean> {
    const err = this.#checkRead();
    if (err !== null) throw err;
    const t = pollTimeout(timeout);
    return (await wait([this], t)).length > 0;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sock.close();
  }

  fileno(): number {
    if (this.#closed) throw closedError();
    return this.#sock.fileno();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  toString(): string {
    return `<multiprocessing.connection.Connection object at ${
      addressOf(this)
    }>`;
  }
}

showAsPython(SocketConnection);

connectionClasses.push(SocketConnection);

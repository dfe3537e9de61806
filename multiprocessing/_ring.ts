// A one-way channel of messages in shared memory: the transport under
// Connection and the queues. A fixed-capacity byte ring in a
// SharedArrayBuffer, framed as [u32 length][bytes]; a message that fits
// is published whole by one store, a larger one streams through in
// pieces. Writers wait for room and readers for data with waitCell
// (Atomics.waitAsync), so no event loop stops and nothing polls.
//
// Layout (Int32 cells, three 64-byte lines, then the data):
//   line 0, written by readers: READ (bytes consumed, a wrapping u32),
//     WSEQ (bumped to wake writers), WWAIT (writers and watchers waiting
//     for room), RLOCK (0, the holder's pid, or -pid mid-message),
//     RLOCK_WAIT;
//   line 1, written by writers: WRITE (bytes produced), RSEQ, RWAIT,
//     WLOCK, WLOCK_WAIT;
//   line 2: READERS and WRITERS, how many holders each end has (the
//     other side sees EOF / a broken pipe when they reach 0).
// A waiter counts itself in xWAIT, reads xSEQ, re-checks, then waits for
// xSEQ to change; a side that makes progress bumps xSEQ and notifies only
// when xWAIT is non-zero, so the common case costs no notify.
//
// The locks make one message atomic among several writers (a Queue's
// producers, or tasks sharing a Connection) and several readers. They are
// Int32 cells holding the owner's pid, so a parent can free the locks of
// a child that was killed while it waited (releaseDeadHolder).

import { EOFError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { EPIPE } from "../errno/constants.ts";
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDNORM,
  POLLWRNORM,
} from "../_shared/constants.ts";
import { Deadline, notifyCell, waitCell } from "./_atomics.ts";
import { self } from "./_identity.ts";

const READ = 0, WSEQ = 1, WWAIT = 2, RLOCK = 3;
const WRITE = 16, RSEQ = 17, RWAIT = 18, WLOCK = 19;
const READERS = 32, WRITERS = 33;
const CELLS = 48;
const HEADER = CELLS * 4;

/** Which lock: the readers' or the writers'. */
export type LockSide = typeof RLOCK | typeof WLOCK;
/** The readers' lock. */
export const READ_LOCK: LockSide = RLOCK;
/** The writers' lock. */
export const WRITE_LOCK: LockSide = WLOCK;

/** Returned by `tryReadWith` when no whole message is waiting. */
export const NOTHING: unique symbol = Symbol("nothing");

/** Python's error for a write with no reader left. */
function brokenPipe(): OSError {
  return new OSError(EPIPE, "Broken pipe");
}

/**
 * A byte ring in shared memory. Reading and writing need the matching
 * lock (`tryLock`/`lock`); the ring itself checks only holder counts.
 */
export class Ring {
  /** The shared memory: header cells then data. */
  readonly buffer: SharedArrayBuffer;
  readonly #c: Int32Array;
  readonly #data: Uint8Array;
  readonly #cap: number;
  readonly #mask: number;

  /** Wraps the shared memory of an existing ring. */
  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.#c = new Int32Array(buffer, 0, CELLS);
    this.#data = new Uint8Array(buffer, HEADER);
    this.#cap = this.#data.length;
    this.#mask = this.#cap - 1;
  }

  /**
   * A new ring of `capacity` bytes (a power of two), with `readers` and
   * `writers` holders.
   */
  static create(capacity: number, readers = 1, writers = 1): Ring {
    const ring = new Ring(new SharedArrayBuffer(HEADER + capacity));
    ring.#c[READERS] = readers;
    ring.#c[WRITERS] = writers;
    return ring;
  }

  /** The capacity in bytes. */
  get capacity(): number {
    return this.#cap;
  }

  // ------------------------------------------------------------ state

  /** Bytes waiting to be read. */
  available(): number {
    const c = this.#c;
    return (Atomics.load(c, WRITE) - Atomics.load(c, READ)) >>> 0;
  }

  /**
   * Whether a read would not wait: `need` bytes are waiting, or no writer
   * is left (EOF). The writers are read first: whatever they wrote before
   * going is then visible.
   */
  readable(need = 1): boolean {
    const c = this.#c;
    const writers = Atomics.load(c, WRITERS);
    return ((Atomics.load(c, WRITE) - Atomics.load(c, READ)) >>> 0) >= need ||
      writers <= 0;
  }

  /** Whether the ring is empty and every writer has gone. */
  atEOF(): boolean {
    const c = this.#c;
    const writers = Atomics.load(c, WRITERS);
    return writers <= 0 && Atomics.load(c, WRITE) === Atomics.load(c, READ);
  }

  /** Whether `need` bytes fit now, or no reader is left (a write fails). */
  writable(need: number): boolean {
    const c = this.#c;
    return Atomics.load(c, READERS) <= 0 ||
      this.#cap - ((Atomics.load(c, WRITE) - Atomics.load(c, READ)) >>> 0) >=
        need;
  }

  /** Whether every reader has gone. */
  broken(): boolean {
    return Atomics.load(this.#c, READERS) <= 0;
  }

  // ------------------------------------------------------------ holders

  /** One more holder of the read end (`reader`) or the write end. */
  addHolder(reader: boolean): void {
    Atomics.add(this.#c, reader ? READERS : WRITERS, 1);
  }

  /**
   * One holder fewer; when the last one goes the other side is woken (a
   * reader to see EOF, a writer to see the broken pipe).
   */
  dropHolder(reader: boolean): void {
    const c = this.#c;
    if (Atomics.sub(c, reader ? READERS : WRITERS, 1) === 1) {
      const seq = reader ? WSEQ : RSEQ;
      Atomics.add(c, seq, 1);
      notifyCell(c, seq);
    }
  }

  // ------------------------------------------------------------ locks

  /** Takes the lock if it is free now. */
  tryLock(side: LockSide): boolean {
    return Atomics.compareExchange(this.#c, side, 0, self.pid) === 0;
  }

  /**
   * Takes the lock, waiting at most `timeout` seconds (null: no limit).
   * Resolves with whether it was taken.
   */
  async lock(side: LockSide, timeout: number | null): Promise<boolean> {
    const c = this.#c;
    if (this.tryLock(side)) return true;
    if (timeout === 0) return false;
    const deadline = new Deadline(timeout);
    Atomics.add(c, side + 1, 1);
    try {
      for (;;) {
        const v = Atomics.load(c, side);
        if (v === 0 && Atomics.compareExchange(c, side, 0, self.pid) === 0) {
          return true;
        }
        const left = deadline.left();
        if (left === 0) return false;
        await waitCell(c, side, v, left);
      }
    } finally {
      Atomics.sub(c, side + 1, 1);
    }
  }

  /** Frees the lock (held by the caller). */
  unlock(side: LockSide): void {
    const c = this.#c;
    Atomics.store(c, side, 0);
    if (Atomics.load(c, side + 1) > 0) notifyCell(c, side);
  }

  /**
   * Frees the locks `pid` holds, unless it was in the middle of a message
   * (then the ring's contents are lost to everyone anyway, as a pipe's
   * are when a process dies half-way through a write).
   */
  unlockDead(pid: number): void {
    const c = this.#c;
    for (const side of [RLOCK, WLOCK]) {
      if (Atomics.compareExchange(c, side, pid, 0) === pid) {
        notifyCell(c, side);
      }
    }
  }

  // ------------------------------------------------------------ waiting

  /**
   * Waits until `ready()` is true, at most `timeout` seconds (null: no
   * limit), counting itself in `wait` and watching `seq`.
   */
  async #waitFor(
    seq: number,
    wait: number,
    ready: () => boolean,
    timeout: number | null,
  ): Promise<boolean> {
    if (ready()) return true;
    if (timeout === 0) return false;
    const c = this.#c;
    const deadline = new Deadline(timeout);
    Atomics.add(c, wait, 1);
    try {
      for (;;) {
        const s = Atomics.load(c, seq);
        if (ready()) return true;
        const left = deadline.left();
        if (left === 0) return false;
        await waitCell(c, seq, s, left);
      }
    } finally {
      Atomics.sub(c, wait, 1);
    }
  }

  /**
   * Waits for `need` bytes (by default any) or EOF; resolves false if
   * `timeout` passed first.
   */
  waitReadable(timeout: number | null, need = 1): Promise<boolean> {
    return this.#waitFor(RSEQ, RWAIT, () => this.readable(need), timeout);
  }

  /** Waits for `need` bytes of room (or no reader); false on timeout. */
  waitWritable(need: number, timeout: number | null): Promise<boolean> {
    return this.#waitFor(WSEQ, WWAIT, () => this.writable(need), timeout);
  }

  /**
   * Calls `cb` once when the ring may have become readable (`reading`) or
   * writable; returns a function that cancels the call. A cancelled watch
   * wakes its own wait so that nothing stays behind (other waiters on the
   * cell wake too and simply wait again).
   */
  watch(reading: boolean, cb: () => void): () => void {
    const c = this.#c;
    const seq = reading ? RSEQ : WSEQ, wait = reading ? RWAIT : WWAIT;
    const ready = reading
      ? () => this.readable()
      : () => this.writable(Math.min(4096, this.#cap));
    Atomics.add(c, wait, 1);
    const s = Atomics.load(c, seq);
    let live = true;
    if (ready()) {
      Atomics.sub(c, wait, 1);
      queueMicrotask(() => {
        if (live) cb();
      });
      return () => {
        live = false;
      };
    }
    waitCell(c, seq, s, null).then(() => {
      Atomics.sub(c, wait, 1);
      if (live) {
        live = false;
        cb();
      }
    });
    return () => {
      if (!live) return;
      live = false;
      notifyCell(c, seq);
    };
  }

  // ------------------------------------------------------------ bytes

  #copyIn(at: number, src: Uint8Array, from: number, n: number): void {
    const i = at & this.#mask;
    const d = this.#data;
    const first = Math.min(n, this.#cap - i);
    if (n <= 16) {
      for (let k = 0; k < first; k++) d[i + k] = src[from + k]!;
      for (let k = first; k < n; k++) d[k - first] = src[from + k]!;
      return;
    }
    d.set(src.subarray(from, from + first), i);
    if (n > first) d.set(src.subarray(from + first, from + n), 0);
  }

  #copyOut(at: number, dst: Uint8Array, to: number, n: number): void {
    const i = at & this.#mask;
    const d = this.#data;
    const first = Math.min(n, this.#cap - i);
    dst.set(d.subarray(i, i + first), to);
    if (n > first) dst.set(d.subarray(0, n - first), to + first);
  }

  #putU32(at: number, v: number): void {
    const d = this.#data, m = this.#mask;
    d[at & m] = v & 0xff;
    d[(at + 1) & m] = (v >>> 8) & 0xff;
    d[(at + 2) & m] = (v >>> 16) & 0xff;
    d[(at + 3) & m] = v >>> 24;
  }

  #getU32(at: number): number {
    const d = this.#data, m = this.#mask;
    return (d[at & m]! | (d[(at + 1) & m]! << 8) | (d[(at + 2) & m]! << 16) |
      (d[(at + 3) & m]! << 24)) >>> 0;
  }

  #published(w: number): void {
    const c = this.#c;
    Atomics.store(c, WRITE, w);
    if (Atomics.load(c, RWAIT) > 0) {
      Atomics.add(c, RSEQ, 1);
      notifyCell(c, RSEQ);
    }
  }

  #consumed(r: number): void {
    const c = this.#c;
    Atomics.store(c, READ, r);
    if (Atomics.load(c, WWAIT) > 0) {
      Atomics.add(c, WSEQ, 1);
      notifyCell(c, WSEQ);
    }
  }

  // ------------------------------------------------------------ writing

  /**
   * Writes `msg` whole if it fits now (the caller holds the write lock).
   *
   * @throws {BrokenPipeError} No reader is left.
   */
  tryWrite(msg: Uint8Array): boolean {
    const c = this.#c;
    if (Atomics.load(c, READERS) <= 0) throw brokenPipe();
    const n = msg.length;
    const w = Atomics.load(c, WRITE);
    if (this.#cap - ((w - Atomics.load(c, READ)) >>> 0) < n + 4) return false;
    this.#putU32(w, n);
    this.#copyIn(w + 4, msg, 0, n);
    this.#published((w + 4 + n) | 0);
    return true;
  }

  /**
   * Writes `msg`, waiting for room; a message larger than the ring
   * streams through in pieces (the caller holds the write lock).
   *
   * @throws {BrokenPipeError} No reader is left.
   */
  async write(msg: Uint8Array): Promise<void> {
    const n = msg.length;
    if (n + 4 <= this.#cap) {
      while (!this.tryWrite(msg)) await this.waitWritable(n + 4, null);
      return;
    }
    const c = this.#c;
    Atomics.store(c, WLOCK, -self.pid);
    try {
      let sent = 0;
      let header = true;
      for (;;) {
        if (Atomics.load(c, READERS) <= 0) throw brokenPipe();
        const w = Atomics.load(c, WRITE);
        let room = this.#cap - ((w - Atomics.load(c, READ)) >>> 0);
        let at = w;
        if (header) {
          if (room < 4) {
            await this.waitWritable(4, null);
            continue;
          }
          this.#putU32(at, n);
          at += 4;
          room -= 4;
          header = false;
        }
        const k = Math.min(room, n - sent);
        this.#copyIn(at, msg, sent, k);
        sent += k;
        this.#published((at + k) | 0);
        if (sent === n) return;
        // Wait for a good piece of room, not a few bytes at a time.
        await this.waitWritable(Math.min(this.#cap >>> 1, n - sent), null);
      }
    } finally {
      Atomics.store(c, WLOCK, self.pid);
    }
  }

  // ------------------------------------------------------------ reading

  /**
   * The length of the next message when its header is in the ring, else
   * -1 (the caller holds the read lock).
   */
  nextLength(): number {
    const c = this.#c;
    const r = Atomics.load(c, READ);
    if (((Atomics.load(c, WRITE) - r) >>> 0) < 4) return -1;
    return this.#getU32(r);
  }

  /**
   * When a whole message that fits the ring is waiting, consumes it and
   * returns `f(bytes, start, end)` (the bytes are valid during the call
   * only); else NOTHING. The caller holds the read lock.
   */
  tryReadWith<T>(
    f: (bytes: Uint8Array, start: number, end: number) => T,
  ): T | typeof NOTHING {
    const c = this.#c;
    const r = Atomics.load(c, READ);
    const avail = (Atomics.load(c, WRITE) - r) >>> 0;
    if (avail < 4) return NOTHING;
    const n = this.#getU32(r);
    if (n + 4 > this.#cap || avail < n + 4) return NOTHING;
    const i = (r + 4) & this.#mask;
    try {
      if (i + n <= this.#cap) return f(this.#data, i, i + n);
      const copy = new Uint8Array(n);
      this.#copyOut(r + 4, copy, 0, n);
      return f(copy, 0, n);
    } finally {
      this.#consumed((r + 4 + n) | 0);
    }
  }

  /**
   * Reads the next message whole into a new array, waiting for it (the
   * caller holds the read lock).
   *
   * @throws {EOFError} The ring is empty and every writer has gone.
   */
  async read(): Promise<Uint8Array> {
    for (;;) {
      const gone = Atomics.load(this.#c, WRITERS) <= 0;
      const m = this.tryReadWith(copyBytes);
      if (m !== NOTHING) return m;
      const n = this.nextLength();
      if (n >= 0 && n + 4 > this.#cap) return await this.#readStream(n, true);
      if (gone) throw new EOFError();
      await this.waitReadable(null, n < 0 ? 4 : n + 4);
    }
  }

  /** Consumes the next message without keeping it (waits for it). */
  async discard(): Promise<void> {
    for (;;) {
      const gone = Atomics.load(this.#c, WRITERS) <= 0;
      if (this.tryReadWith(() => null) !== NOTHING) return;
      const n = this.nextLength();
      if (n >= 0 && n + 4 > this.#cap) {
        await this.#readStream(n, false);
        return;
      }
      if (gone) throw new EOFError();
      await this.waitReadable(null, n < 0 ? 4 : n + 4);
    }
  }

  /** Reads a message larger than the ring as its pieces arrive. */
  async #readStream(n: number, keep: boolean): Promise<Uint8Array> {
    const c = this.#c;
    const out = new Uint8Array(keep ? n : 0);
    Atomics.store(c, RLOCK, -self.pid);
    try {
      let r = (Atomics.load(c, READ) + 4) | 0;
      this.#consumed(r);
      let got = 0;
      while (got < n) {
        const avail = (Atomics.load(c, WRITE) - r) >>> 0;
        if (avail === 0) {
          if (this.atEOF()) throw new EOFError();
          await this.waitReadable(null);
          continue;
        }
        const k = Math.min(avail, n - got);
        if (keep) this.#copyOut(r, out, got, k);
        got += k;
        r = (r + k) | 0;
        this.#consumed(r);
      }
      return out;
    } finally {
      Atomics.store(c, RLOCK, self.pid);
    }
  }
}

function copyBytes(b: Uint8Array, start: number, end: number): Uint8Array {
  return b.slice(start, end);
}

// ------------------------------------------------------------ dead holders

/** What a reduced object that holds ring ends or locks records. */
export interface RingHolds {
  /** The rings whose locks the receiver may take. */
  rings: SharedArrayBuffer[];
  /**
   * Ends the receiver holds: [ring, reader?] pairs, released once when
   * `token[0]` goes from 1 to 0 (by the holder's close, its exit, or its
   * parent after its death).
   */
  ends?: [SharedArrayBuffer, boolean][];
  token?: Int32Array;
}

/** Drops the holds recorded in `holds` once (see RingHolds.token). */
export function releaseEnds(holds: RingHolds): void {
  const token = holds.token;
  if (token === undefined || holds.ends === undefined) return;
  if (Atomics.compareExchange(token, 0, 1, 0) !== 1) return;
  for (const [buf, reader] of holds.ends) new Ring(buf).dropHolder(reader);
}

function isHolds(v: unknown): v is RingHolds {
  return typeof v === "object" && v !== null &&
    Array.isArray((v as { rings?: unknown }).rings) &&
    (v as { rings: unknown[] }).rings.every((b) =>
      b instanceof SharedArrayBuffer
    );
}

/**
 * What a parent calls when a child died without cleaning up (killed,
 * terminated, or crashed before its exit work ran): given the reduced
 * arguments the child was sent (anything that went through reduceValue:
 * args, kwargs, Process fields), drops the Connection ends the child still
 * held, so the other ends see EOF / a broken pipe, and frees the queue and
 * pipe locks the child held while it waited (`pid`: the child's). Safe to
 * call more than once, and after a child that did clean up.
 */
export function releaseDeadHolder(reducedArgs: unknown, pid: number): void {
  walk(reducedArgs, pid, new Set());
}

function walk(v: unknown, pid: number, seen: Set<object>): void {
  if (typeof v !== "object" || v === null || seen.has(v)) return;
  if (ArrayBuffer.isView(v) || v instanceof SharedArrayBuffer) return;
  seen.add(v);
  const marker = v as { __pyport_mp__?: unknown; state?: unknown };
  if (typeof marker.__pyport_mp__ === "string") {
    const st = marker.state as { holds?: unknown } | null;
    if (st !== null && typeof st === "object" && isHolds(st.holds)) {
      const holds = st.holds;
      for (const buf of holds.rings) new Ring(buf).unlockDead(pid);
      releaseEnds(holds);
    }
  }
  if (v instanceof Map) {
    for (const [k, x] of v) {
      walk(k, pid, seen);
      walk(x, pid, seen);
    }
    return;
  }
  if (v instanceof Set) {
    for (const x of v) walk(x, pid, seen);
    return;
  }
  for (const k of Object.keys(v)) {
    walk((v as Record<string, unknown>)[k], pid, seen);
  }
}

// ------------------------------------------------------------ channels

/** `Channel.recv`'s answer for a message longer than `maxlength`. */
export const TOO_LONG: unique symbol = Symbol("too long");

/**
 * One direction of a Connection or of a queue's pipe, as the public
 * classes use it. `RingChannel` is the shared-memory one; a channel relayed
 * through the parent (for the 'spawn' start method) is to implement the
 * same methods. Several senders, and several receivers, may use one
 * channel at once: each message stays whole.
 */
export interface Channel {
  /** Sends `msg` whole if that needs no wait; false otherwise. */
  trySend(msg: Uint8Array): boolean;
  /** Sends `msg`, waiting for room as long as it takes. */
  send(msg: Uint8Array): Promise<void>;
  /**
   * Consumes the next message and returns `f(bytes, start, end)` when that
   * needs no wait; else NOTHING.
   */
  tryRecvWith<T>(
    f: (bytes: Uint8Array, start: number, end: number) => T,
  ): T | typeof NOTHING;
  /**
   * Receives the next message, waiting at most `timeout` seconds for it to
   * begin (null: no limit): null when none began in time, TOO_LONG (the
   * message is dropped) when it is longer than `maxlength`.
   *
   * @throws {EOFError} Nothing is left and every sender has gone.
   */
  recv(
    timeout: number | null,
    maxlength?: number | null,
  ): Promise<Uint8Array | null | typeof TOO_LONG>;
  /** Whether a receive would not wait (data, or EOF). */
  readable(): boolean;
  /** Whether bytes of a message are waiting. */
  pending(): boolean;
  /** Waits for `readable()`, at most `timeout` seconds; resolves it. */
  waitReadable(timeout: number | null): Promise<boolean>;
  /** poll(2) bits for the receiving side (`reading`) or the sending side. */
  pollEvents(reading: boolean): number;
  /** Selectable.watch for one side. */
  watch(reading: boolean, cb: () => void): () => void;
}

/** A Channel over a Ring, with the ring's locks around each message. */
export class RingChannel implements Channel {
  /** The ring. */
  readonly ring: Ring;

  /** Wraps `ring`. */
  constructor(ring: Ring) {
    this.ring = ring;
  }

  trySend(msg: Uint8Array): boolean {
    const ring = this.ring;
    if (!ring.tryLock(WLOCK)) return false;
    try {
      return ring.tryWrite(msg);
    } finally {
      ring.unlock(WLOCK);
    }
  }

  async send(msg: Uint8Array): Promise<void> {
    const ring = this.ring;
    await ring.lock(WLOCK, null);
    try {
      await ring.write(msg);
    } finally {
      ring.unlock(WLOCK);
    }
  }

  tryRecvWith<T>(
    f: (bytes: Uint8Array, start: number, end: number) => T,
  ): T | typeof NOTHING {
    const ring = this.ring;
    if (!ring.tryLock(RLOCK)) return NOTHING;
    try {
      return ring.tryReadWith(f);
    } finally {
      ring.unlock(RLOCK);
    }
  }

  async recv(
    timeout: number | null,
    maxlength: number | null = null,
  ): Promise<Uint8Array | null | typeof TOO_LONG> {
    const ring = this.ring;
    const deadline = timeout === null ? null : new Deadline(timeout);
    if (!ring.tryLock(RLOCK) && !await ring.lock(RLOCK, timeout)) return null;
    try {
      if (
        !ring.readable(4) &&
        !await ring.waitReadable(deadline?.left() ?? null, 4)
      ) return null;
      if (maxlength !== null) {
        const n = ring.nextLength();
        if (n > maxlength) {
          await ring.discard();
          return TOO_LONG;
        }
      }
      return await ring.read();
    } finally {
      ring.unlock(RLOCK);
    }
  }

  readable(): boolean {
    return this.ring.readable();
  }

  pending(): boolean {
    return this.ring.available() > 0;
  }

  waitReadable(timeout: number | null): Promise<boolean> {
    return this.ring.waitReadable(timeout);
  }

  pollEvents(reading: boolean): number {
    const ring = this.ring;
    if (reading) {
      if (ring.atEOF()) return POLLIN | POLLRDNORM | POLLHUP;
      return ring.available() > 0 ? POLLIN | POLLRDNORM : 0;
    }
    if (ring.broken()) return POLLOUT | POLLWRNORM | POLLERR;
    return ring.writable(Math.min(4096, ring.capacity))
      ? POLLOUT | POLLWRNORM
      : 0;
  }

  watch(reading: boolean, cb: () => void): () => void {
    return this.ring.watch(reading, cb);
  }
}

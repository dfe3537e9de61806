// The Deno adapter: Deno.listen (synchronous bind), Deno.connect and
// Deno.Conn reads into our own buffers, and Deno.listenDatagram when the
// runtime exposes it. What Deno's API lacks (a local address for connect,
// UDP without --unstable-net, IPV6_V6ONLY) goes through the node: modules
// that Deno implements, via the Node adapter.

import { setImmediate } from "node:timers";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { errorFromErrno, type OSError } from "../builtins/os_error.ts";
import { mapError, permissionError } from "./map_error.ts";
import { bindKeepingPath } from "./_unix_path.ts";
import { EBADF, ECANCELED, EPERM } from "../errno/constants.ts";
import { ChunkQueue, EMPTY, Fifo, readNow } from "./_chunks.ts";
import { READY, Waiter } from "./_waiter.ts";
import { bindNodeDatagram, bindTcpHandle, nodeRuntime } from "./node.ts";
import { POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDHUP } from "./types.ts";
import type {
  BindOptions,
  RawAddr,
  RawBoundStream,
  RawDatagram,
  RawDatagramMessage,
  RawFile,
  RawListener,
  RawStream,
  Runtime,
} from "./types.ts";

// The few Deno APIs used, typed here so the file compiles without Deno's
// global types too.
interface DenoAddr {
  transport: string;
  hostname?: string;
  port?: number;
  path?: string;
}
interface DenoConn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  closeWrite(): Promise<void>;
  close(): void;
  readonly localAddr: DenoAddr;
  readonly remoteAddr: DenoAddr;
  setNoDelay?(on?: boolean): void;
  setKeepAlive?(on?: boolean): void;
  ref?(): void;
  unref?(): void;
}
interface DenoListener {
  accept(): Promise<DenoConn>;
  close(): void;
  readonly addr: DenoAddr;
  ref?(): void;
  unref?(): void;
}
interface DenoDatagramConn {
  receive(p?: Uint8Array): Promise<[Uint8Array, DenoAddr]>;
  send(p: Uint8Array, addr: DenoAddr): Promise<number>;
  close(): void;
  readonly addr: DenoAddr;
  setBroadcast?(on: boolean): void;
  ref?(): void;
  unref?(): void;
}
interface DenoApi {
  listen(opts: Record<string, unknown>): DenoListener;
  connect(opts: Record<string, unknown>): Promise<DenoConn>;
  listenDatagram?(opts: Record<string, unknown>): DenoDatagramConn;
  makeTempDirSync(opts: { prefix?: string }): string;
  permissions?: {
    querySync?(desc: { name: string; host?: string }): { state: string };
  };
}

const D = (globalThis as unknown as { Deno: DenoApi }).Deno;

/** Marks a read in flight whose bytes go straight to one read() call. */
const DIRECT: Promise<void> = Promise.resolve();

/**
 * Smallest and largest read a connection issues. An idle connection waits
 * in a read of MIN_READ bytes, so MIN_READ is what it holds (issue 16: a
 * server of many idle clients); a busy one doubles to MAX_READ in a few
 * filled reads.
 */
const MIN_READ = 1024;
const MAX_READ = 256 * 1024;

function fromDeno(a: DenoAddr): RawAddr {
  if (a.transport === "unix" || a.transport === "unixpacket") {
    return { family: 1, path: a.path ?? "" };
  }
  const host = a.hostname ?? "0.0.0.0";
  return { family: host.includes(":") ? 10 : 2, host, port: a.port ?? 0 };
}

class DenoStream implements RawStream {
  #conn: DenoConn;
  #queue = new ChunkQueue();
  /** The read in flight: its promise, DIRECT for one read() owns, or null. */
  #reading: Promise<void> | null = null;
  #readSize = MIN_READ;
  /** Made when someone first waits for a direct read to finish. */
  #readDone: Waiter | null = null;
  #buf: Uint8Array | null = null;
  #eof = false;
  #closed = false;
  #err: OSError | null = null;
  #writes = 0;
  /** Made when someone first waits for the writes to drain. */
  #writable: Waiter | null = null;
  /** shutdownWrite() came while writes were under way: FIN after them. */
  #finPending = false;
  /** close() came while writes were under way: release after them. */
  #releasePending = false;
  // The addresses when they are not the connection's own (a Unix socket's,
  // which Deno reports without a path); else read from the connection when
  // asked for, so that an idle connection holds no copy of them.
  #local: RawAddr | null;
  #remote: RawAddr | null;

  constructor(conn: DenoConn, local: RawAddr | null, remote: RawAddr | null) {
    this.#conn = conn;
    this.#local = local;
    this.#remote = remote;
  }

  get local(): RawAddr {
    return this.#local ?? fromDeno(this.#conn.localAddr);
  }

  get remote(): RawAddr {
    return this.#remote ?? fromDeno(this.#conn.remoteAddr);
  }

  /**
   * The buffer size for the next read: what was asked, within the limits
   * and no larger than this connection has shown it needs. It starts at
   * MIN_READ and doubles each time a read fills its buffer, so an idle
   * connection holds a small buffer and a bulk one soon reads in large ones.
   */
  #sizeFor(hint: number): number {
    return Math.min(
      MAX_READ,
      Math.max(MIN_READ, Math.min(hint, this.#readSize)),
    );
  }

  #filled(n: number, size: number): void {
    if (n === size && this.#readSize < MAX_READ) this.#readSize *= 2;
  }

  #startRead(hint: number): Promise<void> {
    if (this.#reading === DIRECT) {
      return (this.#readDone ??= new Waiter()).wait();
    }
    if (this.#reading !== null) return this.#reading;
    const size = this.#sizeFor(hint);
    let buf = this.#buf;
    if (buf === null || buf.length < size) buf = new Uint8Array(size);
    this.#buf = null;
    const p = this.#conn.read(buf).then(
      (n) => {
        this.#reading = null;
        if (n === null) {
          this.#eof = true;
        } else if (n * 4 < buf.length) {
          this.#filled(n, buf.length);
          // A small read: copy it out and keep the buffer for the next one.
          this.#queue.push(buf.slice(0, n));
          this.#buf = buf;
        } else {
          this.#filled(n, buf.length);
          this.#queue.push(buf.subarray(0, n));
        }
      },
      (err) => {
        this.#reading = null;
        if (!this.#closed) this.#err ??= mapError(err);
        this.#eof = true;
      },
    );
    this.#reading = p;
    return p;
  }

  pollEvents(): number {
    let ev = 0;
    if (!this.#queue.empty || this.#eof || this.#err !== null) ev |= POLLIN;
    else if (!this.#closed) this.#startRead(64 * 1024);
    if (this.#eof) ev |= POLLRDHUP;
    if (this.#err !== null) ev |= POLLERR | POLLHUP;
    if (this.#writes === 0) ev |= POLLOUT;
    return ev;
  }

  read(max: number): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(errorFromErrno(EBADF));
    const now = readNow(this, max);
    if (now !== undefined) return now;
    if (this.#reading !== null) {
      return this.#startRead(max).then(() => this.read(max));
    }
    // Nothing queued and no read in flight: read and hand the bytes
    // straight to this reader, queueing only what exceeds `max`.
    const size = this.#sizeFor(max);
    let buf = this.#buf;
    if (buf === null || buf.length < size) buf = new Uint8Array(size);
    this.#buf = null;
    const p = this.#conn.read(buf).then(
      (n) => {
        this.#reading = null;
        this.#readDone?.wake();
        if (this.#closed) throw errorFromErrno(EBADF);
        if (n === null) {
          this.#eof = true;
          return EMPTY;
        }
        this.#filled(n, buf.length);
        const take = Math.min(n, max);
        let out: Uint8Array;
        if (n * 4 < buf.length) {
          out = buf.slice(0, take);
          if (n > take) this.#queue.push(buf.slice(take, n));
          this.#buf = buf;
        } else {
          out = buf.subarray(0, take);
          if (n > take) this.#queue.push(buf.subarray(take, n));
        }
        return out;
      },
      (err) => {
        this.#reading = null;
        this.#readDone?.wake();
        if (this.#closed) throw errorFromErrno(EBADF);
        this.#eof = true;
        throw mapError(err);
      },
    );
    // Others who wait meanwhile wait for this read to finish.
    this.#reading = DIRECT;
    return p;
  }

  readInto(buf: Uint8Array): Promise<number> | null {
    if (
      !this.#queue.empty || this.#reading !== null || this.#eof ||
      this.#err !== null || this.#closed
    ) {
      return null;
    }
    let got = 0;
    const p = this.#conn.read(buf).then(
      (n) => {
        this.#reading = null;
        if (n === null) this.#eof = true;
        else got = n;
      },
      (err) => {
        this.#reading = null;
        if (!this.#closed) this.#err ??= mapError(err);
        this.#eof = true;
      },
    );
    // Others waiting for readability wait for this read.
    this.#reading = p;
    return p.then(() => {
      if (got === 0 && this.#err !== null) {
        const e = this.#err;
        this.#err = null;
        throw e;
      }
      return got;
    });
  }

  tryRead(max: number): Uint8Array | null | undefined {
    if (!this.#queue.empty) return this.#queue.take(max);
    if (this.#err !== null) {
      const e = this.#err;
      this.#err = null;
      throw e;
    }
    if (this.#eof) return null;
    this.#startRead(max);
    return undefined;
  }

  unread(chunk: Uint8Array): void {
    this.#queue.unshift(chunk);
  }

  waitReadable(): Promise<void> {
    if (!this.#queue.empty || this.#eof || this.#err !== null) return READY;
    return this.#startRead(64 * 1024);
  }

  write(data: Uint8Array): Promise<void> {
    if (this.#err !== null) {
      const e = this.#err;
      this.#err = null;
      return Promise.reject(e);
    }
    this.#writes++;
    return this.#conn.write(data).then(
      (n) => (n < data.length ? this.#writeRest(data, n) : this.#wrote()),
      (err) => this.#writeFailed(err),
    );
  }

  async #writeRest(data: Uint8Array, off: number): Promise<void> {
    try {
      while (off < data.length) {
        off += await this.#conn.write(data.subarray(off));
      }
    } catch (err) {
      this.#writeFailed(err);
    }
    this.#wrote();
  }

  #wrote(): void {
    if (--this.#writes > 0) return;
    this.#writable?.wake();
    // What shutdown() or close() put off until the bytes were out.
    if (this.#releasePending) {
      this.#releasePending = false;
      this.#finPending = false;
      this.#release();
    } else if (this.#finPending) {
      this.#finPending = false;
      this.#conn.closeWrite().catch(() => {});
    }
  }

  #writeFailed(err: unknown): never {
    this.#wrote();
    throw this.#closed ? errorFromErrno(EBADF) : mapError(err);
  }

  writable(): boolean {
    return this.#writes === 0;
  }

  waitWritable(): Promise<void> {
    return this.#writes === 0
      ? READY
      : (this.#writable ??= new Waiter()).wait();
  }

  // Every byte a send() handed over must reach the peer before the FIN, as
  // the kernel guarantees: Deno's closeWrite() and close() act at once and
  // would cut a write still under way (a large non-blocking send is written
  // out in the background), so both wait for the writes to finish.

  shutdownWrite(): void {
    if (this.#writes > 0) {
      this.#finPending = true;
      return;
    }
    this.#conn.closeWrite().catch(() => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#eof = true;
    this.#queue.clear();
    // Like Linux's close(), this returns at once and the bytes still being
    // written go out in the background, then the connection is released
    // (a read still waiting ends then, with EBADF).
    if (this.#writes > 0) this.#releasePending = true;
    else this.#release();
    this.#writable?.wake();
  }

  #release(): void {
    try {
      this.#conn.close();
    } catch { /* already closed by the runtime */ }
  }

  setNoDelay(on: boolean): void {
    this.#conn.setNoDelay?.(on);
  }

  setKeepAlive(on: boolean): void {
    this.#conn.setKeepAlive?.(on);
  }

  setRef(on: boolean): void {
    if (on) this.#conn.ref?.();
    else this.#conn.unref?.();
  }
}

function streamOf(conn: DenoConn): DenoStream {
  return new DenoStream(conn, null, null);
}

class DenoListenerAdapter implements RawListener {
  #listener: DenoListener;
  #pending = new Fifo<RawStream>();
  #accepting: Promise<void> | null = null;
  #err: OSError | null = null;
  #closed = false;
  readonly local: RawAddr;

  constructor(listener: DenoListener, local: RawAddr) {
    this.#listener = listener;
    this.local = local;
  }

  #startAccept(): Promise<void> {
    if (this.#accepting !== null) return this.#accepting;
    const p = this.#listener.accept().then(
      (conn) => {
        this.#accepting = null;
        // Deno reports no path on accepted Unix connections.
        this.#pending.push(
          this.local.family === 1
            ? new DenoStream(conn, this.local, { family: 1, path: "" })
            : streamOf(conn),
        );
      },
      (err) => {
        this.#accepting = null;
        this.#err = this.#closed ? errorFromErrno(EBADF) : mapError(err);
      },
    );
    this.#accepting = p;
    return p;
  }

  pollEvents(): number {
    if (this.#pending.length > 0 || this.#err !== null) return POLLIN;
    if (!this.#closed) this.#startAccept();
    return 0;
  }

  tryAccept(): RawStream | undefined {
    const s = this.#pending.shift();
    if (s !== undefined) return s;
    if (this.#err !== null) {
      const e = this.#err;
      if (!this.#closed) this.#err = null;
      throw e;
    }
    this.#startAccept();
    return undefined;
  }

  waitAcceptable(): Promise<void> {
    if (this.#pending.length > 0 || this.#err !== null) return READY;
    return this.#startAccept();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#listener.close();
    } catch { /* already closed */ }
    for (
      let s = this.#pending.shift();
      s !== undefined;
      s = this.#pending.shift()
    ) s.close();
    this.#err = errorFromErrno(EBADF);
  }

  setRef(on: boolean): void {
    if (on) this.#listener.ref?.();
    else this.#listener.unref?.();
  }
}

class DenoBound implements RawBoundStream {
  #listener: DenoListener | null;
  readonly local: RawAddr;

  constructor(listener: DenoListener, local: RawAddr) {
    this.#listener = listener;
    this.local = local;
  }

  listen(_backlog: number): RawListener {
    const l = this.#listener;
    if (l === null) throw errorFromErrno(EBADF);
    this.#listener = null;
    return new DenoListenerAdapter(l, this.local);
  }

  close(): void {
    try {
      this.#listener?.close();
    } catch { /* already closed */ }
    this.#listener = null;
  }
}

function isWildcard6(host: string): boolean {
  return /^(0{0,4}:){2,7}0{0,4}$/.test(host);
}

function bindStream(addr: RawAddr, opts: BindOptions): RawBoundStream {
  if (
    opts.reusePort && addr.family !== 1 &&
    typeof D.listenDatagram !== "function"
  ) {
    // Deno.listen's reusePort is unstable: without --unstable-net (which
    // brings listenDatagram too) Deno ends the process. Deno's Node TCP
    // handle, what node:net listens with, takes the flag in bindWithFlags
    // (its bind() ignores flags); its connections are node:net sockets.
    return bindTcpHandle(addr, (h, c) => {
      if (typeof h.bindWithFlags !== "function" || !c.UV_TCP_REUSEPORT) {
        throw new NotImplementedError(
          "SO_REUSEPORT is not available on this Deno without --unstable-net",
        );
      }
      return h.bindWithFlags(addr.host, addr.port, c.UV_TCP_REUSEPORT);
    });
  }
  // Deno.listen has no IPV6_V6ONLY and Deno's Node TCP handle ignores it.
  // It only matters on the wildcard address, where IPv4 clients would get in.
  if (addr.family === 10 && opts.v6Only && isWildcard6(addr.host)) {
    throw new NotImplementedError(
      "IPV6_V6ONLY on the IPv6 wildcard address is not available on Deno: " +
        "Deno.listen always accepts IPv4 clients there",
    );
  }
  try {
    if (addr.family === 1) {
      // Deno removes the path when the listener is dropped; Linux leaves
      // it (see _unix_path.ts).
      const l = bindKeepingPath(addr.path, (path) => {
        try {
          return D.listen({ transport: "unix", path });
        } catch (err) {
          throw mapError(err);
        }
      }, (l) => l.close());
      return new DenoBound(l, addr);
    }
    const o: Record<string, unknown> = { hostname: addr.host, port: addr.port };
    if (opts.reusePort) o.reusePort = true;
    const l = D.listen(o);
    return new DenoBound(l, fromDeno(l.addr));
  } catch (err) {
    throw mapError(err);
  }
}

async function connect(
  addr: RawAddr,
  local: RawAddr | null,
  signal: AbortSignal | null,
): Promise<RawStream> {
  if (local !== null) {
    // Deno.connect cannot bind first. What node:net throws at once (not
    // through the promise) is still this call's OSError.
    let pending: Promise<RawStream>;
    try {
      pending = nodeRuntime.connect(addr, local, signal);
    } catch (err) {
      throw mapError(err);
    }
    return pending;
  }
  const opts: Record<string, unknown> = addr.family === 1
    ? { transport: "unix", path: addr.path }
    : { hostname: addr.host, port: addr.port };
  if (signal !== null) opts.signal = signal;
  let conn: DenoConn;
  try {
    conn = await D.connect(opts);
  } catch (err) {
    throw mapError(err);
  }
  if (signal?.aborted) {
    conn.close();
    throw errorFromErrno(ECANCELED); // the caller has already given up
  }
  if (addr.family === 1) {
    return new DenoStream(conn, { family: 1, path: "" }, addr);
  }
  return streamOf(conn);
}

class DenoDatagram implements RawDatagram {
  #conn: DenoDatagramConn;
  #queue = new Fifo<RawDatagramMessage>();
  #receiving: Promise<void> | null = null;
  #closed = false;
  readonly local: RawAddr;

  constructor(conn: DenoDatagramConn) {
    this.#conn = conn;
    this.local = fromDeno(conn.addr);
  }

  #startReceive(): Promise<void> {
    if (this.#receiving !== null) return this.#receiving;
    const p = this.#conn.receive(new Uint8Array(65536)).then(
      ([data, from]) => {
        this.#receiving = null;
        this.#queue.push({ data: data.slice(), from: fromDeno(from) });
      },
      () => {
        this.#receiving = null;
      },
    );
    this.#receiving = p;
    return p;
  }

  unreceive(m: RawDatagramMessage): void {
    this.#queue.unshift(m);
  }

  /** Deno's datagram API cannot connect, so the OS reports no peer errors. */
  takeError(): OSError | null {
    return null;
  }

  pollEvents(): number {
    if (this.#queue.length > 0) return POLLIN | POLLOUT;
    if (!this.#closed) this.#startReceive();
    return POLLOUT;
  }

  tryReceive(): RawDatagramMessage | undefined {
    const m = this.#queue.shift();
    if (m === undefined && !this.#closed) this.#startReceive();
    return m;
  }

  waitReadable(): Promise<void> {
    if (this.#queue.length > 0 || this.#closed) return READY;
    return this.#startReceive();
  }

  async send(data: Uint8Array, to: RawAddr): Promise<number> {
    const addr = to.family === 1
      ? { transport: "unixpacket", path: to.path }
      : { transport: "udp", hostname: to.host, port: to.port };
    try {
      return await this.#conn.send(data, addr);
    } catch (err) {
      throw mapError(err);
    }
  }

  setBroadcast(on: boolean): void {
    this.#conn.setBroadcast?.(on);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
  }

  setRef(on: boolean): void {
    if (on) this.#conn.ref?.();
    else this.#conn.unref?.();
  }
}

function bindDatagram(addr: RawAddr, opts: BindOptions): RawDatagram {
  const listenDatagram = D.listenDatagram;
  if (typeof listenDatagram !== "function" || opts.v6Only || opts.reusePort) {
    if (addr.family === 1) {
      throw new NotImplementedError(
        "AF_UNIX datagram sockets are not available on Deno without --unstable-net: the runtime has no Unix datagram API",
      );
    }
    return bindNodeDatagram(addr, opts, false);
  }
  try {
    const conn = addr.family === 1
      ? listenDatagram.call(D, { transport: "unixpacket", path: addr.path })
      : listenDatagram.call(D, {
        transport: "udp",
        hostname: addr.host,
        port: addr.port,
      });
    return new DenoDatagram(conn);
  } catch (err) {
    throw mapError(err);
  }
}

/**
 * Reads a Deno `FsFile` from `position` (a seek, then a read); anything
 * else, such as a FileHandle from node:fs/promises, as the Node adapter does.
 */
async function readFileAt(
  file: RawFile,
  buf: Uint8Array,
  position: number,
): Promise<number> {
  if (typeof file.seek !== "function") {
    return nodeRuntime.readFileAt(file, buf, position);
  }
  await file.seek(position, 0);
  const n = await file.read(buf);
  return n ?? 0;
}

/**
 * Event-loop turns that include at least one look at the OS. Deno runs its
 * event loop as a task of a current-thread tokio runtime, which polls the OS
 * for readiness when the loop goes idle, and otherwise only once every 61
 * scheduler ticks (tokio's `event_interval`); each turn with an immediate
 * pending is one tick. A read started on a socket whose bytes are already
 * in the kernel therefore completes only after up to 61 busy turns. (Deno
 * 2.9; tests/select/readiness.test.ts fails if a Deno needs more.)
 */
const SETTLE_TURNS = 64;

/** SETTLE_TURNS turns of the event loop, one immediate each (about 0.15 ms). */
function settle(): Promise<void> {
  return new Promise<void>((resolve) => {
    let n = 0;
    const step = () => {
      if (++n >= SETTLE_TURNS) resolve();
      else setImmediate(step);
    };
    setImmediate(step);
  });
}

/**
 * Deno's node:dns reports a missing --allow-net as EPERM, without Deno's
 * words on the flag; this says them, as Deno's own APIs do.
 */
function netDenied(host: string, err: unknown): unknown {
  const state = D.permissions?.querySync?.({ name: "net", host }).state;
  if ((err as OSError).errno === EPERM && state !== "granted") {
    return permissionError(
      `Requires net access to "${host}", run again with the --allow-net flag`,
    );
  }
  return err;
}

async function lookup(
  host: string,
  family: 0 | 2 | 10,
): Promise<{ host: string; family: 2 | 10 }[]> {
  try {
    return await nodeRuntime.lookup(host, family);
  } catch (e) {
    throw netDenied(host, e);
  }
}

async function reverse(host: string): Promise<string[]> {
  try {
    return await nodeRuntime.reverse(host);
  } catch (e) {
    throw netDenied(host, e);
  }
}

/** Deno's own temp directory call finds the place without reading TMPDIR. */
function makeTempDir(prefix: string): string {
  try {
    return D.makeTempDirSync({ prefix });
  } catch (e) {
    throw mapError(e);
  }
}

/** The Deno implementation of the runtime interface. */
export const denoRuntime: Runtime = {
  name: "deno",
  displayName: "Deno",
  bindStream,
  connect,
  bindDatagram,
  lookup,
  reverse,
  hostname: nodeRuntime.hostname,
  makeTempDir,
  openFile: nodeRuntime.openFile,
  readFileAt,
  settle,
};

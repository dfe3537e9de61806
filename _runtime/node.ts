// The Node adapter: node:net for connections, Node's own TCP and Pipe
// handles for listening sockets (they bind synchronously, so Python code can
// read getsockname() right after bind()), node:dgram with a synchronous
// lookup for UDP (so its bind is synchronous too), node:dns for names.
//
// Deno implements the same node: modules and handles, so the Deno adapter
// falls back on this file for what Deno's own API lacks. Bun implements the
// node: modules but not those handles (process.binding), and its dgram
// binds after bind() has returned: there sockets are bound by the C
// library's calls (_libc.ts) and their descriptors handed to node:net (once
// listening) and node:dgram.

import net from "node:net";
import dgram from "node:dgram";
import dns from "node:dns";
import os from "node:os";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { setImmediate } from "node:timers";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { errorFromErrno, type OSError } from "../builtins/os_error.ts";
import { mapError, uvError } from "./map_error.ts";
import { bindKeepingPath } from "./_unix_path.ts";
import {
  bindFd,
  closeFd,
  hasLibcSockets,
  listenFd,
  setBroadcastFd,
} from "./_libc.ts";
import {
  EACCES,
  EADDRINUSE,
  EAFNOSUPPORT,
  EAGAIN,
  EBADF,
  ECANCELED,
  EPIPE,
} from "../errno/constants.ts";
import { ChunkQueue, EMPTY, Fifo, readNow } from "./_chunks.ts";
import { READY, Waiter } from "./_waiter.ts";
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

/** The runtime's name in messages: Bun runs this adapter too. */
const RUNTIME = typeof process.versions.bun === "string" ? "Bun" : "Node";

/** Bytes queued unread before a connection stops reading from the OS. */
const HIGH_WATER = 1 << 20;
/** Bytes of datagrams queued before new ones are dropped, as a full OS buffer does. */
const DGRAM_LIMIT = 4 << 20;

// deno-lint-ignore no-explicit-any
type Handle = any;

function view(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function inetAddr(
  host: string | undefined,
  port: number | undefined,
  family: unknown,
): RawAddr {
  const v6 = family === "IPv6" || family === 6 || (host ?? "").includes(":");
  return {
    family: v6 ? 10 : 2,
    host: host ?? (v6 ? "::" : "0.0.0.0"),
    port: port ?? 0,
  };
}

function handleName(h: Handle): RawAddr {
  const o: { address?: string; port?: number; family?: unknown } = {};
  h.getsockname(o);
  return inetAddr(o.address, o.port, o.family);
}

/** A connected node:net socket, pulled by the socket layer. */
export class NodeStream implements RawStream {
  #sock: net.Socket;
  #queue = new ChunkQueue();
  #eof = false;
  #err: OSError | null = null;
  #paused = false;
  #closed = false;
  #pendingWrites = 0;
  #reader: {
    max: number;
    resolve: (v: Uint8Array) => void;
    reject: (e: unknown) => void;
  } | null = null;
  #readable = new Waiter();
  #writable = new Waiter();
  readonly local: RawAddr;
  readonly remote: RawAddr;

  constructor(sock: net.Socket, local: RawAddr, remote: RawAddr) {
    this.#sock = sock;
    this.local = local;
    this.remote = remote;
    sock.on("data", (buf: Uint8Array) => {
      // After close(), while queued bytes still go out: nobody reads.
      if (this.#closed) return;
      this.#queue.push(view(buf));
      if (this.#queue.bytes >= HIGH_WATER && !this.#paused) {
        this.#paused = true;
        sock.pause();
      }
      this.#settleReader();
      this.#readable.wake();
    });
    sock.on("end", () => {
      this.#eof = true;
      this.#settleReader();
      this.#readable.wake();
    });
    sock.on("error", (err: Error) => {
      this.#err ??= mapError(err);
      this.#settleReader();
      this.#readable.wake();
      this.#writable.wake();
    });
    sock.on("close", () => {
      this.#eof = true;
      this.#settleReader();
      this.#readable.wake();
      this.#writable.wake();
    });
    sock.on("drain", () => this.#writable.wake());
  }

  pollEvents(): number {
    let ev = 0;
    if (!this.#queue.empty || this.#eof || this.#err !== null) ev |= POLLIN;
    if (this.#eof) ev |= POLLRDHUP;
    if (this.#err !== null) ev |= POLLERR | POLLHUP;
    if (this.writable() || this.#sock.destroyed) ev |= POLLOUT;
    if (this.#eof && this.#sock.writableEnded) ev |= POLLHUP;
    return ev;
  }

  tryRead(max: number): Uint8Array | null | undefined {
    if (!this.#queue.empty) {
      const out = this.#queue.take(max);
      if (this.#paused && this.#queue.bytes < HIGH_WATER / 2) {
        this.#paused = false;
        this.#sock.resume();
      }
      return out;
    }
    if (this.#err !== null) {
      const e = this.#err;
      this.#err = null;
      this.#eof = true;
      throw e;
    }
    return this.#eof ? null : undefined;
  }

  /** Hands what arrived to the reader waiting in read(), if any. */
  #settleReader(): void {
    const r = this.#reader;
    if (r === null) return;
    let got: Uint8Array | null | undefined;
    try {
      got = this.tryRead(r.max);
    } catch (e) {
      this.#reader = null;
      r.reject(e);
      return;
    }
    if (got === undefined) return;
    this.#reader = null;
    r.resolve(got ?? EMPTY);
  }

  read(max: number): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(errorFromErrno(EBADF));
    const now = readNow(this, max);
    if (now !== undefined) return now;
    if (this.#reader !== null) {
      // A second reader at once: wait in line the slower way.
      return this.waitReadable().then(() => this.read(max));
    }
    return new Promise((resolve, reject) => {
      this.#reader = { max, resolve, reject };
    });
  }

  unread(chunk: Uint8Array): void {
    this.#queue.unshift(chunk);
  }

  waitReadable(): Promise<void> {
    if (!this.#queue.empty || this.#eof || this.#err !== null) return READY;
    return this.#readable.wait();
  }

  write(data: Uint8Array): Promise<void> {
    if (this.#err !== null) {
      const e = this.#err;
      this.#err = null;
      return Promise.reject(e);
    }
    if (this.#sock.destroyed || this.#sock.writableEnded) {
      return Promise.reject(errorFromErrno(EPIPE));
    }
    const sock = this.#sock;
    sock.write(data);
    // Written to the OS at once (libuv tries a synchronous write first):
    // done, as Python's send() is once the kernel has the bytes.
    if (sock.writableLength === 0 && !sock.errored && !sock.destroyed) {
      return READY;
    }
    // Otherwise an empty write's callback tells when everything before it
    // has gone to the OS, or why it could not.
    return new Promise<void>((resolve, reject) => {
      this.#pendingWrites++;
      sock.write(EMPTY, (err) => {
        this.#pendingWrites--;
        if (err == null) return resolve();
        // A write cut short by close() fails as Deno's does: EBADF.
        if (this.#closed) return reject(errorFromErrno(EBADF));
        const mapped = mapError(err);
        // The same failure is also emitted as 'error'; report it once.
        if (this.#err !== null && this.#err.errno === mapped.errno) {
          this.#err = null;
        }
        reject(mapped);
      });
    });
  }

  writable(): boolean {
    return !this.#sock.writableNeedDrain;
  }

  waitWritable(): Promise<void> {
    if (this.writable() || this.#err !== null || this.#sock.destroyed) {
      return READY;
    }
    return this.#writable.wait();
  }

  shutdownWrite(): void {
    if (!this.#sock.writableEnded) this.#sock.end();
  }

  close(): void {
    const s = this.#sock;
    this.#closed = true;
    if (this.#reader !== null) {
      this.#reader.reject(errorFromErrno(EBADF));
      this.#reader = null;
    }
    if (!s.destroyed) {
      // Received bytes nobody read make Linux reset the connection on
      // close(); ours wait in the queue instead of the kernel's buffer.
      if (!this.#queue.empty && typeof s.resetAndDestroy === "function") {
        try {
          s.resetAndDestroy();
        } catch {
          s.destroy(); // not a TCP handle (a Unix socket): no reset to send
        }
      } else if (s.writableLength > 0 || this.#pendingWrites > 0) {
        // Bytes a send() handed over are still queued. Like Linux's
        // close(), return at once and let them all reach the peer, then
        // FIN (after a shutdown() too, whose FIN is already queued behind
        // them).
        s.end(() => s.destroy());
      } else s.destroy();
    }
    this.#queue.clear();
    this.#eof = true;
    this.#readable.wake();
    this.#writable.wake();
  }

  setNoDelay(on: boolean): void {
    this.#sock.setNoDelay(on);
  }

  setKeepAlive(on: boolean): void {
    this.#sock.setKeepAlive(on);
  }

  setRef(on: boolean): void {
    if (on) this.#sock.ref();
    else this.#sock.unref();
  }
}

function streamOf(
  sock: net.Socket,
  unixPath: string | null,
  isServerSide: boolean,
): NodeStream {
  if (unixPath !== null) {
    const named: RawAddr = { family: 1, path: unixPath };
    const unnamed: RawAddr = { family: 1, path: "" };
    return isServerSide
      ? new NodeStream(sock, named, unnamed)
      : new NodeStream(sock, unnamed, named);
  }
  return new NodeStream(
    sock,
    inetAddr(sock.localAddress, sock.localPort, sock.localFamily),
    inetAddr(sock.remoteAddress, sock.remotePort, sock.remoteFamily),
  );
}

/**
 * What both listeners share: the accepted connections waiting for
 * accept(), an accept error to raise, and the wake-up of accept()'s wait.
 */
abstract class Accepting {
  protected readonly pending = new Fifo<NodeStream>();
  protected err: OSError | null = null;
  protected readonly ready = new Waiter();

  pollEvents(): number {
    return this.pending.length > 0 || this.err !== null ? POLLIN : 0;
  }

  tryAccept(): RawStream | undefined {
    const s = this.pending.shift();
    if (s !== undefined) return s;
    if (this.err !== null) {
      const e = this.err;
      this.err = null;
      throw e;
    }
    return undefined;
  }

  waitAcceptable(): Promise<void> {
    if (this.pending.length > 0 || this.err !== null) return READY;
    return this.ready.wait();
  }

  /** Closes what was never accepted; accept() then raises EBADF. */
  protected dropPending(): void {
    for (
      let s = this.pending.shift();
      s !== undefined;
      s = this.pending.shift()
    ) s.close();
    this.err = errorFromErrno(EBADF);
    this.ready.wake();
  }
}

class NodeListener extends Accepting implements RawListener {
  #handle: Handle;
  readonly local: RawAddr;

  constructor(handle: Handle, local: RawAddr) {
    super();
    this.#handle = handle;
    this.local = local;
    const unixPath = local.family === 1 ? local.path : null;
    handle.onconnection = (status: number, client?: Handle) => {
      if (status >= 0 && !client) {
        // Deno's Node layer passes the status only: the connection is
        // taken with accept(), as libuv's uv_accept() takes it.
        const { TCP, Pipe, constants } = binding(
          unixPath === null ? "tcp_wrap" : "pipe_wrap",
        );
        const c = new (TCP ?? Pipe)(constants.SOCKET);
        status = handle.accept?.(c) ?? -22; // EINVAL: no way to take it
        if (status >= 0) client = c;
      }
      if (status < 0 || !client) {
        this.err = uvError(status);
      } else {
        const sock = new net.Socket(
          {
            handle: client,
            allowHalfOpen: true,
            readable: true,
            writable: true,
          } as net.SocketConstructorOpts,
        );
        this.pending.push(streamOf(sock, unixPath, true));
      }
      this.ready.wake();
    };
  }

  close(): void {
    if (this.#handle === null) return;
    this.#handle.onconnection = null;
    this.#handle.close();
    this.#handle = null;
    this.dropPending();
  }

  setRef(on: boolean): void {
    if (this.#handle === null) return;
    if (on) this.#handle.ref();
    else this.#handle.unref();
  }
}

class NodeBound implements RawBoundStream {
  #handle: Handle;
  readonly local: RawAddr;

  constructor(handle: Handle, local: RawAddr) {
    this.#handle = handle;
    this.local = local;
  }

  listen(backlog: number): RawListener {
    const err = this.#handle.listen(backlog);
    if (err) throw uvError(err);
    const l = new NodeListener(this.#handle, this.local);
    this.#handle = null;
    return l;
  }

  close(): void {
    this.#handle?.close();
    this.#handle = null;
  }
}

/**
 * A listening descriptor made by _libc.ts, accepted on by a node:net
 * server (Bun's node:net takes it with listen({ fd })).
 */
class ServerListener extends Accepting implements RawListener {
  #server: net.Server | null;
  readonly local: RawAddr;

  constructor(fd: number, local: RawAddr) {
    super();
    this.local = local;
    const unixPath = local.family === 1 ? local.path : null;
    const server = net.createServer({ allowHalfOpen: true });
    server.on("connection", (sock: net.Socket) => {
      this.pending.push(streamOf(sock, unixPath, true));
      this.ready.wake();
    });
    server.on("error", (err: Error) => {
      this.err = mapError(err);
      this.ready.wake();
    });
    server.listen({ fd });
    this.#server = server;
  }

  close(): void {
    if (this.#server === null) return;
    // Closes the descriptor at once; accepted connections stay open, as
    // after Python's close() of a listening socket.
    this.#server.removeAllListeners("connection");
    this.#server.close();
    this.#server = null;
    this.dropPending();
  }

  setRef(on: boolean): void {
    if (on) this.#server?.ref();
    else this.#server?.unref();
  }
}

/** A stream socket bound by _libc.ts, not yet listening. */
class FdBound implements RawBoundStream {
  #fd: number;
  readonly local: RawAddr;

  constructor(fd: number, local: RawAddr) {
    this.#fd = fd;
    this.local = local;
  }

  listen(backlog: number): RawListener {
    if (this.#fd < 0) throw errorFromErrno(EBADF);
    listenFd(this.#fd, backlog);
    const l = new ServerListener(this.#fd, this.local);
    this.#fd = -1;
    return l;
  }

  close(): void {
    if (this.#fd >= 0) closeFd(this.#fd);
    this.#fd = -1;
  }
}

function uvHasReusePort(): boolean {
  const [maj = 0, min = 0] = (process.versions.uv ?? "0.0").split(".").map(
    Number,
  );
  return maj > 1 || (maj === 1 && min >= 49);
}

/**
 * Node's own socket handles. process.binding is deprecated (DEP0111): a
 * Node that drops it cannot bind as Python does (node:net binds only as
 * part of an asynchronous listen()), which is said rather than faked.
 */
// deno-lint-ignore no-explicit-any
function binding(name: string): any {
  const p = process as unknown as { binding?(n: string): unknown };
  try {
    return p.binding!(name);
  } catch {
    throw new NotImplementedError(
      `stream sockets are not available on ${RUNTIME} ${process.version}: ` +
        `pyport binds them with process.binding("${name}"), which this runtime lacks`,
    );
  }
}

/**
 * Node before 22 gives a Linux abstract Unix name (one starting with NUL)
 * all 108 bytes of sun_path, NULs included, so no other program knows it
 * by the name the port gave: refused, as a runtime that cannot provide it.
 */
function checkAbstract(path: string): void {
  if (
    path.startsWith("\0") && Number(process.versions.node.split(".")[0]) < 22
  ) {
    throw new NotImplementedError(
      `Node ${process.versions.node} pads a Linux abstract Unix socket name ` +
        "to 108 bytes, so other programs cannot reach it by its name; use " +
        "Deno, a newer Node (Node 24 binds the exact name) or a path",
    );
  }
}

function bindStream(addr: RawAddr, opts: BindOptions): RawBoundStream {
  if (hasLibcSockets()) {
    const { fd, local } = bindFd(addr, opts);
    return new FdBound(fd, local);
  }
  if (addr.family === 1) {
    checkAbstract(addr.path);
    const { Pipe, constants } = binding("pipe_wrap");
    // libuv removes the path it bound when the handle closes; Linux leaves
    // it (see _unix_path.ts).
    const h = bindKeepingPath(addr.path, (path) => {
      const h = new Pipe(constants.SERVER);
      const err = h.bind(path);
      if (err) {
        h.close();
        throw uvError(err);
      }
      return h;
    }, (h) => h.close());
    return new NodeBound(h, addr);
  }
  let flags = 0;
  if (opts.reusePort) {
    if (!uvHasReusePort()) {
      throw new NotImplementedError(
        `SO_REUSEPORT is not available on Node ${process.version}: it needs Node 22.12 or newer`,
      );
    }
    flags |= 2; // UV_TCP_REUSEPORT
  }
  return bindTcpHandle(
    addr,
    (h) =>
      addr.family === 10
        ? h.bind6(addr.host, addr.port, flags | (opts.v6Only ? 1 : 0))
        : h.bind(addr.host, addr.port, flags),
  );
}

/**
 * Binds a TCP handle of the kind node:net listens with, through `bind`
 * (which calls one of the handle's bind methods and returns its libuv
 * status), and makes it a bound stream endpoint. Deno's Node layer has
 * the same handle, with a bind that takes SO_REUSEPORT, so the Deno
 * adapter binds through here too.
 */
export function bindTcpHandle(
  addr: RawAddr & { family: 2 | 10 },
  bind: (handle: Handle, constants: Record<string, number>) => number,
): RawBoundStream {
  const { TCP, constants } = binding("tcp_wrap");
  const h = new TCP(constants.SERVER);
  const err = bind(h, constants);
  if (err) {
    h.close();
    throw uvError(err);
  }
  const local = handleName(h);
  // libuv defers EADDRINUSE from bind to listen/connect and leaves the
  // socket unbound; Python raises it from bind().
  if (addr.port !== 0 && local.family !== 1 && local.port !== addr.port) {
    h.close();
    throw errorFromErrno(EADDRINUSE);
  }
  return new NodeBound(h, local);
}

/**
 * A blocking connect() to a Unix socket whose listen backlog is full waits
 * for room, where libuv's non-blocking one fails with EAGAIN: retried
 * here, a little later each time, until it connects or the caller gives up.
 */
async function connect(
  addr: RawAddr,
  local: RawAddr | null,
  signal: AbortSignal | null,
): Promise<RawStream> {
  let delay = 1;
  for (;;) {
    try {
      return await connectOnce(addr, local, signal);
    } catch (e) {
      const again = addr.family === 1 &&
        (e as { errno?: unknown }).errno === EAGAIN;
      if (!again || signal?.aborted) throw e;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 20);
    if (signal?.aborted) throw errorFromErrno(ECANCELED);
  }
}

function connectOnce(
  addr: RawAddr,
  local: RawAddr | null,
  signal: AbortSignal | null,
): Promise<RawStream> {
  let sock: net.Socket;
  if (addr.family === 1) {
    checkAbstract(addr.path);
    sock = net.connect({ path: addr.path, allowHalfOpen: true });
  } else {
    const opts: net.TcpNetConnectOpts = {
      host: addr.host,
      port: addr.port,
      family: addr.family === 10 ? 6 : 4,
      allowHalfOpen: true,
    };
    if (local !== null && local.family !== 1) {
      opts.localAddress = local.host;
      opts.localPort = local.port;
    }
    sock = net.connect(opts);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      sock.destroy();
      reject(errorFromErrno(ECANCELED)); // the caller has already given up
    };
    const onError = (err: Error) => {
      signal?.removeEventListener("abort", onAbort);
      sock.destroy();
      reject(mapError(err));
    };
    sock.once("error", onError);
    sock.once("connect", () => {
      sock.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
      resolve(streamOf(sock, addr.family === 1 ? addr.path : null, false));
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

class NodeDatagram implements RawDatagram {
  #sock!: dgram.Socket;
  #queue = new Fifo<RawDatagramMessage>();
  #queued = 0;
  #ready = new Waiter();
  #closed = false;
  #broadcast = false;
  #ref = true;
  /** The address the OS socket is connected to, or null. */
  #peer: (RawAddr & { family: 2 | 10 }) | null = null;
  /** An error the OS reported for the socket (SO_ERROR), not yet raised. */
  #err: OSError | null = null;
  /** Makes a socket bound to this one's address and the port given. */
  #remake: (port: number) => dgram.Socket;
  /** Whether the port was bound by number: leaving a connection keeps it. */
  #portLocked: boolean;
  readonly local: RawAddr;
  /** Absent where the dgram module does not connect the OS socket (Deno). */
  readonly connect?: (to: RawAddr | null) => void;

  constructor(
    sock: dgram.Socket,
    osConnect: boolean,
    remake: (port: number) => dgram.Socket,
    portLocked: boolean,
  ) {
    this.local = dgramName(sock);
    this.#remake = remake;
    this.#portLocked = portLocked;
    this.#attach(sock);
    if (osConnect) this.connect = (to) => this.#connect(to);
  }

  #attach(sock: dgram.Socket): void {
    this.#sock = sock;
    sock.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
      if (this.#queued + msg.length > DGRAM_LIMIT) return;
      this.#queued += msg.length;
      this.#queue.push({
        data: view(msg),
        from: inetAddr(rinfo.address, rinfo.port, rinfo.family),
      });
      this.#ready.wake();
    });
    // Errors of sends go to their callbacks. What comes here is what the
    // OS reports while receiving: on a connected socket, the ICMP error for
    // a datagram sent before (ECONNREFUSED when the peer's port is closed),
    // which Linux keeps as the socket's error for the next call to raise.
    sock.on("error", (err: Error) => {
      this.#err = mapError(err);
      this.#ready.wake();
    });
  }

  #connect(to: RawAddr | null): void {
    if (this.#peer !== null) {
      if (this.#portLocked) {
        this.#sock.disconnect();
      } else {
        // Linux gives up a port the kernel chose when a UDP socket leaves
        // its connection (connect(AF_UNSPEC), all libuv can do), where
        // Python's connect() to another peer keeps it. So the socket is
        // made again on the same port, bound by number this time.
        const old = this.#sock;
        old.removeAllListeners();
        old.close();
        this.#attach(
          this.#remake(this.local.family === 1 ? 0 : this.local.port),
        );
        this.#portLocked = true;
        if (this.#broadcast) this.#sock.setBroadcast(true);
        if (!this.#ref) this.#sock.unref();
      }
    }
    this.#peer = null;
    if (to === null || to.family === 1) return;
    // Synchronous: the socket is bound and its lookup answers at once.
    this.#sock.connect(to.port, to.host);
    this.#peer = to;
  }

  takeError(): OSError | null {
    const e = this.#err;
    this.#err = null;
    return e;
  }

  unreceive(m: RawDatagramMessage): void {
    this.#queue.unshift(m);
    this.#queued += m.data.length;
  }

  pollEvents(): number {
    return (this.#queue.length > 0 ? POLLIN | POLLOUT : POLLOUT) |
      (this.#err !== null ? POLLERR : 0);
  }

  tryReceive(): RawDatagramMessage | undefined {
    const m = this.#queue.shift();
    if (m !== undefined) {
      this.#queued -= m.data.length;
      return m;
    }
    const e = this.takeError();
    if (e !== null) throw e;
    return undefined;
  }

  waitReadable(): Promise<void> {
    if (this.#queue.length > 0 || this.#closed || this.#err !== null) {
      return READY;
    }
    return this.#ready.wait();
  }

  send(data: Uint8Array, to: RawAddr): Promise<number> {
    if (to.family === 1) return Promise.reject(errorFromErrno(EAFNOSUPPORT));
    const pending = this.takeError();
    if (pending !== null) return Promise.reject(pending);
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, n?: number) => {
        if (!err) return resolve(n ?? data.length);
        // Deno's node:dgram reports the EACCES of a broadcast sent without
        // SO_BROADCAST as UNKNOWN; that is the one EACCES sendto() gives.
        const code = (err as { code?: unknown }).code;
        if (code === "UNKNOWN" && !this.#broadcast) {
          reject(errorFromErrno(EACCES));
        } else reject(mapError(err));
      };
      const peer = this.#peer;
      if (peer === null) {
        this.#sock.send(data, to.port, to.host, done);
      } else if (peer.host === to.host && peer.port === to.port) {
        this.#sock.send(data, done);
      } else {
        // Linux lets sendto() name another address on a connected socket;
        // dgram does not, so step out of the connection for this one.
        this.#connect(null);
        try {
          this.#sock.send(data, to.port, to.host, done);
        } finally {
          this.#connect(peer);
        }
      }
    });
  }

  setBroadcast(on: boolean): void {
    const fd = fdBound.get(this.#sock)?.fd;
    if (fd !== undefined) setBroadcastFd(fd, on);
    else this.#sock.setBroadcast(on);
    this.#broadcast = on;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sock.close();
    this.#ready.wake();
  }

  setRef(on: boolean): void {
    this.#ref = on;
    if (on) this.#sock.ref();
    else this.#sock.unref();
  }
}

// A lookup that answers at once, so dgram binds synchronously. The socket
// layer hands dgram numeric addresses only.
function literalLookup(
  host: string,
  _opts: unknown,
  cb: (err: Error | null, address: string, family: number) => void,
): void {
  cb(null, host, host.includes(":") ? 6 : 4);
}

/**
 * Binds a node:dgram socket synchronously. `osConnect`: whether its
 * connect() connects the OS socket, so the OS reports a closed port (Node's
 * dgram does; Deno's does not, and the Deno adapter passes false).
 */
export function bindNodeDatagram(
  addr: RawAddr,
  opts: BindOptions,
  osConnect: boolean,
): RawDatagram {
  if (addr.family === 1) {
    // (The Deno adapter says so itself before it comes here.)
    throw new NotImplementedError(
      `AF_UNIX datagram sockets are not available on ${RUNTIME}: the runtime has no Unix datagram API`,
    );
  }
  const make = (port: number) => dgramBound(addr.family, addr.host, port, opts);
  return new NodeDatagram(make(addr.port), osConnect, make, addr.port !== 0);
}

/**
 * The node:dgram sockets bound by _libc.ts (Bun): their descriptors and
 * addresses, which Bun's dgram has none of until it has taken the
 * descriptor, a moment after bind() has returned.
 */
const fdBound = new WeakMap<dgram.Socket, { fd: number; local: RawAddr }>();

function dgramName(sock: dgram.Socket): RawAddr {
  const known = fdBound.get(sock)?.local;
  if (known !== undefined) return known;
  const a = sock.address();
  return inetAddr(a.address, a.port, a.family);
}

/** A node:dgram socket bound synchronously to `host` and `port`. */
function dgramBound(
  family: 2 | 10,
  host: string,
  port: number,
  opts: BindOptions,
): dgram.Socket {
  if (hasLibcSockets()) {
    // Bun's dgram binds only after bind() has returned: the socket is
    // bound here instead, and Bun's dgram takes its descriptor.
    const bound = bindFd({ family, host, port }, opts, true);
    const sock = dgram.createSocket({
      type: family === 10 ? "udp6" : "udp4",
      lookup: literalLookup as unknown as dgram.SocketOptions["lookup"],
    });
    sock.bind({ fd: bound.fd });
    fdBound.set(sock, bound);
    return sock;
  }
  const sock = dgram.createSocket({
    type: family === 10 ? "udp6" : "udp4",
    lookup: literalLookup as unknown as dgram.SocketOptions["lookup"],
    ipv6Only: opts.v6Only ?? false,
    reuseAddr: (opts.reuseAddr || opts.reusePort) ?? false,
  });
  let bindErr: unknown = null;
  const onError = (e: Error) => {
    bindErr = e;
  };
  sock.on("error", onError);
  try {
    sock.bind({ port, address: host, exclusive: true });
  } catch (e) {
    // Deno's dgram throws here (a missing --allow-net, say).
    bindErr = e;
  }
  sock.off("error", onError);
  if (bindErr !== null) {
    try {
      sock.close();
    } catch { /* never bound */ }
    throw mapError(bindErr);
  }
  return sock;
}

function bindDatagram(addr: RawAddr, opts: BindOptions): RawDatagram {
  return bindNodeDatagram(addr, opts, true);
}

async function lookup(
  host: string,
  family: 0 | 2 | 10,
): Promise<{ host: string; family: 2 | 10 }[]> {
  try {
    const res = await dns.promises.lookup(host, {
      all: true,
      family: family === 2 ? 4 : family === 10 ? 6 : 0,
    });
    return res.map((r) => ({
      host: r.address,
      family: r.family === 6 ? 10 : 2,
    }));
  } catch (e) {
    throw mapError(e);
  }
}

async function reverse(host: string): Promise<string[]> {
  try {
    const r = await dns.promises.lookupService(host, 0);
    return [r.hostname];
  } catch (e) {
    throw mapError(e);
  }
}

// sendfile()'s files: node:fs/promises, loaded on first use. Deno implements
// it too, so the Deno adapter opens paths and reads FileHandles through here.

async function openFile(
  path: string,
): Promise<RawFile & { close(): Promise<void> }> {
  const { open } = await import("node:fs/promises");
  return await open(path, "r");
}

/** Reads a Node `FileHandle` (or anything read like one) at `position`. */
async function readFileAt(
  file: RawFile,
  buf: Uint8Array,
  position: number,
): Promise<number> {
  const r = await file.read(buf, 0, buf.length, position);
  return typeof r === "number" ? r : (r?.bytesRead ?? 0);
}

/**
 * Two check phases with a poll phase between them: libuv polls the OS once
 * per loop iteration (without blocking while immediates are pending) and
 * reads what it found into the sockets, whose 'data' and 'connection'
 * handlers queue it at once.
 */
function settle(): Promise<void> {
  return new Promise<void>((resolve) => {
    setImmediate(() => setImmediate(resolve));
  });
}

function hostname(): string {
  try {
    return os.hostname();
  } catch (e) {
    throw mapError(e); // Deno without --allow-sys
  }
}

function makeTempDir(prefix: string): string {
  try {
    return mkdtempSync(join(os.tmpdir(), prefix));
  } catch (e) {
    throw mapError(e);
  }
}

/** The Node (and Bun) implementation of the runtime interface. */
export const nodeRuntime: Runtime = {
  name: RUNTIME === "Bun" ? "bun" : "node",
  displayName: RUNTIME,
  bindStream,
  connect,
  bindDatagram,
  lookup,
  reverse,
  hostname,
  makeTempDir,
  openFile,
  readFileAt,
  settle,
};

// Python's socket.socket class: the Python object, with its descriptor,
// timeout and Python's argument checks and results. The connection it
// drives is an Endpoint (./_endpoint.ts), shared with the socket's dup()s;
// its options are ./_options.ts; what differs between the runtimes is
// behind the runtime interface, so nothing here asks which one it is on.

import { pyStr, showAsPython } from "../_shared/pyrepr.ts";
import { asTuple } from "../_shared/tuple.ts";
import { NotImplementedError, ValueError } from "../builtins/exceptions.ts";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import {
  EAFNOSUPPORT,
  EAGAIN,
  EALREADY,
  EBADF,
  EDESTADDRREQ,
  EINPROGRESS,
  EINVAL,
  EISCONN,
  ENOTCONN,
  ENOTSOCK,
  EOPNOTSUPP,
  EPIPE,
  EPROTONOSUPPORT,
} from "../errno/constants.ts";
import { runtime } from "../_runtime/mod.ts";
import type { RawAddr, RawStream } from "../_runtime/mod.ts";
import * as C from "./constants.ts";
import {
  type Address,
  checkInt,
  parseAddress,
  pyTypeName,
  resolveAddr,
  resolveAddrSync,
  sameAddr,
  toPython,
} from "./_address.ts";
import { type FdEntry, fdTable, type Selectable } from "../_shared/fd_table.ts";
import { internals } from "./_internals.ts";
import { callerIsDaemon } from "../_shared/thread_context.ts";
import { deadlineFor, timedOut, waitUntil, wouldBlock } from "./_wait.ts";
import { getdefaulttimeout } from "./default_timeout.ts";
import { checkTimeout } from "./_timeout.ts";
import { SocketFile, type SocketFileOptions } from "./socket_file.ts";
import { Endpoint } from "./_endpoint.ts";
import { getOption, setOption } from "./_options.ts";
import { toBytes, writableBuffer } from "./_bytes_like.ts";
import { bind } from "../_shared/args.ts";

export type { Address } from "./_address.ts";

const EMPTY = new Uint8Array(0);

/** Bytes a blocking stream send hands over per write, so timeouts stay responsive. */
const SEND_CHUNK = 1 << 20;

const fds = fdTable;

/** Python's keyword arguments of {@linkcode socket.makefile}. */
export interface MakefileOptions extends SocketFileOptions {
  /** `"r"` (default), `"w"`, `"rw"`, with `"b"` for bytes. */
  mode?: string;
  /** The buffer size (`null`: the default; 0: unbuffered, binary only). */
  buffering?: number | null;
}

/** Python's keyword arguments of the {@linkcode socket} constructor. */
export interface SocketOptions {
  /** `AF_INET` (default), `AF_INET6` or `AF_UNIX`. */
  family?: number | null;
  /** `SOCK_STREAM` (default) or `SOCK_DGRAM`. */
  type?: number | null;
  /** 0, or the protocol matching `type`. */
  proto?: number | null;
  /** An existing pyport descriptor to wrap. */
  fileno?: number | null;
}

/** Python's keyword arguments of {@linkcode socket.sendfile}. */
export interface SendfileOptions {
  /** Where in the file to start (default 0). */
  offset?: number;
  /** How many bytes at most (`null`, the default: to the end). */
  count?: number | null;
}

/**
 * Python's `socket.socket`: a network endpoint on real OS sockets (TCP, UDP
 * and Unix stream sockets) of the running runtime. Calls that block in
 * Python return promises; `await` them and the port keeps Python's order of
 * calls and its results, errors (class, errno, message) and timeouts.
 *
 * `family` is `AF_INET` (default), `AF_INET6` or `AF_UNIX`; `type` is
 * `SOCK_STREAM` (default) or `SOCK_DGRAM`. A `socket` is disposable, so
 * `with socket.socket() as s:` becomes `using s = new socket.socket();`.
 *
 * @example An echo over TCP on loopback
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * using srv = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
 * srv.bind(["127.0.0.1", 0]);
 * srv.listen();
 * using cli = new socket.socket();
 * await cli.connect(srv.getsockname());
 * const [conn, _addr] = await srv.accept();
 * using _c = conn;
 * await cli.sendall(b("ping"));
 * assert.equal(decode(await conn.recv(1024)), "ping");
 * ```
 *
 * @tags allow-net
 */
export class socket {
  #entry: FdEntry<Selectable> | null;
  #ep: Endpoint | null;
  #timeout: number | null;
  #ioRefs = 0;
  #closePending = false;

  /**
   * Makes a socket, or wraps the pyport descriptor `fileno` (as returned by
   * `detach()` or `fileno()`), taking family and type from it by default.
   *
   * Python's keyword arguments come as one trailing object, after any
   * positional ones: `new socket({ family: AF_INET6, type: SOCK_DGRAM })`.
   *
   * @param family `AF_INET` (default), `AF_INET6` or `AF_UNIX`.
   * @param type `SOCK_STREAM` (default) or `SOCK_DGRAM`, optionally or-ed with `SOCK_NONBLOCK`/`SOCK_CLOEXEC`.
   * @param proto 0, or the protocol matching `type`.
   * @param fileno An existing pyport descriptor to wrap.
   * @param kwargs `{ family, type, proto, fileno }` after positional arguments.
   * @throws {TypeError} A keyword `socket()` does not have.
   */
  constructor(
    family?: number | null | SocketOptions,
    type?: number | null | SocketOptions,
    proto?: number | null | SocketOptions,
    fileno?: number | null | SocketOptions,
    kwargs?: SocketOptions,
  ) {
    if (
      kwargs !== undefined || typeof family === "object" ||
      typeof type === "object" || typeof proto === "object" ||
      typeof fileno === "object"
    ) {
      [family, type, proto, fileno] = bind("socket.__init__", [
        "family",
        "type",
        "proto",
        "fileno",
      ], [family, type, proto, fileno, kwargs]) as (number | null)[];
    }
    if (fileno !== null && fileno !== undefined) {
      const fd = checkInt(fileno);
      if (fd < 0) throw new ValueError(`negative file descriptor`);
      const entry = fds.get(fd);
      if (entry === undefined) throw errorFromErrno(EBADF);
      if (!(entry.resource instanceof Endpoint)) {
        throw errorFromErrno(ENOTSOCK);
      }
      this.#entry = entry;
      this.#ep = entry.resource;
      this.#timeout = getdefaulttimeout();
      return;
    }
    const fam = family == null || family === -1 ? C.AF_INET : checkInt(family);
    let typ = type == null || type === -1 ? C.SOCK_STREAM : checkInt(type);
    const prot = proto == null || proto === -1 ? 0 : checkInt(proto);
    const nonblock = (typ & C.SOCK_NONBLOCK) !== 0;
    typ &= ~(C.SOCK_NONBLOCK | C.SOCK_CLOEXEC);
    if (fam !== C.AF_INET && fam !== C.AF_INET6 && fam !== C.AF_UNIX) {
      throw errorFromErrno(EAFNOSUPPORT);
    }
    if (typ === C.SOCK_RAW || typ === C.SOCK_SEQPACKET) {
      throw new NotImplementedError(
        `${
          typ === C.SOCK_RAW ? "SOCK_RAW" : "SOCK_SEQPACKET"
        } sockets are not available on ${runtime.displayName}: the runtime offers only stream and datagram sockets`,
      );
    }
    if (typ !== C.SOCK_STREAM && typ !== C.SOCK_DGRAM) {
      throw errorFromErrno(EINVAL);
    }
    if (prot !== 0) {
      const ok = fam === C.AF_UNIX
        ? false
        : typ === C.SOCK_STREAM
        ? prot === C.IPPROTO_TCP
        : prot === C.IPPROTO_UDP;
      if (!ok) throw errorFromErrno(EPROTONOSUPPORT);
    }
    this.#ep = new Endpoint(fam, typ, prot);
    this.#entry = fds.open(this.#ep);
    this.#timeout = nonblock ? 0 : getdefaulttimeout();
  }

  /** Python's `socket.family`: the address family. */
  get family(): number {
    return this.#ep?.family ?? C.AF_INET;
  }

  /** Python's `socket.type`: the socket type, without `SOCK_NONBLOCK`/`SOCK_CLOEXEC`. */
  get type(): number {
    return this.#ep?.type ?? C.SOCK_STREAM;
  }

  /** Python's `socket.proto`: the protocol number. */
  get proto(): number {
    return this.#ep?.proto ?? 0;
  }

  /** Python's `socket.timeout` attribute: the timeout in seconds, or `null`. */
  get timeout(): number | null {
    return this.#timeout;
  }

  static {
    internals.adopt = (s, pending) => {
      const ep = s.#open();
      ep.connecting = pending.then(
        (conn) => {
          ep.connecting = null;
          if (s.#entry === null && ep.refs === 0) conn.close();
          else ep.conn = conn;
        },
        // An OSError already: the adapter's, or one socketpair() made.
        (e: OSError) => {
          ep.connecting = null;
          ep.soError = e;
        },
      );
    };
    internals.setPeer = (s, peer) => {
      const ep = s.#open();
      ep.ensureDgram();
      ep.peer = peer;
    };
  }

  /**
   * A socket blocked on by a daemon thread must not hold the process open;
   * one blocked on by any other thread must. It follows its last caller.
   */
  #follow(ep: Endpoint): void {
    const d = callerIsDaemon();
    if (d !== ep.daemon) ep.setDaemon(d);
  }

  #open(): Endpoint {
    const e = this.#entry;
    if (e === null || !e.open) throw errorFromErrno(EBADF);
    return this.#ep!;
  }

  // ---- descriptors and lifetime ----

  /**
   * Python's `fileno()`: this socket's pyport descriptor number, or -1 once
   * closed. select() and `new socket(..., fileno)` accept it.
   *
   * @returns The descriptor number.
   */
  fileno(): number {
    const e = this.#entry;
    return e !== null && e.open ? e.fd : -1;
  }

  /**
   * Python's `close()`: releases the socket. Closing twice is fine. A file
   * from `makefile()` keeps the connection open until it is closed too.
   */
  close(): void {
    if (this.#ioRefs > 0) {
      this.#closePending = true;
      return;
    }
    this.#realClose();
  }

  #realClose(): void {
    const e = this.#entry;
    this.#entry = null;
    if (e === null || !e.open) return;
    fds.close(e);
    const ep = this.#ep!;
    if (--ep.refs === 0) ep.close();
  }

  /**
   * Python's `detach()`: closes this object without closing the connection
   * and returns its descriptor, to be wrapped with `new socket(..., fd)`.
   *
   * @returns The descriptor number.
   */
  detach(): number {
    const e = this.#entry;
    this.#entry = null;
    return e !== null && e.open ? e.fd : -1;
  }

  /**
   * Python's `dup()`: a second socket object on the same connection with its
   * own descriptor; the connection closes when both are closed.
   *
   * @returns The new socket.
   */
  dup(): socket {
    const ep = this.#open();
    ep.refs++;
    const entry = fds.open(ep);
    const s = new socket(null, null, null, entry.fd);
    s.settimeout(this.#timeout);
    return s;
  }

  /** Closes the socket when a `using` block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** Closes the socket when an `await using` block ends. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  // ---- timeouts ----

  /**
   * Python's `settimeout(value)`: `null` blocks, `0` makes the socket
   * non-blocking (calls that would wait raise BlockingIOError), a positive
   * number of seconds makes waiting calls raise `TimeoutError("timed out")`.
   *
   * @param value Seconds, or `null`.
   */
  settimeout(value: number | null): void {
    const t = checkTimeout(value);
    this.#open();
    this.#timeout = t;
  }

  /**
   * Python's `gettimeout()`.
   *
   * @returns The timeout in seconds, or `null` when blocking.
   */
  gettimeout(): number | null {
    return this.#timeout;
  }

  /**
   * Python's `setblocking(flag)`: `true` is `settimeout(null)`, `false` is
   * `settimeout(0)`.
   *
   * @param flag Whether calls may wait.
   */
  setblocking(flag: boolean): void {
    this.#open();
    this.#timeout = flag ? null : 0;
  }

  /**
   * Python's `getblocking()`: false only when the timeout is 0.
   *
   * @returns Whether the socket blocks.
   */
  getblocking(): boolean {
    return this.#timeout !== 0;
  }

  // ---- binding, listening, connecting ----

  /**
   * Python's `bind(address)`: assigns the local address. Synchronous, so
   * `getsockname()` right after it has the port the OS chose for port 0.
   * Host names must be literals, `""`, `localhost` or names in /etc/hosts.
   *
   * @param address `[host, port]` (AF_INET), `[host, port, flowinfo, scope_id]` (AF_INET6) or a path (AF_UNIX).
   */
  bind(address: Address): void {
    const ep = this.#open();
    const parsed = parseAddress(ep.family, address, "bind");
    if (ep.local() !== null || ep.connecting !== null) {
      throw errorFromErrno(EINVAL);
    }
    const raw = resolveAddrSync(parsed);
    const opts = {
      reusePort: ep.flag(C.SOL_SOCKET, C.SO_REUSEPORT),
      v6Only: ep.flag(C.IPPROTO_IPV6, C.IPV6_V6ONLY),
      reuseAddr: ep.flag(C.SOL_SOCKET, C.SO_REUSEADDR),
    };
    if (ep.isStream) {
      ep.bound = runtime.bindStream(raw, opts);
    } else {
      ep.dgram = runtime.bindDatagram(raw, opts);
      ep.wakeChanged();
      ep.applyDgramOpts();
      if (ep.daemon) ep.dgram.setRef(false);
    }
  }

  /**
   * Python's `listen(backlog)`: starts accepting connections. An unbound
   * socket is first bound to a free port on all interfaces, as on Linux.
   *
   * @param backlog Connections the OS may queue (Node honours it; Deno's
   * listener uses its own).
   */
  listen(backlog?: number): void {
    const ep = this.#open();
    if (!ep.isStream) throw errorFromErrno(EOPNOTSUPP);
    if (ep.listener !== null) return;
    if (ep.conn !== null || ep.connecting !== null) {
      throw errorFromErrno(EINVAL);
    }
    const n = backlog === undefined
      ? Math.min(C.SOMAXCONN, 128)
      : Math.max(0, checkInt(backlog));
    if (ep.bound === null) {
      if (ep.family === C.AF_UNIX) throw errorFromErrno(EINVAL);
      this.bind(ep.family === C.AF_INET6 ? ["::", 0, 0, 0] : ["0.0.0.0", 0]);
    }
    ep.listener = ep.bound!.listen(n);
    ep.wakeChanged();
    ep.bound = null;
    if (ep.daemon) ep.listener.setRef(false);
  }

  /**
   * Python's `accept()`: waits for a connection and returns
   * `[conn, address]`. The new socket starts with the default timeout.
   *
   * @returns The connected socket and the peer's address.
   */
  async accept(): Promise<[socket, Address]> {
    const ep = this.#open();
    this.#follow(ep);
    const l = ep.listener;
    if (l === null) throw errorFromErrno(ep.isStream ? EINVAL : EOPNOTSUPP);
    let raw = l.tryAccept();
    if (raw === undefined) {
      if (this.#timeout === 0) throw wouldBlock();
      const deadline = deadlineFor(this.#timeout);
      for (;;) {
        if (!(await waitUntil(l.waitAcceptable(), deadline))) throw timedOut();
        this.#open();
        raw = l.tryAccept();
        if (raw !== undefined) break;
      }
    }
    const s = new socket(ep.family, ep.type, ep.proto);
    const nep = s.#ep!;
    nep.conn = raw;
    if (ep.daemon) {
      nep.daemon = true;
      raw.setRef(false);
    }
    return asTuple([s, toPython(raw.remote, ep.family)]);
  }

  /**
   * Python's `connect(address)`: connects to a remote address, resolving a
   * host name first. A non-blocking socket raises BlockingIOError
   * (EINPROGRESS) and goes on connecting; a timeout raises TimeoutError.
   *
   * @param address The remote address.
   */
  async connect(address: Address): Promise<void> {
    const err = await this.#connect(address, false);
    if (err !== null) throw err;
  }

  /**
   * Python's `connect_ex(address)`: like `connect()`, but returns the errno
   * (0 on success, EINPROGRESS on a non-blocking socket) instead of raising
   * an OSError. Address errors (gaierror, TypeError) are still raised.
   *
   * @param address The remote address.
   * @returns 0 or an errno number.
   */
  async connect_ex(address: Address): Promise<number> {
    const err = await this.#connect(address, true);
    if (err === null) return 0;
    if (err.errno === null && err.message === "timed out") return EAGAIN;
    if (err.errno === null || err.errno < 0) throw err;
    return err.errno;
  }

  async #connect(address: Address, ex: boolean): Promise<OSError | null> {
    const ep = this.#open();
    this.#follow(ep);
    const parsed = parseAddress(ep.family, address, "connect");
    if (!ep.isStream) {
      ep.connectDgram(await resolveAddr(parsed));
      return null;
    }
    if (ep.listener !== null) return errorFromErrno(EINVAL);
    if (ep.conn !== null) {
      if (!ep.connectUnreported) return errorFromErrno(EISCONN);
      ep.connectUnreported = false;
      return null;
    }
    if (ep.connecting !== null) {
      return errorFromErrno(EALREADY);
    }
    if (ep.soError !== null) {
      const e = ep.soError;
      ep.soError = null;
      return e;
    }
    let raw: RawAddr;
    try {
      raw = await resolveAddr(parsed);
    } catch (e) {
      if (ex && e instanceof OSError && e.errno !== null && e.errno > 0) {
        return e;
      }
      throw e;
    }
    let local: RawAddr | null = null;
    if (ep.bound !== null) {
      local = ep.bound.local;
      ep.bound.close();
      ep.bound = null;
    }
    const abort = new AbortController();
    ep.connectAbort = abort;
    const attempt = runtime.connect(raw, local, abort.signal).then(
      (conn) => {
        if (ep.connectAbort !== abort) {
          conn.close();
          return;
        }
        ep.connectAbort = null;
        ep.connecting = null;
        ep.conn = conn;
        if (ep.flag(C.IPPROTO_TCP, C.TCP_NODELAY)) conn.setNoDelay(true);
        if (ep.flag(C.SOL_SOCKET, C.SO_KEEPALIVE)) conn.setKeepAlive(true);
        if (ep.daemon) conn.setRef(false);
      },
      // The adapter rejects with an OSError already.
      (e: OSError) => {
        if (ep.connectAbort !== abort) return;
        ep.connectAbort = null;
        ep.connecting = null;
        ep.soError = e;
      },
    );
    ep.connecting = attempt;
    ep.wakeChanged();
    if (this.#timeout === 0) {
      attempt.then(() => {
        if (ep.conn !== null) ep.connectUnreported = true;
      });
      return errorFromErrno(EINPROGRESS);
    }
    if (!(await waitUntil(attempt, deadlineFor(this.#timeout)))) {
      abort.abort();
      ep.connectAbort = null;
      ep.connecting = null;
      return timedOut();
    }
    if (ep.soError !== null) {
      const e = ep.soError;
      ep.soError = null;
      return e;
    }
    return null;
  }

  // ---- receiving ----

  /** Waits until `ready()` gives a value, honouring the timeout. */
  async #waitRead(ep: Endpoint, flags: number): Promise<void> {
    const c = ep.conn;
    const wait = c !== null
      ? c.waitReadable()
      : ep.dgram !== null
      ? ep.dgram.waitReadable()
      : ep.connecting;
    if (this.#timeout === 0 || (flags & C.MSG_DONTWAIT) !== 0) {
      throw wouldBlock();
    }
    if (wait === null) {
      // An unconnected datagram socket with no address: nothing can arrive.
      if (this.#timeout === null) await new Promise<void>(() => {});
      if (
        !(await waitUntil(
          new Promise<void>(() => {}),
          deadlineFor(this.#timeout),
        ))
      ) throw timedOut();
      return;
    }
    if (!(await waitUntil(wait, deadlineFor(this.#timeout)))) throw timedOut();
  }

  /**
   * Python's `recv(bufsize[, flags])`: up to `bufsize` bytes. An empty
   * `Uint8Array` means the peer closed its side (EOF), as `b''` does.
   * `MSG_PEEK` leaves the bytes to be read again; `MSG_WAITALL` waits for
   * all `bufsize` bytes (or EOF); `MSG_DONTWAIT` does not wait.
   *
   * @param bufsize The most bytes to return.
   * @param flags `MSG_*` flags.
   * @returns The bytes.
   */
  recv(bufsize: number, flags: number = 0): Promise<Uint8Array> {
    // The hot path: a connected, blocking stream socket, no flags. One
    // promise when bytes are ready, one async step when they are not.
    if (
      typeof bufsize === "number" && bufsize > 0 && Number.isInteger(bufsize)
    ) {
      const c = this.#fastConn(flags);
      if (c !== null) return c.read(bufsize);
      // The non-blocking hot path: what is there, or BlockingIOError.
      const nb = this.#nonBlockingConn(flags);
      if (nb !== null) {
        let r: Uint8Array | null | undefined;
        try {
          r = nb.tryRead(bufsize);
        } catch (e) {
          return Promise.reject(e);
        }
        return r === undefined
          ? Promise.reject(wouldBlock())
          : Promise.resolve(r ?? EMPTY);
      }
    }
    return this.#recv(bufsize, flags);
  }

  /** The connection, when a call with `flags` on this socket may take the hot path. */
  #fastConn(flags: number): RawStream | null {
    const ep = this.#ep;
    if (ep !== null) this.#follow(ep);
    if (
      flags !== 0 || this.#timeout !== null || ep === null ||
      this.#entry === null || !this.#entry.open
    ) return null;
    if (ep.shutRd || ep.shutWr || ep.soError !== null) return null;
    return ep.conn;
  }

  /** The connection, when a call on this non-blocking socket may take the hot path. */
  #nonBlockingConn(flags: number): RawStream | null {
    const ep = this.#ep;
    if (
      flags !== 0 || this.#timeout !== 0 || ep === null ||
      this.#entry === null || !this.#entry.open
    ) return null;
    if (ep.shutRd || ep.shutWr || ep.soError !== null) return null;
    return ep.conn;
  }

  async #recv(bufsize: number, flags: number): Promise<Uint8Array> {
    const n = checkInt(bufsize);
    if (n < 0) throw new ValueError("negative buffersize in recv");
    const ep = this.#open();
    if (!ep.isStream) {
      return (await this.#recvDatagram(ep, n, flags))[0];
    }
    return this.#recvStream(ep, n, checkInt(flags));
  }

  async #recvStream(
    ep: Endpoint,
    n: number,
    flags: number,
  ): Promise<Uint8Array> {
    if (ep.shutRd) return EMPTY;
    let c = ep.conn;
    if (c === null) {
      if (ep.connecting === null) throw errorFromErrno(ENOTCONN);
      await this.#waitRead(ep, flags);
      c = ep.streamConn(false);
    }
    if (n === 0) return EMPTY;
    if ((flags & C.MSG_WAITALL) !== 0 && (flags & C.MSG_PEEK) === 0) {
      return this.#recvAll(ep, n, flags);
    }
    for (;;) {
      // A pending error comes out of tryRead as the adapter's OSError.
      const r = c.tryRead(n);
      if (r !== undefined) {
        if (r === null) return EMPTY;
        if ((flags & C.MSG_PEEK) !== 0) c.unread(r);
        return r;
      }
      await this.#waitRead(ep, flags);
      this.#open();
      if (ep.shutRd) return EMPTY;
    }
  }

  async #recvAll(
    ep: Endpoint,
    n: number,
    flags: number,
  ): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const chunk = await this.#recvStream(ep, n - got, flags & ~C.MSG_WAITALL);
      if (chunk.length === 0) break;
      out.set(chunk, got);
      got += chunk.length;
    }
    return got === n ? out : out.slice(0, got);
  }

  /**
   * Python's `recv_into(buffer[, nbytes[, flags]])`: reads into `buffer`.
   *
   * @param buffer Where the bytes go.
   * @param nbytes The most bytes to read; 0 means `buffer.length`.
   * @param flags `MSG_*` flags.
   * @returns How many bytes were read (0 at EOF).
   */
  async recv_into(
    buffer: ArrayBufferView | ArrayBuffer,
    nbytes: number = 0,
    flags: number = 0,
  ): Promise<number> {
    const buf = writableBuffer(buffer);
    let n = checkInt(nbytes);
    if (n < 0) throw new ValueError("negative buffersize in recv_into");
    if (n > buf.length) {
      throw new ValueError("buffer too small for requested bytes");
    }
    if (n === 0) n = buf.length;
    // Blocking with no flags: a runtime that reads on demand reads straight
    // into the caller's buffer. (With a timeout it must not: a read that
    // finished late would write into a buffer the caller gave up on.)
    const c = this.#fastConn(flags);
    const direct = c !== null && n > 0
      ? c.readInto?.(n === buf.length ? buf : buf.subarray(0, n))
      : undefined;
    if (direct != null) {
      const got = await direct;
      this.#open();
      return got;
    }
    const data = await this.recv(n, flags);
    buf.set(data);
    return data.length;
  }

  /**
   * Python's `recvfrom(bufsize[, flags])`: returns `[bytes, address]`. For a
   * datagram socket one datagram, cut to `bufsize` as Linux does; for a
   * stream socket the address is `null`.
   *
   * @param bufsize The most bytes to return.
   * @param flags `MSG_*` flags.
   * @returns The bytes and the sender's address.
   */
  async recvfrom(
    bufsize: number,
    flags: number = 0,
  ): Promise<[Uint8Array, Address | null]> {
    const n = checkInt(bufsize);
    if (n < 0) throw new ValueError("negative buffersize in recvfrom");
    const ep = this.#open();
    this.#follow(ep);
    if (ep.isStream) {
      return asTuple([await this.#recvStream(ep, n, checkInt(flags)), null]);
    }
    return this.#recvDatagram(ep, n, checkInt(flags));
  }

  /**
   * Python's `recvfrom_into(buffer[, nbytes[, flags]])`.
   *
   * @param buffer Where the bytes go.
   * @param nbytes The most bytes to read; 0 means `buffer.length`.
   * @param flags `MSG_*` flags.
   * @returns `[count, address]`.
   */
  async recvfrom_into(
    buffer: ArrayBufferView | ArrayBuffer,
    nbytes: number = 0,
    flags: number = 0,
  ): Promise<[number, Address | null]> {
    const buf = writableBuffer(buffer);
    let n = checkInt(nbytes);
    if (n < 0) throw new ValueError("negative buffersize in recvfrom_into");
    if (n > buf.length) {
      throw new ValueError("nbytes is greater than the length of the buffer");
    }
    if (n === 0) n = buf.length;
    const [data, addr] = await this.recvfrom(n, flags);
    buf.set(data);
    return asTuple([data.length, addr]);
  }

  async #recvDatagram(
    ep: Endpoint,
    n: number,
    flags: number,
  ): Promise<[Uint8Array, Address]> {
    for (;;) {
      const d = ep.dgram;
      if (d !== null) {
        const m = d.tryReceive();
        if (m !== undefined) {
          const peer = ep.peer;
          if (peer !== null && !sameAddr(peer, m.from)) continue;
          if ((flags & C.MSG_PEEK) !== 0) d.unreceive(m);
          const data = m.data.length > n ? m.data.slice(0, n) : m.data;
          return asTuple([data, toPython(m.from, ep.family)]);
        }
      }
      await this.#waitRead(ep, flags);
      this.#open();
    }
  }

  // ---- sending ----

  /**
   * Python's `send(data[, flags])`: sends bytes and returns how many were
   * sent. A `string` raises TypeError, as in Python 3.
   *
   * @param data The bytes.
   * @param flags `MSG_*` flags.
   * @returns The number of bytes sent.
   */
  send(
    data: ArrayBufferView | ArrayBuffer,
    flags: number = 0,
  ): Promise<number> {
    if (data instanceof Uint8Array) {
      const c = this.#fastConn(flags);
      if (c !== null) return c.write(data).then(() => data.length);
      const nb = this.#nonBlockingConn(flags);
      if (nb !== null) {
        if (!nb.writable()) return Promise.reject(wouldBlock());
        // Hand the bytes over without waiting; a failure is raised by the next call.
        const ep = this.#ep!;
        nb.write(data.slice()).catch((e: OSError) => {
          ep.soError ??= e;
        });
        return Promise.resolve(data.length);
      }
    }
    return this.#send(data, flags);
  }

  async #send(
    data: ArrayBufferView | ArrayBuffer,
    flags: number,
  ): Promise<number> {
    const bytes = toBytes(data);
    const f = checkInt(flags);
    const ep = this.#open();
    if (!ep.isStream) {
      if (ep.peer === null) throw errorFromErrno(EDESTADDRREQ);
      return await ep.sendDatagram(bytes, ep.peer);
    }
    return await this.#sendStream(ep, bytes, f, deadlineFor(this.#timeout));
  }

  async #sendStream(
    ep: Endpoint,
    bytes: Uint8Array,
    flags: number,
    deadline: number | null,
  ): Promise<number> {
    if (ep.shutWr) throw errorFromErrno(EPIPE);
    if (ep.conn === null && ep.connecting !== null) {
      if (this.#timeout === 0) throw wouldBlock();
      if (!(await waitUntil(ep.connecting, deadline))) throw timedOut();
    }
    const c = ep.streamConn(true);
    if (ep.soError !== null) {
      const e = ep.soError;
      ep.soError = null;
      throw e;
    }
    if (this.#timeout === 0 || (flags & C.MSG_DONTWAIT) !== 0) {
      if (!c.writable()) throw wouldBlock();
      // Hand the bytes over without waiting; a failure is raised by the next call.
      c.write(bytes.slice()).catch((e: OSError) => {
        ep.soError ??= e;
      });
      return bytes.length;
    }
    if (deadline === null) {
      await c.write(bytes);
      return bytes.length;
    }
    let sent = 0;
    while (sent < bytes.length) {
      const part = bytes.subarray(sent, sent + SEND_CHUNK);
      const w = c.write(part);
      let failed: unknown = null;
      const settled = w.catch((e: unknown) => {
        failed = e;
      });
      if (!(await waitUntil(settled, deadline))) {
        if (sent > 0) return sent;
        throw timedOut();
      }
      if (failed !== null) throw failed;
      sent += part.length;
    }
    return sent;
  }

  /**
   * Python's `sendall(data[, flags])`: sends all of `data`; with a timeout,
   * the whole call must finish within it.
   *
   * @param data The bytes.
   * @param flags `MSG_*` flags.
   */
  sendall(
    data: ArrayBufferView | ArrayBuffer,
    flags: number = 0,
  ): Promise<void> {
    const c = this.#fastConn(flags);
    if (c !== null && data instanceof Uint8Array) return c.write(data);
    return this.#sendall(data, flags);
  }

  async #sendall(
    data: ArrayBufferView | ArrayBuffer,
    flags: number,
  ): Promise<void> {
    const bytes = toBytes(data);
    const f = checkInt(flags);
    const ep = this.#open();
    if (!ep.isStream) {
      if (ep.peer === null) throw errorFromErrno(EDESTADDRREQ);
      await ep.sendDatagram(bytes, ep.peer);
      return;
    }
    const deadline = deadlineFor(this.#timeout);
    let sent = 0;
    do {
      sent += await this.#sendStream(
        ep,
        sent === 0 ? bytes : bytes.subarray(sent),
        f,
        deadline,
      );
      if (
        sent < bytes.length && deadline !== null &&
        performance.now() >= deadline
      ) throw timedOut();
    } while (sent < bytes.length);
  }

  /**
   * Python's `sendto(data, address)` or `sendto(data, flags, address)`:
   * sends one datagram to `address`.
   *
   * @param data The bytes.
   * @param flagsOrAddress The address, or flags when the address follows.
   * @param address The address, when flags were given.
   * @returns The number of bytes sent.
   */
  async sendto(
    data: ArrayBufferView | ArrayBuffer,
    flagsOrAddress: number | Address,
    address?: Address,
  ): Promise<number> {
    const bytes = toBytes(data);
    const addr = address === undefined ? flagsOrAddress : address;
    if (address !== undefined) checkInt(flagsOrAddress);
    const ep = this.#open();
    this.#follow(ep);
    const parsed = parseAddress(ep.family, addr, "sendto");
    if (ep.isStream) {
      // Linux ignores the address of a stream socket's sendto().
      return await this.#sendStream(
        ep,
        bytes,
        checkInt(address === undefined ? 0 : flagsOrAddress),
        deadlineFor(this.#timeout),
      );
    }
    return ep.sendDatagram(bytes, await resolveAddr(parsed));
  }

  /**
   * Python's `sendfile(file, offset=0, count=None)`: sends a file's bytes
   * through `sendall`, in chunks, never reading the whole file, and returns
   * how many were sent. `file` is one of:
   *
   * - a path, or a Deno `FsFile` or Node `FileHandle`: read at `offset` in
   *   256 KiB chunks;
   * - a Python-style file object, whose `read(size)` returns bytes (a
   *   `Uint8Array`, or a promise of one), such as a `makefile("rb")` file:
   *   Python's own fallback path, `seek(offset)` when `offset` is not 0,
   *   then `read()` in 8 KiB chunks until EOF or `count`.
   *
   * As in Python, the file's position ends at `offset` plus the bytes sent
   * (a Python-style file is sought there when it has `seek` and something
   * was sent). A Node `FileHandle` has no position to move: it is read at
   * explicit positions.
   *
   * @param file A path, a Deno `FsFile`, a Node `FileHandle` or a file
   *   object with `read(size)`.
   * @param offset Where in the file to start, or the keyword object.
   * @param count How many bytes at most (`null`: to the end), or the
   *   keyword object.
   * @param kwargs `{ offset, count }` after positional arguments.
   * @returns The number of bytes sent.
   * @throws {TypeError} `file` is not a file; a `read()` that returns a
   *   string; a keyword `sendfile()` does not have.
   * @throws {ValueError} A text-mode file, a non-blocking or datagram
   *   socket, a negative `offset` or a `count` that is not positive.
   */
  async sendfile(
    file: string | FileLike | PyFileLike,
    offset?: number | SendfileOptions,
    count?: number | null | SendfileOptions,
    kwargs?: SendfileOptions,
  ): Promise<number> {
    const [o, c] = bind("sendfile", ["offset", "count"], [
      offset,
      count,
      kwargs,
    ]);
    if (typeof file !== "string" && !isFileObject(file)) {
      throw new TypeError(
        `a file object is required, not '${pyTypeName(file)}'`,
      );
    }
    const mode = typeof file === "string"
      ? undefined
      : (file as PyFileLike).mode;
    if (typeof mode === "string" && !mode.includes("b")) {
      throw new ValueError("file should be opened in binary mode");
    }
    const start = o === undefined || o === null ? 0 : checkInt(o);
    if (start < 0) throw new ValueError(`offset must be >= 0, not ${start}`);
    const limit = c === undefined || c === null ? Infinity : checkInt(c);
    if (limit <= 0) {
      throw new ValueError(`count must be a positive integer (got ${limit})`);
    }
    const ep = this.#open();
    if (!ep.isStream) {
      throw new ValueError("only SOCK_STREAM type sockets are supported");
    }
    if (this.#timeout === 0) {
      throw new ValueError("non-blocking sockets are not supported");
    }
    if (typeof file !== "string" && !isRawFile(file)) {
      return this.#sendPyFile(file as PyFileLike, start, limit);
    }
    const owned = typeof file === "string"
      ? await runtime.openFile(file)
      : null;
    const f: FileLike = owned ?? (file as FileLike);
    const buf = new Uint8Array(
      Math.min(256 * 1024, limit === Infinity ? 256 * 1024 : limit),
    );
    let pos = start;
    let total = 0;
    try {
      while (total < limit) {
        const want = Math.min(buf.length, limit - total);
        const n = await runtime.readFileAt(f, buf.subarray(0, want), pos);
        if (n <= 0) break;
        await this.sendall(buf.subarray(0, n));
        pos += n;
        total += n;
      }
    } finally {
      await owned?.close();
    }
    return total;
  }

  /** Python's `_sendfile_use_send`: `read()` and `sendall` until EOF or `limit`. */
  async #sendPyFile(
    file: PyFileLike,
    start: number,
    limit: number,
  ): Promise<number> {
    if (start !== 0) await seekTo(file, start);
    let total = 0;
    try {
      for (;;) {
        const want = Math.min(limit - total, 8192);
        if (want <= 0) break;
        const data = toBytes(await file.read(want));
        if (data.length === 0) break;
        await this.sendall(data);
        total += data.length;
      }
      return total;
    } finally {
      if (total > 0 && typeof file.seek === "function") {
        await file.seek(start + total);
      }
    }
  }

  // ---- shutting down ----

  /**
   * Python's `shutdown(how)`: `SHUT_RD` makes further receives return EOF,
   * `SHUT_WR` sends EOF (FIN) to the peer after queued data, `SHUT_RDWR` both.
   *
   * @param how `SHUT_RD`, `SHUT_WR` or `SHUT_RDWR`.
   */
  shutdown(how: number): void {
    const h = checkInt(how);
    const ep = this.#open();
    if (h < 0 || h > 2) throw errorFromErrno(EINVAL);
    if (ep.isStream ? ep.conn === null : ep.peer === null) {
      throw errorFromErrno(ENOTCONN);
    }
    if (h === C.SHUT_RD || h === C.SHUT_RDWR) ep.shutRd = true;
    if (h === C.SHUT_WR || h === C.SHUT_RDWR) {
      ep.shutWr = true;
      ep.conn?.shutdownWrite();
    }
    ep.wakeChanged();
  }

  // ---- addresses ----

  /**
   * Python's `getsockname()`: the local address; `["0.0.0.0", 0]` before
   * bind, `""` for an unnamed Unix socket.
   *
   * @returns The local address.
   */
  getsockname(): Address {
    const ep = this.#open();
    const local = ep.local();
    if (local !== null) return toPython(local, ep.family);
    if (ep.family === C.AF_UNIX) return "";
    return ep.family === C.AF_INET6
      ? asTuple(["::", 0, 0, 0])
      : asTuple(["0.0.0.0", 0]);
  }

  /**
   * Python's `getpeername()`: the remote address; OSError ENOTCONN when not
   * connected.
   *
   * @returns The remote address.
   */
  getpeername(): Address {
    const ep = this.#open();
    const remote = ep.conn?.remote ?? ep.peer;
    if (remote == null) throw errorFromErrno(ENOTCONN);
    return toPython(remote, ep.family);
  }

  // ---- options ----

  /**
   * Python's `setsockopt(level, optname, value)`: `value` is an integer (or
   * boolean) or bytes. Supported: SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE,
   * SO_RCVBUF, SO_SNDBUF, SO_BROADCAST, SO_LINGER, SO_RCVLOWAT, SO_SNDLOWAT,
   * SO_OOBINLINE, TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
   * IPV6_V6ONLY and the IP_* TTL/TOS options; others raise ENOPROTOOPT.
   *
   * @param level `SOL_SOCKET`, `IPPROTO_TCP`, `IPPROTO_IP` or `IPPROTO_IPV6`.
   * @param optname The option.
   * @param value Its new value.
   */
  setsockopt(
    level: number,
    optname: number,
    value: number | boolean | Uint8Array | null,
    optlen?: number,
  ): void {
    setOption(this.#open(), level, optname, value, optlen);
  }

  /**
   * Python's `getsockopt(level, optname[, buflen])`: the option's value in
   * effect, as an integer, or as `buflen` bytes when `buflen` is given.
   * SO_ERROR returns and clears a pending connect error; SO_TYPE,
   * SO_DOMAIN, SO_PROTOCOL and SO_ACCEPTCONN describe the socket.
   *
   * @param level The option level.
   * @param optname The option.
   * @param buflen When given, the value is returned as this many bytes.
   * @returns The value.
   */
  getsockopt(
    level: number,
    optname: number,
    buflen?: number,
  ): number | Uint8Array {
    return getOption(this.#open(), level, optname, buflen);
  }

  // ---- files ----

  /**
   * Python's `makefile(mode="r", buffering=None, *, encoding=None,
   * errors=None, newline=None)`: a file object reading from and/or writing
   * to the socket. Modes `r`, `w`, `rw` give text (strings), with `b` bytes.
   * The socket's connection stays open until the file is closed too.
   * Keyword arguments come as one trailing object:
   * `makefile("r", { encoding: "latin-1" })`.
   *
   * @param mode `"r"`, `"rb"`, `"w"`, `"wb"`, `"rw"`, `"rwb"`, or the keyword object.
   * @param buffering Buffer size; 0 only in binary mode (unbuffered); or the keyword object.
   * @param kwargs `{ mode, buffering, encoding, errors, newline }`.
   * @returns The file.
   * @throws {TypeError} A keyword `makefile()` does not have, or a third
   *   positional argument.
   */
  makefile(
    mode?: string | MakefileOptions,
    buffering?: number | null | MakefileOptions,
    kwargs?: MakefileOptions,
  ): SocketFile {
    const [m, buf, encoding, errors, newline] = bind(
      "makefile",
      [
        "mode",
        "buffering",
        "encoding",
        "errors",
        "newline",
      ],
      [mode, buffering, kwargs],
      2,
    ) as [
      string | undefined,
      number | null | undefined,
      string | null | undefined,
      string | null | undefined,
      string | null | undefined,
    ];
    const options: SocketFileOptions = {};
    if (encoding !== undefined) options.encoding = encoding;
    if (errors !== undefined) options.errors = errors;
    if (newline !== undefined) options.newline = newline;
    this.#open();
    const f = new SocketFile(this, m ?? "r", buf ?? null, options, () => {
      if (--this.#ioRefs === 0 && this.#closePending) this.#realClose();
    }, (e) => {
      // A failed send of what a disposed file handed over: the next send raises it.
      const ep = this.#ep;
      if (ep !== null && e instanceof OSError) ep.soError ??= e;
    });
    this.#ioRefs++;
    return f;
  }

  /** Python's `repr()` of the socket. */
  toString(): string {
    const parts: string[] = [];
    const fd = this.fileno();
    parts.push(
      `fd=${fd}`,
      `family=${this.family}`,
      `type=${this.type}`,
      `proto=${this.proto}`,
    );
    // Closed while a makefile() file holds it, the descriptor lives on.
    const closed = fd < 0 || this.#closePending;
    if (!closed) {
      // As Python: each address's str() (a Unix path unquoted), and none
      // for an empty one (an unnamed Unix socket).
      try {
        const laddr = this.getsockname();
        if (laddr.length > 0) parts.push(`laddr=${pyStr(laddr)}`);
        const raddr = this.getpeername();
        if (raddr.length > 0) parts.push(`raddr=${pyStr(raddr)}`);
      } catch { /* not connected */ }
    }
    return `<socket.socket${closed ? " [closed]" : ""} ${parts.join(", ")}>`;
  }
}

/** An open file that sendfile() reads: a Deno `FsFile` or a Node `FileHandle`. */
export interface FileLike {
  /** Node's `FileHandle.read(buffer, offset, length, position)` or Deno's `FsFile.read(buffer)`. */
  // deno-lint-ignore no-explicit-any
  read(buffer: Uint8Array, ...rest: any[]): Promise<any>;
  /** Deno's `FsFile.seek`, used to honour `offset`. */
  seek?(offset: number, whence: number): Promise<number>;
}

/**
 * A Python-style binary file object that sendfile() reads: `read(size)`
 * returns up to `size` bytes (empty at EOF), as Python's files do; `seek`
 * is needed for a non-zero `offset`. A `makefile("rb")` file is one.
 */
export interface PyFileLike {
  /**
   * Python's `read(size)`: up to `size` bytes (a `Uint8Array`, or a promise
   * of one), empty at EOF. Anything else is Python's TypeError.
   */
  read(size: number): unknown;
  /** Python's `seek(pos)`: moves to byte `pos`. */
  seek?(pos: number): unknown;
  /** Python's `mode`: a text mode (no `"b"`) is refused, as in Python. */
  readonly mode?: string;
}

/** Whether `f` has a `read` method: a file of some kind. */
function isFileObject(f: unknown): f is FileLike | PyFileLike {
  return (typeof f === "object" || typeof f === "function") && f !== null &&
    typeof (f as { read?: unknown }).read === "function";
}

/**
 * Whether `f` is a runtime's own open file, read into a buffer: a Deno
 * `FsFile` (it has `readSync`) or a Node `FileHandle` (a numeric `fd` and
 * `stat()`); any other file object is read as Python reads one.
 */
function isRawFile(f: FileLike | PyFileLike): f is FileLike {
  const o = f as unknown as Record<string, unknown>;
  return typeof o.readSync === "function" ||
    (typeof o.fd === "number" && typeof o.stat === "function");
}

/** Python's `file.seek(pos)` for sendfile's offset. */
async function seekTo(file: PyFileLike, pos: number): Promise<void> {
  if (typeof file.seek !== "function") {
    // Python raises AttributeError (or io.UnsupportedOperation) here.
    throw new TypeError(
      `sendfile() with an offset needs a seekable file: '${
        file.constructor?.name ?? "object"
      }' object has no attribute 'seek'`,
    );
  }
  await file.seek(pos);
}

showAsPython(socket);

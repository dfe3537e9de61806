// What a socket is at the OS level, apart from the Python object: dup()
// makes a second socket object (its own descriptor and timeout) on the same
// connection, so the connection, its state and its options live here, one
// per connection, and the socket class drives it. select() sees this object
// through the descriptor table: readiness is computed here.

import { errorFromErrno, type OSError } from "../builtins/os_error.ts";
import { runtime } from "../_runtime/mod.ts";
import type {
  RawAddr,
  RawBoundStream,
  RawDatagram,
  RawListener,
  RawStream,
} from "../_runtime/mod.ts";
import type { Selectable } from "../_shared/fd_table.ts";
import { Waiter, Watchers } from "../_shared/readiness.ts";
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLOUT,
  POLLRDHUP,
  POLLRDNORM,
  POLLWRNORM,
} from "../_shared/constants.ts";
import { callerIsDaemon } from "../_shared/thread_context.ts";
import { ENOTCONN, EPIPE } from "../errno/constants.ts";
import * as C from "./constants.ts";

// A watcher asking for POLLPRI (0x002) or POLLRDBAND (0x080) waits on reads,
// one asking for POLLWRBAND (0x200) on writes; no socket here reports them.
const READ_EVENTS = POLLIN | POLLRDNORM | 0x002 | 0x080 | POLLRDHUP | POLLERR |
  POLLHUP;
const WRITE_EVENTS = POLLOUT | POLLWRNORM | 0x200;

/** The OS-level state shared by a socket and its dup()s. */
export class Endpoint implements Selectable {
  readonly family: number;
  readonly type: number;
  readonly proto: number;
  refs = 1;
  bound: RawBoundStream | null = null;
  listener: RawListener | null = null;
  conn: RawStream | null = null;
  connecting: Promise<void> | null = null;
  connectAbort: AbortController | null = null;
  /** A non-blocking connect finished; the next connect() reports 0 once. */
  connectUnreported = false;
  dgram: RawDatagram | null = null;
  peer: RawAddr | null = null;
  soError: OSError | null = null;
  shutRd = false;
  shutWr = false;
  /** Options set with setsockopt, by "level:name"; made at the first. */
  #opts: Map<string, number | Uint8Array> | null = null;
  daemon = false;
  /** Woken when the state changes; made when first waited on (see changed). */
  #changed: Waiter | null = null;
  // Made at the first watch: an idle connection's socket never needs them.
  #readers: Watchers | null = null;
  #writers: Watchers | null = null;

  constructor(family: number, type: number, proto: number) {
    this.family = family;
    this.type = type;
    this.proto = proto;
    this.daemon = callerIsDaemon();
  }

  /** Whether the OS resources may keep the process alive (not for a daemon thread's socket). */
  setDaemon(on: boolean): void {
    if (this.daemon === on) return;
    this.daemon = on;
    this.listener?.setRef(!on);
    this.conn?.setRef(!on);
    this.dgram?.setRef(!on);
  }

  /**
   * Woken when the state changes (listen, connect, close, shutdown): the
   * waiter, made at the first wait, since most sockets never have one.
   */
  get changed(): Waiter {
    return this.#changed ??= new Waiter();
  }

  /** Wakes whoever waits for a state change (nobody, mostly: then cheap). */
  wakeChanged(): void {
    this.#changed?.wake();
  }

  #readSource(): Promise<void> {
    const src = this.conn?.waitReadable() ?? this.listener?.waitAcceptable() ??
      this.dgram?.waitReadable() ??
      this.connecting;
    return src === null ? this.changed.wait() : this.#orChanged(src);
  }

  #writeSource(): Promise<void> {
    const src = this.conn?.waitWritable() ?? this.connecting;
    return src === null ? this.changed.wait() : this.#orChanged(src);
  }

  /** `src`, or a state change (shutdown, close) if that comes first. */
  #orChanged(src: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const off = this.changed.once(resolve);
      src.then(() => {
        off();
        resolve();
      }, resolve);
    });
  }

  /** Readiness as Linux's poll(2) reports it for a socket in this state. */
  pollEvents(): number {
    if (this.refs === 0) return 0;
    if (!this.isStream) {
      const d = this.dgram?.pollEvents() ?? POLLOUT;
      return (d & POLLIN ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM |
        (d & POLLERR);
    }
    if (this.listener !== null) {
      return this.listener.pollEvents() & POLLIN ? POLLIN | POLLRDNORM : 0;
    }
    const c = this.conn;
    if (c !== null) {
      let ev = c.pollEvents();
      if (this.shutRd) ev |= POLLIN | POLLRDHUP;
      if (this.shutWr) ev |= POLLOUT;
      // Linux: HUP once both directions are shut, by us or by the peer's FIN.
      if ((this.shutRd || (ev & POLLRDHUP) !== 0) && this.shutWr) ev |= POLLHUP;
      if (this.soError !== null) ev |= POLLERR;
      if (ev & POLLIN) ev |= POLLRDNORM;
      if (ev & POLLOUT) ev |= POLLWRNORM;
      return ev;
    }
    if (this.connecting !== null) return 0;
    if (this.soError !== null) {
      // A failed connect: Linux reports the closed socket as everything.
      return POLLIN | POLLRDNORM | POLLRDHUP | POLLOUT | POLLWRNORM | POLLERR |
        POLLHUP;
    }
    return POLLOUT | POLLWRNORM | POLLHUP;
  }

  /** Calls `cb` once when readiness for `events` may have changed. */
  watch(events: number, cb: () => void): () => void {
    const r = events & READ_EVENTS
      ? (this.#readers ??= new Watchers(() => this.#readSource())).add(cb)
      : null;
    const w = events & WRITE_EVENTS
      ? (this.#writers ??= new Watchers(() => this.#writeSource())).add(cb)
      : null;
    if (r === null && w === null) return this.changed.once(cb);
    return () => {
      r?.();
      w?.();
    };
  }

  get isStream(): boolean {
    return this.type === C.SOCK_STREAM;
  }

  opt(level: number, name: number): number | Uint8Array | undefined {
    return this.#opts?.get(`${level}:${name}`);
  }

  setOpt(level: number, name: number, value: number | Uint8Array): void {
    (this.#opts ??= new Map()).set(`${level}:${name}`, value);
  }

  flag(level: number, name: number): boolean {
    const v = this.opt(level, name);
    return typeof v === "number" ? v !== 0 : false;
  }

  local(): RawAddr | null {
    return this.conn?.local ?? this.listener?.local ?? this.bound?.local ??
      this.dgram?.local ?? null;
  }

  /**
   * The connection of a stream socket, or why there is none: a pending
   * connect error (reported once), else EPIPE for a send, ENOTCONN for a
   * receive.
   */
  streamConn(forSend: boolean): RawStream {
    const c = this.conn;
    if (c !== null) return c;
    if (this.soError !== null) {
      const e = this.soError;
      this.soError = null;
      throw e;
    }
    if (forSend) throw errorFromErrno(EPIPE);
    throw errorFromErrno(ENOTCONN);
  }

  /**
   * The datagram socket, bound first to the wildcard address (an unnamed
   * address for AF_UNIX) when it is not bound yet, as Linux does on the
   * first send or connect.
   */
  ensureDgram(): RawDatagram {
    if (this.dgram === null) {
      if (this.family === C.AF_UNIX) {
        this.dgram = runtime.bindDatagram({ family: 1, path: "" }, {});
      } else {
        this.dgram = runtime.bindDatagram(
          this.family === C.AF_INET6
            ? { family: 10, host: "::", port: 0 }
            : { family: 2, host: "0.0.0.0", port: 0 },
          { v6Only: this.flag(C.IPPROTO_IPV6, C.IPV6_V6ONLY) },
        );
      }
      this.applyDgramOpts();
      if (this.daemon) this.dgram.setRef(false);
      this.wakeChanged();
    }
    return this.dgram;
  }

  /** Applies the options set before the datagram socket existed. */
  applyDgramOpts(): void {
    if (this.flag(C.SOL_SOCKET, C.SO_BROADCAST)) this.dgram?.setBroadcast(true);
  }

  /**
   * A datagram socket's connect(): binds first if need be, and connects
   * the OS socket where the runtime can, so a closed port is reported as
   * ConnectionRefusedError by the next call, as on Linux.
   */
  connectDgram(to: RawAddr): void {
    const d = this.ensureDgram();
    d.connect?.(to);
    this.peer = to;
  }

  /** SO_ERROR: the pending error (a connect's, or the OS's for a datagram socket), cleared. */
  takeError(): OSError | null {
    const e = this.soError ?? this.dgram?.takeError() ?? null;
    this.soError = null;
    return e;
  }

  /** Sends one datagram to `to`, binding first if need be. */
  sendDatagram(bytes: Uint8Array, to: RawAddr): Promise<number> {
    const d = this.ensureDgram();
    return d.send(bytes, to);
  }

  close(): void {
    this.connectAbort?.abort();
    this.connectAbort = null;
    this.wakeChanged();
    this.conn?.close();
    this.listener?.close();
    this.bound?.close();
    this.dgram?.close();
    this.conn = null;
    this.listener = null;
    this.bound = null;
    this.dgram = null;
  }
}

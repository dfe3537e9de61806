// The one narrow interface between pyport's Python-semantics layer and a
// JavaScript runtime. Each runtime implements it in its own private file
// (deno.ts, node.ts); public classes never branch on the runtime.
//
// Every call that fails throws (or rejects with) an OSError subclass built
// by ./map_error.ts, with Linux errno numbers, so the layers above never map
// an error again. (The file calls for sendfile() are the one exception: they
// pass the runtime's errors through, as they always have.)

import type { OSError } from "../builtins/os_error.ts";

/** An internet or Unix socket address as the runtimes see it. */
export type RawAddr =
  | { readonly family: 2 | 10; readonly host: string; readonly port: number }
  | { readonly family: 1; readonly path: string };

/** Options for binding a stream socket. */
export interface BindOptions {
  reusePort?: boolean;
  reuseAddr?: boolean;
  v6Only?: boolean;
}

/**
 * poll(2) bits (Linux values): what the adapters report and, through
 * `_shared/constants.ts`, the one definition every module uses.
 */
export const POLLIN = 0x001,
  POLLOUT = 0x004,
  POLLERR = 0x008,
  POLLHUP = 0x010,
  POLLRDNORM = 0x040,
  POLLWRNORM = 0x100,
  POLLRDHUP = 0x2000;

/** A connected byte stream (TCP or Unix), pulled by the socket layer. */
export interface RawStream {
  /**
   * Readiness now, as poll(2) bits: POLLIN (data, EOF or an error to
   * report), POLLRDHUP (the peer sent EOF), POLLOUT (a write would not
   * wait), POLLERR, POLLHUP. An adapter that reads only on demand starts a
   * read here, so readiness arrives without anyone calling recv.
   */
  pollEvents(): number;
  /**
   * Takes up to `max` bytes that are ready now: a chunk, `null` at EOF, or
   * `undefined` when nothing is ready. Throws a pending error once.
   */
  tryRead(max: number): Uint8Array | null | undefined;
  /**
   * `tryRead(max)` that waits: resolves with up to `max` bytes, empty at
   * EOF; rejects with a pending error, or EBADF when closed meanwhile. The
   * hot path of recv(): bytes arriving go straight to the waiting reader.
   */
  read(max: number): Promise<Uint8Array>;
  /**
   * Optional: when nothing is queued and no read is in flight, reads
   * straight into `buf` and resolves with the count (0 at EOF). Returns
   * null when it cannot (bytes queued, a read in flight, EOF or an error
   * pending); the caller then takes the `tryRead` path.
   */
  readInto?(buf: Uint8Array): Promise<number> | null;
  /** Puts bytes taken by `tryRead` back in front (for MSG_PEEK). */
  unread(chunk: Uint8Array): void;
  /** Resolves when `tryRead` would return something other than `undefined`. */
  waitReadable(): Promise<void>;
  /** Hands all of `data` to the OS; rejects with an OSError. */
  write(data: Uint8Array): Promise<void>;
  /** Whether a write now would not have to wait for buffer space. */
  writable(): boolean;
  /** Resolves when `writable()` is true (or an error is pending). */
  waitWritable(): Promise<void>;
  /** Sends FIN after queued data. */
  shutdownWrite(): void;
  /** Releases the connection. Safe to call twice. */
  close(): void;
  readonly local: RawAddr;
  readonly remote: RawAddr;
  setNoDelay(on: boolean): void;
  setKeepAlive(on: boolean): void;
  /** Whether the stream keeps the process alive. */
  setRef(on: boolean): void;
}

/** A bound stream endpoint, not yet listening or connected. */
export interface RawBoundStream {
  readonly local: RawAddr;
  /** Starts listening; the bound endpoint is used up. */
  listen(backlog: number): RawListener;
  /** Releases the binding. */
  close(): void;
}

/** A listening stream socket. */
export interface RawListener {
  /** POLLIN when a connection is waiting (or an error), as poll(2) reports. */
  pollEvents(): number;
  /** A connection accepted and ready now, or `undefined`. Throws a pending error. */
  tryAccept(): RawStream | undefined;
  /** Resolves when `tryAccept` would return a connection (or throw). */
  waitAcceptable(): Promise<void>;
  readonly local: RawAddr;
  close(): void;
  setRef(on: boolean): void;
}

/** One received datagram. */
export interface RawDatagramMessage {
  data: Uint8Array;
  from: RawAddr;
}

/** A bound datagram (UDP) socket. */
export interface RawDatagram {
  /** POLLIN when a datagram is waiting; POLLOUT always. */
  pollEvents(): number;
  /** A datagram that has arrived, or `undefined`. */
  tryReceive(): RawDatagramMessage | undefined;
  /** Puts a datagram taken by `tryReceive` back in front (for MSG_PEEK). */
  unreceive(m: RawDatagramMessage): void;
  /** Resolves when `tryReceive` would return a datagram. */
  waitReadable(): Promise<void>;
  /** Sends one datagram; resolves with the number of bytes sent. */
  send(data: Uint8Array, to: RawAddr): Promise<number>;
  readonly local: RawAddr;
  /**
   * Connects the OS socket to `to` (null: undoes it), so that the OS
   * reports errors for that peer, such as ICMP port unreachable for a
   * closed port. Absent where the runtime cannot: the socket layer then
   * keeps the peer itself, and such errors are never learned.
   */
  readonly connect?: (to: RawAddr | null) => void;
  /**
   * Takes the error the OS reported for the socket and has not raised yet
   * (Linux's SO_ERROR), or null. While one is pending, `pollEvents()` has
   * POLLERR, `tryReceive()` throws it and `send()` rejects with it, once.
   */
  takeError(): OSError | null;
  setBroadcast(on: boolean): void;
  close(): void;
  setRef(on: boolean): void;
}

/**
 * An open file that `sendfile()` reads, as its caller passed it: a Node
 * `FileHandle`, read at a position, or a Deno `FsFile`, read after a seek.
 */
export interface RawFile {
  /** `FileHandle.read(buffer, offset, length, position)` or `FsFile.read(buffer)`. */
  // deno-lint-ignore no-explicit-any
  read(buffer: Uint8Array, ...rest: any[]): Promise<any>;
  /** `FsFile.seek(offset, whence)`: a Deno file has it, a Node one does not. */
  seek?(offset: number, whence: number): Promise<number>;
}

/** What a runtime adapter provides. */
export interface Runtime {
  readonly name: "deno" | "node" | "bun";
  /** The runtime's name as messages show it: "Deno", "Node" or "Bun". */
  readonly displayName: "Deno" | "Node" | "Bun";
  /** Binds a stream socket synchronously (throws OSError). */
  bindStream(addr: RawAddr, opts: BindOptions): RawBoundStream;
  /**
   * Connects a stream socket, optionally from a local address. `signal`
   * aborts a connection attempt that is no longer wanted.
   */
  connect(
    addr: RawAddr,
    local: RawAddr | null,
    signal: AbortSignal | null,
  ): Promise<RawStream>;
  /** Binds a datagram socket synchronously (throws OSError). */
  bindDatagram(addr: RawAddr, opts: BindOptions): RawDatagram;
  /** Resolves a host name to addresses (getaddrinfo); rejects with gaierror-style OSError. */
  lookup(
    host: string,
    family: 0 | 2 | 10,
  ): Promise<{ host: string; family: 2 | 10 }[]>;
  /** Reverse lookup of an address. */
  reverse(host: string): Promise<string[]>;
  hostname(): string;
  /**
   * Makes a new directory for temporary files, named `prefix` and a few
   * random characters, in the system's place for them, and returns its
   * path. Without reading the environment (TMPDIR): on Deno that would
   * take another permission.
   */
  makeTempDir(prefix: string): string;
  /**
   * Opens the file at `path` for reading, for sendfile(). Unlike the calls
   * above, its errors are the runtime's own, unmapped, as sendfile() has
   * always raised them.
   */
  openFile(path: string): Promise<RawFile & { close(): Promise<void> }>;
  /**
   * Reads up to `buf.length` bytes of `file` from byte `position` into
   * `buf` and resolves with the count, 0 at the end of the file. The file's
   * own errors pass through unmapped, as for `openFile`.
   */
  readFileAt(file: RawFile, buf: Uint8Array, position: number): Promise<number>;
  /**
   * Resolves once the runtime has asked the OS for I/O readiness at least
   * once since the call and delivered what it found: bytes already in a
   * socket's kernel buffer then show in `pollEvents()`, as poll(2) sees
   * them. What a select-like call does before it answers without waiting.
   */
  settle(): Promise<void>;
}

/**
 * Workers and child processes: the part of the runtime interface that
 * multiprocessing uses, kept apart so that a child process does not load
 * the socket adapters.
 */
export interface ProcessRuntime {
  /**
   * Starts a Worker running the module at `url`. A daemon Worker does not
   * keep the process alive.
   */
  startWorker(url: URL, daemon: boolean): RawWorker;
  /**
   * Workers kept warm for the next starts are made, unref'd
   * (`startWorker(url, true)`), once this many ms have passed without a new
   * start, and this many ms apart (at once after a start that found none
   * ready).
   */
  readonly warmAfter: number;
  /**
   * This process's environment variables and working directory, each null
   * where reading it would need a permission this program lacks (Deno),
   * so that asking never prompts or fails.
   */
  environment(): {
    env: Record<string, string | undefined> | null;
    cwd: string | null;
  };
  /** In a Worker: the channel to the thread that started it; else null. */
  parentChannel(): ParentChannel | null;
  /**
   * Starts a new OS process of this runtime running the module at `url`,
   * with the same permissions, stdin a pipe, stdout and stderr inherited.
   */
  spawnChild(url: URL, daemon: boolean): RawChild;
  /** In a process made by `spawnChild`: reads its stdin to the end. */
  readStdin(): Promise<Uint8Array>;
  /**
   * Calls `cb` with the exit code when this process or Worker ends by an
   * explicit exit (Node's `process.exit()`, `Deno.exit()`), before it ends:
   * the one moment a Worker child can still hand its code to its parent.
   */
  onExit(cb: (code: number) => void): void;
}

/** A Worker started by `startWorker`. */
export interface RawWorker {
  /** Posts a message (structured clone; SharedArrayBuffers are shared). */
  post(msg: unknown): void;
  /**
   * Calls `cb` once when the Worker has ended: with its exit code where the
   * runtime reports one (Node), or with the error that ended it.
   */
  onEnd(cb: (code: number | null, error: unknown) => void): void;
  /** Stops the Worker at once. */
  terminate(): void;
  /** Whether the Worker keeps the process alive (a web Worker always does). */
  setRef(on: boolean): void;
  /**
   * Whether the Worker's `process.env` is its process's (a Deno web
   * Worker's), not a copy made with the Worker (node:worker_threads on
   * Node, Bun and Deno).
   */
  readonly sharesEnv: boolean;
}

/** A Worker's end of the channel to its parent. */
export interface ParentChannel {
  /** Calls `cb` with the first message from the parent. */
  onFirstMessage(cb: (msg: unknown) => void): void;
  /** Ends this Worker with `code` (output written before is kept). */
  exit(code: number): void;
}

/** A child OS process started by `spawnChild`. */
export interface RawChild {
  readonly pid: number;
  /** Writes to the child's stdin, then closes it. */
  send(data: Uint8Array): Promise<void>;
  /** Resolves when the child ends: its exit code, or -signal number. */
  readonly ended: Promise<number>;
  /** Sends a signal. */
  kill(signal: "SIGTERM" | "SIGKILL"): void;
  /** Whether the child keeps this process alive (a daemon one does not). */
  setRef(on: boolean): void;
  /**
   * Whether a child spawned now would start as this one did (on Deno,
   * with the same permissions): a child made ahead of time is used only
   * then.
   */
  current(): boolean;
}

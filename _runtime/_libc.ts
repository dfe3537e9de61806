// Sockets bound by the C library's own calls, through Bun's FFI. Bun has
// no process.binding("tcp_wrap") (nor "pipe_wrap"), the handles the Node
// adapter binds stream sockets with, node:net only binds as part of
// listen(), and Bun's node:dgram binds after bind() has returned. So on Bun
// a socket is made, bound and (a stream one) put to listening as Python
// does, with socket(2), bind(2) and listen(2), and the descriptor is then
// handed to node:net (server.listen({ fd })) or node:dgram
// (socket.bind({ fd })), which Bun takes it with. Every value read right
// after bind() is then the OS's: the port chosen for port 0, EADDRINUSE
// from bind() itself, and a stream socket that is bound but not listening
// refuses connections, as under Python.
//
// Linux only: the structures below are Linux's (sockaddr without a length
// byte, its option numbers). The FFI module is loaded on first use, with
// process.getBuiltinModule (synchronous, unlike import()), so the file
// loads on every runtime.

import os from "node:os";
import process from "node:process";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { EINVAL } from "../errno/constants.ts";
import type { BindOptions, RawAddr } from "./types.ts";

// The part of bun:ffi used here (Bun's own types are not installed).
interface BunFfi {
  dlopen(
    path: string,
    symbols: Record<string, { args: string[]; returns: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => number> };
  read: { i32(ptr: number, offset?: number): number };
}

const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_REUSEADDR = 2;
const SO_BROADCAST = 6;
const SO_REUSEPORT = 15;
const IPPROTO_IPV6 = 41;
const IPV6_V6ONLY = 26;
/** sizeof(struct sockaddr_un): family and 108 bytes of path. */
const SOCKADDR_UN_SIZE = 110;

const SYMBOLS = {
  socket: { args: ["i32", "i32", "i32"], returns: "i32" },
  setsockopt: { args: ["i32", "i32", "i32", "ptr", "u32"], returns: "i32" },
  bind: { args: ["i32", "ptr", "u32"], returns: "i32" },
  listen: { args: ["i32", "i32"], returns: "i32" },
  getsockname: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  close: { args: ["i32"], returns: "i32" },
  inet_pton: { args: ["i32", "ptr", "ptr"], returns: "i32" },
  inet_ntop: { args: ["i32", "ptr", "ptr", "u32"], returns: "ptr" },
  __errno_location: { args: [], returns: "ptr" },
};

type Libc = {
  call: Record<keyof typeof SYMBOLS, (...args: unknown[]) => number>;
  read: BunFfi["read"];
};

let libc: Libc | null = null;

/** Whether this runtime binds through here: Bun (which needs Linux). */
export function hasLibcSockets(): boolean {
  return typeof process.versions.bun === "string";
}

function load(): Libc {
  if (libc !== null) return libc;
  if (os.platform() !== "linux") {
    throw new NotImplementedError(
      `binding a socket is not available on Bun on ${os.platform()}: ` +
        "pyport binds sockets on Bun through Linux's C library (bun:ffi)",
    );
  }
  const ffi = (process as unknown as {
    getBuiltinModule(id: string): unknown;
  }).getBuiltinModule("bun:ffi") as BunFfi;
  let lib: ReturnType<BunFfi["dlopen"]> | null = null;
  // glibc's name, then musl's (Alpine).
  for (const name of ["libc.so.6", `libc.musl-${os.machine()}.so.1`]) {
    try {
      lib = ffi.dlopen(name, SYMBOLS);
      break;
    } catch { /* try the next name */ }
  }
  if (lib === null) {
    throw new NotImplementedError(
      "binding a socket is not available on this Bun: its FFI (bun:ffi) " +
        "found no C library (libc.so.6)",
    );
  }
  libc = {
    call: lib.symbols as Libc["call"],
    read: ffi.read,
  };
  return libc;
}

/** The OSError for the errno the last failed call left. */
function lastError(c: Libc): OSError {
  return errorFromErrno(c.read.i32(c.call.__errno_location()));
}

const encoder = new TextEncoder();

/** A C string: the text's UTF-8 bytes and a NUL. */
function cString(s: string): Uint8Array {
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** `addr` as the sockaddr bind(2) takes. */
function sockaddr(c: Libc, addr: RawAddr): Uint8Array {
  if (addr.family === 1) {
    // An abstract name (leading NUL) is exactly its bytes; a path ends in
    // a NUL. The socket layer has refused paths too long for sun_path.
    const path = encoder.encode(addr.path);
    const abstract = addr.path.startsWith("\0");
    const size = 2 + path.length + (abstract ? 0 : 1);
    if (size > SOCKADDR_UN_SIZE) throw new OSError("AF_UNIX path too long");
    const sa = new Uint8Array(size);
    new DataView(sa.buffer).setUint16(0, 1, true);
    sa.set(path, 2);
    return sa;
  }
  const v6 = addr.family === 10;
  const sa = new Uint8Array(v6 ? 28 : 16);
  const dv = new DataView(sa.buffer);
  dv.setUint16(0, addr.family, true);
  dv.setUint16(2, addr.port, false);
  const bytes = sa.subarray(v6 ? 8 : 4, v6 ? 24 : 8);
  if (c.call.inet_pton(addr.family, cString(addr.host), bytes) !== 1) {
    throw errorFromErrno(EINVAL);
  }
  return sa;
}

/** The internet address a socket is bound to (getsockname(2)). */
function localName(c: Libc, fd: number): RawAddr {
  const sa = new Uint8Array(128);
  const len = new Uint32Array([sa.length]);
  if (c.call.getsockname(fd, sa, len) !== 0) throw lastError(c);
  const dv = new DataView(sa.buffer);
  const family = dv.getUint16(0, true) === 10 ? 10 : 2;
  const text = new Uint8Array(64);
  const src = sa.subarray(family === 10 ? 8 : 4);
  if (c.call.inet_ntop(family, src, text, text.length) === 0) {
    throw lastError(c);
  }
  const host = new TextDecoder().decode(text.subarray(0, text.indexOf(0)));
  return { family, host, port: dv.getUint16(2, false) };
}

function setFlag(
  c: Libc,
  fd: number,
  level: number,
  name: number,
  on = true,
): void {
  const value = new Int32Array([on ? 1 : 0]);
  if (c.call.setsockopt(fd, level, name, value, 4) !== 0) throw lastError(c);
}

/**
 * SO_BROADCAST on a descriptor `bindFd` made: Bun's dgram sets it only
 * once it has taken the descriptor, which is after bind() has returned.
 */
export function setBroadcastFd(fd: number, on: boolean): void {
  setFlag(load(), fd, SOL_SOCKET, SO_BROADCAST, on);
}

/**
 * A new stream (or, `datagram`, UDP) socket bound to `addr` with the
 * options Python's program set before bind(): its descriptor and the
 * address the OS gave it.
 */
export function bindFd(
  addr: RawAddr,
  opts: BindOptions,
  datagram = false,
): { fd: number; local: RawAddr } {
  const c = load();
  const sa = sockaddr(c, addr);
  const fd = c.call.socket(
    addr.family,
    (datagram ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC,
    0,
  );
  if (fd < 0) throw lastError(c);
  try {
    if (addr.family !== 1) {
      if (opts.reuseAddr) setFlag(c, fd, SOL_SOCKET, SO_REUSEADDR);
      if (opts.reusePort) setFlag(c, fd, SOL_SOCKET, SO_REUSEPORT);
      if (addr.family === 10 && opts.v6Only) {
        setFlag(c, fd, IPPROTO_IPV6, IPV6_V6ONLY);
      }
    }
    if (c.call.bind(fd, sa, sa.length) !== 0) throw lastError(c);
    return { fd, local: addr.family === 1 ? addr : localName(c, fd) };
  } catch (e) {
    c.call.close(fd);
    throw e;
  }
}

/** listen(2) on a descriptor `bindFd` made. */
export function listenFd(fd: number, backlog: number): void {
  const c = load();
  if (c.call.listen(fd, backlog) !== 0) throw lastError(c);
}

/** close(2) of a descriptor `bindFd` made and nobody else owns. */
export function closeFd(fd: number): void {
  load().call.close(fd);
}

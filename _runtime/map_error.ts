// Translates the runtimes' errors (Deno error classes and messages, Node
// `errno`/`code`) into Python's OSError family with Linux errno numbers.

import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { gaierror } from "./gaierror.ts";
import * as E from "../errno/constants.ts";

const NODE_CODES: Record<string, number> = {
  ENOTFOUND: -2,
  EAI_NONAME: -2,
  EAI_AGAIN: -3,
  EAI_FAIL: -4,
  EAI_NODATA: -5,
  EAI_FAMILY: -6,
  EAI_SERVICE: -8,
  ERR_STREAM_WRITE_AFTER_END: E.EPIPE,
  ERR_STREAM_DESTROYED: E.EBADF,
  ERR_SOCKET_DGRAM_NOT_RUNNING: E.EBADF,
  ERR_SOCKET_CLOSED: E.EBADF,
  ERR_SOCKET_BAD_PORT: E.EINVAL,
  ERR_INVALID_ADDRESS_FAMILY: E.EAFNOSUPPORT,
  ERR_INVALID_IP_ADDRESS: E.EINVAL,
  ERR_SOCKET_DGRAM_IS_CONNECTED: E.EISCONN,
  ERR_SOCKET_DGRAM_NOT_CONNECTED: E.EDESTADDRREQ,
};

const DENO_NAMES: Record<string, number> = {
  AddrInUse: E.EADDRINUSE,
  AddrNotAvailable: E.EADDRNOTAVAIL,
  BadResource: E.EBADF,
  BrokenPipe: E.EPIPE,
  ConnectionAborted: E.ECONNABORTED,
  ConnectionRefused: E.ECONNREFUSED,
  ConnectionReset: E.ECONNRESET,
  NotConnected: E.ENOTCONN,
  NotFound: E.ENOENT,
  AlreadyExists: E.EEXIST,
  PermissionDenied: E.EACCES,
  TimedOut: E.ETIMEDOUT,
  WouldBlock: E.EAGAIN,
  InvalidData: E.EINVAL,
  Interrupted: E.EINTR,
  IsADirectory: E.EISDIR,
  NotADirectory: E.ENOTDIR,
};

function gaiFromMessage(msg: string): number | undefined {
  if (
    /Name or service not known|No address associated|nodename nor servname|not known/i
      .test(msg)
  ) return -2;
  if (/Temporary failure in name resolution/i.test(msg)) return -3;
  if (/Non-recoverable failure/i.test(msg)) return -4;
  if (/failed to lookup address/i.test(msg)) return -2;
  return undefined;
}

/**
 * Turns anything a runtime threw into Python's OSError subclass. An OSError
 * passes through unchanged; an error it cannot place becomes OSError with
 * the runtime's message (never silently dropped).
 */
export function mapError(err: unknown, filename?: string): OSError {
  if (err instanceof OSError) return err;
  const e = err as {
    errno?: unknown;
    code?: unknown;
    message?: unknown;
    name?: unknown;
  };
  const message = typeof e?.message === "string" ? e.message : String(err);
  // A permission Deno was not given: its message says which flag to add.
  if (e?.name === "NotCapable") return permissionError(message);
  if (typeof e?.code === "string") {
    const gai = NODE_CODES[e.code];
    if (gai !== undefined && gai < 0) return gaierror.fromCode(gai);
    if (gai !== undefined) return errorFromErrno(gai, filename);
    const n = (E as Record<string, number>)[e.code];
    if (typeof n === "number") return errorFromErrno(n, filename);
  }
  // libuv's UV_UNKNOWN (-4094) is no errno: keep the runtime's message.
  if (e?.code === "UNKNOWN") return new OSError(message);
  if (typeof e?.errno === "number" && e.errno < 0 && e.errno > -4094) {
    return errorFromErrno(-e.errno, filename);
  }
  const os = /\(os error (\d+)\)/.exec(message);
  if (os) return errorFromErrno(Number(os[1]), filename);
  const gai = gaiFromMessage(message);
  if (gai !== undefined) return gaierror.fromCode(gai);
  if (typeof e?.name === "string" && e.name in DENO_NAMES) {
    return errorFromErrno(DENO_NAMES[e.name]!, filename);
  }
  return new OSError(message);
}

/**
 * Python's `PermissionError: [Errno 13] Permission denied`, for a
 * permission the runtime was not given, with the runtime's own words on
 * which one: `[Errno 13] Permission denied (Requires net access to
 * "127.0.0.1:0", run again with the --allow-net flag)`. `errno` and
 * `strerror` are Python's; only the message says more.
 */
export function permissionError(detail: string): OSError {
  const e = errorFromErrno(E.EACCES);
  e.message = `${e.message} (${detail})`;
  return e;
}

/** An OSError for a negative libuv status code (as Node's handles return). */
export function uvError(status: number, filename?: string): OSError {
  return errorFromErrno(-status, filename);
}

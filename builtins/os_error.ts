// Python's OSError and the subclasses PEP 3151 picks by errno.

import { Exception } from "./exceptions.ts";
import { ERRNO_TABLE } from "../errno/_table.ts";

const MESSAGES: Map<number, string> = new Map(
  ERRNO_TABLE.map(([, n, msg]) => [n, msg]),
);

/**
 * Returns the C library's message for a Linux errno number, as Python's
 * `os.strerror` does.
 *
 * @example
 * ```ts
 * import { strerror } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(strerror(111), "Connection refused");
 * ```
 *
 * @param code The errno number.
 * @returns The message, or `Unknown error N`.
 */
export function strerror(code: number): string {
  return MESSAGES.get(code) ?? `Unknown error ${code}`;
}

function quote(v: unknown): string {
  if (typeof v !== "string") return String(v);
  return v.includes("'") && !v.includes('"')
    ? `"${v}"`
    : `'${v.replaceAll("'", "\\'")}'`;
}

/**
 * Python's `OSError` (`socket.error` is the same class): a system call
 * failed. Made with an errno and a message, it carries `errno` and
 * `strerror` and reads like Python's: `[Errno 111] Connection refused`.
 * Like Python, `new OSError(errno, strerror)` gives an instance of the
 * subclass that errno belongs to (`ConnectionRefusedError` for 111).
 *
 * @example
 * ```ts
 * import { ConnectionRefusedError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(111, "Connection refused");
 * assert.ok(e instanceof ConnectionRefusedError);
 * assert.equal(e.errno, 111);
 * assert.equal(e.message, "[Errno 111] Connection refused");
 * ```
 */
export class OSError extends Exception {
  /** The errno number, or `null` when the error was made with a message only. */
  errno: number | null = null;
  /** The message for `errno`, or `null`. */
  strerror: string | null = null;
  /** The file name the error is about, or `null`. */
  filename: unknown = null;
  /** The second file name, for two-path operations, or `null`. */
  filename2: unknown = null;

  /**
   * Makes the error. With two or more arguments the first is the errno, the
   * second its message and the third a file name, as in Python.
   *
   * @param args `(message)` or `(errno, strerror[, filename[, winerror[, filename2]]])`.
   */
  constructor(...args: unknown[]) {
    super(...args);
    if (
      new.target === OSError && args.length >= 2 && typeof args[0] === "number"
    ) {
      const cls = classForErrno(args[0]);
      if (cls !== OSError) return new cls(...args);
    }
    if (args.length >= 2 && args.length <= 5) {
      this.errno = typeof args[0] === "number" ? args[0] : null;
      this.strerror = args[1] == null ? null : String(args[1]);
      if (args.length >= 3) {
        this.filename = args[2] ?? null;
        this.args = args.slice(0, 2);
      }
      if (args.length === 5) this.filename2 = args[4] ?? null;
      let msg = `[Errno ${String(args[0])}] ${String(args[1])}`;
      if (this.filename !== null) {
        msg += `: ${quote(this.filename)}`;
        if (this.filename2 !== null) msg += ` -> ${quote(this.filename2)}`;
      }
      this.message = msg;
    }
  }
}

/** Python's `BlockingIOError`: the operation would block on a non-blocking object. */
export class BlockingIOError extends OSError {}
/** Python's `ChildProcessError`. */
export class ChildProcessError extends OSError {}
/** Python's `ConnectionError`: the base of connection-related errors. */
export class ConnectionError extends OSError {}
/** Python's `BrokenPipeError` (EPIPE, ESHUTDOWN). */
export class BrokenPipeError extends ConnectionError {}
/** Python's `ConnectionAbortedError` (ECONNABORTED). */
export class ConnectionAbortedError extends ConnectionError {}
/** Python's `ConnectionRefusedError` (ECONNREFUSED). */
export class ConnectionRefusedError extends ConnectionError {}
/** Python's `ConnectionResetError` (ECONNRESET). */
export class ConnectionResetError extends ConnectionError {}
/** Python's `FileExistsError` (EEXIST). */
export class FileExistsError extends OSError {}
/** Python's `FileNotFoundError` (ENOENT). */
export class FileNotFoundError extends OSError {}
/** Python's `InterruptedError` (EINTR). */
export class InterruptedError extends OSError {}
/** Python's `IsADirectoryError` (EISDIR). */
export class IsADirectoryError extends OSError {}
/** Python's `NotADirectoryError` (ENOTDIR). */
export class NotADirectoryError extends OSError {}
/** Python's `PermissionError` (EACCES, EPERM). */
export class PermissionError extends OSError {}
/** Python's `ProcessLookupError` (ESRCH). */
export class ProcessLookupError extends OSError {}
/**
 * Python's `TimeoutError` (ETIMEDOUT). `socket.timeout` is the same class; a
 * socket call that runs past its timeout raises `TimeoutError("timed out")`.
 */
export class TimeoutError extends OSError {}

const BY_ERRNO: Map<number, typeof OSError> = new Map([
  [11, BlockingIOError], // EAGAIN, EWOULDBLOCK
  [114, BlockingIOError], // EALREADY
  [115, BlockingIOError], // EINPROGRESS
  [10, ChildProcessError], // ECHILD
  [32, BrokenPipeError], // EPIPE
  [108, BrokenPipeError], // ESHUTDOWN
  [103, ConnectionAbortedError], // ECONNABORTED
  [111, ConnectionRefusedError], // ECONNREFUSED
  [104, ConnectionResetError], // ECONNRESET
  [17, FileExistsError], // EEXIST
  [2, FileNotFoundError], // ENOENT
  [4, InterruptedError], // EINTR
  [21, IsADirectoryError], // EISDIR
  [20, NotADirectoryError], // ENOTDIR
  [13, PermissionError], // EACCES
  [1, PermissionError], // EPERM
  [3, ProcessLookupError], // ESRCH
  [110, TimeoutError], // ETIMEDOUT
]);

function classForErrno(code: number): typeof OSError {
  return BY_ERRNO.get(code) ?? OSError;
}

/**
 * Makes the `OSError` subclass Python raises for a Linux errno, with the C
 * library's message: `errorFromErrno(32)` is
 * `BrokenPipeError: [Errno 32] Broken pipe`.
 *
 * @example
 * ```ts
 * import { BrokenPipeError, errorFromErrno } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = errorFromErrno(32);
 * assert.ok(e instanceof BrokenPipeError);
 * assert.equal(e.message, "[Errno 32] Broken pipe");
 * ```
 *
 * @param code The errno number.
 * @param filename A file name the error is about, shown after the message.
 * @returns The error, not thrown.
 */
export function errorFromErrno(code: number, filename?: string): OSError {
  const cls = classForErrno(code);
  return filename === undefined
    ? new cls(code, strerror(code))
    : new cls(code, strerror(code), filename);
}

for (
  const cls of [
    OSError,
    BlockingIOError,
    ChildProcessError,
    ConnectionError,
    BrokenPipeError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    ConnectionResetError,
    FileExistsError,
    FileNotFoundError,
    InterruptedError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ProcessLookupError,
    TimeoutError,
  ]
) {
  Object.defineProperty(cls.prototype, "name", {
    value: cls.name,
    writable: true,
    configurable: true,
  });
}

// Python's OSError and the subclasses PEP 3151 picks by errno.

import { Exception } from "./exceptions.ts";
import { tuple } from "./tuple.ts";
import { ERRNO_TABLE } from "../_shared/errno_table.ts";

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
        this.args = new tuple(args.slice(0, 2));
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

/**
 * Python's `BlockingIOError`: the operation would block on a non-blocking object.
 *
 * @example
 * ```ts
 * import { BlockingIOError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(11, "Resource temporarily unavailable");
 * assert.ok(e instanceof BlockingIOError);
 * assert.equal(e.errno, 11);
 * ```
 */
export class BlockingIOError extends OSError {}
/**
 * Python's `ChildProcessError`.
 *
 * @example
 * ```ts
 * import { ChildProcessError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(10, "No child processes");
 * assert.ok(e instanceof ChildProcessError);
 * assert.equal(e.errno, 10);
 * ```
 */
export class ChildProcessError extends OSError {}
/**
 * Python's `ConnectionError`: the base of connection-related errors.
 *
 * @example
 * ```ts
 * import { ConnectionError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(104, "Connection reset by peer");
 * assert.ok(e instanceof ConnectionError);
 * assert.equal(e.errno, 104);
 * ```
 */
export class ConnectionError extends OSError {}
/**
 * Python's `BrokenPipeError` (EPIPE, ESHUTDOWN).
 *
 * @example
 * ```ts
 * import { BrokenPipeError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(32, "Broken pipe");
 * assert.ok(e instanceof BrokenPipeError);
 * assert.equal(e.errno, 32);
 * ```
 */
export class BrokenPipeError extends ConnectionError {}
/**
 * Python's `ConnectionAbortedError` (ECONNABORTED).
 *
 * @example
 * ```ts
 * import { ConnectionAbortedError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(103, "Software caused connection abort");
 * assert.ok(e instanceof ConnectionAbortedError);
 * assert.equal(e.errno, 103);
 * ```
 */
export class ConnectionAbortedError extends ConnectionError {}
/**
 * Python's `ConnectionRefusedError` (ECONNREFUSED).
 *
 * @example
 * ```ts
 * import { ConnectionRefusedError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(111, "Connection refused");
 * assert.ok(e instanceof ConnectionRefusedError);
 * assert.equal(e.errno, 111);
 * ```
 */
export class ConnectionRefusedError extends ConnectionError {}
/**
 * Python's `ConnectionResetError` (ECONNRESET).
 *
 * @example
 * ```ts
 * import { ConnectionResetError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(104, "Connection reset by peer");
 * assert.ok(e instanceof ConnectionResetError);
 * assert.equal(e.errno, 104);
 * ```
 */
export class ConnectionResetError extends ConnectionError {}
/**
 * Python's `FileExistsError` (EEXIST).
 *
 * @example
 * ```ts
 * import { FileExistsError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(17, "File exists");
 * assert.ok(e instanceof FileExistsError);
 * assert.equal(e.errno, 17);
 * ```
 */
export class FileExistsError extends OSError {}
/**
 * Python's `FileNotFoundError` (ENOENT).
 *
 * @example
 * ```ts
 * import { FileNotFoundError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(2, "No such file or directory");
 * assert.ok(e instanceof FileNotFoundError);
 * assert.equal(e.errno, 2);
 * ```
 */
export class FileNotFoundError extends OSError {}
/**
 * Python's `InterruptedError` (EINTR).
 *
 * @example
 * ```ts
 * import { InterruptedError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(4, "Interrupted system call");
 * assert.ok(e instanceof InterruptedError);
 * assert.equal(e.errno, 4);
 * ```
 */
export class InterruptedError extends OSError {}
/**
 * Python's `IsADirectoryError` (EISDIR).
 *
 * @example
 * ```ts
 * import { IsADirectoryError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(21, "Is a directory");
 * assert.ok(e instanceof IsADirectoryError);
 * assert.equal(e.errno, 21);
 * ```
 */
export class IsADirectoryError extends OSError {}
/**
 * Python's `NotADirectoryError` (ENOTDIR).
 *
 * @example
 * ```ts
 * import { NotADirectoryError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(20, "Not a directory");
 * assert.ok(e instanceof NotADirectoryError);
 * assert.equal(e.errno, 20);
 * ```
 */
export class NotADirectoryError extends OSError {}
/**
 * Python's `PermissionError` (EACCES, EPERM).
 *
 * @example
 * ```ts
 * import { PermissionError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(13, "Permission denied");
 * assert.ok(e instanceof PermissionError);
 * assert.equal(e.errno, 13);
 * ```
 */
export class PermissionError extends OSError {}
/**
 * Python's `ProcessLookupError` (ESRCH).
 *
 * @example
 * ```ts
 * import { ProcessLookupError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(3, "No such process");
 * assert.ok(e instanceof ProcessLookupError);
 * assert.equal(e.errno, 3);
 * ```
 */
export class ProcessLookupError extends OSError {}
/**
 * Python's `TimeoutError` (ETIMEDOUT). `socket.timeout` is the same class; a
 * socket call that runs past its timeout raises `TimeoutError("timed out")`.
 *
 * @example
 * ```ts
 * import { TimeoutError, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OSError(110, "Connection timed out");
 * assert.ok(e instanceof TimeoutError);
 * assert.equal(e.errno, 110);
 * ```
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

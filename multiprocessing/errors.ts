// multiprocessing's own exception classes.

import { Exception } from "../builtins/exceptions.ts";
import { register } from "../pickle/registry.ts";

/**
 * Python's `multiprocessing.ProcessError`: the base of multiprocessing's
 * own exceptions.
 *
 * @example
 * ```ts
 * import { ProcessError, TimeoutError } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new TimeoutError() instanceof ProcessError);
 * ```
 */
export class ProcessError extends Exception {}

/**
 * Python's `multiprocessing.BufferTooShort`: `Connection.recv_bytes_into()`
 * got a message longer than the buffer. `e.args[0]` holds the whole
 * message as a `Uint8Array`.
 *
 * @example
 * ```ts
 * import { BufferTooShort } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const e = new BufferTooShort(new Uint8Array([1, 2, 3]));
 * assert.deepEqual(e.args[0], new Uint8Array([1, 2, 3]));
 * ```
 */
export class BufferTooShort extends ProcessError {}

/**
 * Python's `multiprocessing.TimeoutError`: a call with a timeout ran out of
 * time (`AsyncResult.get()` in later modules). It is not the builtin
 * `TimeoutError`, as in Python.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new TimeoutError().name, "TimeoutError");
 * ```
 */
export class TimeoutError extends ProcessError {}

/**
 * Python's `multiprocessing.AuthenticationError`: a connection failed the
 * authkey handshake.
 *
 * @example
 * ```ts
 * import { AuthenticationError } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new AuthenticationError("digest received was wrong").name, "AuthenticationError");
 * ```
 */
export class AuthenticationError extends ProcessError {}

for (
  const cls of [ProcessError, BufferTooShort, TimeoutError, AuthenticationError]
) {
  // Where CPython defines them, for pickle.
  register(`multiprocessing.context.${cls.name}`, cls);
  Object.defineProperty(cls.prototype, "name", {
    value: cls.name,
    writable: true,
    configurable: true,
  });
}

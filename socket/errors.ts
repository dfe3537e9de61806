// The exception names Python's socket module defines.

import { OSError, TimeoutError } from "../builtins/os_error.ts";

// gaierror is made where the runtime's resolver errors are translated.
export { gaierror } from "../_runtime/mod.ts";

/**
 * Python's `socket.error`: the same class as `OSError`.
 *
 * @example
 * ```ts
 * import { error } from "@pyport/std/socket";
 * import { OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(error, OSError);
 * ```
 */
export const error: typeof OSError = OSError;

/**
 * Python's `socket.timeout`: since Python 3.10 the same class as
 * `TimeoutError`. A socket call that runs past the socket's timeout raises
 * `TimeoutError("timed out")`.
 *
 * @example
 * ```ts
 * import { timeout } from "@pyport/std/socket";
 * import { TimeoutError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(timeout, TimeoutError);
 * ```
 */
export const timeout: typeof TimeoutError = TimeoutError;

/**
 * Python's `socket.herror`: an address-related error of the legacy
 * `gethostby*` functions.
 *
 * @example
 * ```ts
 * import { herror } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new herror(1, "Unknown host").message, "[Errno 1] Unknown host");
 * ```
 */
export class herror extends OSError {}

Object.defineProperty(herror.prototype, "name", {
  value: "herror",
  writable: true,
  configurable: true,
});

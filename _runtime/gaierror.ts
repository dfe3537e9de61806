// Python's `socket.gaierror`. It lives on the runtime floor because that is
// where a runtime's resolver failures are translated into Python's errors;
// the socket module re-exports it.

import { OSError } from "../builtins/os_error.ts";

const GAI_MESSAGES: ReadonlyMap<number, string> = new Map([
  [-1, "Bad value for ai_flags"],
  [-2, "Name or service not known"],
  [-3, "Temporary failure in name resolution"],
  [-4, "Non-recoverable failure in name resolution"],
  [-5, "No address associated with hostname"],
  [-6, "ai_family not supported"],
  [-7, "ai_socktype not supported"],
  [-8, "Servname not supported for ai_socktype"],
  [-9, "Address family for hostname not supported"],
  [-10, "Memory allocation failure"],
  [-11, "System error"],
]);

/**
 * Python's `socket.gaierror`: address resolution (getaddrinfo, getnameinfo,
 * or a host name given to bind/connect) failed. `errno` is one of the
 * negative `EAI_*` numbers: `[Errno -2] Name or service not known`.
 *
 * @example
 * ```ts
 * import { EAI_NONAME, gaierror } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const e = gaierror.fromCode(EAI_NONAME);
 * assert.equal(e.message, "[Errno -2] Name or service not known");
 * ```
 */
export class gaierror extends OSError {
  /**
   * Makes the gaierror for an `EAI_*` code with glibc's message for it.
   *
   * @param code A negative `EAI_*` number.
   * @returns The error, not thrown.
   */
  static fromCode(code: number): gaierror {
    return new gaierror(
      code,
      GAI_MESSAGES.get(code) ?? `Unknown error ${code}`,
    );
  }
}

Object.defineProperty(gaierror.prototype, "name", {
  value: "gaierror",
  writable: true,
  configurable: true,
});

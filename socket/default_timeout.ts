import { ValueError } from "../builtins/exceptions.ts";
import { pyTypeName } from "./_address.ts";

let defaultTimeout: number | null = null;

/**
 * Checks a timeout argument as Python does: `null` (or `undefined`) means
 * blocking, a number must not be negative.
 *
 * @param value The timeout in seconds.
 * @returns The timeout, or `null`.
 */
export function checkTimeout(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number") {
    throw new TypeError(
      `'${pyTypeName(value)}' object cannot be interpreted as an integer`,
    );
  }
  if (Number.isNaN(value)) {
    throw new ValueError("Invalid value NaN (not a number)");
  }
  if (value < 0) throw new ValueError("Timeout value out of range");
  return value;
}

/**
 * Python's `socket.getdefaulttimeout()`: the timeout new sockets start with,
 * in seconds, or `null` (blocking, the default).
 *
 * @example
 * ```ts
 * import { getdefaulttimeout } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getdefaulttimeout(), null);
 * ```
 *
 * @returns The default timeout.
 */
export function getdefaulttimeout(): number | null {
  return defaultTimeout;
}

/**
 * Python's `socket.setdefaulttimeout(timeout)`: sets the timeout that new
 * sockets (including accepted ones) start with.
 *
 * @example
 * ```ts
 * import { getdefaulttimeout, setdefaulttimeout } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * setdefaulttimeout(2.5);
 * assert.equal(getdefaulttimeout(), 2.5);
 * setdefaulttimeout(null);
 * ```
 *
 * @param timeout Seconds, or `null` for blocking sockets.
 */
export function setdefaulttimeout(timeout: number | null): void {
  defaultTimeout = checkTimeout(timeout);
}

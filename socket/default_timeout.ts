import { checkTimeout } from "./_timeout.ts";

let defaultTimeout: number | null = null;

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

import { readFileSync } from "node:fs";

function probe(): boolean {
  try {
    return readFileSync("/proc/net/if_inet6", "utf8").trim().length > 0;
  } catch {
    return true;
  }
}

/**
 * Python's `socket.has_ipv6`: whether IPv6 is available on this machine.
 *
 * @example
 * ```ts
 * import { has_ipv6 } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof has_ipv6, "boolean");
 * ```
 */
export const has_ipv6: boolean = probe();

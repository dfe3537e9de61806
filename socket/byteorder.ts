// Python's htons/ntohs/htonl/ntohl: Linux on our machines is little-endian,
// so each swaps the byte order of a 16- or 32-bit integer.

import { OverflowError } from "../builtins/exceptions.ts";
import { checkInt } from "./_address.ts";

function u16(x: unknown, name: string): number {
  const v = checkInt(x);
  if (v < 0) {
    throw new OverflowError(
      `${name}: can't convert negative Python int to C 16-bit unsigned integer`,
    );
  }
  if (v > 0xffff) {
    throw new OverflowError(
      `${name}: Python int too large to convert to C 16-bit unsigned integer`,
    );
  }
  return ((v & 0xff) << 8) | (v >> 8);
}

function u32(x: unknown, name: string): number {
  const v = checkInt(x);
  if (v < 0) {
    throw new OverflowError("can't convert negative value to unsigned int");
  }
  if (v > 0xffffffff) throw new OverflowError(`int larger than 32 bits`);
  void name;
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) |
    (v >>> 24)) >>> 0;
}

/**
 * Python's `socket.htons(x)`: a 16-bit integer from host to network byte order.
 *
 * @example
 * ```ts
 * import { htons } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(htons(0x1234), 0x3412);
 * ```
 *
 * @param x An integer from 0 to 65535.
 * @returns The swapped integer.
 */
export function htons(x: number): number {
  return u16(x, "htons");
}

/**
 * Python's `socket.ntohs(x)`: a 16-bit integer from network to host byte order.
 *
 * @example
 * ```ts
 * import { ntohs } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ntohs(0x3412), 0x1234);
 * ```
 *
 * @param x An integer from 0 to 65535.
 * @returns The swapped integer.
 */
export function ntohs(x: number): number {
  return u16(x, "ntohs");
}

/**
 * Python's `socket.htonl(x)`: a 32-bit integer from host to network byte order.
 *
 * @example
 * ```ts
 * import { htonl } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(htonl(0x12345678), 0x78563412);
 * ```
 *
 * @param x An integer from 0 to 2**32 - 1.
 * @returns The swapped integer.
 */
export function htonl(x: number): number {
  return u32(x, "htonl");
}

/**
 * Python's `socket.ntohl(x)`: a 32-bit integer from network to host byte order.
 *
 * @example
 * ```ts
 * import { ntohl } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ntohl(0x78563412), 0x12345678);
 * ```
 *
 * @param x An integer from 0 to 2**32 - 1.
 * @returns The swapped integer.
 */
export function ntohl(x: number): number {
  return u32(x, "ntohl");
}

// Python's inet_aton/inet_ntoa/inet_pton/inet_ntop.

import { ValueError } from "../builtins/exceptions.ts";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { checkInt, pyTypeName } from "./_address.ts";
import { AF_INET, AF_INET6 } from "./constants.ts";
import { EAFNOSUPPORT } from "../errno/constants.ts";

function str(v: unknown, fn: string): string {
  if (typeof v !== "string") {
    throw new TypeError(`${fn}() argument 1 must be str, not ${pyTypeName(v)}`);
  }
  return v;
}

function bytes(v: unknown, fn: string): Uint8Array {
  if (!(v instanceof Uint8Array)) {
    throw new TypeError(
      `${fn}() argument must be a bytes-like object, not '${pyTypeName(v)}'`,
    );
  }
  return v;
}

function parseV4Strict(s: string): Uint8Array | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseV6(s: string): Uint8Array | null {
  let text = s;
  const out = new Uint8Array(16);
  let tail: Uint8Array | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail = parseV4Strict(text.slice(lastColon + 1));
    if (tail === null) return null;
    text = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === "") return [];
    const groups = h.split(":");
    const nums: number[] = [];
    for (const g of groups) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      nums.push(parseInt(g, 16));
    }
    return nums;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === null || rest === null) return null;
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array(8 - total).fill(0), ...rest];
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  if (tail !== null) out.set(tail, 12);
  return out;
}

/**
 * Python's `socket.inet_aton(ip_string)`: an IPv4 address in any form the C
 * library accepts (`"127.1"`, `"0x7f.1"`) as 4 bytes in network order.
 *
 * @example
 * ```ts
 * import { inet_aton } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(inet_aton("1.2.3"), new Uint8Array([1, 2, 0, 3]));
 * ```
 *
 * @param ip_string The address text.
 * @returns 4 bytes.
 */
export function inet_aton(ip_string: string): Uint8Array {
  const s = str(ip_string, "inet_aton");
  const bad = () =>
    new OSError("illegal IP address string passed to inet_aton");
  const parts = s.split(".");
  if (parts.length === 0 || parts.length > 4) throw bad();
  const nums = parts.map((p) => {
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) {
      return p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    }
    if (/^0[0-7]*$/.test(p)) return parseInt(p, 8);
    if (/^[1-9]\d*$/.test(p)) return Number(p);
    return NaN;
  });
  if (nums.some((n) => Number.isNaN(n))) throw bad();
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) throw bad();
  if (last >= 2 ** (8 * (4 - nums.length))) throw bad();
  let value = last;
  nums.forEach((n, i) => {
    value += n * 2 ** (8 * (3 - i));
  });
  return new Uint8Array([
    value >>> 24,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  ]);
}

/**
 * Python's `socket.inet_ntoa(packed_ip)`: 4 bytes as dotted-quad text.
 *
 * @example
 * ```ts
 * import { inet_ntoa } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(inet_ntoa(new Uint8Array([127, 0, 0, 1])), "127.0.0.1");
 * ```
 *
 * @param packed_ip 4 bytes.
 * @returns The address text.
 */
export function inet_ntoa(packed_ip: Uint8Array): string {
  const b = bytes(packed_ip, "inet_ntoa");
  if (b.length !== 4) throw new OSError("packed IP wrong length for inet_ntoa");
  return Array.from(b).join(".");
}

/**
 * Python's `socket.inet_pton(address_family, ip_string)`: a strict IPv4
 * dotted quad or an IPv6 address as packed bytes.
 *
 * @example
 * ```ts
 * import { AF_INET6, inet_pton } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(inet_pton(AF_INET6, "::1")[15], 1);
 * ```
 *
 * @param address_family `AF_INET` or `AF_INET6`.
 * @param ip_string The address text.
 * @returns 4 or 16 bytes.
 */
export function inet_pton(
  address_family: number,
  ip_string: string,
): Uint8Array {
  const fam = checkInt(address_family);
  const s = str(ip_string, "inet_pton");
  let out: Uint8Array | null;
  if (fam === AF_INET) out = parseV4Strict(s);
  else if (fam === AF_INET6) out = parseV6(s);
  else throw errorFromErrno(EAFNOSUPPORT);
  if (out === null) {
    throw new OSError("illegal IP address string passed to inet_pton");
  }
  return out;
}

/**
 * Python's `socket.inet_ntop(address_family, packed_ip)`: packed bytes as
 * address text, IPv6 in its shortest form (`::1`, `::ffff:1.2.3.4`).
 *
 * @example
 * ```ts
 * import { AF_INET, inet_ntop } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(inet_ntop(AF_INET, new Uint8Array([10, 0, 0, 1])), "10.0.0.1");
 * ```
 *
 * @param address_family `AF_INET` or `AF_INET6`.
 * @param packed_ip 4 or 16 bytes.
 * @returns The address text.
 */
export function inet_ntop(
  address_family: number,
  packed_ip: Uint8Array,
): string {
  const fam = checkInt(address_family);
  const b = bytes(packed_ip, "inet_ntop");
  if (fam === AF_INET) {
    if (b.length !== 4) {
      throw new ValueError("invalid length of packed IP address string");
    }
    return Array.from(b).join(".");
  }
  if (fam !== AF_INET6) throw new ValueError(`unknown address family ${fam}`);
  if (b.length !== 16) {
    throw new ValueError("invalid length of packed IP address string");
  }
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[2 * i]! << 8) | b[2 * i + 1]!);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  }
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${
    hex.slice(best + bestLen).join(":")
  }`;
}

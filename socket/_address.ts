// Python's socket addresses <-> the runtime layer's RawAddr, with the
// checks and error messages Python gives for malformed ones.

import { asTuple } from "../_shared/tuple.ts";
import { pyTypeName as typeName } from "../_shared/type_name.ts";
import { readFileSync } from "node:fs";
import { OverflowError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { gaierror } from "./errors.ts";
import { EAI_ADDRFAMILY, EAI_NONAME } from "./constants.ts";
import { isIPv4, isIPv6 } from "node:net";
import { runtime } from "../_runtime/mod.ts";
import { index } from "../_shared/args.ts";
import type { Address } from "../_shared/address.ts";

export type { Address } from "../_shared/address.ts";
export { reprAddress } from "../_shared/address.ts";
import type { RawAddr } from "../_runtime/mod.ts";

/** Python's type name of `v`; an array stands for a tuple here. */
export function pyTypeName(v: unknown): string {
  return typeName(v, "tuple");
}

/** Python's `operator.index()` for an integer argument of the socket module. */
export function checkInt(v: unknown): number {
  return index(v, "tuple");
}

const AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
const UNIX_PATH_MAX = 108;

function familyName(family: number): string {
  return family === AF_INET6 ? "AF_INET6" : "AF_INET";
}

let hostsCache: Map<string, string[]> | null = null;

function etcHosts(): Map<string, string[]> {
  if (hostsCache !== null) return hostsCache;
  const map = new Map<string, string[]>();
  try {
    for (const line of readFileSync("/etc/hosts", "utf8").split("\n")) {
      const [ip, ...names] = line.replace(/#.*/, "").trim().split(/\s+/);
      if (!ip || names.length === 0) continue;
      for (const n of names) {
        const key = n.toLowerCase();
        const list = map.get(key) ?? [];
        list.push(ip);
        map.set(key, list);
      }
    }
  } catch {
    /* unreadable: only literals and localhost resolve synchronously */
  }
  hostsCache = map;
  return map;
}

/**
 * Resolves a host synchronously, for bind(): literals, "", "<broadcast>",
 * "localhost" and /etc/hosts names. Anything else would need a DNS query,
 * which no runtime offers synchronously.
 */
export function resolveSync(host: string, family: number): string {
  if (host === "") return family === AF_INET6 ? "::" : "0.0.0.0";
  if (host === "<broadcast>") return "255.255.255.255";
  if (family === AF_INET6 ? isIPv6(host) : isIPv4(host)) return stripZone(host);
  if (host.toLowerCase() === "localhost") {
    return family === AF_INET6 ? "::1" : "127.0.0.1";
  }
  const ips = etcHosts().get(host.toLowerCase()) ?? [];
  const hit = ips.find((ip) => family === AF_INET6 ? isIPv6(ip) : isIPv4(ip));
  if (hit !== undefined) return hit;
  throw gaierror.fromCode(ips.length > 0 ? EAI_ADDRFAMILY : EAI_NONAME);
}

function stripZone(host: string): string {
  const i = host.indexOf("%");
  return i < 0 ? host : host.slice(0, i);
}

/** Resolves a host for connect()/sendto(), asking the resolver when needed. */
export async function resolveAsync(
  host: string,
  family: number,
): Promise<string> {
  try {
    return resolveSync(host, family);
  } catch (e) {
    if (!(e instanceof gaierror)) throw e;
  }
  const res = await runtime.lookup(host, family === AF_INET6 ? 10 : 2);
  const first = res.find((r) => r.family === (family === AF_INET6 ? 10 : 2));
  if (first === undefined) throw gaierror.fromCode(EAI_ADDRFAMILY);
  return first.host;
}

/** Python's parsed form of an address before host resolution. */
export type ParsedAddr =
  | { family: 2 | 10; host: string; port: number }
  | { family: 1; path: string };

/** A parsed address with its host resolved synchronously, for bind(). */
export function resolveAddrSync(p: ParsedAddr): RawAddr {
  if (p.family === 1) return p;
  return {
    family: p.family,
    host: resolveSync(p.host, p.family),
    port: p.port,
  };
}

/** A parsed address with its host resolved, for connect() and sendto(). */
export async function resolveAddr(p: ParsedAddr): Promise<RawAddr> {
  if (p.family === 1) return p;
  return {
    family: p.family,
    host: await resolveAsync(p.host, p.family),
    port: p.port,
  };
}

/**
 * Checks an address the way Python's getsockaddrarg does for `caller`
 * (`bind`, `connect`, `sendto`, ...) and returns it unresolved.
 */
export function parseAddress(
  family: number,
  address: unknown,
  caller: string,
): ParsedAddr {
  if (family === AF_UNIX) {
    let path: string;
    if (typeof address === "string") path = address;
    else if (address instanceof Uint8Array) {
      path = new TextDecoder().decode(address);
    } else if (ArrayBuffer.isView(address)) {
      path = new TextDecoder().decode(
        new Uint8Array(address.buffer, address.byteOffset, address.byteLength),
      );
    } else {
      throw new TypeError(
        `a bytes-like object is required, not '${pyTypeName(address)}'`,
      );
    }
    if (new TextEncoder().encode(path).length >= UNIX_PATH_MAX) {
      throw new OSError("AF_UNIX path too long");
    }
    return { family: 1, path };
  }
  if (!Array.isArray(address)) {
    throw new TypeError(
      `${caller}(): ${familyName(family)} address must be tuple, not ${
        pyTypeName(address)
      }`,
    );
  }
  const want = family === AF_INET6
    ? "(host, port[, flowinfo[, scopeid]])"
    : "pair (host, port)";
  if (
    family === AF_INET
      ? address.length !== 2
      : address.length < 2 || address.length > 4
  ) {
    throw new TypeError(
      `${familyName(family)} address must be a ${
        want.startsWith("pair") ? want : `tuple ${want}`
      }`,
    );
  }
  const [host, port] = address as unknown[];
  if (typeof host !== "string") {
    throw new TypeError(
      `str, bytes or bytearray expected, not ${pyTypeName(host)}`,
    );
  }
  const p = checkInt(port);
  if (p < 0 || p > 65535) {
    throw new OverflowError(`${caller}(): port must be 0-65535.`);
  }
  if (family === AF_INET6) {
    const flow = address.length > 2 ? checkInt(address[2]) : 0;
    if (flow < 0 || flow > 0xfffff) {
      throw new OverflowError(`${caller}(): flowinfo must be 0-1048575.`);
    }
    if (address.length > 3) checkInt(address[3]);
  }
  return { family: family === AF_INET6 ? 10 : 2, host, port: p };
}

/** Python's form of a runtime address for a socket of `family`. */
export function toPython(addr: RawAddr, family: number): Address {
  if (addr.family === 1) return addr.path;
  if (family === AF_INET6) {
    const host = addr.family === 2 ? `::ffff:${addr.host}` : addr.host;
    return asTuple([host, addr.port, 0, 0]);
  }
  return asTuple([addr.host, addr.port]);
}

/**
 * Whether two runtime addresses name the same peer, an IPv4 address and
 * its IPv4-mapped IPv6 form alike: the filter of a connected datagram
 * socket.
 */
export function sameAddr(a: RawAddr, b: RawAddr): boolean {
  if (a.family === 1 || b.family === 1) {
    return a.family === b.family &&
      (a as { path: string }).path === (b as { path: string }).path;
  }
  const norm = (h: string) => (h.startsWith("::ffff:") ? h.slice(7) : h);
  return a.port === b.port && norm(a.host) === norm(b.host);
}

// Python's getaddrinfo and getnameinfo.

import { asTuple } from "../_shared/tuple.ts";
import { bind } from "../_shared/args.ts";
import { isIP } from "node:net";
import { OverflowError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { runtime } from "../_runtime/mod.ts";
import * as C from "./constants.ts";
import { checkInt, pyTypeName } from "./_address.ts";
import { gaierror } from "./errors.ts";
import { serviceByName, serviceByPort } from "./_services.ts";

/** One result of `getaddrinfo`: `[family, type, proto, canonname, sockaddr]`. */
export type AddrInfo = [
  family: number,
  type: number,
  proto: number,
  canonname: string,
  sockaddr: [string, number] | [string, number, number, number],
];

/** Python's keyword arguments of `getaddrinfo`. */
export interface GetaddrinfoOptions {
  /** `AF_UNSPEC` (0), `AF_INET` or `AF_INET6`. */
  family?: number;
  /** 0, `SOCK_STREAM` or `SOCK_DGRAM`. */
  type?: number;
  /** 0 or the protocol. */
  proto?: number;
  /** `AI_*` flags. */
  flags?: number;
}

function resolvePort(port: unknown, type: number): number | null {
  if (port === null || port === undefined) return null;
  if (typeof port === "number") {
    const p = checkInt(port);
    if (p < 0 || p > 65535) {
      throw new OverflowError("getaddrinfo(): port must be 0-65535.");
    }
    return p;
  }
  if (typeof port === "string" || port instanceof Uint8Array) {
    const s = typeof port === "string" ? port : new TextDecoder().decode(port);
    if (/^\d+$/.test(s)) return Number(s);
    const proto = type === C.SOCK_DGRAM
      ? "udp"
      : type === C.SOCK_STREAM
      ? "tcp"
      : null;
    const e = serviceByName(s, proto);
    if (e === undefined) throw gaierror.fromCode(C.EAI_SERVICE);
    return e.port;
  }
  throw new OSError("Int or String expected");
}

/**
 * Python's `socket.getaddrinfo(host, port, family=0, type=0, proto=0,
 * flags=0)`: the addresses to connect to (or bind, with `AI_PASSIVE` and a
 * `null` host). Names are resolved by the system resolver (hosts file and
 * DNS). Unknown names raise `gaierror`.
 *
 * @example
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import { repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const infos = await socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM);
 * assert.equal(repr(infos[0]), "(2, 1, 6, '', ('127.0.0.1', 80))");
 * ```
 *
 * @param host A name or address literal, or `null`.
 * @param port A number, a service name, or `null`.
 * @param family `AF_UNSPEC` (0), `AF_INET` or `AF_INET6`; or the keyword object.
 * @param type 0, `SOCK_STREAM` or `SOCK_DGRAM`; or the keyword object.
 * @param proto 0 or the protocol; or the keyword object.
 * @param flags `AI_*` flags; or the keyword object.
 * @param kwargs `{ family, type, proto, flags }` after positional arguments.
 * @returns `[family, type, proto, canonname, sockaddr]` entries.
 * @throws {TypeError} A keyword `getaddrinfo()` does not have.
 */
export async function getaddrinfo(
  host: string | null,
  port: number | string | null,
  family?: number | GetaddrinfoOptions,
  type?: number | GetaddrinfoOptions,
  proto?: number | GetaddrinfoOptions,
  flags?: number | GetaddrinfoOptions,
  kwargs?: GetaddrinfoOptions,
): Promise<AddrInfo[]> {
  [family = 0, type = 0, proto = 0, flags = 0] = bind("getaddrinfo", [
    "family",
    "type",
    "proto",
    "flags",
  ], [family, type, proto, flags, kwargs]) as (number | undefined)[];
  const fam = checkInt(family),
    typ = checkInt(type),
    prt = checkInt(proto),
    flg = checkInt(flags);
  if (host !== null && host !== undefined && typeof host !== "string") {
    throw new TypeError(
      `getaddrinfo() argument 1 must be string or None, not ${
        pyTypeName(host)
      }`,
    );
  }
  if (fam !== C.AF_UNSPEC && fam !== C.AF_INET && fam !== C.AF_INET6) {
    throw gaierror.fromCode(C.EAI_FAMILY);
  }
  const p = resolvePort(port, typ);
  if ((host === null || host === undefined) && p === null) {
    throw gaierror.fromCode(C.EAI_NONAME);
  }
  let addrs: { host: string; family: 2 | 10 }[];
  if (host === null || host === undefined) {
    const passive = (flg & C.AI_PASSIVE) !== 0;
    addrs = [
      { host: passive ? "::" : "::1", family: 10 },
      { host: passive ? "0.0.0.0" : "127.0.0.1", family: 2 },
    ];
  } else {
    const lit = isIP(host.split("%")[0]!);
    if (lit !== 0) {
      addrs = [{ host, family: lit === 6 ? 10 : 2 }];
    } else {
      if ((flg & C.AI_NUMERICHOST) !== 0) throw gaierror.fromCode(C.EAI_NONAME);
      addrs = await runtime.lookup(
        host,
        fam === C.AF_INET ? 2 : fam === C.AF_INET6 ? 10 : 0,
      );
    }
  }
  addrs = addrs.filter((a) => fam === C.AF_UNSPEC || a.family === fam);
  if (addrs.length === 0) throw gaierror.fromCode(C.EAI_ADDRFAMILY);
  const kinds: [number, number][] = typ === C.SOCK_STREAM
    ? [[C.SOCK_STREAM, C.IPPROTO_TCP]]
    : typ === C.SOCK_DGRAM
    ? [[C.SOCK_DGRAM, C.IPPROTO_UDP]]
    : typ === 0
    ? [[C.SOCK_STREAM, C.IPPROTO_TCP], [C.SOCK_DGRAM, C.IPPROTO_UDP], [
      C.SOCK_RAW,
      0,
    ]]
    : (() => {
      throw gaierror.fromCode(C.EAI_SOCKTYPE);
    })();
  const out: AddrInfo[] = [];
  let first = true;
  for (const a of addrs) {
    for (const [t, pr] of kinds) {
      if (prt !== 0 && pr !== 0 && prt !== pr) continue;
      const canon = first && (flg & C.AI_CANONNAME) !== 0 ? host ?? "" : "";
      first = false;
      const sa: AddrInfo[4] = a.family === 10
        ? asTuple([a.host, p ?? 0, 0, 0])
        : asTuple([a.host, p ?? 0]);
      out.push(asTuple([a.family, t, pr === 0 ? 0 : (prt || pr), canon, sa]));
    }
  }
  return out;
}

/**
 * Python's `socket.getnameinfo(sockaddr, flags)`: `[host, port]` names for
 * an address, numeric with `NI_NUMERICHOST`/`NI_NUMERICSERV`.
 *
 * @example
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [host, port] = await socket.getnameinfo(["127.0.0.1", 80], socket.NI_NUMERICHOST);
 * assert.equal(host, "127.0.0.1");
 * assert.equal(port, "http");
 * ```
 *
 * @param sockaddr `[host, port]` or `[host, port, flowinfo, scope_id]`.
 * @param flags `NI_*` flags.
 * @returns `[host, service]`.
 */
export async function getnameinfo(
  sockaddr:
    | readonly [string, number]
    | readonly [string, number, number, number],
  flags: number,
): Promise<[string, string]> {
  if (!Array.isArray(sockaddr) || sockaddr.length < 2 || sockaddr.length > 4) {
    throw new TypeError("getnameinfo() argument 1 must be a tuple");
  }
  const [host, port] = sockaddr;
  if (typeof host !== "string") {
    throw new TypeError(`str expected, not ${pyTypeName(host)}`);
  }
  const p = checkInt(port);
  const f = checkInt(flags);
  let ip = host;
  if (isIP(host) === 0) {
    const res = await runtime.lookup(host, 0);
    if (res.length > 1) {
      throw new OSError("sockaddr resolved to multiple addresses");
    }
    ip = res[0]!.host;
  }
  let name = ip;
  if ((f & C.NI_NUMERICHOST) === 0) {
    try {
      name = (await runtime.reverse(ip))[0] ?? ip;
    } catch (e) {
      if ((f & C.NI_NAMEREQD) !== 0) throw e;
    }
  }
  const serv = (f & C.NI_NUMERICSERV) !== 0
    ? String(p)
    : serviceByPort(p, (f & C.NI_DGRAM) !== 0 ? "udp" : "tcp") ?? String(p);
  return asTuple([name, serv]);
}

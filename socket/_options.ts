// Socket options, as Linux keeps them. The runtimes can set only a few
// options on a live socket (TCP_NODELAY, SO_KEEPALIVE, SO_BROADCAST), so
// the endpoint stores every value set, and getsockopt() answers what Linux
// would: its defaults, its doubled buffer sizes, flags read back as 0 or 1,
// and the error for a level or name the socket does not have.

import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { EINVAL, ENOPROTOOPT, EOPNOTSUPP } from "../errno/constants.ts";
import { checkInt } from "./_address.ts";
import { toBytes } from "./_bytes_like.ts";
import type { Endpoint } from "./_endpoint.ts";
import * as C from "./constants.ts";

type OptionKey =
  | "reuseaddr"
  | "reuseport"
  | "keepalive"
  | "rcvbuf"
  | "sndbuf"
  | "broadcast"
  | "linger"
  | "error"
  | "type"
  | "domain"
  | "protocol"
  | "acceptconn"
  | "rcvlowat"
  | "sndlowat"
  | "oobinline"
  | "nodelay"
  | "keepidle"
  | "keepintvl"
  | "keepcnt"
  | "v6only"
  | "ttl"
  | "tos";

const READ_ONLY: ReadonlySet<OptionKey> = new Set([
  "error",
  "type",
  "domain",
  "protocol",
  "acceptconn",
]);

const FLAGS: ReadonlySet<OptionKey> = new Set([
  "reuseport",
  "keepalive",
  "broadcast",
  "oobinline",
  "nodelay",
  "v6only",
]);

const DEFAULTS: Partial<Record<OptionKey, number>> = {
  rcvlowat: 1,
  sndlowat: 1,
  keepidle: 7200,
  keepintvl: 75,
  keepcnt: 9,
  ttl: 64,
};

// Linux's defaults (net.ipv4.tcp_rmem/tcp_wmem and net.core.*mem_default).
const DEFAULT_BUF: Record<string, number> = {
  tcp_rcvbuf: 131072,
  tcp_sndbuf: 16384,
  udp_rcvbuf: 212992,
  udp_sndbuf: 212992,
};

/**
 * `socket.setsockopt(level, optname, value[, optlen])` on the endpoint of
 * an open socket: stores the value and applies what the runtime can.
 */
export function setOption(
  ep: Endpoint,
  level: number,
  optname: number,
  value: number | boolean | Uint8Array | null,
  optlen: number | undefined,
): void {
  const lv = checkInt(level), name = checkInt(optname);
  let v: number | Uint8Array;
  if (value === null && optlen === undefined) {
    throw new TypeError("a bytes-like object is required, not 'NoneType'");
  }
  if (value === null) v = new Uint8Array(checkInt(optlen));
  else if (typeof value === "boolean" || typeof value === "number") {
    v = checkInt(value);
  } else v = toBytes(value);
  const key = optionKey(ep, lv, name);
  if (key === undefined || READ_ONLY.has(key)) {
    throw unknownOption(ep, lv, false);
  }
  if (key === "v6only" && ep.local() !== null) throw errorFromErrno(EINVAL);
  ep.setOpt(lv, name, v);
  const on = typeof v === "number" ? v !== 0 : v.some((x) => x !== 0);
  if (key === "nodelay") ep.conn?.setNoDelay(on);
  else if (key === "keepalive") ep.conn?.setKeepAlive(on);
  else if (key === "broadcast") ep.dgram?.setBroadcast(on);
}

/**
 * `socket.getsockopt(level, optname[, buflen])` on the endpoint of an open
 * socket: the value in effect, as an integer or as `buflen` bytes.
 */
export function getOption(
  ep: Endpoint,
  level: number,
  optname: number,
  buflen: number | undefined,
): number | Uint8Array {
  const lv = checkInt(level), name = checkInt(optname);
  const key = optionKey(ep, lv, name);
  if (key === undefined) throw unknownOption(ep, lv, true);
  let v: number | Uint8Array;
  switch (key) {
    case "error": {
      const e = ep.takeError();
      v = e === null ? 0 : e.errno ?? 0;
      break;
    }
    case "type":
      v = ep.type;
      break;
    case "domain":
      v = ep.family;
      break;
    case "protocol":
      v = ep.family === C.AF_UNIX
        ? 0
        : ep.proto || (ep.isStream ? C.IPPROTO_TCP : C.IPPROTO_UDP);
      break;
    case "acceptconn":
      v = ep.listener !== null ? 1 : 0;
      break;
    case "reuseaddr":
      // Both runtimes set SO_REUSEADDR on every TCP socket they bind.
      v = ep.isStream && (ep.listener !== null || ep.bound !== null)
        ? 1
        : stored(ep, lv, name, 0) !== 0
        ? 1
        : 0;
      break;
    case "rcvbuf":
    case "sndbuf": {
      // Linux doubles the value set, for its bookkeeping, and reports that.
      const set = ep.opt(lv, name);
      v = typeof set === "number"
        ? Math.max(set * 2, key === "rcvbuf" ? 2304 : 4608)
        : DEFAULT_BUF[`${ep.isStream ? "tcp" : "udp"}_${key}`]!;
      break;
    }
    case "linger": {
      const set = ep.opt(lv, name);
      v = set instanceof Uint8Array ? set : new Uint8Array(8);
      break;
    }
    default:
      v = stored(ep, lv, name, DEFAULTS[key] ?? 0);
      // Linux keeps flag options as booleans.
      if (FLAGS.has(key)) v = v !== 0 ? 1 : 0;
  }
  if (buflen === undefined || buflen === 0) {
    if (v instanceof Uint8Array) {
      return v.length >= 4
        ? new DataView(v.buffer, v.byteOffset, v.byteLength).getInt32(0, true)
        : v[0] ?? 0;
    }
    return v;
  }
  const n = checkInt(buflen);
  if (n < 0 || n > 1024) throw new OSError("getsockopt buflen out of range");
  if (v instanceof Uint8Array) return v.slice(0, n);
  const out = new Uint8Array(Math.max(n, 4));
  new DataView(out.buffer).setInt32(0, v, true);
  return out.subarray(0, n);
}

/** The stored value of an option as an integer, or `dflt` when never set. */
function stored(ep: Endpoint, lv: number, name: number, dflt: number): number {
  const v = ep.opt(lv, name);
  if (v === undefined) return dflt;
  if (typeof v === "number") return v;
  return v.length >= 4
    ? new DataView(v.buffer, v.byteOffset, v.byteLength).getInt32(0, true)
    : v[0] ?? 0;
}

/**
 * Linux's error for an option a socket does not have: a Unix socket has
 * only SOL_SOCKET options (EOPNOTSUPP); an internet socket's setsockopt
 * says ENOPROTOOPT, and so does its getsockopt at a level it handles
 * (socket, its transport, its IP version), EOPNOTSUPP at any other.
 */
function unknownOption(ep: Endpoint, level: number, get: boolean): OSError {
  if (level === C.SOL_SOCKET) return errorFromErrno(ENOPROTOOPT);
  if (ep.family === C.AF_UNIX) return errorFromErrno(EOPNOTSUPP);
  if (!get) return errorFromErrno(ENOPROTOOPT);
  const own = level === (ep.isStream ? C.IPPROTO_TCP : C.IPPROTO_UDP) ||
    level === (ep.family === C.AF_INET6 ? C.IPPROTO_IPV6 : C.IPPROTO_IP);
  return errorFromErrno(own ? ENOPROTOOPT : EOPNOTSUPP);
}

/** The option `name` at `level` names on this socket, if it has it. */
function optionKey(
  ep: Endpoint,
  level: number,
  name: number,
): OptionKey | undefined {
  if (level === C.SOL_SOCKET) {
    switch (name) {
      case C.SO_REUSEADDR:
        return "reuseaddr";
      case C.SO_REUSEPORT:
        return "reuseport";
      case C.SO_KEEPALIVE:
        return "keepalive";
      case C.SO_RCVBUF:
        return "rcvbuf";
      case C.SO_SNDBUF:
        return "sndbuf";
      case C.SO_BROADCAST:
        return "broadcast";
      case C.SO_LINGER:
        return "linger";
      case C.SO_ERROR:
        return "error";
      case C.SO_TYPE:
        return "type";
      case C.SO_DOMAIN:
        return "domain";
      case C.SO_PROTOCOL:
        return "protocol";
      case C.SO_ACCEPTCONN:
        return "acceptconn";
      case C.SO_RCVLOWAT:
        return "rcvlowat";
      case C.SO_SNDLOWAT:
        return "sndlowat";
      case C.SO_OOBINLINE:
        return "oobinline";
    }
    return undefined;
  }
  if (ep.family === C.AF_UNIX) return undefined;
  if (level === C.IPPROTO_TCP && ep.isStream) {
    switch (name) {
      case C.TCP_NODELAY:
        return "nodelay";
      case C.TCP_KEEPIDLE:
        return "keepidle";
      case C.TCP_KEEPINTVL:
        return "keepintvl";
      case C.TCP_KEEPCNT:
        return "keepcnt";
    }
    return undefined;
  }
  if (
    level === C.IPPROTO_IPV6 && name === C.IPV6_V6ONLY &&
    ep.family === C.AF_INET6
  ) return "v6only";
  if (level === C.IPPROTO_IP && ep.family === C.AF_INET) {
    if (name === C.IP_TTL) return "ttl";
    if (name === C.IP_TOS) return "tos";
  }
  return undefined;
}

// Python's socket.create_server and has_dualstack_ipv6.

import { ValueError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { bind } from "../_shared/args.ts";
import { socket } from "./socket.ts";
import { type Address, reprAddress } from "./_address.ts";
import * as C from "./constants.ts";

/** Python's keyword arguments of `create_server`. */
export interface CreateServerOptions {
  /** `AF_INET` (default) or `AF_INET6`. */
  family?: number;
  /** The listen backlog; default as `listen()`. */
  backlog?: number | null;
  /** Set SO_REUSEPORT before binding. */
  reuse_port?: boolean;
  /** With `AF_INET6`, accept IPv4 connections too. */
  dualstack_ipv6?: boolean;
}

/**
 * Python's `socket.has_dualstack_ipv6()`: whether an AF_INET6 socket can
 * also accept IPv4 connections (true on Linux with IPv6).
 *
 * @example
 * ```ts
 * import { has_dualstack_ipv6 } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * assert.equal(typeof has_dualstack_ipv6(), "boolean");
 * ```
 *
 * @returns Whether dual-stack sockets are available.
 */
export function has_dualstack_ipv6(): boolean {
  try {
    using s = new socket(C.AF_INET6, C.SOCK_STREAM);
    s.setsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Python's `socket.create_server(address, *, family, backlog, reuse_port,
 * dualstack_ipv6)`: a TCP socket bound to `address` and listening.
 * SO_REUSEADDR is set, as Python does on POSIX.
 *
 * @example
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * using srv = socket.create_server(["127.0.0.1", 0]);
 * assert.equal(srv.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN), 1);
 * ```
 *
 * @param address `[host, port]` (`["", 0]` for all interfaces).
 * @param kwargs Python's keyword arguments (all of them are keyword-only).
 * @returns The listening socket.
 * @throws {TypeError} A keyword `create_server()` does not have.
 * @tags allow-net
 */
export function create_server(
  address: Address,
  kwargs?: CreateServerOptions,
): socket {
  const [fam, backlog, reuse_port, dualstack_ipv6] = bind(
    "create_server",
    [
      "family",
      "backlog",
      "reuse_port",
      "dualstack_ipv6",
    ],
    [kwargs],
    0,
  );
  const options: CreateServerOptions = {};
  if (backlog !== undefined) options.backlog = backlog as number | null;
  if (reuse_port !== undefined) options.reuse_port = reuse_port as boolean;
  if (dualstack_ipv6 !== undefined) {
    options.dualstack_ipv6 = dualstack_ipv6 as boolean;
  }
  const family = (fam ?? C.AF_INET) as number;
  if (options.reuse_port && C.SO_REUSEPORT === undefined) {
    throw new ValueError("SO_REUSEPORT not supported on this platform");
  }
  if (options.dualstack_ipv6) {
    if (!has_dualstack_ipv6()) {
      throw new ValueError("dualstack_ipv6 not supported on this platform");
    }
    if (family !== C.AF_INET6) {
      throw new ValueError("dualstack_ipv6 requires AF_INET6 family");
    }
  }
  const sock = new socket(family, C.SOCK_STREAM);
  try {
    sock.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
    if (options.reuse_port) sock.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
    if (family === C.AF_INET6) {
      sock.setsockopt(
        C.IPPROTO_IPV6,
        C.IPV6_V6ONLY,
        options.dualstack_ipv6 ? 0 : 1,
      );
    }
    try {
      sock.bind(address);
    } catch (err) {
      // Python names the address in the message, keeping errno and class.
      if (!(err instanceof OSError) || err.errno === null) throw err;
      throw new OSError(
        err.errno,
        `${err.strerror} (while attempting to bind on address ${
          reprAddress(address)
        })`,
      );
    }
    if (options.backlog === null || options.backlog === undefined) {
      sock.listen();
    } else sock.listen(options.backlog);
    return sock;
  } catch (e) {
    sock.close();
    throw e;
  }
}

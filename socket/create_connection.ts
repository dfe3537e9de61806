// Python's socket.create_connection.

import { keywords } from "../_shared/args.ts";
import { OSError } from "../builtins/os_error.ts";
import { getaddrinfo } from "./getaddrinfo.ts";
import { socket } from "./socket.ts";
import { SOCK_STREAM } from "./constants.ts";
import { getdefaulttimeout } from "./default_timeout.ts";
import { checkTimeout } from "./_timeout.ts";
import { pyTypeName } from "./_address.ts";

/** Python's keyword arguments of `create_connection`. */
export interface CreateConnectionOptions {
  /** Seconds for the connect and the new socket, `null` to block; default: `getdefaulttimeout()`. */
  timeout?: number | null;
  /** `[host, port]` to bind before connecting. */
  source_address?: readonly [string, number] | null;
  /** Raise an ExceptionGroup of every failure instead of the last one. */
  all_errors?: boolean;
}

/**
 * Python's `socket.create_connection(address, timeout, source_address)`:
 * resolves `[host, port]` and connects to each address in turn until one
 * accepts, returning the connected socket. The last error is raised when
 * none does.
 *
 * @example
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * using srv = socket.create_server(["127.0.0.1", 0]);
 * const port = (srv.getsockname() as [string, number])[1];
 * using c = await socket.create_connection(["127.0.0.1", port], { timeout: 5 });
 * assert.equal(c.gettimeout(), 5);
 * ```
 *
 * @param address `[host, port]`.
 * @param timeout Seconds, or an options object with Python's keyword arguments.
 * @param source_address `[host, port]` to bind first.
 * @returns The connected socket.
 * @tags allow-net
 */
export async function create_connection(
  address: readonly [string, number],
  timeout?: number | null | CreateConnectionOptions,
  source_address?: readonly [string, number] | null,
): Promise<socket> {
  let opts: CreateConnectionOptions;
  const kw = keywords("create_connection", timeout, [
    "timeout",
    "source_address",
    "all_errors",
  ]);
  if (kw !== null) opts = kw as CreateConnectionOptions;
  else {
    opts = {};
    if (timeout !== undefined) opts.timeout = timeout as number | null;
    if (source_address !== undefined) opts.source_address = source_address;
  }
  if (!Array.isArray(address) || address.length !== 2) {
    throw new TypeError(
      `create_connection() address must be a (host, port) tuple, not ${
        pyTypeName(address)
      }`,
    );
  }
  const t = opts.timeout === undefined
    ? getdefaulttimeout()
    : checkTimeout(opts.timeout);
  const [host, port] = address;
  const infos = await getaddrinfo(host, port, 0, SOCK_STREAM);
  const errors: unknown[] = [];
  for (const [family, type, proto, , sa] of infos) {
    const s = new socket(family, type, proto);
    try {
      s.settimeout(t);
      if (opts.source_address) s.bind(opts.source_address);
      await s.connect(sa);
      return s;
    } catch (e) {
      s.close();
      errors.push(e);
    }
  }
  if (errors.length === 0) {
    throw new OSError("getaddrinfo returns an empty list");
  }
  if (opts.all_errors) {
    throw new AggregateError(errors, "create_connection failed");
  }
  throw errors[errors.length - 1];
}

// Python's socket.create_connection.

import { bind } from "../_shared/args.ts";
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
 * Python's `socket.create_connection(address, timeout, source_address, *,
 * all_errors=False)`:
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
 * @param timeout Seconds, or the keyword object.
 * @param source_address `[host, port]` to bind first, or the keyword object.
 * @param kwargs `{ timeout, source_address, all_errors }` after positional
 *   arguments (`all_errors` is keyword-only, as in Python).
 * @returns The connected socket.
 * @throws {TypeError} A keyword `create_connection()` does not have.
 * @tags allow-net
 */
export async function create_connection(
  address: readonly [string, number],
  timeout?: number | null | CreateConnectionOptions,
  source_address?: readonly [string, number] | null | CreateConnectionOptions,
  kwargs?: CreateConnectionOptions,
): Promise<socket> {
  const [t0, src, all_errors] = bind(
    "create_connection",
    [
      "timeout",
      "source_address",
      "all_errors",
    ],
    [timeout, source_address, kwargs],
    2,
  );
  const opts: CreateConnectionOptions = {};
  if (t0 !== undefined) opts.timeout = t0 as number | null;
  if (src !== undefined) {
    opts.source_address = src as readonly [string, number] | null;
  }
  if (all_errors !== undefined) opts.all_errors = all_errors as boolean;
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

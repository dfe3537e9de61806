// Python's multiprocessing.connection.Client.

import { bind } from "../../_shared/args.ts";
import { AF_INET, AF_UNIX } from "../../socket/constants.ts";
import { socket } from "../../socket/socket.ts";
import type { Connection } from "./connection.ts";
import { SocketConnection } from "./_socket_connection.ts";
import { answer_challenge, deliver_challenge } from "./auth.ts";
import {
  addressType,
  authkeyOf,
  type ConnectionAddress,
  validateFamily,
} from "./_families.ts";

/** The keyword arguments of `Client`. */
export interface ClientOptions {
  /** 'AF_INET' or 'AF_UNIX'; by default the address's. */
  family?: string | null;
  /** The shared secret the Listener expects. */
  authkey?: Uint8Array | null;
}

/**
 * The type of {@linkcode Client}: a function that is also used with `new`,
 * as a capitalized Python factory is (docs/porting.md §1).
 */
export interface ClientFunction {
  /**
   * Connects to a Listener.
   *
   * @param address `[host, port]` or a Unix socket path.
   * @param family 'AF_INET' or 'AF_UNIX' (or the keywords).
   * @param authkey The shared secret (bytes), or null.
   */
  (
    address: ConnectionAddress,
    family?: string | null | ClientOptions,
    authkey?: Uint8Array | null | ClientOptions,
  ): Promise<Connection>;
  /**
   * The same, with `new`.
   *
   * @param address `[host, port]` or a Unix socket path.
   * @param family 'AF_INET' or 'AF_UNIX' (or the keywords).
   * @param authkey The shared secret (bytes), or null.
   */
  new (
    address: ConnectionAddress,
    family?: string | null | ClientOptions,
    authkey?: Uint8Array | null | ClientOptions,
  ): Promise<Connection>;
}

async function connect(
  address: unknown,
  family: unknown,
  authkey: unknown,
): Promise<Connection> {
  const [f, k] = bind("Client", ["family", "authkey"], [family, authkey]);
  const fam = (f as string | null | undefined) || addressType(address);
  validateFamily(fam);
  const key = authkeyOf(k);
  const s = new socket(fam === "AF_INET" ? AF_INET : AF_UNIX);
  try {
    await s.connect(address as [string, number]);
  } catch (e) {
    s.close();
    throw e;
  }
  const c = new SocketConnection(s);
  if (key !== null) {
    try {
      await answer_challenge(c, key);
      await deliver_challenge(c, key);
    } catch (e) {
      c.close();
      throw e;
    }
  }
  return c;
}

/**
 * Python's `multiprocessing.connection.Client(address, family=None,
 * authkey=None)`: connects to a `Listener` (pyport's or CPython's) and
 * resolves with the connection, authenticated both ways when `authkey` is
 * given. `conn = Client(address, authkey=b"k")` is
 * `const conn = await Client(address, { authkey: b("k") })`.
 *
 * @example
 * ```ts
 * import { Client, Listener } from "@pyport/std/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * using listener = new Listener(["127.0.0.1", 0]);
 * const accepted = listener.accept();
 * const conn = await Client(listener.address);
 * const server = await accepted;
 * await server.send_bytes(new Uint8Array([1, 2, 3]));
 * assert.deepEqual(await conn.recv_bytes(), new Uint8Array([1, 2, 3]));
 * conn.close();
 * server.close();
 * ```
 */
export const Client: ClientFunction = function Client(
  address: ConnectionAddress,
  family?: string | null | ClientOptions,
  authkey?: Uint8Array | null | ClientOptions,
): Promise<Connection> {
  return connect(address, family, authkey);
} as ClientFunction;

// Python's multiprocessing.connection.Listener.

import { OSError } from "../../builtins/os_error.ts";
import { bind } from "../../_shared/args.ts";
import {
  AF_INET,
  AF_UNIX,
  SO_REUSEADDR,
  SOL_SOCKET,
} from "../../socket/constants.ts";
import { socket } from "../../socket/socket.ts";
import { unlinkSync } from "node:fs";
import type { Connection } from "./connection.ts";
import { SocketConnection } from "./_socket_connection.ts";
import { answer_challenge, deliver_challenge } from "./auth.ts";
import { addressOf, showAsPython } from "../../_shared/pyrepr.ts";
import {
  addressType,
  arbitraryAddress,
  authkeyOf,
  type ConnectionAddress,
  liveSocketFiles,
  removeAtExit,
  validateFamily,
} from "./_families.ts";

/** The keyword arguments of `Listener`. */
export interface ListenerOptions {
  /** Where to listen: `[host, port]` or a Unix socket path. */
  address?: ConnectionAddress | null;
  /** 'AF_INET' or 'AF_UNIX'; by default the address's, else 'AF_UNIX'. */
  family?: string | null;
  /** The listen backlog (default 1). */
  backlog?: number;
  /** The shared secret: clients must prove they know it. */
  authkey?: Uint8Array | null;
}

/**
 * Python's `multiprocessing.connection.Listener(address=None,
 * family=None, backlog=1, authkey=None)`: a socket listening for
 * `Client` connections, from pyport or from CPython. With an `authkey`,
 * each connection is authenticated both ways (the HMAC challenge) before
 * `accept()` returns it. `with Listener(...) as l:` is
 * `using l = new Listener(...)`.
 *
 * @example
 * ```ts
 * import { Client, Listener } from "@pyport/std/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const key = new TextEncoder().encode("secret password");
 * using listener = new Listener(["127.0.0.1", 0], { authkey: key });
 * const [server, client] = await Promise.all([
 *   listener.accept(),
 *   Client(listener.address, { authkey: key }),
 * ]);
 * await client.send(["hello", 1]);
 * assert.deepEqual(await server.recv(), ["hello", 1]);
 * client.close();
 * server.close();
 * ```
 */
export class Listener {
  #sock: socket | null;
  #address: ConnectionAddress;
  #authkey: Uint8Array | null;
  #unlink: string | null = null;
  #lastAccepted: unknown = null;

  /**
   * Binds and listens at once, as Python's does.
   *
   * @param address `[host, port]` or a path (or the keywords).
   * @param family 'AF_INET' or 'AF_UNIX'.
   * @param backlog The listen backlog.
   * @param authkey The shared secret (bytes), or null: no authentication.
   * @throws {TypeError} A non-bytes authkey, or an address of the wrong family.
   * @throws {ValueError} An unknown family (such as 'AF_PIPE').
   * @throws {OSError} The address cannot be bound.
   */
  constructor(
    address?: ConnectionAddress | null | ListenerOptions,
    family?: string | null | ListenerOptions,
    backlog?: number | ListenerOptions,
    authkey?: Uint8Array | null | ListenerOptions,
  ) {
    const [a, f, b, k] = bind(
      "Listener",
      ["address", "family", "backlog", "authkey"],
      [address, family, backlog, authkey],
    );
    const fam = (f as string | null | undefined) ||
      (a ? addressType(a) : null) || "AF_UNIX";
    const addr = (a as ConnectionAddress | null | undefined) ||
      arbitraryAddress(fam);
    validateFamily(fam);
    this.#authkey = authkeyOf(k);
    const s = new socket(fam === "AF_INET" ? AF_INET : AF_UNIX);
    try {
      s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
      s.bind(addr as [string, number]);
      s.listen(b === undefined ? 1 : b as number);
      this.#address = s.getsockname() as ConnectionAddress;
    } catch (e) {
      s.close();
      throw e;
    }
    this.#sock = s;
    if (fam === "AF_UNIX" && typeof addr === "string" && addr[0] !== "\0") {
      this.#unlink = addr;
      removeAtExit(addr);
    }
  }

  /**
   * Python's `accept()`: waits for a client and returns the connection,
   * once it is authenticated when there is an authkey.
   *
   * @returns The server's end of the connection.
   * @throws {OSError} "listener is closed".
   * @throws {AuthenticationError} The client does not know the key.
   */
  async accept(): Promise<Connection> {
    const s = this.#sock;
    if (s === null) throw new OSError("listener is closed");
    const [sock, addr] = await s.accept();
    this.#lastAccepted = addr;
    const c = new SocketConnection(sock);
    if (this.#authkey !== null) {
      try {
        await deliver_challenge(c, this.#authkey);
        await answer_challenge(c, this.#authkey);
      } catch (e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /** Python's `close()`: stops listening (and removes a Unix socket's file). */
  close(): void {
    const s = this.#sock;
    if (s === null) return;
    this.#sock = null;
    try {
      s.close();
    } finally {
      const path = this.#unlink;
      this.#unlink = null;
      if (path !== null) {
        liveSocketFiles.delete(path);
        try {
          unlinkSync(path);
        } catch {
          // Already gone.
        }
      }
    }
  }

  /** Python's `address`: where it listens (the port chosen, for port 0). */
  get address(): ConnectionAddress {
    return this.#address;
  }

  /** Python's `last_accepted`: the address of the last client, or null. */
  get last_accepted(): unknown {
    return this.#lastAccepted;
  }

  /**
   * Python's `repr()`: `<multiprocessing.connection.Listener object at
   * 0x...>` (a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    return `<multiprocessing.connection.Listener object at ${addressOf(this)}>`;
  }

  /** `with Listener(...) as l:`: leaving the block closes it. */
  [Symbol.dispose](): void {
    this.close();
  }
}

showAsPython(Listener);

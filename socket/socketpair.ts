// Python's socket.socketpair.

import { asTuple } from "../_shared/tuple.ts";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  mapError,
  type RawAddr,
  type RawStream,
  runtime,
} from "../_runtime/mod.ts";
import { socket } from "./socket.ts";
import { internals } from "./_internals.ts";
import * as C from "./constants.ts";
import { bind } from "../_shared/args.ts";

/** Python's keyword arguments of {@linkcode socketpair}. */
export interface SocketpairOptions {
  /** `AF_UNIX` (default), `AF_INET` or `AF_INET6`. */
  family?: number | null;
  /** `SOCK_STREAM` (default) or `SOCK_DGRAM`. */
  type?: number;
  /** 0. */
  proto?: number;
}

/**
 * Python's `socket.socketpair(family=None, type=SOCK_STREAM, proto=0)`:
 * two sockets connected to each other. It returns at once, as in Python;
 * the connection between them is completed by the runtime before the first
 * send or recv on either proceeds.
 *
 * @example
 * ```ts
 * import { socketpair } from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * await a.sendall(b("x"));
 * assert.equal(decode(await c.recv(1)), "x");
 * a.close();
 * c.close();
 * ```
 *
 * @param family `AF_UNIX` (default, also for `null`), `AF_INET` or
 *   `AF_INET6`; or the keyword object.
 * @param type `SOCK_STREAM` (default) or `SOCK_DGRAM` (internet families);
 *   or the keyword object.
 * @param proto 0; or the keyword object.
 * @param kwargs `{ family, type, proto }` after positional arguments.
 * @returns The two sockets.
 * @throws {TypeError} A keyword `socketpair()` does not have.
 * @tags allow-read, allow-write, allow-net
 */
export function socketpair(
  family?: number | null | SocketpairOptions,
  type?: number | SocketpairOptions,
  proto?: number | SocketpairOptions,
  kwargs?: SocketpairOptions,
): [socket, socket] {
  const [f, t, p] = bind("socketpair", ["family", "type", "proto"], [
    family,
    type,
    proto,
    kwargs,
  ]) as (number | null | undefined)[];
  family = f ?? C.AF_UNIX;
  type = t ?? C.SOCK_STREAM;
  proto = p ?? 0;
  const a = new socket(family, type, proto);
  const b = new socket(family, type, proto);
  try {
    if (b.type === C.SOCK_DGRAM) {
      if (family === C.AF_UNIX) {
        const d = runtime.makeTempDir("pyport-pair-");
        a.bind(join(d, "a"));
        b.bind(join(d, "b"));
      } else {
        const host = family === C.AF_INET6 ? "::1" : "127.0.0.1";
        a.bind(family === C.AF_INET6 ? [host, 0, 0, 0] : [host, 0]);
        b.bind(family === C.AF_INET6 ? [host, 0, 0, 0] : [host, 0]);
      }
      const addrOf = (s: socket): RawAddr => {
        const n = s.getsockname();
        if (typeof n === "string") return { family: 1, path: n };
        return {
          family: family === C.AF_INET6 ? 10 : 2,
          host: n[0] as string,
          port: n[1] as number,
        };
      };
      internals.setPeer(a, addrOf(b));
      internals.setPeer(b, addrOf(a));
      return asTuple([a, b]);
    }
    let dir: string | null = null;
    let addr: RawAddr;
    if (family === C.AF_UNIX) {
      dir = runtime.makeTempDir("pyport-pair-");
      addr = { family: 1, path: join(dir, "s") };
    } else {
      addr = family === C.AF_INET6
        ? { family: 10, host: "::1", port: 0 }
        : { family: 2, host: "127.0.0.1", port: 0 };
    }
    const listener = runtime.bindStream(addr, {}).listen(1);
    const target = listener.local;
    const cleanup = () => {
      try {
        listener.close();
        if (dir !== null) rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        // node:fs's error, the one here no adapter has made an OSError.
        throw mapError(e);
      }
    };
    const accepted = (async (): Promise<RawStream> => {
      for (;;) {
        const s = listener.tryAccept();
        if (s !== undefined) return s;
        await listener.waitAcceptable();
      }
    })();
    const connected = runtime.connect(target, null, null);
    const both = Promise.all([connected, accepted]).finally(cleanup);
    both.catch(() => {});
    // Either way an OSError: the adapters' calls reject with one, and so
    // does cleanup.
    internals.adopt(a, both.then(([c]) => c));
    internals.adopt(b, both.then(([, s]) => s));
    return asTuple([a, b]);
  } catch (e) {
    a.close();
    b.close();
    throw e;
  }
}

import * as socket from "../socket/mod.ts";
import { definedIn } from "../_shared/pyrepr.ts";
import { UDPServer } from "./udp_server.ts";

/**
 * Python's `socketserver.UnixDatagramServer`: a `UDPServer` on a Unix
 * datagram socket. Unix datagram sockets need Deno with `--unstable-net`;
 * elsewhere the constructor raises `NotImplementedError` naming the runtime.
 *
 * @example
 * ```ts
 * import { UDPServer, UnixDatagramServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(UnixDatagramServer.prototype instanceof UDPServer);
 * ```
 */
export class UnixDatagramServer extends UDPServer {
  /** The socket family of the class. */
  static override address_family: number = socket.AF_UNIX;
}

definedIn("socketserver", UnixDatagramServer);

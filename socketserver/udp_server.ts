// Python's socketserver.UDPServer.

import { definedIn } from "../_shared/pyrepr.ts";
import { asTuple } from "../_shared/tuple.ts";
import * as socket from "../socket/mod.ts";
import { TCPServer } from "./tcp_server.ts";
import { classAttributes } from "./_class_attrs.ts";

/**
 * Python's `socketserver.UDPServer`: a server over a datagram socket. Each
 * request is `[data, socket]`: one datagram of at most `max_packet_size`
 * (8192) bytes, and the server socket to answer on.
 *
 * @example
 * ```ts
 * import { DatagramRequestHandler, UDPServer } from "@pyport/std/socketserver";
 * import * as socket from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * class Upper extends DatagramRequestHandler {
 *   override handle() {
 *     this.wfile.write(b(decode(this.rfile.read()).toUpperCase()));
 *   }
 * }
 * await using server = new UDPServer(["127.0.0.1", 0], Upper);
 * using c = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
 * await c.sendto(b("hi"), server.server_address);
 * await server.handle_request();
 * assert.equal(decode(await c.recv(100)), "HI");
 * ```
 */
export class UDPServer extends TCPServer {
  /** Whether the class sets SO_REUSEADDR. */
  static override allow_reuse_address: boolean = false;
  /** Whether the class sets SO_REUSEPORT. */
  static override allow_reuse_port: boolean = false;
  /** The socket type for the class. */
  static override socket_type: number = socket.SOCK_DGRAM;
  /** The largest datagram a request can hold. */
  static max_packet_size: number = 8192;
  /** The largest datagram this server reads. */
  declare max_packet_size: number;

  /**
   * Python's `get_request()`: receives one datagram.
   *
   * @returns `[[data, socket], client_address]`.
   */
  override async get_request(): Promise<[unknown, socket.Address]> {
    const [data, client_addr] = await this.socket.recvfrom(
      this.max_packet_size,
    );
    return asTuple([
      asTuple([data, this.socket]),
      client_addr as socket.Address,
    ]);
  }

  /** Nothing to do: a datagram socket does not listen. */
  override server_activate(): void {}

  /**
   * Python's `shutdown_request(request)`: nothing to shut down.
   *
   * @param request The request.
   */
  override shutdown_request(request: unknown): void | Promise<void> {
    return this.close_request(request);
  }

  /**
   * Python's `close_request(request)`: nothing to close.
   *
   * @param _request The request.
   */
  override close_request(_request: unknown): void | Promise<void> {}
}

classAttributes(UDPServer, ["max_packet_size"]);

definedIn("socketserver", UDPServer);

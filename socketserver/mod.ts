/**
 * Python's `socketserver` module: a framework for network servers. A server
 * class (`TCPServer`, `UDPServer`, `UnixStreamServer`,
 * `UnixDatagramServer`) supplies the socket; a mix-in (`ThreadingMixIn`)
 * supplies concurrency; a request handler class (`BaseRequestHandler`,
 * `StreamRequestHandler`, `DatagramRequestHandler`) supplies the protocol.
 * Each axis varies on its own, as in Python.
 *
 * @example The Python docs' threaded echo server
 * ```ts
 * import * as socketserver from "@pyport/std/socketserver";
 * import * as socket from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * class Handler extends socketserver.BaseRequestHandler {
 *   override async handle() {
 *     const data = await this.request.recv(1024);
 *     await this.request.sendall(b(decode(data).toUpperCase()));
 *   }
 * }
 * await using server = new socketserver.ThreadingTCPServer(["127.0.0.1", 0], Handler);
 * const serving = server.serve_forever();
 * using c = await socket.create_connection(server.server_address as [string, number]);
 * await c.sendall(b("hello"));
 * assert.equal(decode(await c.recv(1024)), "HELLO");
 * await server.shutdown();
 * await serving;
 * ```
 *
 * @module
 */
export * from "./base_server.ts";
export * from "./tcp_server.ts";
export * from "./udp_server.ts";
export * from "./unix_stream_server.ts";
export * from "./unix_datagram_server.ts";
export * from "./threading_mix_in.ts";
export * from "./threading_servers.ts";
export * from "./forking_mix_in.ts";
export * from "./forking_servers.ts";
export * from "./base_request_handler.ts";
export * from "./stream_request_handler.ts";
export * from "./datagram_request_handler.ts";
export * from "./bytes_io.ts";

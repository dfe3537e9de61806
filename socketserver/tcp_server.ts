// Python's socketserver.TCPServer.

import { definedIn } from "../_shared/pyrepr.ts";
import { keywords } from "../_shared/args.ts";
import * as socket from "../socket/mod.ts";
import { OSError } from "../builtins/os_error.ts";
import { BaseServer, type RequestHandlerClass } from "./base_server.ts";
import { classAttributes } from "./_class_attrs.ts";

/**
 * Python's `socketserver.TCPServer`: a `BaseServer` over a stream socket.
 * Class attributes (static members; override with `static` in a subclass,
 * or set on an instance before binding): `address_family` (`AF_INET`),
 * `socket_type` (`SOCK_STREAM`), `request_queue_size` (5),
 * `allow_reuse_address` (false), `allow_reuse_port` (false).
 *
 * The constructor binds and listens unless `bind_and_activate` is false,
 * so `server_address` holds the bound address (the real port for port 0)
 * right after it.
 *
 * @example
 * ```ts
 * import { BaseRequestHandler, TCPServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * class Reuse extends TCPServer {
 *   static override allow_reuse_address = true;
 * }
 * await using server = new Reuse(["127.0.0.1", 0], BaseRequestHandler);
 * assert.equal(server.allow_reuse_address, true);
 * assert.notEqual((server.server_address as [string, number])[1], 0);
 * ```
 */
export class TCPServer extends BaseServer {
  /** The socket's family. */
  static address_family: number = socket.AF_INET;
  /** The socket's type. */
  static socket_type: number = socket.SOCK_STREAM;
  /** The backlog given to `listen()`. */
  static request_queue_size: number = 5;
  /** Whether to set SO_REUSEADDR before binding. */
  static allow_reuse_address: boolean = false;
  /** Whether to set SO_REUSEPORT before binding. */
  static allow_reuse_port: boolean = false;
  /** The socket family for this server (the class value unless set on it). */
  declare address_family: number;
  /** The socket type for this server. */
  declare socket_type: number;
  /** The listen backlog for this server. */
  declare request_queue_size: number;
  /** Whether this server sets SO_REUSEADDR. */
  declare allow_reuse_address: boolean;
  /** Whether this server sets SO_REUSEPORT. */
  declare allow_reuse_port: boolean;

  /** The server's socket. */
  socket: socket.socket;

  /**
   * Makes the socket and, unless `bind_and_activate` is false, binds and
   * listens (closing the socket if either fails).
   *
   * @param server_address The address to serve on.
   * @param RequestHandlerClass The class made for each request.
   * @param bind_and_activate Whether to bind and listen now.
   */
  constructor(
    server_address: socket.Address,
    RequestHandlerClass: RequestHandlerClass,
    bind_and_activate: boolean | { bind_and_activate?: boolean } = true,
  ) {
    super(server_address, RequestHandlerClass);
    const kw = keywords("TCPServer", bind_and_activate, ["bind_and_activate"]);
    const activate = kw !== null
      ? (kw.bind_and_activate ?? true) as boolean
      : bind_and_activate;
    this.socket = new socket.socket(this.address_family, this.socket_type);
    if (activate) {
      try {
        this.server_bind();
        this.server_activate();
      } catch (e) {
        void this.server_close();
        throw e;
      }
    }
  }

  /** Python's `server_bind()`: sets the reuse options and binds. */
  server_bind(): void {
    if (this.allow_reuse_address) {
      this.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    }
    if (
      this.allow_reuse_port &&
      (this.address_family === socket.AF_INET ||
        this.address_family === socket.AF_INET6)
    ) {
      this.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1);
    }
    this.socket.bind(this.server_address);
    this.server_address = this.socket.getsockname();
  }

  /** Python's `server_activate()`: listens with `request_queue_size`. */
  override server_activate(): void {
    this.socket.listen(this.request_queue_size);
  }

  /** Python's `server_close()`: closes the socket. */
  override server_close(): void | Promise<void> {
    this.socket.close();
  }

  /**
   * Python's `fileno()`: the socket's descriptor.
   *
   * @returns The descriptor number.
   */
  override fileno(): number {
    return this.socket.fileno();
  }

  /**
   * Python's `get_request()`: accepts a connection.
   *
   * @returns `[connection, client_address]`.
   */
  override get_request(): Promise<[unknown, socket.Address]> {
    return this.socket.accept();
  }

  /**
   * Python's `shutdown_request(request)`: shuts the connection's writing
   * side (so the client sees EOF), then closes it.
   *
   * @param request The connection.
   */
  override shutdown_request(request: unknown): void | Promise<void> {
    try {
      (request as socket.socket).shutdown(socket.SHUT_WR);
    } catch (e) {
      if (!(e instanceof OSError)) throw e;
    }
    return this.close_request(request);
  }

  /**
   * Python's `close_request(request)`: closes the connection.
   *
   * @param request The connection.
   */
  override close_request(request: unknown): void | Promise<void> {
    (request as socket.socket).close();
  }
}

classAttributes(TCPServer, [
  "address_family",
  "socket_type",
  "request_queue_size",
  "allow_reuse_address",
  "allow_reuse_port",
]);

definedIn("socketserver", TCPServer);

// Python's socketserver.BaseRequestHandler.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import type * as socket from "../socket/mod.ts";

/**
 * Python's `socketserver.BaseRequestHandler`: one object per request, with
 * `request`, `client_address` and `server`. Override `handle()` (it may be
 * async); `setup()` runs before it and `finish()` after it, even when it
 * throws. For a TCP server `request` is the connected socket.
 *
 * @example
 * ```ts
 * import { BaseRequestHandler } from "@pyport/std/socketserver";
 * import { b } from "@pyport/std/builtins";
 *
 * class Hello extends BaseRequestHandler {
 *   override async handle() {
 *     await this.request.sendall(b("hello\n"));
 *   }
 * }
 * void Hello;
 * ```
 */
export class BaseRequestHandler<R = socket.socket, S = unknown> {
  /** The request: a connected socket (stream servers) or `[data, socket]` (datagram servers). */
  request: R;
  /** The client's address. */
  client_address: socket.Address;
  /** The server that received the request. */
  server: S;

  /**
   * Made by the server for each request.
   *
   * @param request The request.
   * @param client_address The client's address.
   * @param server The server.
   */
  constructor(request: R, client_address: socket.Address, server: S) {
    this.request = request;
    this.client_address = client_address;
    this.server = server;
  }

  /** Runs before `handle()`; a hook. */
  setup(): void | Promise<void> {}

  /** Serves the request; override it. */
  handle(): void | Promise<void> {}

  /** Runs after `handle()`, even when it threw; a hook. */
  finish(): void | Promise<void> {}
}

definedIn("socketserver", BaseRequestHandler);
showAsPython(BaseRequestHandler, objectRepr);

// Python's socketserver.DatagramRequestHandler.

import { definedIn } from "../_shared/pyrepr.ts";
import type * as socket from "../socket/mod.ts";
import { BaseRequestHandler } from "./base_request_handler.ts";
import { BytesIO } from "./bytes_io.ts";

/**
 * Python's `socketserver.DatagramRequestHandler`: `rfile` holds the
 * datagram and what `handle()` writes to `wfile` is sent back to the
 * client as one datagram when it returns.
 *
 * @example
 * ```ts
 * import { DatagramRequestHandler } from "@pyport/std/socketserver";
 *
 * class Echo extends DatagramRequestHandler {
 *   override handle() {
 *     this.wfile.write(this.rfile.read());
 *   }
 * }
 * void Echo;
 * ```
 */
export class DatagramRequestHandler<S = unknown>
  extends BaseRequestHandler<[Uint8Array, socket.socket], S> {
  /** The datagram received. */
  packet!: Uint8Array;
  /** The server's socket, to answer on. */
  socket!: socket.socket;
  /** The datagram, to read. */
  rfile!: BytesIO;
  /** The reply, sent when `handle()` returns. */
  wfile!: BytesIO;

  /** Makes `rfile` and `wfile`. */
  override setup(): void {
    [this.packet, this.socket] = this.request;
    this.rfile = new BytesIO(this.packet);
    this.wfile = new BytesIO();
  }

  /** Sends what was written to `wfile` back to the client. */
  override async finish(): Promise<void> {
    await this.socket.sendto(this.wfile.getvalue(), this.client_address);
  }
}

definedIn("socketserver", DatagramRequestHandler);

// Python's socketserver.StreamRequestHandler.

import { definedIn } from "../_shared/pyrepr.ts";
import * as socket from "../socket/mod.ts";
import { OSError } from "../builtins/os_error.ts";
import { BaseRequestHandler } from "./base_request_handler.ts";
import { classAttributes } from "./_class_attrs.ts";

/**
 * Python's `socketserver.StreamRequestHandler`: gives `handle()` the
 * connection as files: `rfile` to read (`await this.rfile.readline()`) and
 * `wfile` to write (`await this.wfile.write(b)`). Class attributes
 * (static): `rbufsize` (-1: buffered), `wbufsize` (0: unbuffered, each
 * write is sent at once), `timeout` (seconds for the connection, or
 * `null`), `disable_nagle_algorithm` (false).
 *
 * @example A line echo handler
 * ```ts
 * import { StreamRequestHandler } from "@pyport/std/socketserver";
 *
 * class LineEcho extends StreamRequestHandler {
 *   static override timeout = 10;
 *   override async handle() {
 *     const line = await this.rfile.readline() as Uint8Array;
 *     await this.wfile.write(line);
 *   }
 * }
 * void LineEcho;
 * ```
 */
export class StreamRequestHandler<S = unknown>
  extends BaseRequestHandler<socket.socket, S> {
  /** Read buffer size for `rfile` (-1: the default buffer). */
  static rbufsize: number = -1;
  /** Write buffer size for `wfile` (0: unbuffered). */
  static wbufsize: number = 0;
  /** A timeout for the connection, in seconds, or `null`. */
  static timeout: number | null = null;
  /** Whether to set TCP_NODELAY on the connection. */
  static disable_nagle_algorithm: boolean = false;
  /** This handler's read buffer size. */
  declare rbufsize: number;
  /** This handler's write buffer size. */
  declare wbufsize: number;
  /** This handler's connection timeout. */
  declare timeout: number | null;
  /** Whether this handler sets TCP_NODELAY. */
  declare disable_nagle_algorithm: boolean;

  /** The connection (the same socket as `request`). */
  connection!: socket.socket;
  /** The connection's reading file (binary). */
  rfile!: socket.SocketFile;
  /** The connection's writing file (binary). */
  wfile!: socket.SocketFile;

  /** Makes `rfile` and `wfile`, applying `timeout` and `disable_nagle_algorithm`. */
  override setup(): void {
    this.connection = this.request;
    if (this.timeout !== null) this.connection.settimeout(this.timeout);
    if (this.disable_nagle_algorithm) {
      this.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, true);
    }
    this.rfile = this.connection.makefile("rb", this.rbufsize);
    this.wfile = this.connection.makefile("wb", this.wbufsize);
  }

  /** Flushes and closes `wfile`, then closes `rfile`. */
  override async finish(): Promise<void> {
    if (!this.wfile.closed) {
      try {
        await this.wfile.flush();
      } catch (e) {
        // A client that has gone away: nothing more can be written.
        if (!(e instanceof OSError)) throw e;
      }
    }
    try {
      await this.wfile.close();
    } catch (e) {
      if (!(e instanceof OSError)) throw e;
    }
    await this.rfile.close();
  }
}

classAttributes(StreamRequestHandler, [
  "rbufsize",
  "wbufsize",
  "timeout",
  "disable_nagle_algorithm",
]);

definedIn("socketserver", StreamRequestHandler);

import * as socket from "../socket/mod.ts";
import { definedIn } from "../_shared/pyrepr.ts";
import { TCPServer } from "./tcp_server.ts";

/**
 * Python's `socketserver.UnixStreamServer`: a `TCPServer` on a Unix stream
 * socket; the address is a path.
 *
 * @example
 * ```ts
 * import { BaseRequestHandler, UnixStreamServer } from "@pyport/std/socketserver";
 * import { mkdtempSync } from "node:fs";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import assert from "node:assert/strict";
 *
 * const path = join(mkdtempSync(join(tmpdir(), "doc-")), "s");
 * await using server = new UnixStreamServer(path, BaseRequestHandler);
 * assert.equal(server.server_address, path);
 * ```
 */
export class UnixStreamServer extends TCPServer {
  /** The socket family of the class. */
  static override address_family: number = socket.AF_UNIX;
}

definedIn("socketserver", UnixStreamServer);

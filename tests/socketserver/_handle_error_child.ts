// Run by handle_error.test.ts in a child process: a server whose handler
// throws, one client, then the server's default handle_error output on
// stderr is what the test reads.

import * as socketserver from "../../socketserver/mod.ts";
import * as socket from "../../socket/mod.ts";
import { b } from "../../builtins/mod.ts";

class Boom extends socketserver.BaseRequestHandler {
  override handle(): void {
    throw new RangeError("the handler failed on purpose");
  }
}

const server = new socketserver.TCPServer(["127.0.0.1", 0], Boom);
const one = server.handle_request();
const c = await socket.create_connection(
  server.server_address as [string, number],
);
await c.sendall(b("x"));
await one;
c.close();
// The server is still usable after the error.
const two = server.handle_request();
const c2 = await socket.create_connection(
  server.server_address as [string, number],
);
c2.close();
await two;
await server.server_close();
console.log(
  `served from port ${(server.server_address as [string, number])[1]}`,
);

// The tutorial's "10086" customer-service robot: a ThreadingTCPServer that
// greets each caller, transfers "0" to a human, and hangs up on "exit".
//
//   import socketserver
//
//   class MyServer(socketserver.BaseRequestHandler):
//       def handle(self):
//           conn = self.request
//           conn.sendall("Welcome to 10086. Press 0 for a human operator, "
//                        "or type exit to hang up.".encode())
//           while True:
//               data = conn.recv(1024).decode()
//               if data == "exit" or not data:
//                   print("caller hung up:", self.client_address)
//                   break
//               if data == "0":
//                   conn.sendall("Transferring you to a human operator...".encode())
//               else:
//                   conn.sendall(("You pressed %s. Press 0 for a human operator." % data).encode())
//
//   if __name__ == "__main__":
//       server = socketserver.ThreadingTCPServer(("127.0.0.1", 10086), MyServer)
//       server.serve_forever()
//
// Run: deno run -A examples/socketserver/robot_server.ts [port]

import process from "node:process";
import * as socketserver from "../../socketserver/mod.ts";
import { decode, encode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/** The robot: one handler object per call, in its own thread. */
export class MyServer extends socketserver.BaseRequestHandler {
  /** Answers one caller until they hang up. */
  override async handle(): Promise<void> {
    const conn = this.request;
    await conn.sendall(
      encode(
        "Welcome to 10086. Press 0 for a human operator, or type exit to hang up.",
      ),
    );
    while (true) {
      const data = decode(await conn.recv(1024));
      if (data === "exit" || !data) {
        print("caller hung up:", this.client_address);
        break;
      }
      if (data === "0") {
        await conn.sendall(encode("Transferring you to a human operator..."));
      } else {
        await conn.sendall(
          encode(`You pressed ${data}. Press 0 for a human operator.`),
        );
      }
    }
  }
}

/**
 * Makes the server (the caller runs `serve_forever()`).
 *
 * @param port The port (0: any free one).
 * @returns The server.
 */
export function makeServer(port = 10086): socketserver.ThreadingTCPServer {
  return new socketserver.ThreadingTCPServer(["127.0.0.1", port], MyServer);
}

if (isMain(import.meta)) {
  const server = makeServer(Number(process.argv[2] ?? 10086));
  await server.serve_forever();
}

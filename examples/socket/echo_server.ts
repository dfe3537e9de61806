// The tutorial's echo server, ported line by line.
//
//   import socket
//   HOST, PORT = "127.0.0.1", 50007
//   with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
//       s.bind((HOST, PORT))
//       s.listen(1)
//       conn, addr = s.accept()
//       with conn:
//           print("Connected by", addr)
//           while True:
//               data = conn.recv(1024)
//               if not data:
//                   break
//               conn.sendall(data)
//
// Run: deno run -A examples/socket/echo_server.ts [port]

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * Serves one client: echoes what it sends until it closes.
 *
 * @param port The port (0: any free one).
 * @param ready Told the address once listening.
 */
export async function main(
  port = 50007,
  ready: (addr: socket.Address) => void = () => {},
): Promise<void> {
  const HOST = "127.0.0.1", PORT = port;
  using s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.bind([HOST, PORT]);
  s.listen(1);
  ready(s.getsockname());
  const [conn, addr] = await s.accept();
  {
    using _ = conn;
    print("Connected by", addr);
    while (true) {
      const data = await conn.recv(1024);
      if (data.length === 0) {
        break;
      }
      await conn.sendall(data);
    }
  }
}

if (isMain(import.meta)) await main(Number(process.argv[2] ?? 50007));

// The tutorial's "Hello, World" web service: a plain socket answering HTTP.
//
//   import socket
//   HOST, PORT = "127.0.0.1", 8080
//   s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//   s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//   s.bind((HOST, PORT))
//   s.listen(5)
//   while True:
//       conn, addr = s.accept()
//       request = conn.recv(1024)
//       print(request.decode().splitlines()[0])
//       body = b"Hello, World"
//       conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
//                    b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)
//       conn.close()
//
// Run: deno run -A examples/socket/hello_web.ts [port], then open the URL.

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { b, decode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Answers `requests` HTTP requests (forever when negative) with "Hello, World".
 *
 * @param port The port (0: any free one).
 * @param requests How many requests to answer.
 * @param ready Told the address once listening.
 */
export async function main(
  port = 8080,
  requests = -1,
  ready: (addr: socket.Address) => void = () => {},
): Promise<void> {
  const HOST = "127.0.0.1", PORT = port;
  const s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
  s.bind([HOST, PORT]);
  s.listen(5);
  ready(s.getsockname());
  for (let served = 0; requests < 0 || served < requests; served++) {
    const [conn, _addr] = await s.accept();
    const request = await conn.recv(1024);
    print(decode(request).split("\r\n")[0]);
    const body = b("Hello, World");
    await conn.sendall(
      b(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
    );
    await conn.sendall(body);
    conn.close();
  }
  s.close();
}

if (isMain(import.meta)) await main(Number(process.argv[2] ?? 8080));

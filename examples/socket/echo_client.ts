// The tutorial's echo client, ported line by line.
//
//   import socket
//   HOST, PORT = "127.0.0.1", 50007
//   with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
//       s.connect((HOST, PORT))
//       s.sendall(b"request to occupy the earth")
//       data = s.recv(1024)
//   print("Received", repr(data))
//
// Run: deno run -A examples/socket/echo_client.ts [port]

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { b, decode, print, repr } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Sends one request to the echo server and prints the reply.
 *
 * @param port The server's port.
 * @returns The reply.
 */
export async function main(port = 50007): Promise<string> {
  const HOST = "127.0.0.1", PORT = port;
  let data: Uint8Array;
  {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    await s.connect([HOST, PORT]);
    await s.sendall(b("request to occupy the earth"));
    data = await s.recv(1024);
  }
  print("Received", repr(data));
  return decode(data);
}

if (isMain(import.meta)) await main(Number(process.argv[2] ?? 50007));

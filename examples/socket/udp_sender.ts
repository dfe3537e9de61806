// The tutorial's UDP sender, ported line by line.
//
//   import socket
//   s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//   s.settimeout(2)
//   for data in [b"Michael", b"Tracy", b"Sarah"]:
//       s.sendto(data, ("127.0.0.1", 9999))
//       print(s.recv(1024).decode())
//   s.sendto(b"exit", ("127.0.0.1", 9999))
//   s.close()
//
// Run: deno run -A examples/socket/udp_sender.ts [port]

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { b, decode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Sends three names, printing each acknowledgement, then "exit".
 *
 * @param port The receiver's port.
 * @returns The acknowledgements.
 */
export async function main(port = 9999): Promise<string[]> {
  const acks: string[] = [];
  const s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  s.settimeout(2);
  for (const data of [b("Michael"), b("Tracy"), b("Sarah")]) {
    await s.sendto(data, ["127.0.0.1", port]);
    const ack = decode(await s.recv(1024));
    print(ack);
    acks.push(ack);
  }
  await s.sendto(b("exit"), ["127.0.0.1", port]);
  s.close();
  return acks;
}

if (isMain(import.meta)) await main(Number(process.argv[2] ?? 9999));

// The tutorial's UDP receiver, ported line by line.
//
//   import socket
//   s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//   s.bind(("127.0.0.1", 9999))
//   while True:
//       data, addr = s.recvfrom(1024)
//       print("Received from %s:%s: %s" % (addr[0], addr[1], data.decode()))
//       if data == b"exit":
//           break
//       s.sendto(b"ack: " + data, addr)
//   s.close()
//
// Run: deno run -A examples/socket/udp_receiver.ts [port]

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { b, decode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Prints and acknowledges datagrams until one says "exit".
 *
 * @param port The port (0: any free one).
 * @param ready Told the address once bound.
 */
export async function main(
  port = 9999,
  ready: (addr: socket.Address) => void = () => {},
): Promise<void> {
  const s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  s.bind(["127.0.0.1", port]);
  ready(s.getsockname());
  while (true) {
    const [data, addr] = await s.recvfrom(1024) as [
      Uint8Array,
      [string, number],
    ];
    print(`Received from ${addr[0]}:${addr[1]}: ${decode(data)}`);
    if (decode(data) === "exit") {
      break;
    }
    await s.sendto(new Uint8Array([...b("ack: "), ...data]), addr);
  }
  s.close();
}

if (isMain(import.meta)) await main(Number(process.argv[2] ?? 9999));

// The robot's caller: reads the greeting, then sends each input and prints
// the answer, until "exit".
//
//   import socket
//   s = socket.socket()
//   s.connect(("127.0.0.1", 10086))
//   print(s.recv(1024).decode())
//   while True:
//       inp = input(">>> ").strip()
//       s.sendall(inp.encode())
//       if inp == "exit":
//           break
//       print(s.recv(1024).decode())
//   s.close()
//
// Run: deno run -A examples/socketserver/robot_client.ts [port] [inputs...]

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { decode, encode } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Calls the robot with scripted inputs (Python's input() calls).
 *
 * @param port The robot's port.
 * @param inputs What the caller types, in order.
 * @returns Everything the robot said.
 */
export async function main(
  port = 10086,
  inputs: string[] = ["1", "0", "exit"],
): Promise<string[]> {
  const said: string[] = [];
  const s = new socket.socket();
  await s.connect(["127.0.0.1", port]);
  said.push(decode(await s.recv(1024)));
  console.log(said[0]);
  for (const raw of inputs) {
    const inp = raw.trim();
    console.log(`>>> ${inp}`);
    await s.sendall(encode(inp));
    if (inp === "exit") {
      break;
    }
    const answer = decode(await s.recv(1024));
    said.push(answer);
    console.log(answer);
  }
  s.close();
  return said;
}

if (isMain(import.meta)) {
  const inputs = process.argv.slice(3);
  await main(
    Number(process.argv[2] ?? 10086),
    inputs.length > 0 ? inputs : undefined,
  );
}

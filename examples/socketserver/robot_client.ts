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
// (without inputs it asks, as the Python program does)

import process from "node:process";
import * as socket from "../../socket/mod.ts";
import { decode, encode, input, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Calls the robot: what the caller types comes from `inputs` when given
 * (each echoed after the prompt, as a terminal shows it), else from
 * standard input, as Python's input() reads it.
 *
 * @param port The robot's port.
 * @param inputs What the caller types, in order (default: read it).
 * @param label Put before each line printed, to tell callers apart when
 *   several run at once (the tour's); none by default.
 * @returns Everything the robot said.
 */
export async function main(
  port = 10086,
  inputs?: string[],
  label = "",
): Promise<string[]> {
  const show = (text: string) =>
    print(label === "" ? text : text.replace(/^/gm, `${label} `));
  const said: string[] = [];
  const s = new socket.socket();
  await s.connect(["127.0.0.1", port]);
  said.push(decode(await s.recv(1024)));
  show(said[0]!);
  for (let i = 0;; i++) {
    let inp: string;
    if (inputs === undefined) {
      inp = (await input(">>> ")).trim();
    } else {
      inp = (inputs[i] ?? "exit").trim();
      show(`>>> ${inp}`);
    }
    await s.sendall(encode(inp));
    if (inp === "exit") {
      break;
    }
    const answer = decode(await s.recv(1024));
    said.push(answer);
    show(answer);
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

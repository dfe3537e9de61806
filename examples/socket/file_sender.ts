// The tutorial's large-file sender: streams a file in chunks with sendall,
// never holding the whole file in memory.
//
//   import os, socket, sys
//   filename = sys.argv[1]
//   size = os.path.getsize(filename)
//   with socket.create_connection(("127.0.0.1", 9000)) as s:
//       s.sendall(f"{os.path.basename(filename)}|{size}\n".encode())
//       with open(filename, "rb") as f:
//           while True:
//               chunk = f.read(65536)
//               if not chunk:
//                   break
//               s.sendall(chunk)
//       print(s.recv(1024).decode())
//
// Run: deno run -A examples/socket/file_sender.ts FILE [port]

import process from "node:process";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import * as socket from "../../socket/mod.ts";
import { decode, encode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Sends `filename` to the receiver and prints its acknowledgement.
 *
 * @param filename The file to send.
 * @param port The receiver's port.
 * @returns The acknowledgement.
 */
export async function main(filename: string, port = 9000): Promise<string> {
  const size = (await stat(filename)).size;
  using s = await socket.create_connection(["127.0.0.1", port]);
  await s.sendall(encode(`${basename(filename)}|${size}\n`));
  const f = await open(filename, "r");
  try {
    const buf = new Uint8Array(65536);
    while (true) {
      const { bytesRead } = await f.read(buf, 0, buf.length);
      if (bytesRead === 0) {
        break;
      }
      await s.sendall(buf.subarray(0, bytesRead));
    }
  } finally {
    await f.close();
  }
  const reply = decode(await s.recv(1024));
  print(reply);
  return reply;
}

if (isMain(import.meta)) {
  await main(process.argv[2]!, Number(process.argv[3] ?? 9000));
}

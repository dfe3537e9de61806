// The upload client: sends the header, waits for "ok", then streams the
// file in 64 KiB chunks with sendall.
//
//   import os, socket, sys
//   path = sys.argv[1]
//   size = os.path.getsize(path)
//   with socket.create_connection(("127.0.0.1", 9999)) as s:
//       s.sendall(("put|%s|%d" % (os.path.basename(path), size)).encode())
//       ack = s.recv(1024).decode()
//       if ack != "ok":
//           print(ack)
//       else:
//           with open(path, "rb") as f:
//               while chunk := f.read(65536):
//                   s.sendall(chunk)
//           print(s.recv(1024).decode())
//
// Run: deno run -A examples/socketserver/upload_client.ts FILE [port] [name]

import process from "node:process";
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import * as socket from "../../socket/mod.ts";
import { decode, encode, print } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Uploads `path` (under `name`, by default its base name).
 *
 * @param path The file.
 * @param port The server's port.
 * @param name The name to ask for.
 * @returns The server's last word.
 */
export async function main(
  path: string,
  port = 9999,
  name = basename(path),
): Promise<string> {
  const size = (await stat(path)).size;
  using s = await socket.create_connection(["127.0.0.1", port]);
  await s.sendall(encode(`put|${name}|${size}`));
  const ack = decode(await s.recv(1024));
  if (ack !== "ok") {
    print(ack);
    return ack;
  }
  const f = await open(path, "r");
  try {
    const buf = new Uint8Array(65536);
    for (;;) {
      const { bytesRead } = await f.read(buf, 0, buf.length);
      if (bytesRead === 0) break;
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
  await main(
    process.argv[2]!,
    Number(process.argv[3] ?? 9999),
    process.argv[4],
  );
}

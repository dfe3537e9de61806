// The tutorial's file receiver: reads "name|size\n", then the body in
// chunks through makefile("rb"), writing each chunk to disk as it comes.
//
//   import os, socket
//   with socket.create_server(("127.0.0.1", 9000)) as srv:
//       conn, addr = srv.accept()
//       with conn, conn.makefile("rb") as rfile:
//           name, size = rfile.readline().decode().strip().split("|")
//           size, received = int(size), 0
//           with open(os.path.join(outdir, os.path.basename(name)), "wb") as out:
//               while received < size:
//                   chunk = rfile.read(min(65536, size - received))
//                   if not chunk:
//                       break
//                   out.write(chunk)
//                   received += len(chunk)
//           conn.sendall(b"received %d bytes" % received)
//
// Run: deno run -A examples/socket/file_receiver.ts OUTDIR [port]

import process from "node:process";
import { open } from "node:fs/promises";
import { basename, join } from "node:path";
import * as socket from "../../socket/mod.ts";
import { decode, encode } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/**
 * Receives one file into `outdir`.
 *
 * @param outdir Where the file goes.
 * @param port The port (0: any free one).
 * @param ready Told the address once listening.
 * @returns The path written.
 */
export async function main(
  outdir: string,
  port = 9000,
  ready: (addr: socket.Address) => void = () => {},
): Promise<string> {
  using srv = socket.create_server(["127.0.0.1", port]);
  ready(srv.getsockname());
  const [conn, _addr] = await srv.accept();
  using _c = conn;
  await using rfile = conn.makefile("rb");
  const [name = "", sizeText = "0"] = decode(
    await rfile.readline() as Uint8Array,
  ).trim().split("|");
  const size = Number(sizeText);
  let received = 0;
  const path = join(outdir, basename(name));
  const out = await open(path, "w");
  try {
    while (received < size) {
      const chunk = await rfile.read(
        Math.min(65536, size - received),
      ) as Uint8Array;
      if (chunk.length === 0) {
        break;
      }
      await out.write(chunk);
      received += chunk.length;
    }
  } finally {
    await out.close();
  }
  await conn.sendall(encode(`received ${received} bytes`));
  return path;
}

if (isMain(import.meta)) {
  await main(process.argv[2] ?? ".", Number(process.argv[3] ?? 9000));
}

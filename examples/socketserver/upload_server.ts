// The tutorial's file-upload server: "cmd|name|size" header, an "ok"
// acknowledgement, then the body in chunks written straight to disk, never
// holding the whole file. A name that is not a plain file name (a path,
// "..") is refused.
//
//   import os, socketserver
//   UPLOAD_DIR = "uploads"
//
//   class UploadHandler(socketserver.BaseRequestHandler):
//       def handle(self):
//           cmd, name, size = self.request.recv(1024).decode().split("|")
//           if cmd != "put":
//               self.request.sendall(b"error: unknown command")
//               return
//           if name != os.path.basename(name) or name in ("", ".", ".."):
//               self.request.sendall(b"error: bad file name")
//               return
//           size = int(size)
//           self.request.sendall(b"ok")
//           received = 0
//           with open(os.path.join(UPLOAD_DIR, name), "wb") as f:
//               while received < size:
//                   chunk = self.request.recv(min(65536, size - received))
//                   if not chunk:
//                       break
//                   f.write(chunk)
//                   received += len(chunk)
//           self.request.sendall(("received %d bytes" % received).encode())
//
//   server = socketserver.ThreadingTCPServer(("127.0.0.1", 9999), UploadHandler)
//   server.serve_forever()
//
// Run: deno run -A examples/socketserver/upload_server.ts UPLOAD_DIR [port]

import process from "node:process";
import { open } from "node:fs/promises";
import { basename, join } from "node:path";
import * as socketserver from "../../socketserver/mod.ts";
import { b, decode, encode } from "../../builtins/mod.ts";
import { isMain } from "../_main.ts";

/** Where uploads go; set before serving. */
export const config: { UPLOAD_DIR: string } = { UPLOAD_DIR: "uploads" };

/** One upload per connection. */
export class UploadHandler extends socketserver.BaseRequestHandler {
  /** Receives one file. */
  override async handle(): Promise<void> {
    const [cmd = "", name = "", sizeText = ""] = decode(
      await this.request.recv(1024),
    ).split("|");
    if (cmd !== "put") {
      await this.request.sendall(b("error: unknown command"));
      return;
    }
    if (
      name !== basename(name) || ["", ".", ".."].includes(name) ||
      name.includes("\\")
    ) {
      await this.request.sendall(b("error: bad file name"));
      return;
    }
    const size = Number.parseInt(sizeText, 10);
    await this.request.sendall(b("ok"));
    let received = 0;
    const f = await open(join(config.UPLOAD_DIR, name), "w");
    try {
      while (received < size) {
        const chunk = await this.request.recv(Math.min(65536, size - received));
        if (chunk.length === 0) {
          break;
        }
        await f.write(chunk);
        received += chunk.length;
      }
    } finally {
      await f.close();
    }
    await this.request.sendall(encode(`received ${received} bytes`));
  }
}

/**
 * Makes the server (the caller runs `serve_forever()`).
 *
 * @param port The port (0: any free one).
 * @returns The server.
 */
export function makeServer(port = 9999): socketserver.ThreadingTCPServer {
  return new socketserver.ThreadingTCPServer(
    ["127.0.0.1", port],
    UploadHandler,
  );
}

if (isMain(import.meta)) {
  config.UPLOAD_DIR = process.argv[2] ?? "uploads";
  await makeServer(Number(process.argv[3] ?? 9999)).serve_forever();
}

// A program for permissions.test.ts, run by `deno run` with only some
// permissions: tries each socket call and prints one JSON line per call,
// `{"call", "ok"}` or `{"call", "cls", "errno", "strerror", "message"}`.
//
//   deno run --no-prompt --allow-read=REPO tests/socket/_permission_child.ts

import process from "node:process";
import { unlinkSync } from "node:fs";
import * as socket from "../../socket/mod.ts";
import { OSError } from "../../builtins/mod.ts";

const path = `/tmp/pyport-perm-${process.pid}.sock`;

const calls: [string, () => unknown][] = [
  ["tcp bind", () => new socket.socket().bind(["127.0.0.1", 0])],
  ["tcp listen", () => new socket.socket().listen()],
  ["tcp connect", () => new socket.socket().connect(["127.0.0.1", 9])],
  ["create_connection", () => socket.create_connection(["127.0.0.1", 9])],
  [
    "udp bind",
    () =>
      new socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind([
        "127.0.0.1",
        0,
      ]),
  ],
  [
    "udp sendto",
    () =>
      new socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(
        new Uint8Array(1),
        ["127.0.0.1", 9],
      ),
  ],
  ["socketpair", async () => {
    const [a, b] = socket.socketpair();
    await a.sendall(new Uint8Array([1]));
    await b.recv(1);
    a.close();
    b.close();
  }],
  ["socketpair AF_INET", () => socket.socketpair(socket.AF_INET)],
  [
    "unix bind",
    () => new socket.socket(socket.AF_UNIX).bind(path),
  ],
  [
    "unix connect",
    () => new socket.socket(socket.AF_UNIX).connect(path),
  ],
  ["getaddrinfo", () => socket.getaddrinfo("localhost", 80)],
  ["gethostbyname", () => socket.gethostbyname("localhost")],
  ["gethostname", () => socket.gethostname()],
];

for (const [call, f] of calls) {
  let line: Record<string, unknown>;
  try {
    await f();
    line = { call, ok: true };
  } catch (e) {
    line = e instanceof OSError
      ? {
        call,
        cls: e.constructor.name,
        errno: e.errno,
        strerror: e.strerror,
        message: e.message,
      }
      : { call, cls: (e as Error)?.constructor?.name, message: String(e) };
  }
  process.stdout.write(JSON.stringify(line) + "\n");
}
try {
  unlinkSync(path); // a bound socket's file stays, as under Python
} catch { /* not made, or no permission to remove it */ }
// Sockets that failed half-way may hold nothing open, but be sure.
process.exit(0);

// A burst of connections: a Python client opens N connections back to back
// (keeping them open) while this process accepts them, with the backlog
// given. pyport's listening socket, or the raw runtime's server ("raw":
// node:net on Node; on Deno the backlog cannot be set, so raw is pyport's
// own path). Prints one JSON line: { runtime, kind, backlog, n, seconds }.
//
//   <runtime> bench/accept_bench.ts <pyport|raw> <backlog> <n>
// bench/run_accept.mjs runs it on every runtime next to CPython.

import net from "node:net";
import process from "node:process";
import { spawn } from "node:child_process";
import * as socket from "../socket/mod.ts";
import { ARGS, RUNTIME } from "./_common.ts";

const [kind = "pyport", backlogArg = "128", nArg = "1000"] = ARGS;
const backlog = Number(backlogArg), n = Number(nArg);

function client(port: number): Promise<void> {
  const code = `import socket
socks = [socket.create_connection(("127.0.0.1", ${port})) for _ in range(${n})]
for c in socks: c.close()`;
  const child = spawn("python3", ["-c", code], { stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", () => resolve()));
}

let seconds: number;
if (kind === "raw") {
  const server = net.createServer({ allowHalfOpen: true });
  const conns: net.Socket[] = [];
  await new Promise<void>((r) =>
    server.listen({ port: 0, host: "127.0.0.1", backlog }, r)
  );
  const t0 = performance.now();
  const done = new Promise<void>((resolve) => {
    server.on("connection", (c) => {
      if (conns.push(c) === n) resolve();
    });
  });
  const exited = client((server.address() as net.AddressInfo).port);
  await done;
  seconds = (performance.now() - t0) / 1000;
  for (const c of conns) c.destroy();
  server.close();
  await exited;
} else {
  using s = new socket.socket();
  s.bind(["127.0.0.1", 0]);
  s.listen(backlog);
  const t0 = performance.now();
  const exited = client((s.getsockname() as [string, number])[1]);
  const conns: socket.socket[] = [];
  for (let i = 0; i < n; i++) conns.push((await s.accept())[0]);
  seconds = (performance.now() - t0) / 1000;
  for (const c of conns) c.close();
  await exited;
}
console.log(JSON.stringify({ runtime: RUNTIME, kind, backlog, n, seconds }));
process.exit(0);

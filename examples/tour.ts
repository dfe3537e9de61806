// The tour: the Python programs pyport's users port, run live on loopback,
// each server and its client in this one process. Every step checks what it
// got and the tour fails loudly if anything differs.
//
// Run: npm run tour   (or: deno run -A examples/tour.ts, node examples/tour.ts)

import process from "node:process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createHash, randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as socket from "../socket/mod.ts";
import * as echoServer from "./socket/echo_server.ts";
import * as echoClient from "./socket/echo_client.ts";
import * as helloWeb from "./socket/hello_web.ts";
import * as udpReceiver from "./socket/udp_receiver.ts";
import * as udpSender from "./socket/udp_sender.ts";
import * as fileReceiver from "./socket/file_receiver.ts";
import * as fileSender from "./socket/file_sender.ts";
import * as twoPorts from "./select/two_ports.ts";
import * as tenThreads from "./threading/ten_threads.ts";
import * as counterRace from "./threading/counter_race.ts";
import * as counterRLock from "./threading/counter_rlock.ts";
import * as robotServer from "./socketserver/robot_server.ts";
import * as robotClient from "./socketserver/robot_client.ts";
import * as uploadServer from "./socketserver/upload_server.ts";
import * as uploadClient from "./socketserver/upload_client.ts";
import * as tenProcesses from "./multiprocessing/ten_processes.ts";
import * as moduleList from "./multiprocessing/module_list.ts";
import * as sharedArray from "./multiprocessing/shared_array.ts";
import * as poolCallbacks from "./multiprocessing/pool_callbacks.ts";
import * as managerDict from "./multiprocessing/manager_dict.ts";
import * as listenerServer from "./multiprocessing/listener_server.ts";
import * as listenerClient from "./multiprocessing/listener_client.ts";
import * as socketMod from "../socket/mod.ts";
import { b as bytes, decode } from "../builtins/mod.ts";

const runtime = typeof (globalThis as { Deno?: unknown }).Deno === "object"
  ? `Deno ${
    (globalThis as unknown as { Deno: { version: { deno: string } } }).Deno
      .version.deno
  }`
  : `Node ${process.version}`;

function section(title: string): void {
  console.log(`\n== ${title} ==`);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`tour check failed: ${what}`);
  console.log(`   ok: ${what}`);
}

/** Starts a server example; resolves with its port once it listens. */
function start(
  run: (ready: (addr: socket.Address) => void) => Promise<unknown>,
): { port: Promise<number>; done: Promise<unknown> } {
  let setPort!: (p: number) => void;
  const port = new Promise<number>((r) => (setPort = r));
  const done = run((addr) => setPort((addr as [string, number])[1]));
  done.catch(() => {});
  return { port, done };
}

console.log(`pyport tour on ${runtime}`);
console.log(
  "Lines under each heading are the ported program's own print() output, as\n" +
    "CPython prints it for the Python original (ports, pids and the order of\n" +
    "concurrent lines vary from run to run, as they do there); lines starting\n" +
    "with '   ok:' or '   (' are the tour's own checks and notes.",
);

section("socket: echo server and client");
{
  const srv = start((ready) => echoServer.main(0, ready));
  const reply = await echoClient.main(await srv.port);
  await srv.done;
  check(
    reply === "request to occupy the earth",
    "the client got its request echoed back",
  );
}

section('socket: "Hello, World" web service, asked by fetch()');
{
  const srv = start((ready) => helloWeb.main(0, 1, ready));
  const res = await fetch(`http://127.0.0.1:${await srv.port}/hello`);
  const text = await res.text();
  await srv.done;
  console.log(`fetch: ${res.status} ${JSON.stringify(text)}`);
  check(
    res.status === 200 && text === "Hello, World",
    "a real HTTP client read the page",
  );
}

section("socket: UDP sender and receiver");
{
  const srv = start((ready) => udpReceiver.main(0, ready));
  const acks = await udpSender.main(await srv.port);
  await srv.done;
  check(
    acks.join(",") === "ack: Michael,ack: Tracy,ack: Sarah",
    "every datagram was acknowledged",
  );
}

section("socket: large-file sender, streamed in 64 KiB chunks");
{
  const dir = mkdtempSync(join(tmpdir(), "pyport-tour-"));
  try {
    const src = join(dir, "big.bin");
    const outdir = join(dir, "received");
    mkdirSync(outdir);
    const MiB = 1 << 20;
    for (let i = 0; i < 16; i++) {
      writeFileSync(src, randomBytes(MiB), { flag: i === 0 ? "w" : "a" });
    }
    const srv = start((ready) => fileReceiver.main(outdir, 0, ready));
    const reply = await fileSender.main(src, await srv.port);
    const written = await srv.done as string;
    const sha = (p: string) =>
      createHash("sha256").update(readFileSync(p)).digest("hex");
    check(
      reply === `received ${16 * MiB} bytes`,
      "the receiver acknowledged all 16 MiB",
    );
    check(
      sha(src) === sha(written),
      "the received file has the sender's sha256",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

section("select: one server watching two listening ports");
{
  let setAddrs!: (a: socket.Address[]) => void;
  const addrs = new Promise<socket.Address[]>((r) => (setAddrs = r));
  const done = twoPorts.main([0, 0], 4, setAddrs);
  const [a1, a2] = (await addrs) as [string, number][];
  // Four clients, two per port, all connected at once and served by one loop.
  const clients = [];
  for (const addr of [a1!, a2!, a1!, a2!]) {
    clients.push(await socketMod.create_connection(addr));
  }
  const replies = await Promise.all(clients.map(async (c, i) => {
    await c.sendall(bytes(`hello ${i}`));
    const reply = decode(await c.recv(1024));
    c.close();
    return reply;
  }));
  await done;
  for (const r of replies) console.log(`client got: ${r}`);
  check(
    replies.every((r, i) =>
      r === `port ${(i % 2 === 0 ? a1! : a2!)[1]} says: hello ${i}`
    ),
    "each client was answered through the port it connected to",
  );
}

section(
  'socketserver: the "10086" customer-service robot, two callers at once',
);
{
  await using server = robotServer.makeServer(0);
  const serving = server.serve_forever();
  const port = (server.server_address as [string, number])[1];
  const [one, two] = await Promise.all([
    robotClient.main(port, ["1", "0", "exit"], "caller 1 |"),
    robotClient.main(port, ["0", "exit"], "caller 2 |"),
  ]);
  await server.shutdown();
  await serving;
  check(
    one[0]!.startsWith("Welcome to 10086") &&
      two[0]!.startsWith("Welcome to 10086"),
    "both callers were greeted",
  );
  check(
    one[2] === "Transferring you to a human operator..." && two[1] === one[2],
    "'0' reached a human for both",
  );
}

section("socketserver: the file-upload server (header, ack, chunked body)");
{
  const dir = mkdtempSync(join(tmpdir(), "pyport-upload-"));
  try {
    uploadServer.config.UPLOAD_DIR = join(dir, "uploads");
    mkdirSync(uploadServer.config.UPLOAD_DIR);
    const src = join(dir, "report.bin");
    for (let i = 0; i < 8; i++) {
      writeFileSync(src, randomBytes(1 << 20), { flag: i === 0 ? "w" : "a" });
    }
    await using server = uploadServer.makeServer(0);
    const serving = server.serve_forever();
    const port = (server.server_address as [string, number])[1];
    const reply = await uploadClient.main(src, port);
    console.log(
      "   (next: an upload named ../escape.bin, which the server must refuse)",
    );
    const refused = await uploadClient.main(src, port, "../escape.bin");
    await server.shutdown();
    await serving;
    const sha = (p: string) =>
      createHash("sha256").update(readFileSync(p)).digest("hex");
    check(
      reply === `received ${8 << 20} bytes`,
      "the server acknowledged all 8 MiB",
    );
    check(
      sha(src) === sha(join(uploadServer.config.UPLOAD_DIR, "report.bin")),
      "the upload has the sender's sha256",
    );
    check(
      refused === "error: bad file name",
      "a path-traversal name was refused",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

section("threading: ten threads that sleep, then print");
{
  const woke = await tenThreads.main();
  check(
    woke.join(",") === "9,8,7,6,5,4,3,2,1,0",
    "each thread woke when its own sleep ended, the shortest first",
  );
}

section("threading: the shared counter race");
{
  const counter = await counterRace.main(1000);
  check(counter < 4000, "updates were lost, as in Python without a lock");
}

section("threading: the same counter made safe with an RLock");
{
  const counter = await counterRLock.main(1000);
  check(counter === 4000, "no update was lost under the lock");
}

section("multiprocessing: ten processes saying hi");
{
  const done = await tenProcesses.main();
  check(
    done.every((p) => p.exitcode === 0) &&
      new Set(done.map((p) => p.pid)).size === 10,
    "ten processes, each with its own pid, said hi and exited 0",
  );
}

section("multiprocessing: a module-level list is not shared");
{
  const { result, exitcode } = await moduleList.main();
  check(
    exitcode === 0 && result.length === 0,
    "the child filled its own copy of the list; the parent's stayed empty",
  );
}

section("multiprocessing: an Array('i', [11, 22, 33, 44]) in shared memory");
{
  const arr = await sharedArray.main();
  check(
    arr.join(",") === "121,484,1089,1936",
    "both children's changes reached the parent",
  );
}

section("multiprocessing: a Pool(5), ten apply_async calls with a callback");
{
  await poolCallbacks.main();
  const got = poolCallbacks.received;
  check(
    got.length === 10 &&
      [...got].sort((a, b) => a - b).join(",") ===
        "100,101,102,103,104,105,106,107,108,109",
    "'end' came first, then the ten results through the callback",
  );
}

section("multiprocessing: Manager().dict() filled by two children in turn");
{
  const d = await managerDict.main();
  check(
    [...d].join(";") === "0,100;1,101",
    "each child reached the manager's dict through the proxy it was given",
  );
}

section("multiprocessing.connection: a Listener with an authkey, two clients");
{
  // The pyport client first, then Python's own client, unchanged, against
  // the same pyport server.
  let ready!: (p: number) => void;
  let port = new Promise<number>((r) => (ready = r));
  let served = listenerServer.main(0, ready);
  const [list, text, arr] = await listenerClient.main(await port);
  await served;
  check(
    JSON.stringify(list) === '[2.25,null,"junk",[1,2]]' && text === "hello" &&
      arr.join(",") === "42,1729,0,0,0",
    "the pyport client got the list, b'hello' and the array, authenticated",
  );
  port = new Promise<number>((r) => (ready = r));
  served = listenerServer.main(0, ready);
  const port0 = await port;
  const py = await new Promise<
    { status: number | null; stdout: string; error?: Error }
  >((resolve) => {
    const child = spawn("python3", [
      fileURLToPath(
        new URL("./multiprocessing/listener_client.py", import.meta.url),
      ),
      String(port0),
    ]);
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, error });
    });
    child.on("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout });
    });
  });
  if (py.error !== undefined) {
    served.catch(() => {});
    console.log(`   (python3 not run: ${py.error.message})`);
  } else {
    await served;
    console.log(py.stdout.trimEnd().replace(/^/gm, "   python3: "));
    check(
      py.status === 0 &&
        py.stdout.includes("[2.25, None, 'junk', (1, 2)]\nb'hello'\n8\n") &&
        py.stdout.includes("array('i', [42, 1729, 0, 0, 0])"),
      "CPython's own Client read the same three messages from the pyport server",
    );
  }
}

console.log("\nThe tour is over: every ported program behaved as in Python.");

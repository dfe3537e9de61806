// The socketserver benchmark (issue 4): pyport's ThreadingTCPServer with a
// BaseRequestHandler echo handler (recv(65536) → sendall until EOF) against a
// raw echo server of the runtime it runs on (Deno.listen/Deno.Conn on Deno,
// node:net on Node). Both servers are driven by the same clients, written with
// the raw runtime API, either in the same process or in a child process of the
// same runtime. Plus: how many idle connections ThreadingTCPServer holds
// (a handler thread per connection, blocked in recv) and the server's RSS.
//
//   deno run -A bench/socketserver_bench.ts [options]
//   node bench/socketserver_bench.ts [options]          (Node 22.6+: type stripping)
//   node <compiled>/bench/socketserver_bench.js [options] (Node 20, see bench/run.mjs)
//
// Options:
//   --rounds N        rounds of every case (default 3); pyport/raw alternate
//                     inside each round
//   --seconds S       echo: stop a measurement after S seconds (default 1)
//   --trips N         echo: ...or after N round trips in all (default 100000)
//   --idle N          idle: connections to open (default 10000)
//   --cases a,b       only these cases (echo32, idle)
//   --impls a,b       only these implementations (pyport, raw)
//   --where a,b       echo32: where the clients run (inproc, child)
//   --json PATH       also write the results as JSON to PATH
//   --quiet           no table, only the JSON
//
// The idle case's clients always run in a child process, so this process
// holds one descriptor per connection (N + a few; see `ulimit -n`).

import * as socketserver from "../socketserver/mod.ts";
import type * as socket from "../socket/mod.ts";
import net from "node:net";
import process from "node:process";
import readline from "node:readline";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ARGS,
  DENO,
  type DenoConn,
  denoWriteAll,
  errorText,
  finishRun,
  HOST,
  IS_DENO,
  now,
  parseOptions,
  quantile,
  RAW_NAME,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";
import { type Client, connectClient, runClients } from "./_clients.ts";

// ---- options ----------------------------------------------------------------

/** Internal: run as a child process with the arguments after one of these. */
const CHILD_FLAGS = ["--echo-client", "--idle-client", "--idle-server"];

function parseArgs(argv: string[]) {
  const at = argv.findIndex((a) => CHILD_FLAGS.includes(a));
  const own = at < 0 ? argv : argv.slice(0, at);
  const o = parseOptions(own, {
    rounds: 3,
    seconds: 1,
    trips: 100_000,
    idle: 10_000,
    cases: ["echo32", "idle"],
    impls: ["pyport", "raw"],
    where: ["inproc", "child"],
    json: "",
    quiet: false,
  }, {
    "--rounds": "rounds",
    "--seconds": "seconds",
    "--trips": "trips",
    "--idle": "idle",
    "--cases": "cases",
    "--impls": "impls",
    "--where": "where",
    "--json": "json",
    "--quiet": "quiet",
  });
  return {
    ...o,
    /** Internal: run as a child process (`echo-client`, `idle-client`, `idle-server`) with these arguments. */
    child: at < 0 ? "" : argv[at]!.slice(2),
    childArgs: at < 0 ? [] as string[] : argv.slice(at + 1),
  };
}

const OPTS = parseArgs(ARGS);

const CONNS = 32;
const CASE_TIMEOUT_MS = 60_000;
/** The idle case, from the first connect to the last close, may take this long. */
const IDLE_TIMEOUT_MS = 120_000;
/** Warm-up before each echo measurement: round trips in all (at least 5 per client). */
const WARM_TRIPS = 2_000;
/** Connects the idle client keeps in flight at once. */
const CONNECT_WINDOW = 128;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---- the servers ------------------------------------------------------------------

/** A running echo server. */
interface Server {
  port: number;
  /** Connections being served right now (accepted and not yet at EOF). */
  live(): number;
  /** Stops serving and closes every socket. */
  stop(): Promise<void>;
}

let handlersLive = 0;

/** pyport: the handler of Python's socketserver docs, as an echo loop. */
class EchoHandler extends socketserver.BaseRequestHandler<socket.socket> {
  override async handle(): Promise<void> {
    const conn = this.request;
    handlersLive++;
    try {
      for (;;) {
        const data = await conn.recv(65536);
        if (data.length === 0) break;
        await conn.sendall(data);
      }
    } finally {
      handlersLive--;
    }
  }
}

/** Python's `class Server(ThreadingTCPServer)` of bench/socketserver_bench.py. */
class EchoServer extends socketserver.ThreadingTCPServer {
  static override daemon_threads = true;
  static override allow_reuse_address = true;
  // 10,000 connects in a burst overflow Python's default backlog of 5 (SYNs
  // dropped, clients retrying for seconds); the same value on both sides.
  static override request_queue_size = 1024;
  static errors = 0;
  /** Counted, not printed: in the idle case a client that gave up waiting resets its connection. */
  override handle_error(): void {
    EchoServer.errors++;
  }
}

function pyportServer(): Promise<Server> {
  handlersLive = 0;
  const server = new EchoServer([HOST, 0], EchoHandler);
  const serving = server.serve_forever();
  return Promise.resolve({
    port: (server.server_address as [string, number])[1],
    live: () => handlersLive,
    async stop() {
      await server.shutdown();
      await serving;
      await server.server_close();
    },
  });
}

/** Deno: a task per connection, `read` into a 64 KiB buffer and `write` it back. */
function rawDenoServer(): Promise<Server> {
  const D = DENO!;
  const l = D.listen({ hostname: HOST, port: 0 });
  const conns = new Set<DenoConn>();
  let live = 0;
  let stopped = false;
  const serving = (async () => {
    while (!stopped) {
      const conn = await l.accept();
      conns.add(conn);
      live++;
      (async () => {
        const buf = new Uint8Array(65536);
        try {
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) break;
            await denoWriteAll(conn, buf.subarray(0, n));
          }
        } finally {
          live--;
          conns.delete(conn);
          conn.close();
        }
      })().catch(() => {});
    }
  })().catch(() => {});
  return Promise.resolve({
    port: l.addr.port,
    live: () => live,
    async stop() {
      stopped = true;
      l.close();
      await serving;
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed already */ }
      }
    },
  });
}

/** Node: `'data'` → `write`. */
function rawNodeServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const socks = new Set<net.Socket>();
    const srv = net.createServer((s) => {
      socks.add(s);
      s.on("data", (d: Uint8Array) => s.write(d));
      s.on("end", () => s.end());
      s.on("error", () => {});
      s.on("close", () => socks.delete(s));
    });
    srv.once("error", reject);
    srv.listen({ port: 0, host: HOST, backlog: 1024 }, () => {
      resolve({
        port: (srv.address() as net.AddressInfo).port,
        live: () => socks.size,
        stop() {
          for (const s of socks) s.destroy();
          return new Promise<void>((r) => srv.close(() => r()));
        },
      });
    });
  });
}

const SERVERS: Record<string, () => Promise<Server>> = {
  pyport: pyportServer,
  raw: IS_DENO ? rawDenoServer : rawNodeServer,
};

/** Connects `conns` clients, warms up, measures; round trips per second. */
async function echoClients(
  port: number,
  conns: number,
  trips: number,
  seconds: number,
): Promise<number> {
  const clients: Client[] = [];
  try {
    for (let i = 0; i < conns; i++) clients.push(await connectClient(port));
    await runClients(
      clients,
      Math.max(5, Math.ceil(WARM_TRIPS / conns)),
      Infinity,
    );
    const per = Math.ceil(trips / conns);
    const t0 = now();
    const n = await runClients(clients, per, t0 + seconds * 1000);
    return n / ((now() - t0) / 1000);
  } finally {
    for (const c of clients) c.close();
  }
}

// ---- child processes ----------------------------------------------------------------

/** This script in a new process of the same runtime, with `args`. */
function spawnSelf(args: string[]): ChildProcess {
  const script = fileURLToPath(import.meta.url);
  const [cmd, pre] = IS_DENO
    ? [DENO!.execPath(), ["run", "-A", script]]
    : [process.execPath, [...process.execArgv, script]];
  return spawn(cmd, [...pre, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** A child's stdout as lines, and its exit. */
function lines(child: ChildProcess) {
  const queue: string[] = [];
  let waiter: (() => void) | null = null;
  let stderr = "";
  let exited = false;
  child.stderr!.on("data", (d: Uint8Array) => {
    stderr += new TextDecoder().decode(d);
  });
  const exit = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      exited = true;
      waiter?.();
      resolve(code);
    });
  });
  readline.createInterface({ input: child.stdout! }).on("line", (l) => {
    queue.push(l);
    waiter?.();
  });
  return {
    exit,
    /** The next line, or an error when the child exits first. */
    async next(what: string): Promise<string> {
      while (queue.length === 0) {
        if (exited) {
          throw new Error(
            `client process exited before "${what}": ${stderr.trim()}`,
          );
        }
        await new Promise<void>((r) => (waiter = r));
        waiter = null;
      }
      return queue.shift()!;
    },
  };
}

/** Waits until `cond()` or `ms` pass; returns `cond()`. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = now() + ms;
  while (!cond() && now() < end) await sleep(10);
  return cond();
}

// ---- echo32 --------------------------------------------------------------------------

async function measureEcho(impl: string, where: string): Promise<number> {
  const server = await SERVERS[impl]!();
  try {
    if (where === "inproc") {
      return await echoClients(server.port, CONNS, OPTS.trips, OPTS.seconds);
    }
    const child = spawnSelf([
      "--echo-client",
      String(server.port),
      String(CONNS),
      String(OPTS.trips),
      String(OPTS.seconds),
    ]);
    const out = lines(child);
    try {
      const rate = Number(await out.next("rate"));
      await out.exit;
      return rate;
    } finally {
      child.kill("SIGKILL");
    }
  } finally {
    await server.stop();
  }
}

// ---- idle ------------------------------------------------------------------------------

/** The resident set of this process in bytes. */
function rss(): number {
  // VmRSS of /proc/self/status where there is one (what CPython's side reads).
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(
      readFileSync("/proc/self/status", "utf8"),
    );
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return process.memoryUsage().rss;
}

interface IdleResult {
  /** Connections the client process opened. */
  connected: number;
  /** Connections whose handler was running at once (accepted, blocked in recv). */
  held: number;
  /** Connections that echoed their one byte after all were connected. */
  served: number;
  /** Seconds from spawning the client to every connection held. */
  acceptSeconds: number;
  /** Seconds from "go" until the client has every echo (or gave up). */
  serveSeconds: number;
  /** Handlers that ended after the client closed every connection. */
  closed: number;
  /** Seconds from the client's close until every handler ended. */
  closeSeconds: number;
  /** Exceptions handlers raised (pyport: handle_error calls). */
  handlerErrors: number;
  baseMiB: number;
  /** RSS growth per held connection. */
  kibPerConn: number;
  /** JavaScript heap growth per held connection (part of the RSS growth). */
  heapKibPerConn: number;
}

/**
 * Runs the idle case in a fresh process of this runtime (`--idle-server`),
 * so its RSS before connecting is a new process's and owes nothing to the
 * measurements before it.
 */
async function measureIdle(impl: string, n: number): Promise<IdleResult> {
  const child = spawnSelf(["--idle-server", impl, String(n)]);
  const out = lines(child);
  try {
    return JSON.parse(await out.next("result")) as IdleResult;
  } finally {
    child.kill("SIGKILL");
  }
}

async function measureIdleHere(impl: string, n: number): Promise<IdleResult> {
  const server = await SERVERS[impl]!();
  let child: ChildProcess | null = null;
  try {
    await sleep(300);
    const base = rss();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = now();
    child = spawnSelf(["--idle-client", String(server.port), String(n)]);
    const out = lines(child);
    const connected = Number((await out.next("connected")).split(" ")[1]);
    await until(() => server.live() >= connected, IDLE_TIMEOUT_MS / 2);
    const acceptSeconds = (now() - t0) / 1000;
    const held = server.live();
    await sleep(500);
    const grown = rss() - base;
    const heapGrown = process.memoryUsage().heapUsed - heap0;
    const t1 = now();
    child.stdin!.write("go\n");
    const served = Number((await out.next("served")).split(" ")[1]);
    const serveSeconds = (now() - t1) / 1000;
    const t2 = now();
    child.stdin!.end();
    await out.exit;
    // Every handler sees its EOF and ends (bounded: stop() closes the rest).
    await until(() => server.live() === 0, IDLE_TIMEOUT_MS / 4);
    return {
      connected,
      held,
      served,
      acceptSeconds,
      serveSeconds,
      closed: held - server.live(),
      closeSeconds: (now() - t2) / 1000,
      handlerErrors: EchoServer.errors,
      baseMiB: base / 2 ** 20,
      kibPerConn: held > 0 ? grown / 1024 / held : NaN,
      heapKibPerConn: held > 0 ? heapGrown / 1024 / held : NaN,
    };
  } finally {
    child?.kill("SIGKILL");
    await withTimeout(server.stop(), 10_000, "stop").catch(() => {});
  }
}

// ---- the client processes ------------------------------------------------------------

async function echoClientMain(
  [port, conns, trips, seconds]: number[],
): Promise<void> {
  const rate = await echoClients(port!, conns!, trips!, seconds!);
  process.stdout.write(`${rate}\n`);
}

/**
 * Opens `n` connections (CONNECT_WINDOW at a time), prints `connected K`;
 * on "go" on stdin each sends one byte and waits for it back, then prints
 * `served M`; at the end of stdin closes them all.
 */
async function idleClientMain([port, n]: number[]): Promise<void> {
  const socks: net.Socket[] = [];
  const echoed: (() => void)[] = [];
  let next = 0;
  let failed = "";
  const connectOne = (): Promise<void> =>
    new Promise((resolve) => {
      const s = net.connect({ host: HOST, port: port! });
      s.once("connect", () => {
        const i = socks.push(s) - 1;
        s.on("data", () => echoed[i]?.());
        resolve();
      });
      s.on("error", (e) => {
        failed ||= String(e);
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: Math.min(CONNECT_WINDOW, n!) }, async () => {
      while (next < n!) {
        next++;
        await connectOne();
      }
    }),
  );
  if (failed) process.stderr.write(`connect: ${failed}\n`);
  process.stdout.write(`connected ${socks.length}\n`);
  const input = readline.createInterface({ input: process.stdin });
  const stdinLines = input[Symbol.asyncIterator]();
  if ((await stdinLines.next()).done) {
    // The server process is gone.
    for (const s of socks) s.destroy();
    return;
  }
  const one = new Uint8Array([120]);
  const results = await Promise.all(
    socks.map((s, i) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), IDLE_TIMEOUT_MS / 4);
        echoed[i] = () => {
          clearTimeout(timer);
          resolve(true);
        };
        s.write(one);
      })
    ),
  );
  process.stdout.write(`served ${results.filter((x) => x).length}\n`);
  await stdinLines.next(); // end of stdin
  input.close();
  for (const s of socks) s.destroy();
}

// ---- running ----------------------------------------------------------------------

const median = (xs: number[]) => quantile(xs, 0.5);

/** One thing to measure in a round: the results it gives, by case name. */
interface Job {
  names: [string, string][];
  impl: string;
  timeout: number;
  run(): Promise<Record<string, number>>;
}

const IDLE_FIELDS: [keyof IdleResult, string][] = [
  ["kibPerConn", "KiB/conn"],
  ["heapKibPerConn", "KiB/conn"],
  ["held", "connections"],
  ["served", "connections"],
  ["connected", "connections"],
  ["acceptSeconds", "s"],
  ["serveSeconds", "s"],
  ["closed", "connections"],
  ["closeSeconds", "s"],
  ["handlerErrors", "connections"],
  ["baseMiB", "MiB"],
];

function jobs(round: number): Job[] {
  const out: Job[] = [];
  const order = round % 2 === 0 ? OPTS.impls : [...OPTS.impls].reverse();
  if (OPTS.cases.includes("echo32")) {
    for (const where of OPTS.where) {
      for (const impl of order) {
        const name = `echo32_${where}`;
        out.push({
          names: [[name, "round trips/s"]],
          impl,
          timeout: CASE_TIMEOUT_MS,
          run: async () => ({ [name]: await measureEcho(impl, where) }),
        });
      }
    }
  }
  if (OPTS.cases.includes("idle")) {
    for (const impl of order) {
      out.push({
        names: IDLE_FIELDS.map(([f, u]) => [`idle_${f}`, u]),
        impl,
        timeout: IDLE_TIMEOUT_MS,
        run: async () => {
          const r = await measureIdle(impl, OPTS.idle);
          return Object.fromEntries(
            IDLE_FIELDS.map(([f]) => [`idle_${f}`, r[f]]),
          );
        },
      });
    }
  }
  return out;
}

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return "-";
  if (unit === "round trips/s") return `${(x / 1000).toFixed(1)}k`;
  return unit === "connections" ? x.toFixed(0) : x.toFixed(1);
}

async function main(): Promise<void> {
  const { results, get } = resultList();
  const started = now();
  for (let round = 0; round < OPTS.rounds; round++) {
    for (const job of jobs(round)) {
      try {
        const got = await withTimeout(
          job.run(),
          job.timeout,
          `${job.names[0]![0]}/${job.impl}`,
        );
        for (const [name, unit] of job.names) {
          get(name, job.impl, unit).values.push(got[name]!);
        }
      } catch (e) {
        for (const [name, unit] of job.names) {
          const r = get(name, job.impl, unit);
          r.values.push(null);
          r.errors.push(errorText(e));
        }
      }
    }
  }
  const elapsed = finishRun(OPTS, started, results);
  if (OPTS.quiet) return;

  console.log(
    `${RUNTIME}: pyport ThreadingTCPServer vs ${RAW_NAME} server, clients ${RAW_NAME}, ${OPTS.rounds} rounds, ${
      elapsed.toFixed(0)
    } s`,
  );
  for (const r of results) {
    console.log(
      `${r.case.padEnd(18)} | ${r.impl.padEnd(6)} | ${r.unit.padEnd(13)} | ${
        summarize(r, fmt, median)
      }`,
    );
    for (const e of r.errors) console.log(`  error: ${e}`);
  }
}

const [arg0 = "", ...rest] = OPTS.childArgs;
if (OPTS.child === "echo-client") {
  await echoClientMain(OPTS.childArgs.map(Number));
} else if (OPTS.child === "idle-client") {
  await idleClientMain(OPTS.childArgs.map(Number));
} else if (OPTS.child === "idle-server") {
  const r = await measureIdleHere(arg0, Number(rest[0]));
  process.stdout.write(JSON.stringify(r) + "\n");
} else await main();
// Leftover handles (a failed measurement) must not keep the process alive.
process.exit(0);

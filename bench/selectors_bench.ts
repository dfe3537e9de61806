// The selectors benchmark: the non-blocking echo server of Python's
// selectors documentation, written with pyport (DefaultSelector, a
// non-blocking listening socket, accept → register EVENT_READ, recv → send
// back, close on EOF), against a raw echo server of the runtime it runs on
// (Deno.listen/Deno.Conn on Deno, node:net on Node). Both servers are driven
// by the same clients, written with the raw runtime API, in the same process,
// so only the server differs. Plus select() wake-up latency: data written by
// another task → `await sel.select()` returns.
//
//   deno run -A bench/selectors_bench.ts [options]
//   node bench/selectors_bench.ts [options]          (Node 22.6+: type stripping)
//   node <compiled>/bench/selectors_bench.js [options] (Node 20, see bench/run.mjs)
//
// Options:
//   --rounds N        rounds of every case (default 3); pyport/raw alternate
//                     inside each round
//   --seconds S       echo: stop a measurement after S seconds (default 1)
//   --trips N         echo: ...or after N round trips in all (default 100000)
//   --samples N       wake-up latency: samples per selector and round (default 2000)
//   --cases a,b       only these cases (echo1, echo100, echo1000, wake)
//   --impls a,b       only these implementations (pyport, raw)
//   --json PATH       also write the results as JSON to PATH
//   --quiet           no table, only the JSON
//
// 1000 clients need about 2,000 descriptors in this process (ulimit -n).

import * as selectors from "../selectors/mod.ts";
import * as select from "../select/mod.ts";
import * as socket from "../socket/mod.ts";
import net from "node:net";
import process from "node:process";
import { setImmediate } from "node:timers";
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

const OPTS = parseOptions(ARGS, {
  rounds: 3,
  seconds: 1,
  trips: 100_000,
  samples: 2000,
  cases: ["echo1", "echo100", "echo1000", "wake"],
  impls: ["pyport", "raw"],
  json: "",
  quiet: false,
}, {
  "--rounds": "rounds",
  "--seconds": "seconds",
  "--trips": "trips",
  "--samples": "samples",
  "--cases": "cases",
  "--impls": "impls",
  "--json": "json",
  "--quiet": "quiet",
});

const CASE_TIMEOUT_MS = 60_000;
/** Warm-up before each echo measurement: round trips in all (at least 5 per client). */
const WARM_TRIPS = 2_000;

// ---- the servers ------------------------------------------------------------------

/** A running echo server. */
interface Server {
  port: number;
  /** Stops serving and closes every socket. */
  stop(): Promise<void>;
}

type Callback = (s: socket.socket, mask: number) => Promise<void>;

/**
 * pyport: the echo server of Python's selectors documentation, line by
 * line, with `await` on the calls that return promises (the Python code is
 * `serve` in bench/selectors_bench.py). A socketpair wakes the loop to stop.
 */
function pyportServer(backlog: number): Promise<Server> {
  const sel = new selectors.DefaultSelector();
  const sock = new socket.socket();
  const [wakeW, wakeR] = socket.socketpair();
  const open = new Set<socket.socket>();
  const closeAll = () => {
    for (const c of open) c.close();
    sel.close();
    sock.close();
    wakeW.close();
    wakeR.close();
  };

  const accept: Callback = async (s, _mask) => {
    const [conn] = await s.accept(); // Should be ready
    conn.setblocking(false);
    open.add(conn);
    sel.register(conn, selectors.EVENT_READ, read);
  };
  const read: Callback = async (conn, _mask) => {
    const data = await conn.recv(1000); // Should be ready
    if (data.length > 0) {
      await conn.send(data); // Hope it won't block
    } else {
      sel.unregister(conn);
      conn.close();
      open.delete(conn);
    }
  };

  try {
    sock.bind([HOST, 0]);
    sock.listen(backlog);
    sock.setblocking(false);
    sel.register(sock, selectors.EVENT_READ, accept);
    wakeR.setblocking(false);
    sel.register(wakeR, selectors.EVENT_READ, null);
  } catch (e) {
    closeAll();
    throw e;
  }
  const loop = (async () => {
    for (;;) {
      const events = await sel.select();
      for (const [key, mask] of events) {
        const callback = key.data as Callback | null;
        if (callback === null) return;
        await callback(key.fileobj as socket.socket, mask);
      }
    }
  })();
  const port = (sock.getsockname() as [string, number])[1];
  return Promise.resolve({
    port,
    async stop() {
      try {
        await wakeW.sendall(new Uint8Array(1));
        await loop;
      } finally {
        closeAll();
      }
    },
  });
}

/** Deno: a task per connection, `read` into a buffer and `write` it back. */
function rawDenoServer(_backlog: number): Promise<Server> {
  const D = DENO!;
  const l = D.listen({ hostname: HOST, port: 0 });
  const conns: DenoConn[] = [];
  let stopped = false;
  const serving = (async () => {
    while (!stopped) {
      const conn = await l.accept();
      conns.push(conn);
      (async () => {
        const buf = new Uint8Array(1000);
        for (;;) {
          const n = await conn.read(buf);
          if (n === null) break;
          await denoWriteAll(conn, buf.subarray(0, n));
        }
        conn.close();
      })().catch(() => {});
    }
  })().catch(() => {});
  return Promise.resolve({
    port: l.addr.port,
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
function rawNodeServer(backlog: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const socks = new Set<net.Socket>();
    const srv = net.createServer((s) => {
      socks.add(s);
      s.on("data", (d: Uint8Array) => s.write(d));
      s.on("error", () => {});
      s.on("close", () => socks.delete(s));
    });
    srv.once("error", reject);
    srv.listen({ port: 0, host: HOST, backlog }, () => {
      resolve({
        port: (srv.address() as net.AddressInfo).port,
        stop() {
          for (const s of socks) s.destroy();
          return new Promise<void>((r) => srv.close(() => r()));
        },
      });
    });
  });
}

const SERVERS: Record<string, (backlog: number) => Promise<Server>> = {
  pyport: pyportServer,
  raw: IS_DENO ? rawDenoServer : rawNodeServer,
};

// ---- wake-up latency --------------------------------------------------------------

/** pyport: µs from `send` in another task to `select()` returning, per sample. */
async function wakePyport(kind: "selector" | "select"): Promise<number[]> {
  const [w, r] = socket.socketpair();
  r.setblocking(false);
  using sel = new selectors.DefaultSelector();
  sel.register(r, selectors.EVENT_READ);
  const waitReadable = kind === "selector"
    ? async () => (await sel.select()).length > 0
    : async () => (await select.select([r], [], [])).length > 0;
  const msg = new Uint8Array(1);
  const out: number[] = [];
  let t0 = 0;
  const writer = () => {
    t0 = now();
    w.sendall(msg).catch(() => {});
  };
  try {
    for (let i = 0; i < OPTS.samples + 50; i++) {
      const ready = waitReadable();
      setImmediate(writer);
      if (!(await ready)) throw new Error("select returned nothing");
      const t1 = now();
      if (i >= 50) out.push((t1 - t0) * 1000);
      if ((await r.recv(16)).length === 0) throw new Error("EOF");
    }
  } finally {
    w.close();
    r.close();
  }
  return out;
}

/** Raw, for scale: µs from `write` in another task to a pending read (Deno) or 'data' (Node) firing. */
async function wakeRaw(): Promise<number[]> {
  const msg = new Uint8Array(1);
  const out: number[] = [];
  let t0 = 0;
  if (IS_DENO) {
    const D = DENO!;
    const l = D.listen({ hostname: HOST, port: 0 });
    const accepted = l.accept();
    const w = await D.connect({ hostname: HOST, port: l.addr.port });
    const r = await accepted;
    const buf = new Uint8Array(16);
    const writer = () => {
      t0 = now();
      w.write(msg).catch(() => {});
    };
    try {
      for (let i = 0; i < OPTS.samples + 50; i++) {
        const read = r.read(buf);
        setImmediate(writer);
        if ((await read) === null) throw new Error("EOF");
        const t1 = now();
        if (i >= 50) out.push((t1 - t0) * 1000);
      }
    } finally {
      w.close();
      r.close();
      l.close();
    }
    return out;
  }
  const srvSock = new Promise<net.Socket>((resolve) => {
    const srv = net.createServer((s) => {
      srv.close();
      resolve(s);
    });
    srv.listen(0, HOST, () => {
      const port = (srv.address() as net.AddressInfo).port;
      wSock = net.connect({ host: HOST, port });
    });
  });
  let wSock: net.Socket | null = null;
  const r = await srvSock;
  const w = wSock! as net.Socket;
  let onData: (() => void) | null = null;
  r.on("data", () => onData?.());
  try {
    for (let i = 0; i < OPTS.samples + 50; i++) {
      const read = new Promise<void>((res) => {
        onData = res;
      });
      setImmediate(() => {
        t0 = now();
        w.write(msg);
      });
      await read;
      const t1 = now();
      if (i >= 50) out.push((t1 - t0) * 1000);
    }
  } finally {
    w.destroy();
    r.destroy();
  }
  return out;
}

// ---- running ----------------------------------------------------------------------

async function measureEcho(impl: string, conns: number): Promise<number> {
  const server = await SERVERS[impl]!(Math.max(conns, 128));
  const clients: Client[] = [];
  try {
    for (let i = 0; i < conns; i++) {
      clients.push(await connectClient(server.port));
    }
    await runClients(
      clients,
      Math.max(5, Math.ceil(WARM_TRIPS / conns)),
      Infinity,
    );
    const per = Math.ceil(OPTS.trips / conns);
    const t0 = now();
    const n = await runClients(clients, per, t0 + OPTS.seconds * 1000);
    return n / ((now() - t0) / 1000);
  } finally {
    await server.stop();
    for (const c of clients) c.close();
  }
}

const median = (xs: number[]) => quantile(xs, 0.5);

/** One thing to measure in a round: a case, an implementation, and what it gives. */
interface Job {
  case: string;
  impl: string;
  run(): Promise<Record<string, [string, number]>>;
}

function jobs(round: number): Job[] {
  const out: Job[] = [];
  for (const n of [1, 100, 1000]) {
    const name = `echo${n}`;
    if (!OPTS.cases.includes(name)) continue;
    const order = round % 2 === 0 ? OPTS.impls : [...OPTS.impls].reverse();
    for (const impl of order) {
      out.push({
        case: name,
        impl,
        run: async () => ({
          [name]: ["round trips/s", await measureEcho(impl, n)],
        }),
      });
    }
  }
  if (OPTS.cases.includes("wake")) {
    const lat = (prefix: string, xs: number[]) =>
      ({
        [`${prefix}_p50`]: ["µs", median(xs)],
        [`${prefix}_p90`]: ["µs", quantile(xs, 0.9)],
      }) as Record<string, [string, number]>;
    if (OPTS.impls.includes("pyport")) {
      out.push({
        case: "wake_selector",
        impl: "pyport",
        run: async () => lat("wake_selector", await wakePyport("selector")),
      });
      out.push({
        case: "wake_select",
        impl: "pyport",
        run: async () => lat("wake_select", await wakePyport("select")),
      });
    }
    if (OPTS.impls.includes("raw")) {
      out.push({
        case: "wake_raw",
        impl: "raw",
        run: async () => lat("wake_raw", await wakeRaw()),
      });
    }
  }
  return out;
}

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return "-";
  return unit === "µs" ? x.toFixed(0) : `${(x / 1000).toFixed(1)}k`;
}

async function main(): Promise<void> {
  const { results, get } = resultList();
  const started = now();
  for (let round = 0; round < OPTS.rounds; round++) {
    for (const job of jobs(round)) {
      try {
        const got = await withTimeout(
          job.run(),
          CASE_TIMEOUT_MS,
          `${job.case}/${job.impl}`,
        );
        for (const [name, [unit, v]] of Object.entries(got)) {
          get(name, job.impl, unit).values.push(v);
        }
      } catch (e) {
        const names = job.case.startsWith("wake")
          ? [`${job.case}_p50`, `${job.case}_p90`]
          : [job.case];
        for (const name of names) {
          const unit = job.case.startsWith("wake") ? "µs" : "round trips/s";
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
    `${RUNTIME}: pyport selectors echo server vs ${RAW_NAME}, clients ${RAW_NAME} in the same process, ${OPTS.rounds} rounds, ${
      elapsed.toFixed(0)
    } s`,
  );
  for (const r of results) {
    console.log(
      `${r.case.padEnd(17)} | ${r.impl.padEnd(6)} | ${r.unit.padEnd(13)} | ${
        summarize(r, fmt, median)
      }`,
    );
    for (const e of r.errors) console.log(`  error: ${e}`);
  }
}

await main();
// Leftover handles (a failed measurement) must not keep the process alive.
process.exit(0);

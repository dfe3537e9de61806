// The socket benchmark: pyport's `socket.socket` against the raw runtime API
// of the runtime it runs on (Deno.listen/Deno.connect on Deno, node:net on
// Node), server and client in the same process, on loopback.
//
//   deno run -A bench/socket_bench.ts [options]
//   node bench/socket_bench.ts [options]          (Node 22.6+: type stripping)
//   node <compiled>/bench/socket_bench.js [options] (Node 20, see bench/run.mjs)
//
// Options:
//   --rounds N        rounds of every case (default 5); cases alternate
//                     pyport/raw inside each round
//   --seconds S       echo: stop a measurement after S seconds (default 2)
//   --trips N         echo: ...or after N round trips in all (default 100000)
//   --bulk-mib N      bulk: MiB sent per measurement (default 1024)
//   --cases a,b       only these cases (echo1, echo32, bulk)
//   --impls a,b       only these implementations (pyport, raw)
//   --json PATH       also write the results as JSON to PATH
//   --quiet           no table, only the JSON
//
// Every measurement opens its own server and connections, warms them up,
// measures, and closes everything; a measurement that takes longer than
// CASE_TIMEOUT_MS is abandoned and reported as an error.

import * as socket from "../socket/mod.ts";
import net from "node:net";
import process from "node:process";
import {
  ARGS,
  DENO,
  type DenoConn,
  denoWriteAll,
  errorText,
  finishRun,
  HOST,
  IS_DENO,
  median,
  now,
  parseOptions,
  RAW_NAME,
  type Result,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";

// ---- options ----------------------------------------------------------------

const OPTS = parseOptions(ARGS, {
  rounds: 5,
  seconds: 2,
  trips: 100_000,
  bulkMiB: 1024,
  cases: ["echo1", "echo32", "bulk"],
  impls: ["pyport", "raw"],
  json: "",
  quiet: false,
}, {
  "--rounds": "rounds",
  "--seconds": "seconds",
  "--trips": "trips",
  "--bulk-mib": "bulkMiB",
  "--cases": "cases",
  "--impls": "impls",
  "--json": "json",
  "--quiet": "quiet",
});

const MSG = 64;
const CHUNK = 64 * 1024;
const CASE_TIMEOUT_MS = 60_000;
/** Warm-up before each echo measurement: round trips in all, spread over the connections (at least 100 each). */
const WARM_TRIPS = 2_000;
/** Warm-up before each bulk measurement. */
const WARM_BULK = 64 * 1024 * 1024;

// ---- what one measurement is ----------------------------------------------

/** One echo setup: n connected client/server pairs, ready for round trips. */
interface EchoRig {
  /** Runs round trips on every connection until `trips` in all or `deadline`. */
  run(tripsPerConn: number, deadline: number): Promise<number>;
  close(): void;
}

/** One bulk setup: a sender and a receiver, ready for a transfer. */
interface BulkRig {
  /** Sends `bytes` in 64 KiB writes; resolves when all were received. */
  run(bytes: number): Promise<void>;
  close(): void;
}

interface Impl {
  echo(conns: number): Promise<EchoRig>;
  bulk(): Promise<BulkRig>;
}

// ---- pyport -------------------------------------------------------------------

/** The Python code this mirrors is in bench/socket_bench.py. */
const pyport: Impl = {
  async echo(conns) {
    const srv = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    const all: socket.socket[] = [srv];
    const closeAll = () => {
      for (const s of all) s.close();
    };
    try {
      srv.bind([HOST, 0]);
      srv.listen(conns);
      const addr = srv.getsockname();
      const handlers: Promise<void>[] = [];
      const serving = (async () => {
        for (let i = 0; i < conns; i++) {
          const [conn] = await srv.accept();
          all.push(conn);
          handlers.push(
            (async () => {
              for (;;) {
                const data = await conn.recv(65536);
                if (data.length === 0) break;
                await conn.sendall(data);
              }
              conn.close();
            })().catch(() => {}),
          );
        }
      })();
      const clients: socket.socket[] = [];
      for (let i = 0; i < conns; i++) {
        const c = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
        all.push(c);
        await c.connect(addr);
        clients.push(c);
      }
      await serving;
      const msg = new Uint8Array(MSG).fill(120);
      const client = async (c: socket.socket, trips: number, end: number) => {
        let done = 0;
        while (done < trips && (done & 63 || now() < end)) {
          await c.sendall(msg);
          let got = 0;
          while (got < MSG) {
            const d = await c.recv(MSG - got);
            if (d.length === 0) throw new Error("echo: early EOF");
            got += d.length;
          }
          done++;
        }
        return done;
      };
      return {
        async run(trips, end) {
          const counts = await Promise.all(
            clients.map((c) => client(c, trips, end)),
          );
          return counts.reduce((a, b) => a + b, 0);
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },

  async bulk() {
    const srv = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
    const all: socket.socket[] = [srv];
    const closeAll = () => {
      for (const s of all) s.close();
    };
    try {
      srv.bind([HOST, 0]);
      srv.listen(1);
      const cli = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      all.push(cli);
      const accepted = srv.accept();
      await cli.connect(srv.getsockname());
      const [conn] = await accepted;
      all.push(conn);
      const chunk = new Uint8Array(CHUNK).fill(7);
      const buf = new Uint8Array(CHUNK);
      return {
        async run(bytes) {
          const recv = (async () => {
            let got = 0;
            while (got < bytes) {
              const n = await conn.recv_into(buf);
              if (n === 0) throw new Error("bulk: early EOF");
              got += n;
            }
          })();
          for (let sent = 0; sent < bytes; sent += CHUNK) {
            await cli.sendall(chunk);
          }
          await recv;
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },
};

// ---- raw: Deno.Conn -------------------------------------------------------------

const rawDeno: Impl = {
  async echo(conns) {
    const D = DENO!;
    const l = D.listen({ hostname: HOST, port: 0 });
    const all: DenoConn[] = [];
    const closeAll = () => {
      for (const c of all) {
        try {
          c.close();
        } catch { /* closed already */ }
      }
      try {
        l.close();
      } catch { /* closed already */ }
    };
    try {
      const serving = (async () => {
        for (let i = 0; i < conns; i++) {
          const conn = await l.accept();
          all.push(conn);
          (async () => {
            const buf = new Uint8Array(65536);
            for (;;) {
              const n = await conn.read(buf);
              if (n === null) break;
              await denoWriteAll(conn, buf.subarray(0, n));
            }
          })().catch(() => {});
        }
      })();
      const clients: DenoConn[] = [];
      for (let i = 0; i < conns; i++) {
        const c = await D.connect({ hostname: HOST, port: l.addr.port });
        all.push(c);
        clients.push(c);
      }
      await serving;
      const msg = new Uint8Array(MSG).fill(120);
      const client = async (c: DenoConn, trips: number, end: number) => {
        const buf = new Uint8Array(MSG);
        let done = 0;
        while (done < trips && (done & 63 || now() < end)) {
          await denoWriteAll(c, msg);
          let got = 0;
          while (got < MSG) {
            const n = await c.read(buf.subarray(got));
            if (n === null) throw new Error("echo: early EOF");
            got += n;
          }
          done++;
        }
        return done;
      };
      return {
        async run(trips, end) {
          const counts = await Promise.all(
            clients.map((c) => client(c, trips, end)),
          );
          return counts.reduce((a, b) => a + b, 0);
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },

  async bulk() {
    const D = DENO!;
    const l = D.listen({ hostname: HOST, port: 0 });
    const all: DenoConn[] = [];
    const closeAll = () => {
      for (const c of all) {
        try {
          c.close();
        } catch { /* closed already */ }
      }
      try {
        l.close();
      } catch { /* closed already */ }
    };
    try {
      const accepted = l.accept();
      const cli = await D.connect({ hostname: HOST, port: l.addr.port });
      all.push(cli);
      const conn = await accepted;
      all.push(conn);
      const chunk = new Uint8Array(CHUNK).fill(7);
      const buf = new Uint8Array(CHUNK);
      return {
        async run(bytes) {
          const recv = (async () => {
            let got = 0;
            while (got < bytes) {
              const n = await conn.read(buf);
              if (n === null) throw new Error("bulk: early EOF");
              got += n;
            }
          })();
          for (let sent = 0; sent < bytes; sent += CHUNK) {
            await denoWriteAll(cli, chunk);
          }
          await recv;
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },
};

// ---- raw: node:net ----------------------------------------------------------------

/** A node:net client that waits for `want` bytes through 'data' events. */
class NodeEchoClient {
  sock: net.Socket;
  #got = 0;
  #want = 0;
  #resolve: (() => void) | null = null;
  #reject: ((e: Error) => void) | null = null;

  constructor(sock: net.Socket) {
    this.sock = sock;
    sock.on("data", (d: Uint8Array) => {
      this.#got += d.length;
      if (this.#got >= this.#want && this.#resolve !== null) {
        const r = this.#resolve;
        this.#resolve = this.#reject = null;
        r();
      }
    });
    const fail = (e?: Error) => {
      const r = this.#reject;
      this.#resolve = this.#reject = null;
      r?.(e ?? new Error("echo: early EOF"));
    };
    sock.on("error", fail);
    sock.on("end", () => fail());
  }

  /** Writes `msg` and resolves when as many bytes came back. */
  trip(msg: Uint8Array): Promise<void> {
    this.#got = 0;
    this.#want = msg.length;
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.sock.write(msg);
    });
  }
}

function nodeListen(
  onConn: (s: net.Socket) => void,
): Promise<[net.Server, number]> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer(onConn);
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const a = srv.address() as net.AddressInfo;
      resolve([srv, a.port]);
    });
  });
}

function nodeConnect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: HOST, port });
    s.once("error", reject);
    s.once("connect", () => {
      s.off("error", reject);
      resolve(s);
    });
  });
}

const rawNode: Impl = {
  async echo(conns) {
    const socks: net.Socket[] = [];
    const [srv, port] = await nodeListen((s) => {
      socks.push(s);
      s.on("data", (d: Uint8Array) => s.write(d));
      s.on("error", () => {});
    });
    const closeAll = () => {
      for (const s of socks) s.destroy();
      srv.close();
    };
    try {
      const clients: NodeEchoClient[] = [];
      for (let i = 0; i < conns; i++) {
        const s = await nodeConnect(port);
        socks.push(s);
        clients.push(new NodeEchoClient(s));
      }
      const msg = new Uint8Array(MSG).fill(120);
      const client = async (c: NodeEchoClient, trips: number, end: number) => {
        let done = 0;
        while (done < trips && (done & 63 || now() < end)) {
          await c.trip(msg);
          done++;
        }
        return done;
      };
      return {
        async run(trips, end) {
          const counts = await Promise.all(
            clients.map((c) => client(c, trips, end)),
          );
          return counts.reduce((a, b) => a + b, 0);
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },

  async bulk() {
    const socks: net.Socket[] = [];
    let server: net.Socket | null = null;
    let onServer: (s: net.Socket) => void = () => {};
    const [srv, port] = await nodeListen((s) => {
      socks.push(s);
      server = s;
      s.on("error", () => {});
      onServer(s);
    });
    const closeAll = () => {
      for (const s of socks) s.destroy();
      srv.close();
    };
    try {
      const gotServer = new Promise<net.Socket>((resolve) => {
        onServer = resolve;
      });
      const cli = await nodeConnect(port);
      socks.push(cli);
      const conn: net.Socket = server ?? await gotServer;
      const chunk = new Uint8Array(CHUNK).fill(7);
      return {
        async run(bytes) {
          const recv = new Promise<void>((resolve, reject) => {
            let got = 0;
            const onEnd = () => reject(new Error("bulk: early EOF"));
            const onData = (d: Uint8Array) => {
              got += d.length;
              if (got >= bytes) {
                conn.off("data", onData);
                conn.off("end", onEnd);
                resolve();
              }
            };
            conn.on("data", onData);
            conn.once("end", onEnd);
            conn.resume();
          });
          for (let sent = 0; sent < bytes; sent += CHUNK) {
            if (!cli.write(chunk)) {
              await new Promise<void>((r) => cli.once("drain", r));
            }
          }
          await recv;
        },
        close: closeAll,
      };
    } catch (e) {
      closeAll();
      throw e;
    }
  },
};

const IMPLS: Record<string, Impl> = {
  pyport,
  raw: IS_DENO ? rawDeno : rawNode,
};

// ---- running ----------------------------------------------------------------------

interface CaseDef {
  name: string;
  unit: string;
  measure(impl: Impl): Promise<number>;
}

function echoCase(conns: number): CaseDef {
  return {
    name: conns === 1 ? "echo1" : `echo${conns}`,
    unit: "round trips/s",
    async measure(impl) {
      const rig = await impl.echo(conns);
      try {
        await rig.run(Math.max(100, Math.ceil(WARM_TRIPS / conns)), Infinity);
        const per = Math.ceil(OPTS.trips / conns);
        const t0 = now();
        const n = await rig.run(per, t0 + OPTS.seconds * 1000);
        return n / ((now() - t0) / 1000);
      } finally {
        rig.close();
      }
    },
  };
}

const bulkCase: CaseDef = {
  name: "bulk",
  unit: "GB/s",
  async measure(impl) {
    const rig = await impl.bulk();
    try {
      await rig.run(WARM_BULK);
      const bytes = OPTS.bulkMiB * 1024 * 1024;
      const t0 = now();
      await rig.run(bytes);
      return bytes / 1e9 / ((now() - t0) / 1000);
    } finally {
      rig.close();
    }
  },
};

const CASES: CaseDef[] = [echoCase(1), echoCase(32), bulkCase].filter((c) =>
  OPTS.cases.includes(c.name)
);

function fmt(x: number, unit: string): string {
  if (!Number.isFinite(x)) return "-";
  return unit === "GB/s" ? x.toFixed(2) : `${(x / 1000).toFixed(1)}k`;
}

async function main(): Promise<void> {
  const list = resultList();
  const results = list.results;
  const get = (c: CaseDef, impl: string): Result =>
    list.get(c.name, impl, c.unit);
  const started = now();
  for (let round = 0; round < OPTS.rounds; round++) {
    for (const c of CASES) {
      // Alternate which implementation goes first from round to round.
      const order = round % 2 === 0 ? OPTS.impls : [...OPTS.impls].reverse();
      for (const name of order) {
        const impl = IMPLS[name];
        if (impl === undefined) throw new Error(`unknown impl ${name}`);
        const r = get(c, name);
        try {
          const v = await withTimeout(
            c.measure(impl),
            CASE_TIMEOUT_MS,
            `${c.name}/${name}`,
          );
          r.values.push(v);
        } catch (e) {
          r.values.push(null);
          r.errors.push(errorText(e));
        }
      }
    }
  }
  const elapsed = finishRun(OPTS, started, results);
  if (OPTS.quiet) return;

  console.log(
    `${RUNTIME}: pyport socket vs ${RAW_NAME}, same process, ${OPTS.rounds} rounds, ${
      elapsed.toFixed(0)
    } s`,
  );
  console.log(
    "case    | unit          | pyport median (min..max) | raw median (min..max) | pyport/raw (paired: median, min..max)",
  );
  for (const c of CASES) {
    const p = get(c, "pyport"), w = get(c, "raw");
    const paired: number[] = [];
    for (let i = 0; i < p.values.length; i++) {
      const a = p.values[i], b = w.values[i];
      if (a != null && b != null) paired.push(a / b);
    }
    const ratio = paired.length
      ? `${median(paired).toFixed(2)} (${Math.min(...paired).toFixed(2)}..${
        Math.max(...paired).toFixed(2)
      })`
      : "-";
    console.log(
      `${c.name.padEnd(7)} | ${c.unit.padEnd(13)} | ${
        summarize(p, fmt).padEnd(24)
      } | ${summarize(w, fmt).padEnd(21)} | ${ratio}`,
    );
    for (const e of [...p.errors, ...w.errors]) console.log(`  error: ${e}`);
  }
}

await main();
// Leftover handles (a failed measurement) must not keep the process alive.
process.exit(0);

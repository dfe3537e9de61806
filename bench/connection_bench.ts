// The multiprocessing.connection and pickle benchmark (issue 13): pyport's
// Listener/Client round trips on loopback and pickle.dumps/loads, on the
// runtime it runs on; against CPython's multiprocessing.connection and C
// pickle (bench/connection_bench.py) in bench/run_connection.mjs.
//
//   deno run -A --no-check bench/connection_bench.ts [options]
//   node bench/connection_bench.ts [options]            (Node 22.6+)
//   node <compiled>/bench/connection_bench.js [options] (Node 20, see bench/run_connection.mjs)
//
// Options:
//   --rounds N      rounds of every case (default 5)
//   --time S        a measurement ends after S seconds or its count,
//                   whichever comes first (default 2)
//   --trips N       at most N round trips of the small object (default 100000)
//   --big-trips N   at most N round trips of 1 MiB (default 2000)
//   --calls N       at most N calls of dumps / of loads (default 20000)
//   --cases a,b     only these cases (small,big,dumps,loads; default all)
//   --seconds S     a measurement that takes longer than this fails
//                   (default 60)
//   --pickle-out P  also write pickle.dumps(VALUE, 4) to the file P (the
//                   driver compares it with CPython's, byte for byte)
//   --json PATH     also write the results as JSON to PATH
//   --quiet         no table, only the JSON
//
// Cases (results: case / impl "pyport"; higher is better):
//   small (round trips/s): a fresh Listener(["127.0.0.1", 0]), a Client of
//     its address and the accepted connection; the server is an async task
//     in the same process: `await conn.recv()` then `await conn.send(obj)`,
//     until EOFError. The client: `await c.send(SMALL)` then
//     `await c.recv()`, SMALL = ["ping", 1, 2.5, null] (a list; a pickle
//     of 38 bytes, protocol 4 as in CPython's connections). 2,000 round
//     trips of warm-up, then --trips or --time, whichever ends first.
//   big (round trips/s): the same with 1 MiB of bytes, `send_bytes` /
//     `recv_bytes` on both sides; 20 round trips of warm-up.
//   dumps (calls/s): `pickle.dumps(VALUE, 4)`, VALUE = 1,000 Maps
//     {id: i, name: `user${i}`, tags: ["a", "b"], score: i + 0.5,
//     active: i % 2 === 0} in an array (Python: a list of 1,000 dicts), a
//     pickle of 44,680 bytes; 200 calls of warm-up, then --calls or --time.
//   loads (calls/s): `pickle.loads(data)` of that pickle, the same way.
// Every measurement checks what it got (the echoed object, the echoed
// bytes, the pickle's length, the loaded value's shape) and closes what it
// opened (client, then the server task's end, server connection, listener).

import process from "node:process";
import { writeFileSync } from "node:fs";
import {
  Client,
  type Connection,
  Listener,
} from "../multiprocessing/connection/mod.ts";
import * as pickle from "../pickle/mod.ts";
import { EOFError } from "../builtins/exceptions.ts";
import {
  ARGS,
  errorText,
  finishRun,
  HOST,
  now,
  parseOptions,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";

type Opts = {
  rounds: number;
  time: number;
  trips: number;
  bigTrips: number;
  calls: number;
  cases: string[];
  seconds: number;
  pickleOut: string;
  json: string;
  quiet: boolean;
};

const SMALL: unknown[] = ["ping", 1, 2.5, null];
const BIG_SIZE = 1 << 20;
const WARM_TRIPS = 2000;
const WARM_BIG = 20;
const WARM_CALLS = 200;
/** How long closing a measurement's connections may take (ms). */
const END_MS = 10_000;

/** The nested value of the pickle cases. */
export function nestedValue(): Map<string, unknown>[] {
  return Array.from({ length: 1000 }, (_, i) =>
    new Map<string, unknown>([
      ["id", i],
      ["name", `user${i}`],
      ["tags", ["a", "b"]],
      ["score", i + 0.5],
      ["active", i % 2 === 0],
    ]));
}

/** The server's side: echoes until the client closes (EOFError). */
async function echo(conn: Connection, bytes: boolean): Promise<void> {
  for (;;) {
    let m: unknown;
    try {
      m = bytes ? await conn.recv_bytes() : await conn.recv();
    } catch (e) {
      if (e instanceof EOFError) return;
      throw e;
    }
    if (bytes) await conn.send_bytes(m as Uint8Array);
    else await conn.send(m);
  }
}

/**
 * Opens a listener and a connection, warms up with `warm` round trips, then
 * makes round trips until `max` or `secs` seconds; closes everything.
 * Returns [round trips, seconds, the last reply].
 */
async function roundTrips(
  bytes: boolean,
  warm: number,
  max: number,
  secs: number,
): Promise<[number, number, unknown]> {
  const listener = new Listener([HOST, 0]);
  let server: Connection | null = null;
  let client: Connection | null = null;
  let serving: Promise<void> | null = null;
  try {
    [server, client] = await Promise.all([
      listener.accept(),
      Client(listener.address),
    ]);
    serving = echo(server, bytes);
    // A server that fails must end the client's wait, not leave it hanging.
    serving.catch(() => client?.close());
    const c = client;
    const payload = bytes
      ? Uint8Array.from({ length: BIG_SIZE }, (_, i) => (i * 7) & 255)
      : SMALL;
    const trip = bytes
      ? async () => {
        await c.send_bytes(payload as Uint8Array);
        return await c.recv_bytes();
      }
      : async () => {
        await c.send(payload);
        return await c.recv();
      };
    let last: unknown = null;
    for (let i = 0; i < warm; i++) last = await trip();
    const limit = secs * 1000;
    const t0 = now();
    let n = 0, t = t0;
    while (n < max && t - t0 < limit) {
      last = await trip();
      n++;
      t = now();
    }
    return [n, (t - t0) / 1000, last];
  } finally {
    client?.close();
    if (serving !== null) {
      await withTimeout(serving, END_MS, "server end").catch(() => {});
    }
    server?.close();
    listener.close();
  }
}

/** Calls `f` `warm` times, then until `max` calls or `secs` seconds. */
function calls<T>(
  f: () => T,
  warm: number,
  max: number,
  secs: number,
): [number, number, T] {
  let last = f();
  for (let i = 1; i < warm; i++) last = f();
  const limit = secs * 1000;
  const t0 = now();
  let n = 0, t = t0;
  while (n < max && t - t0 < limit) {
    last = f();
    n++;
    t = now();
  }
  return [n, (t - t0) / 1000, last];
}

function checkSmall(got: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(SMALL)) {
    throw new Error(`small: echoed ${JSON.stringify(got)}`);
  }
}

function checkBig(got: unknown): void {
  const b = got as Uint8Array;
  if (!(b instanceof Uint8Array) || b.length !== BIG_SIZE) {
    throw new Error(`big: echoed ${(b as Uint8Array)?.length} bytes`);
  }
  for (const i of [0, 1, 4097, BIG_SIZE >> 1, BIG_SIZE - 1]) {
    if (b[i] !== ((i * 7) & 255)) throw new Error(`big: byte ${i} differs`);
  }
}

function checkLoaded(got: unknown): void {
  const a = got as Map<string, unknown>[];
  const last = Array.isArray(a) ? a[999] : undefined;
  if (
    a.length !== 1000 || !(last instanceof Map) ||
    last.get("name") !== "user999" || last.get("score") !== 999.5 ||
    last.get("active") !== false
  ) {
    throw new Error("loads: not the value dumped");
  }
}

// ---- main ---------------------------------------------------------------------

async function main(): Promise<void> {
  const opts: Opts = parseOptions(ARGS, {
    rounds: 5,
    time: 2,
    trips: 100_000,
    bigTrips: 2000,
    calls: 20_000,
    cases: ["small", "big", "dumps", "loads"],
    seconds: 60,
    pickleOut: "",
    json: "",
    quiet: false,
  }, {
    "--rounds": "rounds",
    "--time": "time",
    "--trips": "trips",
    "--big-trips": "bigTrips",
    "--calls": "calls",
    "--cases": "cases",
    "--seconds": "seconds",
    "--pickle-out": "pickleOut",
    "--json": "json",
    "--quiet": "quiet",
  });
  const started = now();
  const { results, get } = resultList();
  const value = nestedValue();
  const data = pickle.dumps(value, 4);
  if (opts.pickleOut !== "") writeFileSync(opts.pickleOut, data);
  const has = (c: string) => opts.cases.includes(c);

  /** Runs one measurement and records count/s (null and the error if it fails). */
  const measure = async (
    c: string,
    unit: string,
    fn: () => Promise<[number, number, unknown]>,
    verify: (last: unknown) => void,
  ): Promise<void> => {
    const r = get(c, "pyport", unit);
    try {
      const [n, secs, last] = await withTimeout(
        fn(),
        opts.seconds * 1000,
        c,
      );
      verify(last);
      r.values.push(n / secs);
    } catch (e) {
      r.values.push(null);
      r.errors.push(errorText(e));
    }
  };

  for (let round = 0; round < opts.rounds; round++) {
    if (has("small")) {
      await measure(
        "small",
        "round trips/s",
        () => roundTrips(false, WARM_TRIPS, opts.trips, opts.time),
        checkSmall,
      );
    }
    if (has("big")) {
      await measure(
        "big",
        "round trips/s",
        () => roundTrips(true, WARM_BIG, opts.bigTrips, opts.time),
        checkBig,
      );
    }
    if (has("dumps")) {
      await measure(
        "dumps",
        "calls/s",
        () =>
          Promise.resolve(calls(
            () => pickle.dumps(value, 4),
            WARM_CALLS,
            opts.calls,
            opts.time,
          )),
        (last) => {
          const n = (last as Uint8Array).length;
          if (n !== data.length) throw new Error(`dumps: ${n} bytes`);
        },
      );
    }
    if (has("loads")) {
      await measure(
        "loads",
        "calls/s",
        () =>
          Promise.resolve(calls(
            () => pickle.loads(data),
            WARM_CALLS,
            opts.calls,
            opts.time,
          )),
        checkLoaded,
      );
    }
  }

  const elapsed = finishRun(opts, started, results);
  if (!opts.quiet) {
    console.log(
      `${RUNTIME}: ${opts.rounds} rounds, ${elapsed.toFixed(0)} s; ` +
        `pickle of the nested value: ${data.length} bytes`,
    );
    const fmt = (x: number) =>
      x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(1);
    for (const r of results) {
      const v = r.values.filter((x): x is number => x !== null);
      const us = v.length ? 1e6 / v.sort((a, b) => a - b)[v.length >> 1]! : NaN;
      console.log(
        `${r.case.padEnd(6)} ${r.unit.padEnd(14)} ${summarize(r, fmt)} = ${
          us.toFixed(1)
        } µs`,
      );
      for (const e of r.errors) console.log(`  error: ${e}`);
    }
  }
}

if (import.meta.main ?? true) {
  await main();
  // A failed measurement may leave a wait behind: it must not hold the exit.
  process.exit(0);
}

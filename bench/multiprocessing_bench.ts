// The multiprocessing benchmark: pyport's Process ('worker' and 'spawn'
// start methods), Queue and Pipe on the runtime it runs on, against the raw
// runtime (a bare Worker, a bare child process) in the same process, and
// against CPython (bench/multiprocessing_bench.py) in bench/run.mjs.
//
//   deno run -A bench/multiprocessing_bench.ts [options]
//   node bench/multiprocessing_bench.ts [options]           (Node 22.6+)
//   node <compiled>/bench/multiprocessing_bench.js [options] (Node 20, see
//                                                    bench/run_multiprocessing.mjs)
//
// Options:
//   --rounds N        rounds of every case (default 5)
//   --starts N        process starts per round and implementation, 'worker'
//                     (default 8; the round's value is their median)
//   --gap MS          idle time before each of those starts, 'worker' and
//                     'spawn' (default 300)
//   --spawn-starts N  starts per round for 'spawn' (default 5)
//   --items N         Queue items (default 100000)
//   --trips N         Pipe round trips (default 10000)
//   --seconds S       at most this long for one Queue or Pipe measurement,
//                     or for one case's starts (default 20)
//   --cases a,b       only these cases (worker,pair,spawn,queue,pipe)
//   --keep-ca-certs   leave NODE_EXTRA_CA_CERTS set for the spawned children
//                     (by default it is removed from their environment: it
//                     makes every Node 20 process start about 3x slower)
//   --json PATH       also write the results as JSON to PATH
//   --quiet           no table, only the JSON
//
// Cases (results: case / impl, lower is better for the times):
//   worker_first / worker_join (ms): start -> first message, start -> join.
//     pyport: `new Process({ target: sayHi, args: [q] })`, start(), `await
//     q.get()` of the child's `q.put("hi")`, `await p.join()`.
//     raw: a bare Worker (Deno: web Worker; Node: node:worker_threads) whose
//     module (a data: URL importing nothing else) posts "hi" and ends (on
//     Deno, whose web Worker reports no end, the end is a second message
//     posted just before close()). raw_import: the same Worker importing what
//     a pyport child imports (multiprocessing/mod.ts and the target
//     module): the cost of the child's imports alone.
//     Each start follows --gap ms of idling, long enough for the Worker
//     pyport keeps warm on Node (one is started after each start()) to load.
//   worker_loop (ms): --starts starts, each right after the previous one's
//     join: the mean start -> join per process (pyport's warm Worker has
//     only the previous child's lifetime to load).
//   pair_first / pair_join (ms): two 'worker' starts at once (a Pool(2)'s
//     workers; pyport: two Processes putting on one Queue), start -> both
//     first messages, start -> both joined; each pair follows --gap ms of
//     idling after the previous pair (pyport keeps as many Workers warm as
//     came together); raw: two bare Workers started together.
//   spawn_first / spawn_join (ms): the parent listens on 127.0.0.1:0 (pyport
//     socket); pyport: `get_context("spawn").Process` whose target connects
//     with socket.create_connection and sends b"hi"; raw: the runtime's own
//     child process (`deno eval` / `node -e`) doing the same with the raw API.
//     First message = accept + recv of the 2 bytes. Each start follows --gap
//     ms of idling (pyport keeps a child warm as it keeps a Worker).
//   spawn_loop (ms): --spawn-starts 'spawn' starts one right after another:
//     the mean start -> join per process.
//   queue (items/s): a child puts 100k `[i, "x"]`, the parent gets them; from
//     the first item got to the last.
//   pipe (round trips/s): the parent sends `[i, "x"]` on a Pipe(), the child
//     echoes it back.

import process from "node:process";
import { spawn } from "node:child_process";
import { Worker as NodeWorker } from "node:worker_threads";
import {
  get_context,
  parent_process,
  Process,
} from "../multiprocessing/mod.ts";
import { Queue } from "../multiprocessing/queue.ts";
import { Pipe } from "../multiprocessing/connection/pipe.ts";
import * as socket from "../socket/mod.ts";
import {
  ARGS,
  DENO,
  errorText,
  finishRun,
  HOST,
  IS_DENO,
  median,
  now,
  parseOptions,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";
import { connectHi, echo, produce, sayHi } from "./_mp_targets.ts";

/** How long one wait (a get, a join, an accept) may take at most (s). */
const WAIT = 30;

type Opts = {
  rounds: number;
  starts: number;
  gap: number;
  spawnStarts: number;
  items: number;
  trips: number;
  seconds: number;
  cases: string[];
  keepCaCerts: boolean;
  json: string;
  quiet: boolean;
};

// ---- the raw Worker -----------------------------------------------------------

const EXT = import.meta.url.endsWith(".js") ? ".js" : ".ts";
const here = (path: string) => new URL(path + EXT, import.meta.url).href;

/** A data: URL module importing `imports`, posting "hi" and ending. */
function rawWorkerURL(imports: string[]): string {
  const lines = imports.map((u) => `import ${JSON.stringify(u)};`);
  if (IS_DENO) {
    lines.push(`postMessage("hi");`, `postMessage("end");`, `close();`);
  } else {
    lines.unshift(`import { parentPort } from "node:worker_threads";`);
    lines.push(`parentPort.postMessage("hi");`);
  }
  return "data:text/javascript," + encodeURIComponent(lines.join("\n"));
}

const RAW_URL = rawWorkerURL([]);
const RAW_IMPORT_URL = rawWorkerURL([
  here("../multiprocessing/mod"),
  here("./_mp_targets"),
]);

interface WebWorker {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null;
  terminate(): void;
}
const WebWorkerCtor = (globalThis as unknown as {
  Worker: new (url: string, o: { type: "module" }) => WebWorker;
}).Worker;

/** [start -> "hi", start -> end] of a bare Worker running `url` (ms). */
function rawWorker(url: string): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    let first = 0;
    const t0 = now();
    if (IS_DENO) {
      const w = new WebWorkerCtor(url, { type: "module" });
      w.onmessage = (e) => {
        if (e.data === "hi") first = now() - t0;
        else resolve([first, now() - t0]);
      };
      w.onerror = (e) => {
        e.preventDefault();
        w.terminate();
        reject(new Error(e.message));
      };
    } else {
      const w = new NodeWorker(new URL(url));
      w.on("message", () => (first = now() - t0));
      w.on("error", reject);
      w.on("exit", () => resolve([first, now() - t0]));
    }
  });
}

// ---- pyport's 'worker' start ------------------------------------------------------

/** [start -> first message, start -> join] of a pyport 'worker' child (ms). */
async function pyportWorker(): Promise<[number, number]> {
  const q = new Queue();
  try {
    const t0 = now();
    const p = new Process({ target: sayHi, args: [q] });
    p.start();
    try {
      const m = await q.get(true, WAIT);
      const first = now() - t0;
      await p.join(WAIT);
      const end = now() - t0;
      if (m !== "hi") throw new Error(`got ${String(m)}`);
      if (p.exitcode !== 0) throw new Error(`exit code ${p.exitcode}`);
      return [first, end];
    } finally {
      if (p.exitcode === null) p.kill();
    }
  } finally {
    q.close();
  }
}

/**
 * [start -> both first messages, start -> both joined] of two pyport
 * 'worker' children started together, as a Pool(2) starts its workers (ms).
 */
async function pyportPair(): Promise<[number, number]> {
  const q = new Queue();
  try {
    const t0 = now();
    const ps = [0, 1].map(() => new Process({ target: sayHi, args: [q] }));
    for (const p of ps) p.start();
    try {
      for (let i = 0; i < ps.length; i++) {
        const m = await q.get(true, WAIT);
        if (m !== "hi") throw new Error(`got ${String(m)}`);
      }
      const first = now() - t0;
      for (const p of ps) await p.join(WAIT);
      const end = now() - t0;
      for (const p of ps) {
        if (p.exitcode !== 0) throw new Error(`exit code ${p.exitcode}`);
      }
      return [first, end];
    } finally {
      for (const p of ps) if (p.exitcode === null) p.kill();
    }
  } finally {
    q.close();
  }
}

/** The same for two bare Workers started together (ms). */
async function rawPair(): Promise<[number, number]> {
  const [a, b] = await Promise.all([rawWorker(RAW_URL), rawWorker(RAW_URL)]);
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

// ---- 'spawn' ------------------------------------------------------------------------

/** A listening pyport socket on 127.0.0.1 and its port. */
function listener(): [socket.socket, number] {
  const srv = new socket.socket();
  srv.bind([HOST, 0]);
  srv.listen(1);
  srv.settimeout(WAIT);
  return [srv, srv.getsockname()[1] as number];
}

/** Accepts one connection on `srv` and reads b"hi" from it. */
async function acceptHi(srv: socket.socket): Promise<void> {
  const [c] = await srv.accept();
  try {
    c.settimeout(WAIT);
    let got = 0;
    while (got < 2) {
      const d = await c.recv(16);
      if (d.length === 0) throw new Error("the child sent nothing");
      got += d.length;
    }
  } finally {
    c.close();
  }
}

/** [start -> first message, start -> join] of a pyport 'spawn' child (ms). */
async function pyportSpawn(): Promise<[number, number]> {
  const [srv, port] = listener();
  try {
    const SpawnProcess = get_context("spawn").Process;
    const t0 = now();
    const p = new SpawnProcess({ target: connectHi, args: [port] });
    p.start();
    try {
      await acceptHi(srv);
      const first = now() - t0;
      await p.join(WAIT);
      const end = now() - t0;
      if (p.exitcode !== 0) throw new Error(`exit code ${p.exitcode}`);
      return [first, end];
    } finally {
      if (p.exitcode === null) p.kill();
    }
  } finally {
    srv.close();
  }
}

const DENO_CHILD = (port: number) =>
  `const c = await Deno.connect({ hostname: "${HOST}", port: ${port} });` +
  `await c.write(new Uint8Array([104, 105])); c.close();`;
const NODE_CHILD = (port: number) =>
  `const s = require("node:net").connect(${port}, "${HOST}", ` +
  `() => s.end(Buffer.from("hi")));`;

interface DenoChild {
  status: Promise<{ code: number }>;
  kill(): void;
}
type DenoCommand = new (
  cmd: string,
  o: { args: string[]; stdin: string; stdout: string; stderr: string },
) => { spawn(): DenoChild };

/** [start -> first message, start -> exit] of a bare child process (ms). */
async function rawSpawn(): Promise<[number, number]> {
  const [srv, port] = listener();
  try {
    const t0 = now();
    let ended: Promise<number>;
    let kill: () => void;
    if (IS_DENO) {
      const Command = (DENO as unknown as { Command: DenoCommand }).Command;
      const child = new Command(DENO!.execPath(), {
        args: ["eval", DENO_CHILD(port)],
        stdin: "null",
        stdout: "inherit",
        stderr: "inherit",
      }).spawn();
      ended = child.status.then((s) => s.code);
      kill = () => child.kill();
    } else {
      const child = spawn(process.execPath, ["-e", NODE_CHILD(port)], {
        stdio: ["ignore", "inherit", "inherit"],
      });
      ended = new Promise((resolve) =>
        child.on("exit", (code) => resolve(code ?? 1))
      );
      kill = () => child.kill("SIGKILL");
    }
    let done = false;
    try {
      await acceptHi(srv);
      const first = now() - t0;
      const code = await withTimeout(ended, WAIT * 1000, "child exit");
      done = true;
      const end = now() - t0;
      if (code !== 0) throw new Error(`exit code ${code}`);
      return [first, end];
    } finally {
      if (!done) kill();
    }
  } finally {
    srv.close();
  }
}

// ---- Queue and Pipe -----------------------------------------------------------------

/** Items per second a child puts on a Queue and the parent gets. */
async function queueThroughput(n: number, seconds: number): Promise<number> {
  const q = new Queue();
  const p = new Process({ target: produce, args: [q, n] });
  p.start();
  try {
    await q.get(true, WAIT); // the first item: the child is running
    let got = 1;
    const t0 = now();
    const end = t0 + seconds * 1000;
    while (got < n) {
      await q.get();
      got++;
      if ((got & 1023) === 0 && now() > end) break;
    }
    const rate = ((got - 1) * 1000) / (now() - t0);
    if (got < n) p.terminate();
    await p.join(WAIT);
    return rate;
  } finally {
    if (p.exitcode === null) p.kill();
    q.close();
  }
}

/** Round trips per second of `[i, "x"]` sent on a Pipe and echoed by a child. */
async function pipeRoundTrips(trips: number, seconds: number): Promise<number> {
  const [a, b] = Pipe();
  const p = new Process({ target: echo, args: [b] });
  p.start();
  try {
    await a.send(-1);
    await withTimeout(a.recv(), WAIT * 1000, "the first echo");
    for (let i = 0; i < 1000; i++) { // warm-up
      await a.send([i, "x"]);
      await a.recv();
    }
    let n = 0;
    const t0 = now();
    const end = t0 + seconds * 1000;
    while (n < trips) {
      await a.send([n, "x"]);
      await a.recv();
      n++;
      if ((n & 1023) === 0 && now() > end) break;
    }
    const rate = (n * 1000) / (now() - t0);
    await a.send(null);
    await p.join(WAIT);
    return rate;
  } finally {
    if (p.exitcode === null) p.kill();
    a.close();
    b.close();
  }
}

// ---- main ---------------------------------------------------------------------------

type Start = () => Promise<[number, number]>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * [median start -> first message, median start -> join] of `count` starts
 * (after one warm-up), each after `gap` ms of idling, or as many as fit in
 * `seconds`.
 */
async function starts(
  fn: Start,
  count: number,
  seconds: number,
  gap: number,
): Promise<number[]> {
  await fn();
  const firsts: number[] = [], ends: number[] = [];
  const stop = now() + seconds * 1000;
  while (firsts.length < count && (firsts.length === 0 || now() < stop)) {
    await sleep(gap);
    const [a, b] = await fn();
    firsts.push(a);
    ends.push(b);
  }
  return [median(firsts), median(ends)];
}

/** Mean start -> join of `count` starts one right after another (ms). */
async function loop(
  fn: Start,
  count: number,
  seconds: number,
): Promise<number> {
  await fn();
  let n = 0;
  const stop = now() + seconds * 1000;
  const t0 = now();
  while (n < count && (n === 0 || now() < stop)) {
    await fn();
    n++;
  }
  return (now() - t0) / n;
}

async function main(): Promise<void> {
  const opts: Opts = parseOptions(ARGS, {
    rounds: 5,
    starts: 8,
    gap: 300,
    spawnStarts: 5,
    items: 100_000,
    trips: 10_000,
    seconds: 20,
    cases: ["worker", "pair", "spawn", "queue", "pipe"],
    keepCaCerts: false,
    json: "",
    quiet: false,
  }, {
    "--rounds": "rounds",
    "--starts": "starts",
    "--gap": "gap",
    "--spawn-starts": "spawnStarts",
    "--items": "items",
    "--trips": "trips",
    "--seconds": "seconds",
    "--cases": "cases",
    "--keep-ca-certs": "keepCaCerts",
    "--json": "json",
    "--quiet": "quiet",
  });
  if (!opts.keepCaCerts) {
    // Children inherit the environment: the same one for pyport and raw.
    if (IS_DENO) {
      (DENO as unknown as { env: { delete(k: string): void } }).env.delete(
        "NODE_EXTRA_CA_CERTS",
      );
    } else delete process.env.NODE_EXTRA_CA_CERTS;
  }
  const started = now();
  const { results, get } = resultList();
  // One case's measurements may take this long before they count as failed.
  const limit = (opts.seconds + 2 * WAIT) * 1000;
  const record = async (
    names: [string, string, string][],
    fn: () => Promise<number[]>,
  ): Promise<void> => {
    const rs = names.map(([c, impl, unit]) => get(c, impl, unit));
    try {
      const vs = await withTimeout(fn(), limit, names[0]!.join("/"));
      rs.forEach((r, i) => r.values.push(vs[i]!));
    } catch (e) {
      for (const r of rs) {
        r.values.push(null);
        r.errors.push(errorText(e));
      }
    }
  };
  // raw first, pyport last: the warm Worker pyport may keep after a start
  // then idles instead of loading while raw Workers start.
  const startCase = async (
    kind: string,
    impls: [string, Start][],
    count: number,
    gap: number,
    back: boolean,
  ): Promise<void> => {
    for (const [impl, fn] of impls) {
      await record(
        [[`${kind}_first`, impl, "ms"], [`${kind}_join`, impl, "ms"]],
        () => starts(fn, count, opts.seconds, gap),
      );
    }
    if (!back) return;
    for (const [impl, fn] of impls) {
      if (impl === "raw_import") continue;
      await record(
        [[`${kind}_loop`, impl, "ms"]],
        async () => [await loop(fn, count, opts.seconds)],
      );
    }
  };
  for (let r = 0; r < opts.rounds; r++) {
    for (const c of opts.cases) {
      if (c === "worker") {
        await startCase(
          "worker",
          [
            ["raw", () => rawWorker(RAW_URL)],
            ["raw_import", () => rawWorker(RAW_IMPORT_URL)],
            ["pyport", pyportWorker],
          ],
          opts.starts,
          opts.gap,
          true,
        );
      } else if (c === "pair") {
        await startCase(
          "pair",
          [
            ["raw", rawPair],
            ["pyport", pyportPair],
          ],
          opts.starts,
          opts.gap,
          false,
        );
      } else if (c === "spawn") {
        await startCase(
          "spawn",
          [
            ["raw", rawSpawn],
            ["pyport", pyportSpawn],
          ],
          opts.spawnStarts,
          opts.gap,
          true,
        );
      } else if (c === "queue") {
        await record(
          [["queue", "pyport", "items/s"]],
          async () => [await queueThroughput(opts.items, opts.seconds)],
        );
      } else if (c === "pipe") {
        await record(
          [["pipe", "pyport", "trips/s"]],
          async () => [await pipeRoundTrips(opts.trips, opts.seconds)],
        );
      } else throw new Error(`unknown case ${c}`);
    }
  }
  const elapsed = finishRun(opts, started, results);
  if (!opts.quiet) {
    console.log(`${RUNTIME}: ${opts.rounds} rounds, ${elapsed.toFixed(0)} s`);
    const fmt = (x: number, unit: string) =>
      unit === "ms" ? x.toFixed(1) : `${(x / 1000).toFixed(1)}k`;
    for (const r of results) {
      console.log(
        `${r.case.padEnd(12)} ${r.impl.padEnd(10)} ${r.unit.padEnd(8)} ${
          summarize(r, fmt)
        }`,
      );
      for (const e of r.errors) console.log(`  error: ${e}`);
    }
  }
}

// The children import this module's targets from bench/_mp_targets.ts, not
// this module; the guard is the documented one all the same.
if (import.meta.main ?? parent_process() === null) {
  await main();
  // A failed measurement may leave a wait behind: it must not hold the exit.
  process.exit(0);
}

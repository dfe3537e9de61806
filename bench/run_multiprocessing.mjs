// The multiprocessing suite of bench/run.mjs: runs
// bench/multiprocessing_bench.ts on every JavaScript runtime and
// bench/multiprocessing_bench.py on CPython, round after round, and prints
// two tables: process start (pyport's 'worker' and 'spawn' against a bare
// Worker / child process of the same runtime and against CPython's fork and
// spawn), and Queue throughput and Pipe round trips against CPython's.
// Results go to bench/results/multiprocessing-<time>.json.

import {
  allErrors,
  median,
  ok,
  pairedRatios,
  pairedText,
  pickRuntimes,
  runRounds,
  statWith,
  writeResults,
} from "./_drive.mjs";

/**
 * What a compiled copy for Node 20 needs besides what the bench imports:
 * the modules the children run, which the library loads by URL only.
 */
export const NODE20_EXTRA_ROOTS = [
  "multiprocessing/_worker_boot.ts",
  "multiprocessing/_worker_main.ts",
  "multiprocessing/_spawn_main.ts",
];

/** Issue 6's targets (issue 16: the 'spawn' start's too). */
const START_TARGET = 1.2; // a pyport start <= 1.2x a raw Worker's / child's
const CPYTHON_TARGET = { queue: 1.0, pipe: 1.0 }; // >= 1.0x CPython

const START_CASES = [
  ["worker_first", "'worker' start → first message (ms)", START_TARGET],
  ["worker_join", "'worker' start → join (ms)", START_TARGET],
  [
    "worker_loop",
    "'worker' start → join, back to back (ms per process)",
    START_TARGET,
  ],
  [
    "pair_first",
    "two 'worker' starts at once → both first messages (ms)",
    START_TARGET,
  ],
  ["pair_join", "two 'worker' starts at once → both joined (ms)", START_TARGET],
  ["spawn_first", "'spawn' start → first message, socket (ms)", START_TARGET],
  ["spawn_join", "'spawn' start → join (ms)", START_TARGET],
  [
    "spawn_loop",
    "'spawn' start → join, back to back (ms per process)",
    START_TARGET,
  ],
];
const RATE_CASES = [
  ["queue", 'Queue: `[i, "x"]` put by a child, got (items/s)'],
  ["pipe", 'Pipe: `[i, "x"]` echoed by a child (round trips/s)'],
];

const fmt = (x, unit) =>
  !Number.isFinite(x)
    ? "-"
    : unit === "ms"
    ? x.toFixed(1)
    : `${(x / 1000).toFixed(1)}k`;
const stat = statWith(fmt);

/** ≤ target (lower is better). */
const atMost = (r, t) =>
  t == null || !Number.isFinite(r) ? "" : r <= t ? " ✓" : ` ✗ (target ≤ ${t})`;
const atLeast = (r, t) =>
  t == null || !Number.isFinite(r) ? "" : r >= t ? " ✓" : ` ✗ (target ${t})`;

function args(opts) {
  return opts.multiprocessingQuick
    ? [
      "--starts",
      "2",
      "--spawn-starts",
      "1",
      "--gap",
      "200",
      "--items",
      "20000",
      "--trips",
      "2000",
      "--seconds",
      "5",
    ]
    : [];
}

/**
 * @param ctx.opts run.mjs's options (multiprocessingRounds,
 *   multiprocessingQuick, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args, timeout) → result
 * @param ctx.runtimes name → (script, extraRoots) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runMultiprocessingSuite({ opts, run, runtimes, results }) {
  const withRoots = Object.fromEntries(
    Object.entries(runtimes).map(([name, make]) => [
      name,
      (script) => make(script, NODE20_EXTRA_ROOTS),
    ]),
  );
  const entries = pickRuntimes(
    opts,
    withRoots,
    "multiprocessing_bench",
    "multiprocessing",
  );
  const rounds = opts.multiprocessingRounds;
  const { data, labels, started } = runRounds({
    opts,
    run,
    entries,
    results,
    suite: "multiprocessing",
    rounds,
    args: args(opts),
    timeout: 240_000,
    stderrTail: 2000,
  });

  const py = data.cpython ?? {};
  const startRows = [];
  const rateRows = [];
  const summary = [];
  for (const [cs, text, target] of START_CASES) {
    const fork = py[cs]?.fork, spawn = py[cs]?.spawn;
    const forkserver = py[cs]?.forkserver;
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const c = data[e.name]?.[cs];
      if (c === undefined) continue;
      const p = c.pyport, w = c.raw, imp = c.raw_import;
      const paired = pairedRatios(p, w);
      const r = median(paired);
      startRows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${stat(w)} | ${
          pairedText(paired)
        }${atMost(r, target)} | ${imp ? stat(imp) : ""} | ${stat(fork)} | ${
          stat(spawn)
        } | ${stat(forkserver)} |`,
      );
      summary.push({
        case: cs,
        runtime: labels[e.name] ?? e.name,
        pyport: ok(p?.values),
        raw: ok(w?.values),
        rawImport: ok(imp?.values),
        cpythonFork: ok(fork?.values),
        cpythonSpawn: ok(spawn?.values),
        cpythonForkserver: ok(forkserver?.values),
        pyportOverRawPaired: paired,
        pyportOverRaw: r,
        target,
      });
    }
  }
  for (const [cs, text] of RATE_CASES) {
    const cpy = py[cs]?.cpython;
    const cpyMed = median(ok(cpy?.values));
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const p = data[e.name]?.[cs]?.pyport;
      if (p === undefined) continue;
      const r = median(ok(p.values)) / cpyMed;
      const us = 1e6 / median(ok(p.values));
      rateRows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)}${
          cs === "pipe" && Number.isFinite(us) ? ` = ${us.toFixed(1)} µs` : ""
        } | ${stat(cpy)}${
          cs === "pipe" && Number.isFinite(cpyMed)
            ? ` = ${(1e6 / cpyMed).toFixed(1)} µs`
            : ""
        } | ${Number.isFinite(r) ? r.toFixed(2) : "-"}${
          atLeast(r, CPYTHON_TARGET[cs])
        } |`,
      );
      summary.push({
        case: cs,
        runtime: labels[e.name] ?? e.name,
        pyport: ok(p.values),
        cpython: ok(cpy?.values),
        pyportOverCPython: r,
        target: CPYTHON_TARGET[cs],
      });
    }
  }

  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `\nmultiprocessing benchmark: ${rounds} rounds; ${elapsed} s in all; CPython: ${
      labels.cpython ?? "-"
    }`,
  );
  console.log(
    "median (min..max) over rounds, each round's value the median of its starts; pyport/raw = median of same-process, same-round ratios (min..max), lower is better\n",
  );
  console.log(
    "| case | runtime | pyport | raw runtime | pyport/raw | raw Worker + pyport's imports | CPython fork | CPython spawn | CPython forkserver |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of startRows) console.log(r);
  console.log(
    "\nhigher is better; pyport/CPython = ratio of medians (CPython: the fork start method)\n",
  );
  console.log("| case | runtime | pyport | CPython | pyport/CPython |");
  console.log("|---|---|---|---|---|");
  for (const r of rateRows) console.log(r);
  for (const x of allErrors(data, labels)) console.log(`error: ${x}`);
  writeResults(results, "multiprocessing", {
    opts,
    labels,
    elapsed,
    summary,
    data,
  });
}

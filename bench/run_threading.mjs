// The threading suite of bench/run.mjs: runs bench/threading_bench.ts on
// every JavaScript runtime and bench/threading_bench.py on CPython, round
// after round, and prints one table: pyport's Lock, RLock and Thread
// against CPython's. Results go to bench/results/threading-<time>.json.

import {
  median,
  ok,
  pickRuntimes,
  runRounds,
  statWith,
  writeResults,
} from "./_drive.mjs";

/** Issue 5's target: uncontended pairs at least as fast as CPython's. */
const TARGET = {
  lock_pair: 1.0,
  rlock_pair: 1.0,
  lock_using: 1.0,
  rlock_using: 1.0,
};
const CASES = [
  ["lock_pair", "Lock: `await acquire()` + `release()`, free (ns/pair)"],
  [
    "lock_using",
    "Lock: `using _ = await lock.enter()` (CPython: `with lock`) (ns/pair)",
  ],
  ["rlock_pair", "RLock: `await acquire()` + `release()`, free (ns/pair)"],
  [
    "rlock_using",
    "RLock: `using _ = await lock.enter()` (CPython: `with lock`) (ns/pair)",
  ],
  ["handoff", "Lock hand-off between two threads (µs)"],
  ["start_join", "Thread start() + join() (µs per thread)"],
];

const fmt = (x, unit) =>
  !Number.isFinite(x) ? "-" : unit === "ns" ? x.toFixed(0) : x.toFixed(2);
const stat = statWith(fmt);

/**
 * @param ctx.opts run.mjs's options (threadingRounds, threadingSeconds, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runThreadingSuite({ opts, run, runtimes, results }) {
  const entries = pickRuntimes(opts, runtimes, "threading_bench", "threading");
  const rounds = opts.threadingRounds;
  // runtime -> case -> { unit, values, errors }
  const { data, labels, started } = runRounds({
    opts,
    run,
    entries,
    results,
    suite: "threading",
    rounds,
    args: ["--seconds", String(opts.threadingSeconds)],
    byImpl: false,
  });

  const rows = [];
  const summary = [];
  for (const [cs, text] of CASES) {
    const cpy = data.cpython?.[cs];
    const cpyMed = median(ok(cpy?.values));
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const p = data[e.name]?.[cs];
      if (p === undefined) continue;
      // Lower is better for every case: speed-up = CPython time / pyport time.
      const speedup = cpyMed / median(ok(p.values));
      const t = TARGET[cs];
      const verdict = t === undefined || !Number.isFinite(speedup)
        ? ""
        : speedup >= t
        ? " ✓"
        : ` ✗ (target ${t})`;
      rows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${
          stat(cpy)
        } | ${Number.isFinite(speedup) ? speedup.toFixed(2) : "-"}${verdict} |`,
      );
      summary.push({
        case: cs,
        runtime: labels[e.name] ?? e.name,
        pyport: ok(p.values),
        cpython: ok(cpy?.values),
        speedupOverCPython: speedup,
        errors: [...p.errors, ...(cpy?.errors ?? [])],
      });
    }
  }
  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `\nthreading benchmark: ${rounds} rounds of ${opts.threadingSeconds} s per case; ${elapsed} s in all; CPython: ${
      labels.cpython ?? "-"
    }`,
  );
  console.log(
    "median (min..max) over rounds, time per operation (lower is better); speed-up = CPython's median / pyport's median\n",
  );
  console.log("| case | runtime | pyport | CPython | speed-up vs CPython |");
  console.log("|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  for (const s of summary) {
    for (const x of s.errors) {
      console.log(`error: ${s.runtime} ${s.case}: ${x}`);
    }
  }
  writeResults(results, "threading", {
    opts,
    labels,
    elapsed,
    summary,
    data,
  });
}

// The threading suite of bench/run.mjs: runs bench/threading_bench.ts on
// every JavaScript runtime and bench/threading_bench.py on CPython, round
// after round, and prints one table: pyport's Lock, RLock and Thread
// against CPython's. Results go to bench/results/threading-<time>.json.

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

const ok = (xs) => (xs ?? []).filter((x) => x !== null);
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const fmt = (x, unit) =>
  !Number.isFinite(x) ? "-" : unit === "ns" ? x.toFixed(0) : x.toFixed(2);
function stat(slot) {
  const v = ok(slot?.values);
  if (v.length === 0) return "-";
  const u = slot.unit;
  return `${fmt(median(v), u)} (${fmt(Math.min(...v), u)}..${
    fmt(Math.max(...v), u)
  })`;
}

/**
 * @param ctx.opts run.mjs's options (threadingRounds, threadingSeconds, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runThreadingSuite({ opts, run, runtimes, results }) {
  const entries = [];
  for (const name of opts.only) {
    const make = runtimes[name];
    if (make === undefined) throw new Error(`unknown runtime ${name}`);
    const e = make("threading_bench");
    if (e.skip) console.log(`threading: skipping ${name}: ${e.skip}`);
    else entries.push({ name, ...e });
  }
  const data = {}; // runtime -> case -> { unit, values, errors }
  const labels = {};
  const started = Date.now();
  const tmp = join(results, `.threading-round-${process.pid}.json`);
  const rounds = opts.threadingRounds;
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const args = [
        ...e.args,
        "--rounds",
        "1",
        "--seconds",
        String(opts.threadingSeconds),
        "--quiet",
        "--json",
        tmp,
      ];
      rmSync(tmp, { force: true });
      const t0 = Date.now();
      const r = opts.pin
        ? run("taskset", ["-c", "0", e.cmd, ...args])
        : run(e.cmd, args);
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      data[e.name] ??= {};
      if (r.status !== 0 || !existsSync(tmp)) {
        const why = r.error?.message ?? r.signal ?? `exit ${r.status}`;
        console.log(
          `threading round ${round + 1} ${e.name}: failed (${why}) ${
            r.stderr ?? ""
          }`,
        );
        continue;
      }
      const out = JSON.parse(readFileSync(tmp, "utf8"));
      labels[e.name] = out.runtime;
      for (const res of out.results) {
        const slot = (data[e.name][res.case] ??= {
          unit: res.unit,
          values: [],
          errors: [],
        });
        slot.values.push(...res.values);
        slot.errors.push(...res.errors);
      }
      console.log(
        `threading round ${round + 1}/${rounds} ${e.name}: ${secs} s`,
      );
    }
  }
  rmSync(tmp, { force: true });

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
  const file = join(
    results,
    `threading-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify(
      {
        options: opts,
        runtimes: labels,
        elapsedSeconds: +elapsed,
        summary,
        data,
      },
      null,
      2,
    ) +
      "\n",
  );
  console.log(`\nwrote ${file}\n`);
}

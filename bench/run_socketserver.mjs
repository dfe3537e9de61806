// The socketserver suite of bench/run.mjs: runs bench/socketserver_bench.ts
// on every JavaScript runtime and bench/socketserver_bench.py on CPython,
// round after round, and prints two tables (echo over 32 connections; idle
// connections held and RSS). Results go to
// bench/results/socketserver-<time>.json.

import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Targets of issue 4 (echo over 32 connections). */
const TARGET_RAW = 0.8; // pyport/raw
const TARGET_CPYTHON = 2.0; // pyport/CPython

const ECHO = [
  ["echo32_inproc", "echo 64 B, 32 conns, clients in the server's process"],
  ["echo32_child", "echo 64 B, 32 conns, clients in a child process"],
];
/** The idle case's fields, in table order. */
const IDLE = [
  "held",
  "served",
  "kibPerConn",
  "heapKibPerConn",
  "acceptSeconds",
  "serveSeconds",
  "closeSeconds",
];

/** One process per runtime and round; the idle case takes up to ~2.5 min. */
const SUITE_PROCESS_TIMEOUT = 600_000;

const ok = (xs) => (xs ?? []).filter((x) => x !== null);
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function fmt(x, unit) {
  if (!Number.isFinite(x)) return "-";
  if (unit === "round trips/s") return `${(x / 1000).toFixed(1)}k`;
  return unit === "connections" ? x.toFixed(0) : x.toFixed(1);
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
 * @param ctx.opts run.mjs's options (socketserverRounds, socketserverSeconds,
 *   trips, idle, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args, timeout) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runSocketserverSuite({ opts, run, runtimes, results }) {
  const entries = [];
  for (const name of opts.only) {
    const make = runtimes[name];
    if (make === undefined) throw new Error(`unknown runtime ${name}`);
    const e = make("socketserver_bench");
    if (e.skip) console.log(`socketserver: skipping ${name}: ${e.skip}`);
    else entries.push({ name, ...e });
  }

  /** runtime -> case -> impl -> { unit, values: [], errors: [] } */
  const data = {};
  const labels = {};
  const started = Date.now();
  const tmp = join(results, `.socketserver-round-${process.pid}.json`);
  const rounds = opts.socketserverRounds;
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const args = [
        ...e.args,
        "--rounds",
        "1",
        "--seconds",
        String(opts.socketserverSeconds),
        "--trips",
        String(opts.trips),
        "--idle",
        String(opts.idle),
        "--quiet",
        "--json",
        tmp,
      ];
      rmSync(tmp, { force: true });
      const t0 = Date.now();
      const r = opts.pin
        ? run("taskset", ["-c", "0", e.cmd, ...args], SUITE_PROCESS_TIMEOUT)
        : run(e.cmd, args, SUITE_PROCESS_TIMEOUT);
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      data[e.name] ??= {};
      if (r.status !== 0 || !existsSync(tmp)) {
        const why = r.error?.message ?? r.signal ?? `exit ${r.status}`;
        console.log(
          `socketserver round ${round + 1} ${e.name}: failed (${why}) ${
            (r.stderr ?? "").slice(-2000)
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
        `socketserver round ${round + 1}/${rounds} ${e.name}: ${secs} s`,
      );
    }
  }
  rmSync(tmp, { force: true });

  // ---- echo over 32 connections -------------------------------------------
  const py = data.cpython ?? {};
  const rows = [];
  const summary = [];
  for (const [cs, text] of ECHO) {
    const cpy = py[cs]?.cpython;
    const cpyMed = median(ok(cpy?.values));
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const c = data[e.name]?.[cs];
      if (c === undefined) continue;
      const p = c.pyport, w = c.raw;
      // Paired ratios: pyport and raw measured in the same process and round.
      const paired = [];
      for (let i = 0; i < (p?.values.length ?? 0); i++) {
        const a = p.values[i], b = w?.values[i];
        if (a != null && b != null) paired.push(a / b);
      }
      const rRaw = median(paired);
      const rPy = median(ok(p?.values)) / cpyMed;
      rows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${stat(w)} | ${
          Number.isFinite(rRaw)
            ? `${rRaw.toFixed(2)} (${Math.min(...paired).toFixed(2)}..${
              Math.max(...paired).toFixed(2)
            })`
            : "-"
        }${verdict(rRaw, TARGET_RAW)} | ${ratioText(rPy)}${
          verdict(rPy, TARGET_CPYTHON)
        } |`,
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
      });
    }
    if (cpy !== undefined) {
      rows.push(
        `| ${text} | ${labels.cpython} | - | ${stat(cpy)} | | |`,
      );
    }
  }

  // ---- idle connections -------------------------------------------------------
  const idleRows = [];
  for (const e of entries) {
    const impls = e.name === "cpython" ? ["cpython"] : ["pyport", "raw"];
    for (const impl of impls) {
      const c = data[e.name] ?? {};
      const slot = (f) => c[`idle_${f}`]?.[impl];
      if (slot("kibPerConn") === undefined) continue;
      const server = impl === "pyport"
        ? "pyport ThreadingTCPServer"
        : impl === "raw"
        ? `raw ${e.name === "deno" ? "Deno.Conn" : "node:net"}`
        : "ThreadingTCPServer";
      idleRows.push(
        `| ${labels[e.name] ?? e.name} | ${server} | ${
          IDLE.map((f) => stat(slot(f))).join(" | ")
        } |`,
      );
      summary.push({
        case: "idle",
        runtime: labels[e.name] ?? e.name,
        impl,
        ...Object.fromEntries(
          [...IDLE, "connected", "closed", "handlerErrors", "baseMiB"].map(
            (f) => [f, slot(f)?.values ?? []],
          ),
        ),
      });
    }
  }

  const elapsed = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `\nsocketserver benchmark: ${rounds} rounds, echo ${opts.socketserverSeconds} s or ${opts.trips} round trips per measurement, ${opts.idle} idle connections${
      opts.pin ? ", every process pinned to CPU 0" : ""
    }; ${elapsed} s in all`,
  );
  console.log(
    "median (min..max) over rounds; pyport/raw = median of same-process, same-round ratios (min..max); pyport/CPython = ratio of medians, CPython with its clients placed the same way\n",
  );
  console.log(
    "| case (round trips/s) | runtime | pyport ThreadingTCPServer | raw runtime server (CPython: ThreadingTCPServer) | pyport/raw | pyport/CPython |",
  );
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  console.log(
    `\nidle connections: ${opts.idle} opened by a child process, each served by a handler blocked in recv; server RSS growth per connection; then one byte echoed on each\n`,
  );
  console.log(
    "| runtime | server | held | served | RSS KiB/conn | JS heap KiB/conn | accept all (s) | echo on all (s) | all closed (s) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of idleRows) console.log(r);
  const errs = [];
  for (const [name, cs] of Object.entries(data)) {
    for (const [c, impls] of Object.entries(cs)) {
      for (const [impl, slot] of Object.entries(impls)) {
        // The idle case reports one error under each of its fields.
        if (c.startsWith("idle_") && c !== "idle_kibPerConn") continue;
        for (const x of slot.errors) {
          errs.push(`${labels[name] ?? name} ${c}/${impl}: ${x}`);
        }
      }
    }
  }
  for (const x of errs) console.log(`error: ${x}`);

  const file = join(
    results,
    `socketserver-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
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

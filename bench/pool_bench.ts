// The multiprocessing.pool benchmark: pyport's Pool on the runtime it runs
// on, against the raw runtime (bench/pool_raw.ts: bare Workers and
// postMessage) and, on Node, piscina (bench/pool_piscina.ts), all in the same
// process and round; against CPython's multiprocessing.Pool
// (bench/pool_bench.py) in bench/run_pool.mjs.
//
//   deno run -A --no-check bench/pool_bench.ts [options]
//   node bench/pool_bench.ts [options]           (Node 22.6+)
//   node <compiled>/bench/pool_bench.js [options] (Node 20, see bench/run_pool.mjs)
//
// Options:
//   --rounds N      rounds of every case (default 5)
//   --items N       items of the per-item and batched cases (default 100000)
//   --workers N     workers of those cases (default 2)
//   --map-reps N    the batched case times this many map() calls of --items
//                   one after the other on the same pool (default 5)
//   --cpu-items N   items of the CPU-bound case (default 200)
//   --spin N        rounds of arithmetic per CPU-bound item (default 1000000,
//                   about 2.2 ms under V8 on our machines)
//   --window N      raw: messages outstanding per worker (default 64)
//   --piscina-concurrency N  piscina's concurrentTasksPerWorker (default 1,
//                   piscina's own default)
//   --method M      pyport's start method: worker (default) or spawn
//   --cases a,b     only these cases (apply,imap,map,cpu; default all)
//   --impls a,b     only these implementations (pyport,raw,piscina; piscina
//                   is left out on Deno)
//   --seconds S     at most this long for one measurement before it counts
//                   as failed (default 60)
//   --json PATH     also write the results as JSON to PATH
//   --quiet         no table, only the JSON
//
// Cases (results: case / impl; items/s, higher is better). Every
// measurement makes a fresh pool (pyport: `new Pool({ processes: n,
// context })`), warms it up with 2,000 items through the same call (the
// CPU-bound case: 8 items per worker, chunksize 1), times the case from its
// first submission to its last result, checks the results, and ends the
// pool (`close()` + `join()`; `terminate()` if that fails). Pool start is
// not timed.
//   apply / pyport: `rs = items.map((x) => pool.apply_async(square, [x]))`,
//     then `await r.get()` of each in turn (one task per item).
//   imap / pyport: `for await (const v of pool.imap(square, items, 1))`.
//   item / raw, piscina: the per-item baselines of apply and imap: one
//     message (raw) or one run() (piscina) per item (see their files).
//   map / pyport: `await pool.map(square, items)` (the default chunksize,
//     CPython's: ceil(items / (4 * workers)), 12,500 here), --map-reps
//     times (one map takes only 20-100 ms); raw and piscina: one message /
//     run() per chunk of that size (`squareAll`), as many passes.
//   cpu1, cpu2: the CPU-bound case with 1 and with 2 workers: pyport
//     `await pool.map(spin, Array(cpuItems).fill(n))`, n = --spin, with the
//     default chunksize; raw: one message per item, one outstanding per worker;
//     piscina: one run() per item. cpu_speedup: cpu2 / cpu1 of the same
//     round (a ratio, not items/s).
// The order of the implementations alternates from round to round.

import process from "node:process";
import { get_context, parent_process } from "../multiprocessing/mod.ts";
import { Pool } from "../multiprocessing/pool/mod.ts";
import {
  ARGS,
  errorText,
  finishRun,
  IS_DENO,
  now,
  parseOptions,
  resultList,
  RUNTIME,
  summarize,
  withTimeout,
} from "./_common.ts";
import { spin, square } from "./_pool_targets.ts";
import { chunks, rawRun } from "./pool_raw.ts";
import { loadPiscina, piscinaRun } from "./pool_piscina.ts";

type Opts = {
  rounds: number;
  items: number;
  workers: number;
  mapReps: number;
  cpuItems: number;
  spin: number;
  window: number;
  piscinaConcurrency: number;
  method: string;
  cases: string[];
  impls: string[];
  seconds: number;
  json: string;
  quiet: boolean;
};

const WARMUP = 2000;
/** CPU-bound items per worker of the warm-up (V8 optimizes `spin` meanwhile). */
const CPU_WARMUP = 8;
/** How long ending a pool may take (ms). */
const END_MS = 30_000;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** CPython's default chunksize of map() for `n` items and `workers`. */
function defaultChunksize(n: number, workers: number): number {
  const [q, r] = [Math.floor(n / (workers * 4)), n % (workers * 4)];
  return r ? q + 1 : q;
}

/** Throws unless `out` is f of `inputs` (a sample of indices, and the length). */
function check(
  out: unknown[],
  inputs: number[],
  f: (x: number) => number,
  what: string,
): void {
  if (out.length !== inputs.length) {
    throw new Error(
      `${what}: ${out.length} results for ${inputs.length} items`,
    );
  }
  const n = inputs.length;
  for (const i of [0, 1, n >> 1, n - 2, n - 1]) {
    if (i >= 0 && i < n && out[i] !== f(inputs[i]!)) {
      throw new Error(
        `${what}: result ${i} is ${out[i]}, not ${f(inputs[i]!)}`,
      );
    }
  }
}

// ---- pyport -------------------------------------------------------------------

/**
 * Makes a pool of `n`, runs `warm` then times `run` on it, and ends it;
 * returns [seconds, results].
 */
async function withPyportPool(
  opts: Opts,
  n: number,
  warm: (p: Pool) => Promise<unknown>,
  run: (p: Pool) => Promise<unknown[]>,
): Promise<[number, unknown[]]> {
  const pool = new Pool({ processes: n, context: get_context(opts.method) });
  let ended = false;
  try {
    const r = await withTimeout(
      (async (): Promise<[number, unknown[]]> => {
        await warm(pool);
        const t0 = now();
        const out = await run(pool);
        return [(now() - t0) / 1000, out];
      })(),
      opts.seconds * 1000,
      "pyport",
    );
    pool.close();
    await withTimeout(pool.join(), END_MS, "pool.join()");
    ended = true;
    return r;
  } finally {
    if (!ended) await withTimeout(pool.terminate(), END_MS, "terminate()");
  }
}

async function applyLoop(pool: Pool, items: number[]): Promise<unknown[]> {
  const rs = items.map((x) => pool.apply_async(square, [x]));
  const out = new Array(rs.length);
  for (let i = 0; i < rs.length; i++) out[i] = await rs[i]!.get();
  return out;
}

async function imapLoop(pool: Pool, items: number[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const v of pool.imap(square, items, 1)) out.push(v);
  return out;
}

// ---- main ---------------------------------------------------------------------

async function main(): Promise<void> {
  const opts: Opts = parseOptions(ARGS, {
    rounds: 5,
    items: 100_000,
    workers: 2,
    mapReps: 5,
    cpuItems: 200,
    spin: 1_000_000,
    window: 64,
    piscinaConcurrency: 1,
    method: "worker",
    cases: ["apply", "imap", "map", "cpu"],
    impls: ["pyport", "raw", "piscina"],
    seconds: 60,
    json: "",
    quiet: false,
  }, {
    "--rounds": "rounds",
    "--items": "items",
    "--workers": "workers",
    "--map-reps": "mapReps",
    "--cpu-items": "cpuItems",
    "--spin": "spin",
    "--window": "window",
    "--piscina-concurrency": "piscinaConcurrency",
    "--method": "method",
    "--cases": "cases",
    "--impls": "impls",
    "--seconds": "seconds",
    "--json": "json",
    "--quiet": "quiet",
  });
  const started = now();
  const { results, get } = resultList();
  let impls = opts.impls;
  let piscinaVersion: string | null = null;
  if (impls.includes("piscina")) {
    if (IS_DENO) impls = impls.filter((i) => i !== "piscina");
    else {
      try {
        piscinaVersion = await loadPiscina();
      } catch (e) {
        impls = impls.filter((i) => i !== "piscina");
        if (!opts.quiet) console.log(`no piscina: ${errorText(e)}`);
      }
    }
  }
  const has = (i: string) => impls.includes(i);
  const limit = opts.seconds * 1000;

  const items = range(opts.items);
  const warmItems = range(WARMUP);
  const cs = defaultChunksize(opts.items, opts.workers);
  const sq = (x: number) => x * x;

  /** Runs one measurement and records items/s (null and the error if it fails). */
  const measure = async (
    c: string,
    impl: string,
    count: number,
    fn: () => Promise<[number, unknown[]]>,
    verify: (out: unknown[]) => void,
  ): Promise<number | null> => {
    const r = get(c, impl, "items/s");
    try {
      const [secs, out] = await fn();
      verify(out);
      r.values.push(count / secs);
      return count / secs;
    } catch (e) {
      r.values.push(null);
      r.errors.push(errorText(e));
      return null;
    }
  };

  type Job = [string, () => Promise<unknown>];
  for (let round = 0; round < opts.rounds; round++) {
    // Each family of cases runs its implementations one after the other,
    // in an order that alternates from round to round.
    const families: Job[][] = [];
    if (opts.cases.includes("apply") || opts.cases.includes("imap")) {
      const fam: Job[] = [];
      if (has("pyport")) {
        fam.push(["pyport", async () => {
          if (opts.cases.includes("apply")) {
            await measure(
              "apply",
              "pyport",
              items.length,
              () =>
                withPyportPool(
                  opts,
                  opts.workers,
                  (p) => applyLoop(p, warmItems),
                  (p) => applyLoop(p, items),
                ),
              (out) => check(out, items, sq, "apply"),
            );
          }
          if (opts.cases.includes("imap")) {
            await measure(
              "imap",
              "pyport",
              items.length,
              () =>
                withPyportPool(
                  opts,
                  opts.workers,
                  (p) => imapLoop(p, warmItems),
                  (p) => imapLoop(p, items),
                ),
              (out) => check(out, items, sq, "imap"),
            );
          }
        }]);
      }
      if (has("raw")) {
        fam.push(["raw", () =>
          measure(
            "item",
            "raw",
            items.length,
            () =>
              rawRun({
                fn: "square",
                workers: opts.workers,
                inputs: items,
                warmup: warmItems,
                window: opts.window,
                timeout: limit,
              }),
            (out) => check(out, items, sq, "raw item"),
          )]);
      }
      if (has("piscina")) {
        fam.push(["piscina", () =>
          measure(
            "item",
            "piscina",
            items.length,
            () =>
              piscinaRun({
                fn: "square",
                threads: opts.workers,
                inputs: items,
                warmup: warmItems,
                concurrency: opts.piscinaConcurrency,
                timeout: limit,
              }),
            (out) => check(out, items, sq, "piscina item"),
          )]);
      }
      families.push(fam);
    }
    if (opts.cases.includes("map")) {
      const fam: Job[] = [];
      const flat = (out: unknown[]) => (out as number[][]).flat();
      const verify = (what: string, chunked: boolean) => (out: unknown[]) =>
        check(chunked ? flat(out) : out, items, sq, what);
      const reps = opts.mapReps;
      if (has("pyport")) {
        fam.push(["pyport", () =>
          measure(
            "map",
            "pyport",
            reps * items.length,
            () =>
              withPyportPool(
                opts,
                opts.workers,
                (p) => p.map(square, warmItems),
                async (p) => {
                  let out: unknown[] = [];
                  for (let k = 0; k < reps; k++) {
                    out = await p.map(square, items);
                  }
                  return out;
                },
              ),
            verify("map", false),
          )]);
      }
      const warmChunks = chunks(
        warmItems,
        defaultChunksize(WARMUP, opts.workers),
      );
      if (has("raw")) {
        fam.push(["raw", () =>
          measure(
            "map",
            "raw",
            reps * items.length,
            () =>
              rawRun({
                fn: "squareAll",
                workers: opts.workers,
                inputs: chunks(items, cs),
                warmup: warmChunks,
                window: 1,
                reps,
                timeout: limit,
              }),
            verify("raw map", true),
          )]);
      }
      if (has("piscina")) {
        fam.push(["piscina", () =>
          measure(
            "map",
            "piscina",
            reps * items.length,
            () =>
              piscinaRun({
                fn: "squareAll",
                threads: opts.workers,
                inputs: chunks(items, cs),
                warmup: warmChunks,
                concurrency: opts.piscinaConcurrency,
                reps,
                timeout: limit,
              }),
            verify("piscina map", true),
          )]);
      }
      families.push(fam);
    }
    if (opts.cases.includes("cpu")) {
      const fam: Job[] = [];
      const n = opts.spin;
      const inputs = new Array<number>(opts.cpuItems).fill(n);
      const want = spin(n);
      const verify = (what: string) => (out: unknown[]) =>
        check(out, inputs, () => want, what);
      const both = async (
        impl: string,
        one: (w: number) => Promise<[number, unknown[]]>,
      ) => {
        const a = await measure(
          "cpu1",
          impl,
          inputs.length,
          () => one(1),
          verify(`${impl} cpu1`),
        );
        const b = await measure(
          "cpu2",
          impl,
          inputs.length,
          () => one(2),
          verify(`${impl} cpu2`),
        );
        const s = get("cpu_speedup", impl, "x");
        s.values.push(a !== null && b !== null ? b / a : null);
      };
      if (has("pyport")) {
        fam.push(["pyport", () =>
          both("pyport", (w) =>
            withPyportPool(
              opts,
              w,
              (p) => p.map(spin, new Array(CPU_WARMUP * w).fill(n), 1),
              (p) => p.map(spin, inputs),
            ))]);
      }
      if (has("raw")) {
        fam.push(["raw", () =>
          both("raw", (w) =>
            rawRun({
              fn: "spin",
              workers: w,
              inputs,
              warmup: new Array(CPU_WARMUP * w).fill(n),
              window: 1,
              timeout: limit,
            }))]);
      }
      if (has("piscina")) {
        fam.push(["piscina", () =>
          both("piscina", (w) =>
            piscinaRun({
              fn: "spin",
              threads: w,
              inputs,
              warmup: new Array(CPU_WARMUP * w).fill(n),
              concurrency: opts.piscinaConcurrency,
              timeout: limit,
            }))]);
      }
      families.push(fam);
    }
    for (const fam of families) {
      const order = round % 2 === 0 ? fam : [...fam].reverse();
      for (const [, job] of order) await job();
    }
  }

  const elapsed = finishRun(opts, started, results);
  if (!opts.quiet) {
    console.log(
      `${RUNTIME}: ${opts.rounds} rounds, ${elapsed.toFixed(0)} s; ` +
        `start method ${opts.method}; piscina ${piscinaVersion ?? "-"}`,
    );
    const fmt = (x: number, unit: string) =>
      unit === "x"
        ? x.toFixed(2)
        : x >= 1e6
        ? `${(x / 1e6).toFixed(2)}M`
        : `${(x / 1000).toFixed(1)}k`;
    for (const r of results) {
      console.log(
        `${r.case.padEnd(12)} ${r.impl.padEnd(8)} ${r.unit.padEnd(8)} ${
          summarize(r, fmt)
        }`,
      );
      for (const e of r.errors) console.log(`  error: ${e}`);
    }
  }
}

// The workers import the task functions from bench/_pool_targets.ts, not
// this module; the guard is the documented one all the same.
if (import.meta.main ?? parent_process() === null) {
  await main();
  // A failed measurement may leave a wait behind: it must not hold the exit.
  process.exit(0);
}

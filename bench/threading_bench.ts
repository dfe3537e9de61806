// The threading benchmark: pyport's Lock, RLock and Thread, on the runtime
// it runs on, against CPython's (bench/threading_bench.py) in bench/run.mjs.
//
//   deno run -A bench/threading_bench.ts [options]
//   node bench/threading_bench.ts [options]           (Node 22.6+)
//   node <compiled>/bench/threading_bench.js [options] (Node 20, see bench/run.mjs)
//
// Options:
//   --rounds N      rounds of every case (default 5)
//   --seconds S     time per measurement (default 1)
//   --cases a,b     only these cases (see CASES)
//   --json PATH     also write the results as JSON to PATH
//   --quiet         no table, only the JSON
//
// Cases (all in one process, on the main thread unless said otherwise):
//   lock_pair    `await lock.acquire(); lock.release()` on a free Lock (ns/pair)
//   lock_using   `{ using _ = await lock.enter(); }` on a free Lock (ns/pair)
//   rlock_pair   the same on an RLock (ns/pair)
//   rlock_using  the same on an RLock (ns/pair)
//   handoff      two threads passing control through two Locks, each
//                releasing the lock the other waits for (µs per hand-off)
//   start_join   `t = new Thread({ target }); t.start(); await t.join()` (µs)

import process from "node:process";
import { writeFileSync } from "node:fs";
import * as threading from "../threading/mod.ts";
import { parseOptions, RUNTIME } from "./_common.ts";

const CASES: Record<
  string,
  { unit: string; run: (s: number) => Promise<number> }
> = {
  lock_pair: { unit: "ns", run: (s) => pairs(new threading.Lock(), false, s) },
  lock_using: { unit: "ns", run: (s) => pairs(new threading.Lock(), true, s) },
  rlock_pair: {
    unit: "ns",
    run: (s) => pairs(new threading.RLock(), false, s),
  },
  rlock_using: {
    unit: "ns",
    run: (s) => pairs(new threading.RLock(), true, s),
  },
  handoff: { unit: "µs", run: handoff },
  start_join: { unit: "µs", run: startJoin },
};

interface BenchLock {
  acquire(): Promise<boolean>;
  release(): void;
  enter(): Promise<Disposable>;
}

async function pairLoop(lock: BenchLock, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await lock.acquire();
    lock.release();
  }
}

async function usingLoop(lock: BenchLock, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    using _ = await lock.enter();
  }
}

/** ns per uncontended acquire/release pair, over `seconds`. */
async function pairs(
  lock: BenchLock,
  viaUsing: boolean,
  seconds: number,
): Promise<number> {
  const loop = viaUsing ? usingLoop : pairLoop;
  await loop(lock, 200_000); // warm-up
  const batch = 100_000;
  let n = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  do {
    await loop(lock, batch);
    n += batch;
  } while (performance.now() < end);
  return ((performance.now() - t0) * 1e6) / n;
}

/** µs per hand-off between two threads through two Locks. */
async function handoff(seconds: number): Promise<number> {
  const run = async (n: number): Promise<number> => {
    const a = new threading.Lock(), b = new threading.Lock();
    await a.acquire();
    await b.acquire();
    const t1 = new threading.Thread({
      target: async () => {
        for (let i = 0; i < n; i++) {
          await b.acquire();
          a.release();
        }
      },
    });
    const t2 = new threading.Thread({
      target: async () => {
        for (let i = 0; i < n; i++) {
          b.release();
          await a.acquire();
        }
      },
    });
    const t0 = performance.now();
    t1.start();
    t2.start();
    await t1.join();
    await t2.join();
    return performance.now() - t0;
  };
  await run(20_000);
  let n = 0, ms = 0;
  while (ms < seconds * 1000) {
    ms += await run(50_000);
    n += 50_000;
  }
  return (ms * 1000) / (2 * n);
}

/** µs per thread started and joined, one after another. */
async function startJoin(seconds: number): Promise<number> {
  const noop = () => {};
  const run = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      const t = new threading.Thread({ target: noop });
      t.start();
      await t.join();
    }
  };
  await run(5_000);
  let n = 0;
  const t0 = performance.now();
  do {
    await run(5_000);
    n += 5_000;
  } while (performance.now() - t0 < seconds * 1000);
  return ((performance.now() - t0) * 1000) / n;
}

// ---- main ---------------------------------------------------------------------

const opts = parseOptions(process.argv.slice(2), {
  rounds: 5,
  seconds: 1,
  cases: Object.keys(CASES),
  json: "",
  quiet: false,
}, {
  "--rounds": "rounds",
  "--seconds": "seconds",
  "--cases": "cases",
  "--json": "json",
  "--quiet": "quiet",
});
const results: {
  case: string;
  impl: string;
  unit: string;
  values: (number | null)[];
  errors: string[];
}[] = [];
for (const name of opts.cases) {
  const c = CASES[name];
  if (c === undefined) throw new Error(`unknown case ${name}`);
  const res = {
    case: name,
    impl: "pyport",
    unit: c.unit,
    values: [] as (number | null)[],
    errors: [] as string[],
  };
  for (let r = 0; r < opts.rounds; r++) {
    try {
      res.values.push(await c.run(opts.seconds));
    } catch (e) {
      res.values.push(null);
      res.errors.push(String(e));
    }
  }
  results.push(res);
  if (!opts.quiet) {
    const v = res.values.filter((x): x is number => x !== null);
    console.log(
      `${name}: ${
        v.map((x) => x.toFixed(c.unit === "ns" ? 1 : 3)).join(" ")
      } ${c.unit}`,
    );
  }
}
if (opts.json) {
  writeFileSync(
    opts.json,
    JSON.stringify({ runtime: RUNTIME, results }, null, 2),
  );
}

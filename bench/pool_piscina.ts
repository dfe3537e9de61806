// piscina (a dev dependency, pinned in package.json) as a baseline of
// bench/pool_bench.ts on Node: the worker-thread pool most used on Node.
// bench/pool_bench.ts runs it next to pyport's Pool in the same process
// and round (`--impls piscina` runs it alone); on Deno it is not run.
//
// The pool: `new Piscina({ filename: bench/_pool_targets.ts, minThreads: n,
// maxThreads: n, idleTimeout: Infinity, concurrentTasksPerWorker })`, its
// other options left at their defaults (atomics "sync", no queue limit);
// concurrentTasksPerWorker is 1 (piscina's default) unless --piscina-concurrency
// says otherwise. Tasks are `pool.run(input, { name })` with the functions of
// bench/_pool_targets.ts:
//   - one task per item: `run(x, { name: "square" })` for every item at once,
//     then `Promise.all` of them (piscina has neither apply_async nor imap:
//     this is both);
//   - batched: `run(chunk, { name: "squareAll" })` per chunk of the same
//     size as CPython's default chunksize;
//   - CPU-bound: `run(n, { name: "spin" })` per item.
// Every run warms up first (`warmup` inputs through the same pool), then
// times from the first run() to the last result (of the last of `reps`
// passes).

import { now, withTimeout } from "./_common.ts";

const EXT = import.meta.url.endsWith(".js") ? ".js" : ".ts";
const TARGETS = new URL("./_pool_targets" + EXT, import.meta.url).href;

interface PiscinaPool {
  run(task: unknown, o: { name: string }): Promise<unknown>;
  close(): Promise<void>;
  destroy(): Promise<void>;
}
type PiscinaCtor = new (o: Record<string, unknown>) => PiscinaPool;

let ctor: PiscinaCtor | null = null;

/** piscina's version, or throws if it cannot be loaded. */
export async function loadPiscina(): Promise<string> {
  const m = await import("piscina") as unknown as {
    Piscina?: PiscinaCtor;
    default?: PiscinaCtor & { version?: string };
    version?: string;
  };
  ctor = m.Piscina ?? m.default!;
  return m.version ?? (ctor as unknown as { version?: string }).version ?? "?";
}

/** How a piscina run posts its inputs. */
export interface PiscinaRun {
  /** The function of bench/_pool_targets.ts each task calls. */
  fn: "square" | "squareAll" | "spin";
  /** Threads (min = max). */
  threads: number;
  /** One task each. */
  inputs: unknown[];
  /** The same for the warm-up. */
  warmup: unknown[];
  /** piscina's concurrentTasksPerWorker. */
  concurrency: number;
  /** Passes over `inputs` timed one after the other (default 1). */
  reps?: number;
  /** At most this long for the start, the warm-up and the run (ms). */
  timeout: number;
}

/**
 * Makes the pool, warms it up, times `reps` passes over `inputs`, and
 * destroys the pool. Returns [seconds, the last pass's results].
 */
export async function piscinaRun(r: PiscinaRun): Promise<[number, unknown[]]> {
  if (ctor === null) await loadPiscina();
  const pool = new ctor!({
    filename: TARGETS,
    minThreads: r.threads,
    maxThreads: r.threads,
    idleTimeout: Infinity,
    concurrentTasksPerWorker: r.concurrency,
  });
  const o = { name: r.fn };
  try {
    return await withTimeout(
      (async (): Promise<[number, unknown[]]> => {
        await Promise.all(r.warmup.map((x) => pool.run(x, o)));
        const t0 = now();
        let out: unknown[] = [];
        for (let k = 0; k < (r.reps ?? 1); k++) {
          out = await Promise.all(r.inputs.map((x) => pool.run(x, o)));
        }
        return [(now() - t0) / 1000, out];
      })(),
      r.timeout,
      `piscina ${r.fn}`,
    );
  } finally {
    await pool.destroy();
  }
}

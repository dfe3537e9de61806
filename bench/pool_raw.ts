// The raw baseline of bench/pool_bench.ts: a bare Worker per worker (Deno:
// the web Worker; Node: node:worker_threads) and a loop over postMessage,
// with nothing of pyport's. bench/pool_bench.ts runs these next to pyport's
// Pool in the same process and round (`--impls raw` runs them alone).
//
// Each Worker runs a data: URL module that imports one function of
// bench/_pool_targets.ts and answers every message with that function of
// it: `onmessage = (e) => postMessage(fn(e.data))`. The parent
//   - perItem: posts one message per item (the bare number) and keeps a
//     fixed window of `window` items outstanding per worker: each result
//     back releases the next item to the same worker; the results are
//     stored in input order (each worker's indices in a FIFO);
//   - chunks: posts the items in chunks of `chunksize` (one message each,
//     an array; the worker maps `squareAll` over it), one chunk outstanding
//     per worker;
//   - perItem with `spin` and window 1: the CPU-bound case.
// Every run warms up first (`warmup` items through the same loop and
// Workers), then times from the first post to the last result (of the
// last of `reps` passes).

import { Worker as NodeWorker } from "node:worker_threads";
import { IS_DENO, now, withTimeout } from "./_common.ts";

const EXT = import.meta.url.endsWith(".js") ? ".js" : ".ts";
const TARGETS = new URL("./_pool_targets" + EXT, import.meta.url).href;

/** A data: URL module answering every message with `name(message)`. */
function workerURL(name: string): string {
  const lines = [`import { ${name} as f } from ${JSON.stringify(TARGETS)};`];
  if (IS_DENO) {
    lines.push(`self.onmessage = (e) => postMessage(f(e.data));`);
  } else {
    lines.push(
      `import { parentPort } from "node:worker_threads";`,
      `parentPort.on("message", (x) => parentPort.postMessage(f(x)));`,
    );
  }
  return "data:text/javascript," + encodeURIComponent(lines.join("\n"));
}

interface WebWorker {
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null;
  postMessage(m: unknown): void;
  terminate(): void;
}
const WebWorkerCtor = (globalThis as unknown as {
  Worker: new (url: string, o: { type: "module" }) => WebWorker;
}).Worker;

/** One raw worker: post, a result handler, an error handler, terminate. */
interface RawWorker {
  post(m: unknown): void;
  onResult: (v: unknown) => void;
  onError: (e: Error) => void;
  terminate(): Promise<void>;
}

function startWorker(url: string): RawWorker {
  const rw: RawWorker = {
    post: () => {},
    onResult: () => {},
    onError: () => {},
    terminate: () => Promise.resolve(),
  };
  if (IS_DENO) {
    const w = new WebWorkerCtor(url, { type: "module" });
    w.onmessage = (e) => rw.onResult(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      rw.onError(new Error(e.message));
    };
    rw.post = (m) => w.postMessage(m);
    rw.terminate = () => Promise.resolve(w.terminate());
  } else {
    const w = new NodeWorker(new URL(url));
    w.on("message", (v) => rw.onResult(v));
    w.on("error", (e) => rw.onError(e));
    rw.post = (m) => w.postMessage(m);
    rw.terminate = async () => void (await w.terminate());
  }
  return rw;
}

/**
 * Runs `inputs` through the workers, `window` outstanding per worker;
 * resolves with the results in input order.
 */
function pump(
  workers: RawWorker[],
  inputs: unknown[],
  window: number,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const n = inputs.length;
    const out = new Array(n);
    if (n === 0) return resolve(out);
    let next = 0;
    let done = 0;
    for (const w of workers) {
      // This worker's outstanding indices, oldest first.
      const fifo: number[] = [];
      let head = 0;
      w.onError = reject;
      w.onResult = (v) => {
        out[fifo[head++]!] = v;
        if (head === fifo.length) {
          fifo.length = 0;
          head = 0;
        }
        if (++done === n) return resolve(out);
        if (next < n) {
          fifo.push(next);
          w.post(inputs[next++]);
        }
      };
      for (let k = 0; k < window && next < n; k++) {
        fifo.push(next);
        w.post(inputs[next++]);
      }
    }
  });
}

/** How a raw run posts its inputs. */
export interface RawRun {
  /** The function of bench/_pool_targets.ts the Workers run. */
  fn: "square" | "squareAll" | "spin";
  /** The Workers. */
  workers: number;
  /** What is posted, one message each. */
  inputs: unknown[];
  /** The same for the warm-up. */
  warmup: unknown[];
  /** Messages outstanding per worker. */
  window: number;
  /** Passes over `inputs` timed one after the other (default 1). */
  reps?: number;
  /** At most this long for the start, the warm-up and the run (ms). */
  timeout: number;
}

/**
 * Starts the Workers, warms them up, times `reps` passes over `inputs`,
 * and ends the Workers. Returns [seconds, the last pass's results].
 */
export async function rawRun(r: RawRun): Promise<[number, unknown[]]> {
  const url = workerURL(r.fn);
  const workers = Array.from({ length: r.workers }, () => startWorker(url));
  try {
    return await withTimeout(
      (async (): Promise<[number, unknown[]]> => {
        await pump(workers, r.warmup, r.window);
        const t0 = now();
        let out: unknown[] = [];
        for (let k = 0; k < (r.reps ?? 1); k++) {
          out = await pump(workers, r.inputs, r.window);
        }
        return [(now() - t0) / 1000, out];
      })(),
      r.timeout,
      `raw ${r.fn}`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** `items` in chunks of `size` (the last one shorter). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

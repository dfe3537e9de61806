// Shared helpers of the threading tests.

import * as threading from "../../threading/mod.ts";

/** Both kinds of thread body: each test that takes a target runs with both. */
export const KINDS = ["sync", "async"] as const;

/**
 * `fn` as a target of the given kind: the async one awaits before and
 * after calling it, so it runs across awaits as an async body does.
 */
export function target(
  kind: (typeof KINDS)[number],
  fn: () => unknown,
): () => unknown {
  if (kind === "sync") return () => void fn();
  return async () => {
    await Promise.resolve();
    await fn();
    await threading.sleep(0);
  };
}

/** Starts `n` threads running `fn` and returns them. */
export function startThreads(
  n: number,
  fn: (i: number) => unknown,
  options: threading.ThreadOptions = {},
): threading.Thread[] {
  const out: threading.Thread[] = [];
  for (let i = 0; i < n; i++) {
    const t = new threading.Thread({ ...options, target: fn, args: [i] });
    t.start();
    out.push(t);
  }
  return out;
}

/** Joins every thread. */
export async function joinAll(threads: threading.Thread[]): Promise<void> {
  for (const t of threads) await t.join();
}

/** Seconds since `t0` (a performance.now() time). */
export function since(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** Runs `fn` with threading.excepthook collecting into the returned array. */
export async function withHook(
  fn: () => Promise<void>,
): Promise<threading.ExceptHookArgs[]> {
  const seen: threading.ExceptHookArgs[] = [];
  const old = threading.excepthook;
  threading.setattr("excepthook", (a) => void seen.push(a));
  try {
    await fn();
  } finally {
    threading.setattr("excepthook", old);
  }
  return seen;
}

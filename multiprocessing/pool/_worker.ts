// A pool worker's loop, the target of every process a Pool starts: run the
// initializer once, then take batches of tasks from the parent, run each in
// order, and send the results back in batches. As CPython's worker, it
// stops on the sentinel (null), at EOF, or after `maxtasks` tasks.
//
// Messages (docs/porting.md §7 for what crosses):
//   parent -> worker  [defs, job, index, fnId, kind, payload, kwds, ...]
//                     defs: null or [fnId, TargetRef, ...], functions the
//                     worker has not seen; kind: CALL (payload: the args),
//                     MAP (payload: items, fn(item) each) or STARMAP
//                     (payload: arrays of args); null ends the worker.
//   worker -> parent  [busyMs, 0, ok, value, ok, value, ...]: the results
//                     of the next tasks, in the order they came; busyMs is
//                     the time spent running them.
//
// Progress: after each task the worker adds one to `progress[0]` (a
// shared cell, when the start method shares memory), so a parent whose
// worker died knows which task was running and which never began.

import { loadTarget, registerTarget, type TargetRef } from "../_target.ts";
import type { Connection } from "../connection/connection.ts";
import { dumps } from "../_serialize.ts";
import { EOFError } from "../../builtins/exceptions.ts";
import { encodeError } from "./_remote.ts";
import {
  connectLink,
  isLinkAddress,
  type LinkAddress,
} from "./_socket_link.ts";
import { MaybeEncodingError } from "./errors.ts";
import { pyRepr } from "../../_shared/pyrepr.ts";
import { atHardExit, cancelAtHardExit } from "../_exit_hooks.ts";

import { isThenable } from "../../_shared/thenable.ts";
import { RAISE, runTask, TASK_FIELDS } from "./_tasks.ts";

/** Send results once this many wait. */
const FLUSH_COUNT = 256;
/** Send results once the oldest unsent one is this old (ms). */
const FLUSH_MS = 1;

type Fn = (...a: unknown[]) => unknown;

/** Replaces each result that cannot cross with MaybeEncodingError. */
function encodable(results: unknown[]): unknown[] {
  for (let i = 2; i < results.length; i += 2) {
    try {
      dumps(results[i + 1]);
    } catch (e) {
      results[i] = false;
      results[i + 1] = encodeError(
        new MaybeEncodingError(
          e instanceof Error ? `${e.name}(${pyRepr(e.message)})` : String(e),
          typeof results[i + 1] === "function"
            ? `<function ${(results[i + 1] as Fn).name || "<lambda>"}>`
            : pyRepr(results[i + 1]),
        ),
      );
    }
  }
  return results;
}

/**
 * The worker's loop. `progress` is a shared cell or null; `initializer`
 * the TargetRef of the initializer or null; `maxtasks` null or the number
 * of tasks after which the worker ends; `eager` sends each result as soon
 * as it is ready (when the parent cannot read `progress`).
 */
export async function poolWorker(
  channel: Connection | LinkAddress,
  progress: Int32Array | null,
  initializer: TargetRef | null,
  initargs: unknown[],
  maxtasks: number | null,
  eager: boolean,
): Promise<void> {
  if (initializer !== null) {
    const init = await loadTarget(initializer) as Fn;
    const r = init(...initargs);
    if (isThenable(r)) await r;
  }
  // A 'spawn' worker connects once it is ready: the parent knows that one
  // that never connected ran nothing.
  const conn = isLinkAddress(channel) ? await connectLink(channel) : channel;
  if (progress !== null) Atomics.store(progress, 0, 0);
  const fns = new Map<number, Fn>();
  let done = 0;
  let results: unknown[] = [0, 0];
  let busy = 0;
  let oldest = 0;
  // A worker that shares memory sends its results in batches; if a task
  // ends the process (os._exit), the results already made still go.
  const lastWords = () => {
    if (results.length === 2) return;
    results[0] = busy;
    void conn.send(encodable(results)).catch(() => {});
    results = [0, 0];
  };
  if (!eager) atHardExit(lastWords);
  const flush = async () => {
    if (results.length === 2) return;
    results[0] = busy;
    const out = results;
    results = [0, 0];
    busy = 0;
    try {
      await conn.send(out);
    } catch {
      await conn.send(encodable(out));
    }
  };
  try {
    for (;;) {
      let msg: unknown[] | null;
      try {
        msg = await conn.recv() as unknown[] | null;
      } catch (e) {
        if (e instanceof EOFError) break;
        throw e;
      }
      if (msg === null) break;
      const defs = msg[0] as unknown[] | null;
      if (defs !== null) {
        for (let i = 0; i < defs.length; i += 2) {
          fns.set(
            defs[i] as number,
            await loadTarget(defs[i + 1] as TargetRef) as Fn,
          );
        }
      }
      for (let t = 1; t < msg.length; t += TASK_FIELDS) {
        const fn = fns.get(msg[t + 2] as number)!;
        const start = performance.now();
        if (results.length === 2) oldest = start;
        let ok = true;
        let value: unknown;
        if (msg[t + 3] === RAISE) {
          // The input's exception, encoded by the parent: it is the result.
          ok = false;
          value = msg[t + 4];
        } else {
          try {
            value = runTask(
              fn,
              msg[t + 3] as number,
              msg[t + 4],
              msg[t + 5],
            );
            if (isThenable(value)) value = await value;
          } catch (e) {
            ok = false;
            value = encodeError(e);
          }
        }
        const end = performance.now();
        busy += end - start;
        results.push(ok, value);
        done++;
        if (progress !== null) Atomics.store(progress, 0, done);
        if (
          eager || results.length >= 2 + 2 * FLUSH_COUNT ||
          end - oldest >= FLUSH_MS
        ) await flush();
        if (maxtasks !== null && done >= maxtasks) {
          await flush();
          return;
        }
      }
      await flush();
    }
    await flush();
  } finally {
    cancelAtHardExit(lastWords);
  }
}

registerTarget(poolWorker, import.meta.url, "poolWorker");

// What a pool's parts share: the kinds of task, how one runs, and the
// interfaces between the Pool and its engine (workers as processes or as
// threads).

import type { ResultSink } from "./results.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { isThenable } from "../../_shared/thenable.ts";

/** `fn(...args, kwds?)`: the payload is the args. */
export const CALL = 0;
/** A chunk of map(): the payload is the items; the value, `fn(item)` of each. */
export const MAP = 1;
/** A chunk of starmap(): the payload is arrays of args. */
export const STARMAP = 2;
/**
 * The exception an input (imap's iterator) raised, as the job's next task:
 * the payload is the exception, which running the task raises.
 */
export const RAISE = 3;
/** Fields per task in a batch sent to a worker process. */
export const TASK_FIELDS = 6;

/** A function a task calls. */
export type Fn = (...args: unknown[]) => unknown;

/** One task: call `fn` on `payload` (see _tasks.ts), report to `sink`. */
export interface Task {
  fn: Fn;
  kind: number;
  payload: unknown;
  kwds: Record<string, unknown> | null;
  sink: ResultSink;
  index: number;
}

/** Where an Engine takes tasks from. */
export interface Feed {
  /** The next task, or null when none is waiting. */
  take(): Task | null;
  /** Whether a task is waiting. */
  hasTasks(): boolean;
  /**
   * How many tasks wait; Infinity when an input of unknown length has more
   * than `limit` tasks left.
   */
  waiting(limit: number): number;
  /** Puts tasks back at the front, to be taken first, in order. */
  requeue(tasks: Task[]): void;
  /** Fails, once each, every job with tasks waiting; drops those tasks. */
  failWaiting(e: Error): void;
  /** The pool's state. */
  readonly state: PoolState;
  /** Whether every job has its result. */
  idle(): boolean;
}

/** How a pool runs its tasks. */
export interface Engine {
  /** How many workers run. */
  readonly size: number;
  /** Checks that `fn` can reach the workers; TypeError if not. */
  prepare(fn: Fn): void;
  /** Tasks are waiting in the feed. */
  wake(): void;
  /** The pool was closed or finished its work: workers may end when idle. */
  settle(): void;
  /** Stops every worker now. */
  terminate(): Promise<void>;
  /** Resolves once every worker has ended and none will be started. */
  join(): Promise<void>;
}

/** Python's pool states. */
export type PoolState = "RUN" | "CLOSE" | "TERMINATE";

/** Calls fn with args and, when non-empty, kwds as one trailing object. */
function call(fn: Fn, args: unknown[], kwds: unknown): unknown {
  if (kwds === null || kwds === undefined) return fn(...args);
  if (Object.keys(kwds as object).length === 0) return fn(...args);
  return fn(...args, kwds);
}

/** A starmap item as arguments; Python's TypeError when not iterable. */
function starArgs(item: unknown): unknown[] {
  if (Array.isArray(item)) return item;
  if (
    item !== null && item !== undefined &&
    typeof (item as Iterable<unknown>)[Symbol.iterator] === "function"
  ) return Array.from(item as Iterable<unknown>);
  throw new TypeError(`'${pyTypeName(item)}' object is not iterable`);
}

/** Runs one task; resolves its value (a MAP/STARMAP task: the array). */
export function runTask(
  fn: Fn,
  kind: number,
  payload: unknown,
  kwds: unknown,
): unknown {
  if (kind === CALL) return call(fn, payload as unknown[], kwds);
  if (kind === RAISE) throw payload;
  const items = payload as unknown[];
  const out = new Array(items.length);
  let pending: Promise<void> | null = null;
  for (let i = 0; i < items.length; i++) {
    if (pending !== null) {
      const idx = i;
      pending = pending.then(async () => {
        out[idx] =
          await (kind === MAP ? fn(items[idx]) : fn(...starArgs(items[idx])));
      });
      continue;
    }
    const v = kind === MAP ? fn(items[i]) : fn(...starArgs(items[i]));
    if (isThenable(v)) {
      const idx = i;
      pending = Promise.resolve(v).then((r) => {
        out[idx] = r;
      });
    } else out[i] = v;
  }
  return pending === null ? out : pending.then(() => out);
}

/** Makes a pool's engine. */
export type EngineFactory = (
  feed: Feed,
  size: number,
  initializer: Fn | null,
  initargs: unknown[],
  maxtasks: number | null,
  // deno-lint-ignore no-explicit-any
  context: any,
) => Engine;

/**
 * The engine the next Pool constructor makes, when a subclass (ThreadPool)
 * sets it just before calling it; the constructor takes and clears it.
 */
export const engineMaker: { next: EngineFactory | null } = { next: null };

/**
 * The default context, set by context.ts when it loads (pool.ts may not
 * import it: context.ts imports the pool for `ctx.Pool`).
 */
export const contexts: { default: (() => unknown) | null } = {
  default: null,
};

// What SyncManager's typeids make in the manager: exported by name so that
// a manager process (either start method) finds them as it finds any
// registered callable, by module and name.

import { Queue as PyQueue } from "../../queue/queue.ts";
import {
  Barrier as TBarrier,
  BoundedSemaphore as TBoundedSemaphore,
  Condition as TCondition,
  Event as TEvent,
  Lock as TLock,
  RLock as TRLock,
  Semaphore as TSemaphore,
} from "../../threading/mod.ts";
import { registerTarget } from "../_target.ts";
import { Pool as MPPool } from "../pool/pool.ts";
import { FunctionRef } from "./_function_ref.ts";
import { ManagedArray, PyDict } from "./_pyvalues.ts";
import { Namespace as PyNamespace } from "./namespace.ts";
import { Value as PyValue } from "./value.ts";

/** Python's `dict(mapping_or_pairs, **kwargs)`, as a manager keeps it. */
export function dict(init?: unknown, kwargs?: Record<string, unknown>): PyDict {
  return new PyDict(init, kwargs);
}

/** Python's `list(iterable)`: a plain array. */
export function list(items: Iterable<unknown> = []): unknown[] {
  if (
    items === null || typeof items !== "object" || !(Symbol.iterator in items)
  ) {
    throw new TypeError("list() argument must be an iterable");
  }
  return [...items];
}

/** Python's `managers.Array(typecode, sequence, lock=True)`. */
export function Array(
  typecode: string,
  sequence: Iterable<unknown>,
  lock?: unknown,
): ManagedArray {
  return new ManagedArray(typecode, sequence, lock);
}

/** Python's `managers.Value(typecode, value, lock=True)`. */
export function Value(
  typecode: unknown,
  value: unknown,
  lock?: unknown,
): PyValue {
  return new PyValue(typecode, value, lock);
}

/** Python's `managers.Namespace(**kwds)`. */
export function Namespace(kwds?: Record<string, unknown>): PyNamespace {
  return new PyNamespace(kwds);
}

/** A function argument off the wire: a reference, loaded here. */
async function fnOf(v: unknown): Promise<(...args: never[]) => unknown> {
  if (v instanceof FunctionRef) return await v.load();
  throw new TypeError(
    "a pyport manager's Pool runs functions sent by a pyport proxy",
  );
}

/** Keyword arguments off the wire (a dict, a Map here) as a plain object. */
function kwdsOf(v: unknown): Record<string, unknown> | null {
  if (v instanceof Map) return Object.fromEntries(v);
  return (v ?? null) as Record<string, unknown> | null;
}

/**
 * A manager's Pool: `multiprocessing.pool.Pool` whose methods take the
 * function references a PoolProxy sends.
 */
export class ManagedPool {
  readonly #pool: MPPool;

  constructor(pool: MPPool) {
    this.#pool = pool;
  }

  async apply(f: unknown, args?: unknown[], kwds?: unknown): Promise<unknown> {
    return await this.#pool.apply(await fnOf(f), args ?? [], {
      kwds: kwdsOf(kwds),
    });
  }
  async apply_async(f: unknown, args?: unknown[], kwds?: unknown) {
    return this.#pool.apply_async(await fnOf(f), args ?? [], {
      kwds: kwdsOf(kwds),
    });
  }
  async map(f: unknown, it: unknown[], chunksize?: number | null) {
    return await this.#pool.map(await fnOf(f), it, {
      chunksize: chunksize ?? null,
    });
  }
  async map_async(f: unknown, it: unknown[], chunksize?: number | null) {
    return this.#pool.map_async(await fnOf(f), it, {
      chunksize: chunksize ?? null,
    });
  }
  async starmap(f: unknown, it: unknown[][], chunksize?: number | null) {
    return await this.#pool.starmap(await fnOf(f), it, {
      chunksize: chunksize ?? null,
    });
  }
  async starmap_async(f: unknown, it: unknown[][], chunksize?: number | null) {
    return this.#pool.starmap_async(await fnOf(f), it, {
      chunksize: chunksize ?? null,
    });
  }
  async imap(f: unknown, it: unknown[], chunksize?: number | null) {
    return this.#pool.imap(await fnOf(f), it, { chunksize: chunksize ?? 1 });
  }
  async imap_unordered(f: unknown, it: unknown[], chunksize?: number | null) {
    return this.#pool.imap_unordered(await fnOf(f), it, {
      chunksize: chunksize ?? 1,
    });
  }
  close(): void {
    this.#pool.close();
  }
  join(): Promise<void> {
    return this.#pool.join();
  }
  terminate(): Promise<void> {
    return this.#pool.terminate();
  }
  toString(): string {
    return String(this.#pool);
  }
}

/** Python's `multiprocessing.pool.Pool(processes, initializer, initargs, maxtasksperchild)`. */
export async function Pool(
  processes?: number | null,
  initializer?: unknown,
  initargs?: unknown[],
  maxtasksperchild?: number | null,
): Promise<ManagedPool> {
  const init = initializer === null || initializer === undefined
    ? null
    : await fnOf(initializer);
  // The Pool takes its default context from context.ts, which a manager
  // process has not loaded (context.ts imports the managers: not statically).
  await import("../context.ts");
  return new ManagedPool(
    new MPPool(
      processes ?? null,
      init,
      initargs ?? [],
      maxtasksperchild ?? null,
    ),
  );
}

export const Queue = PyQueue;
export const Event = TEvent;
export const Lock = TLock;
export const RLock = TRLock;
export const Semaphore = TSemaphore;
export const BoundedSemaphore = TBoundedSemaphore;
export const Condition = TCondition;
export const Barrier = TBarrier;

for (
  const [name, fn] of Object.entries({
    dict,
    list,
    Array,
    Value,
    Namespace,
    Queue,
    Event,
    Lock,
    RLock,
    Semaphore,
    BoundedSemaphore,
    Condition,
    Barrier,
    Pool,
  })
) registerTarget(fn, import.meta.url, name);

/** Python's qualified names of the classes above, for messages and reprs. */
export const PY_NAMES: Map<unknown, string> = new Map<unknown, string>([
  [PyQueue, "queue.Queue"],
  [TEvent, "threading.Event"],
  [TLock, "_thread.lock"],
  [TRLock, "_thread.RLock"],
  [TSemaphore, "threading.Semaphore"],
  [TBoundedSemaphore, "threading.BoundedSemaphore"],
  [TCondition, "threading.Condition"],
  [TBarrier, "threading.Barrier"],
  [PyValue, "multiprocessing.managers.Value"],
  [ManagedPool, "multiprocessing.pool.Pool"],
]);

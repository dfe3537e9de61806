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
]);

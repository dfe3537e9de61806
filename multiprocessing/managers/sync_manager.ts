// Python's multiprocessing.managers.SyncManager.

import { definedIn } from "../../_shared/pyrepr.ts";
import { split } from "./_split.ts";
import { BaseManager } from "./base_manager.ts";
import type { BaseProxy } from "./base_proxy.ts";
import {
  AcquirerProxy,
  ArrayProxy,
  AutoProxy,
  BarrierProxy,
  ConditionProxy,
  DictProxy,
  EventProxy,
  IteratorProxy,
  ListProxy,
  NamespaceProxy,
  PoolProxy,
  type QueueProxy,
  ValueProxy,
} from "./proxies.ts";
import * as types from "./_sync_types.ts";
import { FunctionRef } from "./_function_ref.ts";

/** The keyword arguments of `SyncManager.Pool`. */
export interface ManagerPoolOptions {
  /** How many workers. */
  processes?: number | null;
  /** Called once in each worker. */
  initializer?: ((...args: never[]) => unknown) | null;
  /** Its arguments. */
  initargs?: unknown[];
  /** Tasks before a worker is replaced. */
  maxtasksperchild?: number | null;
}

/**
 * Python's `multiprocessing.managers.SyncManager`: a manager of the
 * shared types Python programs use, what `multiprocessing.Manager()`
 * starts. Each method makes the object in the manager and resolves with
 * its proxy: `d = manager.dict()` is `const d = await manager.dict();`.
 * The objects are the package's own (`queue.Queue`, `threading.Lock`, a
 * dict with Python's keys ...), and CPython's clients can use them too.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const q = await manager.Queue();
 * await q.put(1);
 * assert.equal(await q.get({ timeout: 1 }), 1);
 * const l = await manager.list([1, 2]);
 * await l.append(3);
 * assert.equal(await l.__len__(), 3);
 * ```
 */
export class SyncManager extends BaseManager {
  #make(
    typeid: string,
    args: unknown[],
    params: readonly string[],
    required: number,
  ) {
    const [a, kw] = split(typeid, args, params, required);
    return this._proxy_for(typeid, a, kw);
  }

  /**
   * Python's `Queue(maxsize=0)`: a shared `queue.Queue`.
   *
   * @param maxsize The most items it holds (0: no limit), or `{ maxsize }`.
   * @returns Its proxy.
   */
  Queue(maxsize?: number | { maxsize?: number }): Promise<QueueProxy> {
    return this.#make("Queue", [maxsize], ["maxsize"], 0) as Promise<
      QueueProxy
    >;
  }

  /**
   * Python's `JoinableQueue(maxsize=0)`: a shared `queue.Queue` (which has
   * `task_done()` and `join()`).
   *
   * @param maxsize The most items it holds, or `{ maxsize }`.
   * @returns Its proxy.
   */
  JoinableQueue(maxsize?: number | { maxsize?: number }): Promise<QueueProxy> {
    return this.#make("JoinableQueue", [maxsize], ["maxsize"], 0) as Promise<
      QueueProxy
    >;
  }

  /**
   * Python's `Event()`: a shared `threading.Event`.
   *
   * @returns Its proxy.
   */
  Event(): Promise<EventProxy> {
    return this.#make("Event", [], [], 0) as Promise<EventProxy>;
  }

  /**
   * Python's `Lock()`: a shared `threading.Lock`.
   *
   * @returns Its proxy.
   */
  Lock(): Promise<AcquirerProxy> {
    return this.#make("Lock", [], [], 0) as Promise<AcquirerProxy>;
  }

  /**
   * Python's `RLock()`: a shared `threading.RLock` (owned by the thread of
   * the process that acquired it).
   *
   * @returns Its proxy.
   */
  RLock(): Promise<AcquirerProxy> {
    return this.#make("RLock", [], [], 0) as Promise<AcquirerProxy>;
  }

  /**
   * Python's `Semaphore(value=1)`.
   *
   * @param value The counter's start, or `{ value }`.
   * @returns Its proxy.
   */
  Semaphore(value?: number | { value?: number }): Promise<AcquirerProxy> {
    return this.#make("Semaphore", [value], ["value"], 0) as Promise<
      AcquirerProxy
    >;
  }

  /**
   * Python's `BoundedSemaphore(value=1)`.
   *
   * @param value The counter's start, or `{ value }`.
   * @returns Its proxy.
   */
  BoundedSemaphore(
    value?: number | { value?: number },
  ): Promise<AcquirerProxy> {
    return this.#make("BoundedSemaphore", [value], ["value"], 0) as Promise<
      AcquirerProxy
    >;
  }

  /**
   * Python's `Condition()`: a shared `threading.Condition` with its own
   * lock (a lock proxy cannot be passed: see the README).
   *
   * @returns Its proxy.
   */
  Condition(): Promise<ConditionProxy> {
    return this.#make("Condition", [], [], 0) as Promise<ConditionProxy>;
  }

  /**
   * Python's `Barrier(parties, action=None, timeout=None)` (an action
   * cannot cross to the manager).
   *
   * @param parties How many must wait.
   * @param action Must be null.
   * @param timeout The default wait timeout.
   * @returns Its proxy.
   */
  Barrier(
    parties: number,
    action?: null | { action?: null; timeout?: number | null },
    timeout?: number | null,
  ): Promise<BarrierProxy> {
    return this.#make("Barrier", [parties, action, timeout], [
      "parties",
      "action",
      "timeout",
    ], 1) as Promise<BarrierProxy>;
  }

  /**
   * Python's `list(sequence=())`.
   *
   * @param sequence The first items.
   * @returns Its proxy.
   */
  list(sequence?: Iterable<unknown>): Promise<ListProxy> {
    return this._proxy_for(
      "list",
      sequence === undefined ? [] : [[...sequence]],
    ) as Promise<ListProxy>;
  }

  /**
   * Python's `dict(mapping_or_pairs)`: a dict whose keys keep their Python
   * types.
   *
   * @param init A Map, an object (its keys as str keys) or (key, value) pairs.
   * @returns Its proxy.
   */
  dict(init?: unknown): Promise<DictProxy> {
    return this._proxy_for("dict", init === undefined ? [] : [init]) as Promise<
      DictProxy
    >;
  }

  /**
   * Python's `Value(typecode, value, lock=True)`: a value held by the
   * manager (not shared memory).
   *
   * @param typecode A type code ('i', 'd', ...).
   * @param value The first value.
   * @param lock Accepted as Python's.
   * @returns Its proxy.
   */
  Value(
    typecode: string,
    value: unknown,
    lock?: boolean | { lock?: boolean },
  ): Promise<ValueProxy> {
    const [a] = split("Value", [typecode, value, lock], [
      "typecode",
      "value",
      "lock",
    ], 2);
    return this._proxy_for("Value", a.slice(0, 2)) as Promise<ValueProxy>;
  }

  /**
   * Python's `Array(typecode, sequence, lock=True)`.
   *
   * @param typecode A type code ('i', 'd', ...).
   * @param sequence The items.
   * @param lock Accepted as Python's.
   * @returns Its proxy.
   */
  Array(
    typecode: string,
    sequence: Iterable<unknown>,
    lock?: boolean | { lock?: boolean },
  ): Promise<ArrayProxy> {
    void lock;
    return this._proxy_for("Array", [typecode, [...sequence]]) as Promise<
      ArrayProxy
    >;
  }

  /**
   * Python's `Pool(processes=None, initializer=None, initargs=(),
   * maxtasksperchild=None)`: a `multiprocessing.pool.Pool` in the manager
   * (its workers are the manager's children). Functions cross as Process
   * targets do.
   *
   * @param processes How many workers (or the keywords).
   * @param initializer Called once in each worker.
   * @param initargs Its arguments.
   * @param maxtasksperchild Tasks before a worker is replaced.
   * @returns Its proxy.
   */
  Pool(
    processes?: number | null | ManagerPoolOptions,
    initializer?: ((...args: never[]) => unknown) | null | ManagerPoolOptions,
    initargs?: unknown[] | ManagerPoolOptions,
    maxtasksperchild?: number | null | ManagerPoolOptions,
  ): Promise<PoolProxy> {
    const names = ["processes", "initializer", "initargs", "maxtasksperchild"];
    const [a, kw] = split(
      "Pool",
      [
        processes,
        initializer,
        initargs,
        maxtasksperchild,
      ],
      names,
      0,
    );
    const all: Record<string, unknown> = { ...kw };
    a.forEach((v, i) => (all[names[i]!] = v));
    const init = all.initializer == null
      ? null
      : FunctionRef.of(all.initializer, "initializer");
    return this._proxy_for("Pool", [
      all.processes ?? null,
      init,
      [...((all.initargs ?? []) as unknown[])],
      all.maxtasksperchild ?? null,
    ]) as Promise<PoolProxy>;
  }

  /**
   * Python's `Namespace(**kwds)`.
   *
   * @param kwds Its first attributes.
   * @returns Its proxy.
   */
  Namespace(kwds?: Record<string, unknown>): Promise<NamespaceProxy> {
    return this._proxy_for("Namespace", [], kwds ?? {}) as Promise<
      NamespaceProxy
    >;
  }
}

definedIn("multiprocessing.managers", SyncManager);

const reg = (
  typeid: string,
  callable: ((...args: never[]) => unknown) | null,
  proxytype: unknown,
  create_method = false,
) =>
  SyncManager.register(typeid, {
    callable,
    proxytype: proxytype as typeof BaseProxy,
    create_method,
  });

reg("Queue", types.Queue as never, AutoProxy);
reg("JoinableQueue", types.Queue as never, AutoProxy);
reg("Event", types.Event as never, EventProxy);
reg("Lock", types.Lock as never, AcquirerProxy);
reg("RLock", types.RLock as never, AcquirerProxy);
reg("Semaphore", types.Semaphore as never, AcquirerProxy);
reg("BoundedSemaphore", types.BoundedSemaphore as never, AcquirerProxy);
reg("Condition", types.Condition as never, ConditionProxy);
reg("Barrier", types.Barrier as never, BarrierProxy);
reg("list", types.list as never, ListProxy);
reg("dict", types.dict as never, DictProxy);
reg("Value", types.Value as never, ValueProxy);
reg("Array", types.Array as never, ArrayProxy);
reg("Namespace", types.Namespace as never, NamespaceProxy);
reg("Pool", types.Pool as never, PoolProxy);
reg("Iterator", null, IteratorProxy);
reg("AsyncResult", null, AutoProxy);

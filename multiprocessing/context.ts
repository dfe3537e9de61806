// Python's start methods and contexts: get_context, set_start_method,
// get_start_method, get_all_start_methods.

import { RuntimeError, ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import {
  defaultMethod,
  START_METHODS,
  type StartMethod,
  state,
} from "./_state.ts";

/**
 * A start method: 'worker' (a Worker, the default) or 'spawn' (a new OS
 * process of the same runtime).
 */
export type { StartMethod };
import { builtinClasses } from "./_start.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";
import {
  active_children,
  current_process,
  parent_process,
  Process,
} from "./process.ts";
import { Array as SharedArray, type ArrayConstructor } from "./array.ts";
import { Barrier, type BarrierConstructor } from "./barrier.ts";
import {
  BoundedSemaphore,
  type BoundedSemaphoreConstructor,
} from "./bounded_semaphore.ts";
import { Condition, type ConditionConstructor } from "./condition.ts";
import { cpu_count } from "./cpu_count.ts";
import { Event, type EventConstructor } from "./event.ts";
import { Lock, type LockConstructor } from "./lock.ts";
import { RawArray, type RawArrayConstructor } from "./raw_array.ts";
import { RawValue, type RawValueConstructor } from "./raw_value.ts";
import { RLock, type RLockConstructor } from "./rlock.ts";
import { Semaphore, type SemaphoreConstructor } from "./semaphore.ts";
import { Value, type ValueConstructor } from "./value.ts";
import { Pipe } from "./connection/pipe.ts";
import { type PoolFactory, poolFactory } from "./pool/_factory.ts";
import { type ManagerFactory, managerFactory } from "./managers/_factory.ts";
import { contexts as poolContexts } from "./pool/_tasks.ts";
import { Queue, type QueueConstructor } from "./queue.ts";
import { SimpleQueue, type SimpleQueueConstructor } from "./simple_queue.ts";
import {
  JoinableQueue,
  type JoinableQueueConstructor,
} from "./joinable_queue.ts";

/**
 * A Process class whose children use the 'worker' start method, whatever
 * the default: `get_context("worker").Process`.
 *
 * @example
 * ```ts
 * import { get_context, WorkerProcess } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_context("worker").Process, WorkerProcess);
 * ```
 */
export class WorkerProcess extends Process {
  /** This class's start method. */
  static override _start_method: StartMethod | null = "worker";
}

/**
 * A Process class whose children are new OS processes ('spawn'):
 * `get_context("spawn").Process`.
 *
 * @example
 * ```ts
 * import { get_context, SpawnProcess } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_context("spawn").Process, SpawnProcess);
 * ```
 */
export class SpawnProcess extends Process {
  /** This class's start method. */
  static override _start_method: StartMethod | null = "spawn";
}

builtinClasses.add(Process);
builtinClasses.add(WorkerProcess);
builtinClasses.add(SpawnProcess);

function whyNot(method: unknown): string {
  if (method === "fork" || method === "forkserver") {
    return `cannot find context for '${method}': JavaScript runtimes cannot ` +
      "fork a running process (no isolate can be copied); use 'worker' " +
      "(a Worker, the default) or 'spawn' (a new OS process)";
  }
  return `cannot find context for ${
    typeof method === "string" ? `'${method}'` : String(method)
  }`;
}

function checkMethod(method: unknown): StartMethod {
  if (!START_METHODS.includes(method as StartMethod)) {
    throw new ValueError(whyNot(method));
  }
  return method as StartMethod;
}

/**
 * Python's multiprocessing context: an object with the module's API bound
 * to one start method (`get_context("spawn").Process`). The default
 * context follows `set_start_method`.
 *
 * @example
 * ```ts
 * import { get_context } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const ctx = get_context("spawn");
 * assert.equal(ctx.get_start_method(), "spawn");
 * ```
 */
export class BaseContext {
  readonly #method: StartMethod | null;

  /**
   * Makes a context; `null` makes the default one.
   *
   * @param method The start method, or null for the default.
   */
  constructor(method: StartMethod | null) {
    this.#method = method;
  }

  /** Python's `ctx.Queue()`: {@linkcode Queue}. */
  readonly Queue: QueueConstructor = Queue;
  /** Python's `ctx.SimpleQueue()`: {@linkcode SimpleQueue}. */
  readonly SimpleQueue: SimpleQueueConstructor = SimpleQueue;
  /** Python's `ctx.JoinableQueue()`: {@linkcode JoinableQueue}. */
  readonly JoinableQueue: JoinableQueueConstructor = JoinableQueue;
  /** Python's `ctx.Pipe()`: {@linkcode Pipe}. */
  readonly Pipe: typeof Pipe = Pipe;
  /** Python's `ctx.Lock()`: {@linkcode Lock}. */
  readonly Lock: LockConstructor = Lock;
  /** Python's `ctx.RLock()`: {@linkcode RLock}. */
  readonly RLock: RLockConstructor = RLock;
  /** Python's `ctx.Semaphore()`: {@linkcode Semaphore}. */
  readonly Semaphore: SemaphoreConstructor = Semaphore;
  /** Python's `ctx.BoundedSemaphore()`: {@linkcode BoundedSemaphore}. */
  readonly BoundedSemaphore: BoundedSemaphoreConstructor = BoundedSemaphore;
  /** Python's `ctx.Condition()`: {@linkcode Condition}. */
  readonly Condition: ConditionConstructor = Condition;
  /** Python's `ctx.Event()`: {@linkcode Event}. */
  readonly Event: EventConstructor = Event;
  /** Python's `ctx.Barrier()`: {@linkcode Barrier}. */
  readonly Barrier: BarrierConstructor = Barrier;
  /** Python's `ctx.Value()`: {@linkcode Value}. */
  readonly Value: ValueConstructor = Value;
  /** Python's `ctx.Array()`: the module's `Array`. */
  readonly Array: ArrayConstructor = SharedArray;
  /** Python's `ctx.RawValue()`: {@linkcode RawValue}. */
  readonly RawValue: RawValueConstructor = RawValue;
  /** Python's `ctx.RawArray()`: {@linkcode RawArray}. */
  readonly RawArray: RawArrayConstructor = RawArray;
  /** Python's `ctx.Pool()`: a `multiprocessing.pool.Pool` of this context. */
  readonly Pool: PoolFactory = poolFactory(this);
  /** Python's `ctx.Manager()`: a started SyncManager of this context. */
  readonly Manager: ManagerFactory = managerFactory(this);
  /** Python's `ctx.cpu_count()`. */
  readonly cpu_count: typeof cpu_count = cpu_count;
  /** Python's `ctx.current_process()`. */
  readonly current_process: typeof current_process = current_process;
  /** Python's `ctx.parent_process()`. */
  readonly parent_process: typeof parent_process = parent_process;
  /** Python's `ctx.active_children()`. */
  readonly active_children: typeof active_children = active_children;

  /**
   * Python's `repr()`: `<multiprocessing.context.SpawnContext object at
   * 0x...>` (`WorkerContext` for 'worker', `DefaultContext` for the
   * default; a made-up address).
   *
   * @returns The description.
   */
  toString(): string {
    const kind = this.#method === null
      ? "Default"
      : this.#method === "worker"
      ? "Worker"
      : "Spawn";
    return `<multiprocessing.context.${kind}Context object at ${
      addressOf(this)
    }>`;
  }

  /** The Process class of this context. */
  get Process(): typeof Process {
    if (this.#method === "worker") return WorkerProcess;
    if (this.#method === "spawn") return SpawnProcess;
    return Process;
  }

  /**
   * Python's `get_start_method(allow_none=False)`.
   *
   * @param allow_none Return null rather than fixing the default; or `{ allow_none }`.
   * @returns The start method.
   */
  get_start_method(
    allow_none?: boolean | { allow_none?: boolean },
  ): StartMethod | null {
    const [a] = bind("get_start_method", ["allow_none"], [allow_none]);
    if (this.#method !== null) return this.#method;
    if (state.method === null && a) return null;
    return defaultMethod();
  }

  /**
   * Python's `get_context(method=None)`.
   *
   * @param method A start method, or null for the default context; or `{ method }`.
   * @returns The context.
   */
  get_context(
    method?: string | null | { method?: string | null },
  ): BaseContext {
    return get_context(method);
  }

  /**
   * Python's `get_all_start_methods()`.
   *
   * @returns The start methods, the default first.
   */
  get_all_start_methods(): StartMethod[] {
    return get_all_start_methods();
  }

  /**
   * Python's `set_start_method(method, force=False)`.
   *
   * @param method The new default start method.
   * @param force Change it even if it is already fixed; or `{ force }`.
   */
  set_start_method(
    method: string | null,
    force?: boolean | { force?: boolean },
  ): void {
    set_start_method(method, force);
  }
}

showAsPython(BaseContext);

const contexts = new Map<StartMethod | null, BaseContext>();

/**
 * Python's `multiprocessing.get_context(method=None)`: a context object
 * whose `Process` (and the rest) use `method`: 'worker' (a Worker, the
 * default) or 'spawn' (a new OS process). 'fork' and 'forkserver' raise
 * ValueError: no JavaScript runtime can fork.
 *
 * @param method A start method, or null/omitted for the default context;
 *   or `{ method }`.
 * @returns The context.
 * @throws {ValueError} For an unknown method, or 'fork'/'forkserver'.
 *
 * @example
 * ```ts
 * import { get_context } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_context("worker").get_start_method(), "worker");
 * assert.throws(() => get_context("fork"), /cannot fork/);
 * ```
 */
export function get_context(
  method?: string | null | { method?: string | null },
): BaseContext {
  const [given] = bind("get_context", ["method"], [method]);
  const m = given === null || given === undefined ? null : checkMethod(given);
  let ctx = contexts.get(m);
  if (ctx === undefined) contexts.set(m, ctx = new BaseContext(m));
  return ctx;
}

/**
 * Python's `multiprocessing.set_start_method(method, force=False)`: sets
 * the default start method, once.
 *
 * @param method 'worker' or 'spawn' (null with `force` resets it).
 * @param force Change it even if it is already fixed; or `{ force }`.
 * @throws {RuntimeError} "context has already been set".
 * @throws {ValueError} For an unknown method, or 'fork'/'forkserver'.
 *
 * @example
 * ```ts
 * import { get_start_method, set_start_method } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * set_start_method("spawn", true);
 * assert.equal(get_start_method(), "spawn");
 * set_start_method("worker", true);
 * ```
 */
export function set_start_method(
  method: string | null,
  force?: boolean | { force?: boolean },
): void {
  const [m, f] = bind("set_start_method", ["method", "force"], [method, force]);
  method = m as string | null;
  if (state.method !== null && !f) {
    throw new RuntimeError("context has already been set");
  }
  if (method === null && f) {
    state.method = null;
    return;
  }
  state.method = checkMethod(method);
}

/**
 * Python's `multiprocessing.get_start_method(allow_none=False)`: the
 * default start method, fixing it ('worker') if not yet set.
 *
 * @param allow_none Return null rather than fixing the default; or
 *   `{ allow_none }`.
 * @returns The start method.
 *
 * @example
 * ```ts
 * import { get_start_method } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_start_method(), "worker");
 * ```
 */
export function get_start_method(
  allow_none?: boolean | { allow_none?: boolean },
): StartMethod | null {
  const [a] = bind("get_start_method", ["allow_none"], [allow_none]);
  return get_context().get_start_method(!!a);
}

/**
 * Python's `multiprocessing.get_all_start_methods()`: the start methods
 * this platform has, the default first: `["worker", "spawn"]`.
 *
 * @returns The start methods.
 *
 * @example
 * ```ts
 * import { get_all_start_methods } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(get_all_start_methods(), ["worker", "spawn"]);
 * ```
 */
export function get_all_start_methods(): StartMethod[] {
  return [...START_METHODS];
}

poolContexts.default = () => get_context();

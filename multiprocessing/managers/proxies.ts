// Python's proxy types: AutoProxy and MakeProxyType for any referent, and
// the typed proxies of SyncManager (dict, list, Namespace, Value, Array,
// the threading objects, iterators). Every method returns a promise;
// Python's item and attribute access keep Python's method names
// (`await d.__getitem__(k)`, `await ns.__getattr__("x")`), and the
// read-only properties Python's proxies define are awaited getters
// (`await barrier.parties`, `await value.value`). docs/porting.md §9.

import {
  AttributeError,
  StopIteration,
  ValueError,
} from "../../builtins/exceptions.ts";
import type { slice } from "../../builtins/slice.ts";
import { split } from "./_split.ts";
import { registerKind } from "../../_shared/reduce.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import {
  BaseProxy,
  construct,
  type ProxyOptions,
  type ProxyState,
  proxyTypeNamed,
  recordProxyType,
} from "./base_proxy.ts";
import { Token } from "./token.ts";
import { FunctionRef } from "./_function_ref.ts";

/** `queue.Queue`'s parameters: what AutoProxy knows of a queue's methods. */
const QUEUE_PARAMS: Record<string, readonly [readonly string[], number]> = {
  put: [["item", "block", "timeout"], 1],
  get: [["block", "timeout"], 0],
  put_nowait: [["item"], 1],
  shutdown: [["immediate"], 0],
};

/** A Pool's AsyncResult's parameters. */
const RESULT_PARAMS: Record<string, readonly [readonly string[], number]> = {
  get: [["timeout"], 0],
  wait: [["timeout"], 0],
};

/** The parameters AutoProxy knows for a referent with these methods. */
function knownParams(
  exposed: readonly string[],
): Record<string, readonly [readonly string[], number]> {
  const has = (...ms: string[]) => ms.every((m) => exposed.includes(m));
  if (has("put", "get", "put_nowait", "get_nowait", "qsize")) {
    return QUEUE_PARAMS;
  }
  if (has("get", "wait", "ready", "successful")) return RESULT_PARAMS;
  return {};
}

/** A proxy class made by `MakeProxyType`: one method per exposed name. */
export type ProxyClass = typeof BaseProxy & {
  new (token: Token, serializer?: string, options?: ProxyOptions): BaseProxy & {
    [method: string]: unknown;
  };
  readonly prototype: BaseProxy & { [method: string]: unknown };
};

const madeTypes = new Map<string, ProxyClass>();

/**
 * Python's `MakeProxyType(name, exposed)`: a BaseProxy subclass named
 * `name` whose methods call the referent's methods of the same names. Their
 * arguments are positional (the referent's signature is not known here,
 * so a trailing plain object is a value); pass keywords with
 * `_callmethod(name, args, kwds)`. The exceptions: when `exposed` is a
 * queue's, `put`/`get`/`put_nowait`/`shutdown` take `queue.Queue`'s
 * keywords (`await q.get({ timeout: 1 })`); when it is a Pool's
 * AsyncResult's, `get`/`wait` take `timeout`.
 *
 * @example
 * ```ts
 * import { MakeProxyType } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const CounterProxy = MakeProxyType("CounterProxy", ["increment", "get"]);
 * assert.equal(CounterProxy.name, "CounterProxy");
 * assert.deepEqual(CounterProxy._exposed_, ["increment", "get"]);
 * assert.equal(typeof CounterProxy.prototype.increment, "function");
 * ```
 *
 * @param name The class's name.
 * @param exposed The methods.
 * @returns The class.
 */
export function MakeProxyType(
  name: string,
  exposed: readonly string[],
): ProxyClass {
  const list = [...exposed];
  const key = `${name}\0${list.join("\0")}`;
  const made = madeTypes.get(key);
  if (made !== undefined) return made;
  const known = knownParams(list);
  const cls = class extends BaseProxy {} as unknown as ProxyClass;
  Object.defineProperty(cls, "name", { value: name });
  cls._exposed_ = Object.freeze(list);
  const proto = cls.prototype as unknown as Record<string, unknown>;
  for (const meth of list) {
    const sig = Object.hasOwn(known, meth) ? known[meth] : undefined;
    proto[meth] = sig === undefined
      ? function (this: BaseProxy, ...args: unknown[]) {
        return this._callmethod(meth, args);
      }
      : function (this: BaseProxy, ...args: unknown[]) {
        const [a, kw] = split(meth, args, sig[0], sig[1]);
        return this._callmethod(meth, a, kw);
      };
  }
  madeTypes.set(key, cls);
  return cls;
}

/**
 * The type of {@linkcode AutoProxy}: called as Python's function.
 */
export interface AutoProxyFunction {
  /**
   * Makes a proxy whose methods are the referent's exposed ones.
   *
   * @param token The shared object's token.
   * @param serializer 'pickle'.
   * @param options `manager`, `authkey`, `exposed` (required), `incref`.
   */
  (
    token: Token,
    serializer?: string,
    options?: ProxyOptions,
  ): BaseProxy & { [method: string]: unknown };
}

/**
 * Python's `multiprocessing.managers.AutoProxy`: the proxy a manager makes
 * for a typeid registered without a proxytype, of class
 * `AutoProxy[typeid]`, with one method per exposed method of the referent
 * (see {@linkcode MakeProxyType} for their arguments).
 *
 * @example
 * ```ts
 * import {
 *   BaseManager,
 *   type QueueProxy,
 * } from "@pyport/std/multiprocessing/managers";
 * import { Queue } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * class QueueManager extends BaseManager {
 *   declare Queue: () => Promise<QueueProxy>;
 * }
 * QueueManager.register("Queue", Queue);
 * await using m = new QueueManager();
 * await m.start();
 * const q = await m.Queue();
 * assert.equal(q.constructor.name, "AutoProxy[Queue]");
 * await q.put("x");
 * assert.equal(await q.get({ timeout: 1 }), "x");
 * ```
 */
export const AutoProxy: AutoProxyFunction = function AutoProxy(
  token: Token,
  serializer: string = "pickle",
  options: ProxyOptions = {},
) {
  const exposed = options.exposed;
  if (exposed === null || exposed === undefined) {
    throw new ValueError(
      "AutoProxy needs the exposed methods (the manager reports them)",
    );
  }
  const authkey = options.authkey ??
    (options.manager as { _authkey?: Uint8Array } | null)?._authkey ?? null;
  const cls = MakeProxyType(`AutoProxy[${token.typeid}]`, exposed);
  (cls as unknown as { _autoproxy_: boolean })._autoproxy_ = true;
  return new cls(token, serializer, { ...options, authkey });
} as AutoProxyFunction;

/**
 * Python's `IteratorProxy`: what a dict proxy's `__iter__()` returns (and
 * any method registered as returning an 'Iterator'). `for x in it:` is
 * `for await (const x of it)`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const d = await m.dict([["a", 1], ["b", 2]]);
 * const keys = [];
 * for await (const k of await d.__iter__()) keys.push(k);
 * assert.deepEqual(keys, ["a", "b"]);
 * ```
 */
export class IteratorProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "__next__",
    "send",
    "throw",
    "close",
  ];

  /**
   * Python's `next(it)`.
   *
   * @param args Passed on (none for an iterator).
   * @returns The next item.
   * @throws {StopIteration} There are no more.
   */
  __next__(...args: unknown[]): Promise<unknown> {
    return this._callmethod("__next__", args);
  }

  /**
   * Python's `send(value)` (for a generator).
   *
   * @param args The value.
   * @returns The next item.
   */
  send(...args: unknown[]): Promise<unknown> {
    return this._callmethod("send", args);
  }

  /**
   * Python's `throw(...)` (for a generator).
   *
   * @param args The exception.
   * @returns The next item.
   */
  throw(...args: unknown[]): Promise<unknown> {
    return this._callmethod("throw", args);
  }

  /**
   * Python's `close()` (for a generator).
   *
   * @param args None.
   * @returns Once closed.
   */
  close(...args: unknown[]): Promise<unknown> {
    return this._callmethod("close", args);
  }

  /**
   * `for await (const x of it)`: calls `__next__()` until StopIteration.
   *
   * @returns The iterator.
   */
  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return {
      next: async () => {
        try {
          return { value: await this.__next__(), done: false };
        } catch (e) {
          if (e instanceof StopIteration) {
            return { value: undefined, done: true };
          }
          throw e;
        }
      },
    };
  }
}

/** What `enter()` of a lock proxy resolves with: releases when disposed. */
export interface ProxyGuard extends Disposable, AsyncDisposable {}

/**
 * Python's `AcquirerProxy`: a manager's Lock, RLock, Semaphore or
 * BoundedSemaphore. `with lock:` is `using _ = await lock.enter();` as
 * for every lock (the release is sent before any later call of the same
 * thread; `await using` also waits for it).
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const lock = await m.Lock();
 * assert.equal(await lock.acquire(), true);
 * assert.equal(await lock.acquire({ timeout: 0.01 }), false);
 * await lock.release();
 * {
 *   using _ = await lock.enter();
 * }
 * assert.equal(await lock.acquire(false), true);
 * ```
 */
export class AcquirerProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = ["acquire", "release"];

  /**
   * Python's `acquire(blocking=True, timeout=None)`.
   *
   * @param blocking Whether to wait (or the keywords).
   * @param timeout Seconds to wait at most.
   * @returns Whether it was acquired.
   */
  acquire(
    blocking?: boolean | { blocking?: boolean; timeout?: number | null },
    timeout?: number | null,
  ): Promise<boolean> {
    const [a, kw] = split("acquire", [blocking, timeout], [
      "blocking",
      "timeout",
    ], 0);
    const b = a.length > 0 ? a[0] : kw.blocking ?? true;
    const t = a.length > 1 ? a[1] : kw.timeout ?? null;
    return this._callmethod(
      "acquire",
      t === null || t === undefined ? [b] : [b, t],
    ) as Promise<boolean>;
  }

  /**
   * Python's `release()`.
   *
   * @returns Once released.
   */
  release(): Promise<void> {
    return this._callmethod("release") as Promise<void>;
  }

  /**
   * Python's `with lock:`: `using _ = await lock.enter();`.
   *
   * @returns A guard that releases the lock when the block ends.
   */
  async enter(): Promise<ProxyGuard> {
    await this.acquire();
    let released: Promise<void> | null = null;
    const release = () => released ??= this.release();
    return {
      [Symbol.dispose]: () => {
        release().catch(() => {});
      },
      [Symbol.asyncDispose]: () => release(),
    };
  }
}

/**
 * Python's `ConditionProxy`: a manager's Condition.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const cond = await m.Condition();
 * using _ = await cond.enter();
 * assert.equal(await cond.wait(0.01), false);
 * await cond.notify_all();
 * ```
 */
export class ConditionProxy extends AcquirerProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "acquire",
    "release",
    "wait",
    "notify",
    "notify_all",
  ];

  /**
   * Python's `wait(timeout=None)`.
   *
   * @param timeout Seconds at most (or `{ timeout }`).
   * @returns False when the time ran out.
   */
  wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<boolean> {
    const [a, kw] = split("wait", [timeout], ["timeout"], 0);
    return this._callmethod("wait", a, kw) as Promise<boolean>;
  }

  /**
   * Python's `notify(n=1)`.
   *
   * @param n How many waiters to wake (or `{ n }`).
   * @returns Once sent.
   */
  notify(n?: number | { n?: number }): Promise<void> {
    const [a, kw] = split("notify", [n], ["n"], 0);
    return this._callmethod("notify", a, kw) as Promise<void>;
  }

  /**
   * Python's `notify_all()`.
   *
   * @returns Once sent.
   */
  notify_all(): Promise<void> {
    return this._callmethod("notify_all") as Promise<void>;
  }

  /**
   * Python's `wait_for(predicate, timeout=None)`: waits until `predicate()`
   * (run here, in the caller) is true.
   *
   * @param predicate What to wait for.
   * @param timeout Seconds at most.
   * @returns The predicate's last result.
   */
  async wait_for(
    predicate: () => unknown,
    timeout?: number | null | { timeout?: number | null },
  ): Promise<unknown> {
    const [a, kw] = split("wait_for", [timeout], ["timeout"], 0);
    const t = (a[0] ?? kw.timeout ?? null) as number | null;
    let result = await predicate();
    const end = t === null ? null : performance.now() / 1000 + t;
    while (!result) {
      let wait: number | null = null;
      if (end !== null) {
        wait = end - performance.now() / 1000;
        if (wait <= 0) break;
      }
      await this.wait(wait);
      result = await predicate();
    }
    return result;
  }
}

/**
 * Python's `EventProxy`: a manager's Event.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const ev = await m.Event();
 * assert.equal(await ev.wait(0.01), false);
 * await ev.set();
 * assert.equal(await ev.is_set(), true);
 * ```
 */
export class EventProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "is_set",
    "set",
    "clear",
    "wait",
  ];

  /**
   * Python's `is_set()`.
   *
   * @returns Whether it is set.
   */
  is_set(): Promise<boolean> {
    return this._callmethod("is_set") as Promise<boolean>;
  }

  /**
   * Python's `set()`.
   *
   * @returns Once set.
   */
  set(): Promise<void> {
    return this._callmethod("set") as Promise<void>;
  }

  /**
   * Python's `clear()`.
   *
   * @returns Once cleared.
   */
  clear(): Promise<void> {
    return this._callmethod("clear") as Promise<void>;
  }

  /**
   * Python's `wait(timeout=None)`.
   *
   * @param timeout Seconds at most (or `{ timeout }`).
   * @returns Whether it is set.
   */
  wait(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<boolean> {
    const [a, kw] = split("wait", [timeout], ["timeout"], 0);
    return this._callmethod("wait", a, kw) as Promise<boolean>;
  }
}

/**
 * Python's `BarrierProxy`: a manager's Barrier. Its properties are
 * awaited: `await b.parties`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const b = await m.Barrier(1);
 * assert.equal(await b.parties, 1);
 * assert.equal(await b.wait(), 0);
 * assert.equal(await b.broken, false);
 * ```
 */
export class BarrierProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "__getattribute__",
    "wait",
    "abort",
    "reset",
  ];

  /**
   * Python's `wait(timeout=None)`.
   *
   * @param timeout Seconds at most (or `{ timeout }`).
   * @returns This party's index.
   */
  wait(timeout?: number | null | { timeout?: number | null }): Promise<number> {
    const [a, kw] = split("wait", [timeout], ["timeout"], 0);
    return this._callmethod("wait", a, kw) as Promise<number>;
  }

  /**
   * Python's `abort()`.
   *
   * @returns Once broken.
   */
  abort(): Promise<void> {
    return this._callmethod("abort") as Promise<void>;
  }

  /**
   * Python's `reset()`.
   *
   * @returns Once reset.
   */
  reset(): Promise<void> {
    return this._callmethod("reset") as Promise<void>;
  }

  /**
   * Python's `b.name` for any attribute.
   *
   * @param name The attribute.
   * @returns Its value.
   */
  __getattr__(name: string): Promise<unknown> {
    return this._callmethod("__getattribute__", [name]);
  }

  /** Python's `parties`. */
  get parties(): Promise<number> {
    return this.__getattr__("parties") as Promise<number>;
  }

  /** Python's `n_waiting`. */
  get n_waiting(): Promise<number> {
    return this.__getattr__("n_waiting") as Promise<number>;
  }

  /** Python's `broken`. */
  get broken(): Promise<boolean> {
    return this.__getattr__("broken") as Promise<boolean>;
  }
}

/**
 * Python's `NamespaceProxy`: a manager's Namespace. `ns.x` is
 * `await ns.__getattr__("x")`, `ns.x = 1` is `await ns.__setattr__("x", 1)`,
 * `del ns.x` is `await ns.__delattr__("x")`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const ns = await m.Namespace();
 * await ns.__setattr__("x", 10);
 * assert.equal(await ns.__getattr__("x"), 10);
 * assert.equal(await ns.__str__(), "Namespace(x=10)");
 * ```
 */
export class NamespaceProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "__getattribute__",
    "__setattr__",
    "__delattr__",
  ];

  /**
   * Python's `ns.name`.
   *
   * @param name The attribute.
   * @returns Its value.
   * @throws {AttributeError} There is none.
   */
  __getattr__(name: string): Promise<unknown> {
    // As CPython's proxy: a name starting with "_" is the proxy's own.
    if (name.startsWith("_")) {
      const own = (this as unknown as Record<string, unknown>)[name];
      if (own === undefined) {
        return Promise.reject(
          new AttributeError(
            `'NamespaceProxy' object has no attribute '${name}'`,
          ),
        );
      }
      return Promise.resolve(own);
    }
    return this._callmethod("__getattribute__", [name]);
  }

  /**
   * Python's `ns.name = value`.
   *
   * @param name The attribute.
   * @param value Its value.
   * @returns Once set.
   */
  __setattr__(name: string, value: unknown): Promise<void> {
    return this._callmethod("__setattr__", [name, value]) as Promise<void>;
  }

  /**
   * Python's `del ns.name`.
   *
   * @param name The attribute.
   * @returns Once deleted.
   * @throws {AttributeError} There is none.
   */
  __delattr__(name: string): Promise<void> {
    return this._callmethod("__delattr__", [name]) as Promise<void>;
  }
}

/**
 * Python's `ValueProxy`: a manager's Value. `v.value` is `await v.value`
 * (or `await v.get()`); `v.value = x` is `await v.set(x)`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const v = await m.Value("i", 1);
 * await v.set(await v.value as number + 1);
 * assert.equal(await v.get(), 2);
 * ```
 */
export class ValueProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = ["get", "set"];

  /**
   * Python's `get()`.
   *
   * @returns The value.
   */
  get(): Promise<unknown> {
    return this._callmethod("get");
  }

  /**
   * Python's `set(value)`.
   *
   * @param value The new value.
   * @returns Once set.
   */
  set(value: unknown): Promise<void> {
    return this._callmethod("set", [value]) as Promise<void>;
  }

  /** Python's `value` property, read. */
  get value(): Promise<unknown> {
    return this.get();
  }
}

/**
 * Python's `ArrayProxy`: a manager's Array, read and written by index.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const a = await m.Array("i", [1, 2, 3]);
 * await a.__setitem__(-1, 9);
 * assert.equal(await a.__len__(), 3);
 * assert.deepEqual(await a._getvalue(), [1, 2, 9]);
 * ```
 */
export class ArrayProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "__len__",
    "__getitem__",
    "__setitem__",
  ];

  /**
   * Python's `len(a)`.
   *
   * @returns The length.
   */
  __len__(): Promise<number> {
    return this._callmethod("__len__") as Promise<number>;
  }

  /**
   * Python's `a[i]`.
   *
   * @param i The index.
   * @returns The item.
   */
  __getitem__(i: number): Promise<unknown> {
    return this._callmethod("__getitem__", [i]);
  }

  /**
   * Python's `a[i] = v`.
   *
   * @param i The index.
   * @param v The item.
   * @returns Once set.
   */
  __setitem__(i: number, v: unknown): Promise<void> {
    return this._callmethod("__setitem__", [i, v]) as Promise<void>;
  }
}

const LIST_EXPOSED = [
  "__add__",
  "__contains__",
  "__delitem__",
  "__getitem__",
  "__len__",
  "__mul__",
  "__reversed__",
  "__rmul__",
  "__setitem__",
  "append",
  "count",
  "extend",
  "index",
  "insert",
  "pop",
  "remove",
  "reverse",
  "sort",
  "__imul__",
];

/**
 * Python's `ListProxy`: a manager's list. `l[i]` is
 * `await l.__getitem__(i)`, `len(l)` is `await l.__len__()`, `x in l` is
 * `await l.__contains__(x)`; `l += [x]` is `await l.__iadd__([x])`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const l = await m.list([3, 1]);
 * await l.append(2);
 * await l.sort({ reverse: true });
 * assert.deepEqual(await l._getvalue(), [3, 2, 1]);
 * assert.equal(await l.__getitem__(-1), 1);
 * ```
 */
export class ListProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = LIST_EXPOSED;

  /**
   * Python's `__add__` of the referent.
   *
   * @param other A list.
   * @returns `l + other`, a new list.
   */
  __add__(other: readonly unknown[]): Promise<unknown[]> {
    return this._callmethod("__add__", [other]) as Promise<unknown[]>;
  }
  /**
   * Python's `__contains__` of the referent.
   *
   * @param value A value.
   * @returns `value in l`.
   */
  __contains__(value: unknown): Promise<boolean> {
    return this._callmethod("__contains__", [value]) as Promise<boolean>;
  }
  /**
   * Python's `__delitem__` of the referent.
   *
   * @param i An index.
   * @returns Once `del l[i]` is done.
   */
  __delitem__(i: number | slice): Promise<void> {
    return this._callmethod("__delitem__", [i]) as Promise<void>;
  }
  /**
   * Python's `__getitem__` of the referent.
   *
   * @param i An index.
   * @returns `l[i]`.
   */
  __getitem__(i: number | slice): Promise<unknown> {
    return this._callmethod("__getitem__", [i]);
  }
  /**
   * Python's `__len__` of the referent.
   *
   * @returns `len(l)`.
   */
  __len__(): Promise<number> {
    return this._callmethod("__len__") as Promise<number>;
  }
  /**
   * Python's `__mul__` of the referent.
   *
   * @param n A count.
   * @returns `l * n`, a new list.
   */
  __mul__(n: number): Promise<unknown[]> {
    return this._callmethod("__mul__", [n]) as Promise<unknown[]>;
  }
  /**
   * Python's `__reversed__` of the referent.
   *
   * @returns The items in reverse order, as a list.
   */
  __reversed__(): Promise<unknown[]> {
    return this._callmethod("__reversed__") as Promise<unknown[]>;
  }
  /**
   * Python's `__rmul__` of the referent.
   *
   * @param n A count.
   * @returns `n * l`, a new list.
   */
  __rmul__(n: number): Promise<unknown[]> {
    return this._callmethod("__rmul__", [n]) as Promise<unknown[]>;
  }
  /**
   * Python's `__setitem__` of the referent.
   *
   * @param i An index.
   * @param v A value.
   * @returns Once `l[i] = v`.
   */
  __setitem__(i: number | slice, v: unknown): Promise<void> {
    return this._callmethod("__setitem__", [i, v]) as Promise<void>;
  }
  /**
   * Python's `append` of the referent.
   *
   * @param v A value.
   * @returns Once appended.
   */
  append(v: unknown): Promise<void> {
    return this._callmethod("append", [v]) as Promise<void>;
  }
  /**
   * Python's `count` of the referent.
   *
   * @param v A value.
   * @returns How many items equal it.
   */
  count(v: unknown): Promise<number> {
    return this._callmethod("count", [v]) as Promise<number>;
  }
  /**
   * Python's `extend` of the referent.
   *
   * @param items Values.
   * @returns Once appended.
   */
  extend(items: Iterable<unknown>): Promise<void> {
    return this._callmethod("extend", [[...items]]) as Promise<void>;
  }
  /**
   * Python's `index(value, start, stop)` of the referent.
   *
   * @param v A value.
   * @param start From.
   * @param stop Before.
   * @returns The first index of an item equal to `v`.
   * @throws {ValueError} None is.
   */
  index(v: unknown, start?: number, stop?: number): Promise<number> {
    const args = stop !== undefined
      ? [v, start ?? 0, stop]
      : start !== undefined
      ? [v, start]
      : [v];
    return this._callmethod("index", args) as Promise<number>;
  }
  /**
   * Python's `insert` of the referent.
   *
   * @param i An index.
   * @param v A value.
   * @returns Once inserted.
   */
  insert(i: number, v: unknown): Promise<void> {
    return this._callmethod("insert", [i, v]) as Promise<void>;
  }
  /**
   * Python's `pop` of the referent.
   *
   * @param i An index (default -1).
   * @returns The item removed.
   */
  pop(i?: number): Promise<unknown> {
    return this._callmethod("pop", i === undefined ? [] : [i]);
  }
  /**
   * Python's `remove` of the referent.
   *
   * @param v A value.
   * @returns Once the first equal item is removed.
   */
  remove(v: unknown): Promise<void> {
    return this._callmethod("remove", [v]) as Promise<void>;
  }
  /**
   * Python's `reverse` of the referent.
   *
   * @returns Once reversed in place.
   */
  reverse(): Promise<void> {
    return this._callmethod("reverse") as Promise<void>;
  }
  /**
   * Python's `sort(*, key=None, reverse=False)` (a key function cannot
   * cross to the manager).
   *
   * @param options `{ reverse }`.
   * @returns Once sorted.
   */
  sort(options: { reverse?: boolean; key?: null } = {}): Promise<void> {
    const [, kw] = split("sort", [options], ["key", "reverse"], 0);
    return this._callmethod("sort", [], kw) as Promise<void>;
  }
  /**
   * Python's `__imul__` of the referent.
   *
   * @param n A count.
   * @returns This proxy, once `l *= n` is done.
   */
  async __imul__(n: number): Promise<this> {
    await this._callmethod("__imul__", [n]);
    return this;
  }
  /**
   * Python's `__iadd__` of the referent.
   *
   * @param items Values.
   * @returns This proxy, once `l += items` is done.
   */
  async __iadd__(items: Iterable<unknown>): Promise<this> {
    await this.extend(items);
    return this;
  }
}

const DICT_EXPOSED = [
  "__contains__",
  "__delitem__",
  "__getitem__",
  "__iter__",
  "__len__",
  "__setitem__",
  "clear",
  "copy",
  "get",
  "items",
  "keys",
  "pop",
  "popitem",
  "setdefault",
  "update",
  "values",
];

/**
 * Python's `DictProxy`: a manager's dict. Keys keep their Python types (1
 * and "1" are two keys; tuples, as frozen arrays, compare by value).
 * `d[k] = v` is `await d.__setitem__(k, v)`, `d[k]` is
 * `await d.__getitem__(k)`, `del d[k]` is `await d.__delitem__(k)`,
 * `k in d` is `await d.__contains__(k)`, `len(d)` is `await d.__len__()`.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const d = await m.dict();
 * await d.__setitem__(1, "int");
 * await d.__setitem__("1", "str");
 * await d.__setitem__(Object.freeze([1, 2]), "tuple");
 * assert.equal(await d.__getitem__(Object.freeze([1, 2])), "tuple");
 * assert.deepEqual(await d.values(), ["int", "str", "tuple"]);
 * assert.equal(await d.get("missing", 0), 0);
 * ```
 */
export class DictProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = DICT_EXPOSED;
  /** Methods whose results come back as proxies. */
  static override _method_to_typeid_: Readonly<Record<string, string>> = {
    __iter__: "Iterator",
  };

  /**
   * Python's `__contains__` of the referent.
   *
   * @param k A key.
   * @returns `k in d`.
   */
  __contains__(k: unknown): Promise<boolean> {
    return this._callmethod("__contains__", [k]) as Promise<boolean>;
  }
  /**
   * Python's `__delitem__` of the referent.
   *
   * @param k A key.
   * @returns Once `del d[k]` is done.
   * @throws {KeyError}
   */
  __delitem__(k: unknown): Promise<void> {
    return this._callmethod("__delitem__", [k]) as Promise<void>;
  }
  /**
   * Python's `__getitem__` of the referent.
   *
   * @param k A key.
   * @returns `d[k]`.
   * @throws {KeyError} No such key.
   */
  __getitem__(k: unknown): Promise<unknown> {
    return this._callmethod("__getitem__", [k]);
  }
  /**
   * Python's `__iter__` of the referent.
   *
   * @returns An iterator proxy over the keys.
   */
  __iter__(): Promise<IteratorProxy> {
    return this._callmethod("__iter__") as Promise<IteratorProxy>;
  }
  /**
   * Python's `__len__` of the referent.
   *
   * @returns `len(d)`.
   */
  __len__(): Promise<number> {
    return this._callmethod("__len__") as Promise<number>;
  }
  /**
   * Python's `__setitem__` of the referent.
   *
   * @param k A key.
   * @param v A value.
   * @returns Once `d[k] = v` is done.
   */
  __setitem__(k: unknown, v: unknown): Promise<void> {
    return this._callmethod("__setitem__", [k, v]) as Promise<void>;
  }
  /**
   * Python's `clear` of the referent.
   *
   * @returns Once emptied.
   */
  clear(): Promise<void> {
    return this._callmethod("clear") as Promise<void>;
  }
  /**
   * Python's `copy` of the referent.
   *
   * @returns A copy, as a Map.
   */
  copy(): Promise<Map<unknown, unknown>> {
    return this._callmethod("copy") as Promise<Map<unknown, unknown>>;
  }
  /**
   * Python's `get` of the referent.
   *
   * @param k A key.
   * @param d The default (null).
   * @returns `d.get(k, d)`.
   */
  get(k: unknown, d?: unknown): Promise<unknown> {
    return this._callmethod("get", d === undefined ? [k] : [k, d]);
  }
  /**
   * Python's `items` of the referent.
   *
   * @returns The (key, value) pairs, as frozen arrays.
   */
  items(): Promise<(readonly [unknown, unknown])[]> {
    return this._callmethod("items") as Promise<
      (readonly [unknown, unknown])[]
    >;
  }
  /**
   * Python's `keys` of the referent.
   *
   * @returns The keys.
   */
  keys(): Promise<unknown[]> {
    return this._callmethod("keys") as Promise<unknown[]>;
  }
  /**
   * Python's `pop(key, default)` of the referent.
   *
   * @param k A key.
   * @param d A default.
   * @returns The value removed (or `d`).
   * @throws {KeyError} No such key and no default.
   */
  pop(k: unknown, d?: unknown): Promise<unknown> {
    return this._callmethod("pop", d === undefined ? [k] : [k, d]);
  }
  /**
   * Python's `popitem` of the referent.
   *
   * @returns The last (key, value) pair, removed.
   * @throws {KeyError} Empty.
   */
  popitem(): Promise<readonly [unknown, unknown]> {
    return this._callmethod("popitem") as Promise<readonly [unknown, unknown]>;
  }
  /**
   * Python's `setdefault` of the referent.
   *
   * @param k A key.
   * @param d The default (null).
   * @returns The value.
   */
  setdefault(k: unknown, d?: unknown): Promise<unknown> {
    return this._callmethod("setdefault", d === undefined ? [k] : [k, d]);
  }
  /**
   * Python's `update(other)`.
   *
   * @param other A Map, an object, or (key, value) pairs.
   * @returns Once updated.
   */
  update(other: unknown): Promise<void> {
    return this._callmethod("update", [other]) as Promise<void>;
  }
  /**
   * Python's `values` of the referent.
   *
   * @returns The values.
   */
  values(): Promise<unknown[]> {
    return this._callmethod("values") as Promise<unknown[]>;
  }
  /**
   * `for await (const k of d)`: the keys, as Python's `for k in d:`.
   *
   * @returns The iterator.
   */
  async *[Symbol.asyncIterator](): AsyncIterator<unknown> {
    for await (const k of await this.__iter__()) yield k;
  }
}

/**
 * What a Pool proxy's `apply_async`/`map_async`/`starmap_async` return
 * (CPython's `AutoProxy[AsyncResult]`): the result's methods, with
 * `timeout` as a keyword too.
 */
export interface AsyncResultProxy extends BaseProxy {
  /** Python's `get(timeout=None)`: the result, or the task's exception. */
  get(timeout?: number | null | { timeout?: number | null }): Promise<unknown>;
  /** Python's `wait(timeout=None)`. */
  wait(timeout?: number | null | { timeout?: number | null }): Promise<void>;
  /** Python's `ready()`. */
  ready(): Promise<boolean>;
  /** Python's `successful()`. */
  successful(): Promise<boolean>;
}

/** The keyword arguments of a PoolProxy's map methods. */
export interface PoolMapOptions {
  /** Items per task. */
  chunksize?: number | null;
}

/** The keyword arguments of a PoolProxy's apply methods. */
export interface PoolApplyOptions {
  /** The function's positional arguments. */
  args?: unknown[];
  /** The function's keyword arguments. */
  kwds?: Record<string, unknown> | null;
}

/**
 * Python's `PoolProxy`: a pyport manager's `multiprocessing.pool.Pool`.
 * Functions cross as Process targets do (exported functions, found by
 * module and name, or self-contained ones, porting guide §7); callbacks
 * cannot run in the manager, so `apply_async`'s `callback` and
 * `error_callback` are refused.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using m = new SyncManager();
 * await m.start();
 * const pool = await m.Pool(2);
 * assert.deepEqual(await pool.map((x: number) => x * x, [1, 2, 3]), [1, 4, 9]);
 * const r = await pool.apply_async((a: number, b: number) => a + b, [2, 3]);
 * assert.equal(await r.get({ timeout: 30 }), 5);
 * await pool.terminate();
 * ```
 */
export class PoolProxy extends BaseProxy {
  /** The referent's methods this proxy calls. */
  static override _exposed_: readonly string[] = [
    "apply",
    "apply_async",
    "close",
    "imap",
    "imap_unordered",
    "join",
    "map",
    "map_async",
    "starmap",
    "starmap_async",
    "terminate",
  ];
  /** Methods whose results come back as proxies. */
  static override _method_to_typeid_: Readonly<Record<string, string>> = {
    apply_async: "AsyncResult",
    map_async: "AsyncResult",
    starmap_async: "AsyncResult",
    imap: "Iterator",
    imap_unordered: "Iterator",
  };

  async #apply(
    name: string,
    func: (...args: never[]) => unknown,
    args: unknown,
    kwds: unknown,
  ): Promise<unknown> {
    const params = ["args", "kwds", "callback", "error_callback"];
    const [a, kw] = split(name, [args, kwds], params, 0);
    const all = { ...kw };
    a.forEach((v, i) => (all[params[i]!] = v));
    if (all.callback != null || all.error_callback != null) {
      throw new TypeError(
        "a manager's Pool cannot call back into this process (callback)",
      );
    }
    return await this._callmethod(name, [
      FunctionRef.of(func, "func"),
      [...((all.args ?? []) as unknown[])],
      all.kwds ?? {},
    ]);
  }

  async #map(
    name: string,
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize: unknown,
  ): Promise<unknown> {
    const [a, kw] = split(name, [chunksize], ["chunksize"], 0);
    const items = [...iterable];
    const cs = (a[0] ?? kw.chunksize ?? null) as number | null;
    return await this._callmethod(
      name,
      cs === null
        ? [FunctionRef.of(func, "func"), items]
        : [FunctionRef.of(func, "func"), items, cs],
    );
  }

  /**
   * Python's `apply(func, args=(), kwds={})`.
   *
   * @param func The function.
   * @param args Its arguments (or the keywords).
   * @param kwds Its keyword arguments.
   * @returns Its result.
   */
  apply(
    func: (...args: never[]) => unknown,
    args?: unknown[] | PoolApplyOptions,
    kwds?: Record<string, unknown> | null | PoolApplyOptions,
  ): Promise<unknown> {
    return this.#apply("apply", func, args, kwds);
  }

  /**
   * Python's `apply_async(func, args=(), kwds={})`.
   *
   * @param func The function.
   * @param args Its arguments (or the keywords).
   * @param kwds Its keyword arguments.
   * @returns A proxy of the AsyncResult.
   */
  apply_async(
    func: (...args: never[]) => unknown,
    args?: unknown[] | PoolApplyOptions,
    kwds?: Record<string, unknown> | null | PoolApplyOptions,
  ): Promise<AsyncResultProxy> {
    return this.#apply("apply_async", func, args, kwds) as Promise<
      AsyncResultProxy
    >;
  }

  /**
   * Python's `map(func, iterable, chunksize=None)`.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns The results, in order.
   */
  map(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<unknown[]> {
    return this.#map("map", func, iterable, chunksize) as Promise<unknown[]>;
  }

  /**
   * Python's `map_async(func, iterable, chunksize=None)`.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns A proxy of the AsyncResult.
   */
  map_async(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<AsyncResultProxy> {
    return this.#map("map_async", func, iterable, chunksize) as Promise<
      AsyncResultProxy
    >;
  }

  /**
   * Python's `starmap(func, iterable, chunksize=None)`.
   *
   * @param func The function.
   * @param iterable Argument lists.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns The results, in order.
   */
  starmap(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown[]>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<unknown[]> {
    return this.#map("starmap", func, iterable, chunksize) as Promise<
      unknown[]
    >;
  }

  /**
   * Python's `starmap_async(func, iterable, chunksize=None)`.
   *
   * @param func The function.
   * @param iterable Argument lists.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns A proxy of the AsyncResult.
   */
  starmap_async(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown[]>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<AsyncResultProxy> {
    return this.#map("starmap_async", func, iterable, chunksize) as Promise<
      AsyncResultProxy
    >;
  }

  /**
   * Python's `imap(func, iterable, chunksize=1)`.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns An iterator proxy over the results, in order.
   */
  imap(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<IteratorProxy> {
    return this.#map("imap", func, iterable, chunksize) as Promise<
      IteratorProxy
    >;
  }

  /**
   * Python's `imap_unordered(func, iterable, chunksize=1)`.
   *
   * @param func The function.
   * @param iterable The items.
   * @param chunksize Items per task (or `{ chunksize }`).
   * @returns An iterator proxy over the results, as they finish.
   */
  imap_unordered(
    func: (...args: never[]) => unknown,
    iterable: Iterable<unknown>,
    chunksize?: number | null | PoolMapOptions,
  ): Promise<IteratorProxy> {
    return this.#map("imap_unordered", func, iterable, chunksize) as Promise<
      IteratorProxy
    >;
  }

  /**
   * Python's `close()`.
   *
   * @returns Once closed.
   */
  close(): Promise<void> {
    return this._callmethod("close") as Promise<void>;
  }

  /**
   * Python's `join()`.
   *
   * @returns Once the workers have ended.
   */
  join(): Promise<void> {
    return this._callmethod("join") as Promise<void>;
  }

  /**
   * Python's `terminate()`.
   *
   * @returns Once the workers are stopped.
   */
  terminate(): Promise<void> {
    return this._callmethod("terminate") as Promise<void>;
  }

  /** `with manager.Pool() as pool:` ends with `terminate()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.terminate();
  }
}

/**
 * A manager's `queue.Queue` proxy (CPython's `AutoProxy[Queue]`): its
 * methods with `queue.Queue`'s keywords (`await q.get({ timeout: 1 })`).
 */
export interface QueueProxy extends BaseProxy {
  /** Python's `put(item, block=True, timeout=None)`. */
  put(
    item: unknown,
    block?: boolean | { block?: boolean; timeout?: number | null },
    timeout?: number | null,
  ): Promise<void>;
  /** Python's `get(block=True, timeout=None)`. */
  get(
    block?: boolean | { block?: boolean; timeout?: number | null },
    timeout?: number | null,
  ): Promise<unknown>;
  /** Python's `put_nowait(item)`. */
  put_nowait(item: unknown): Promise<void>;
  /** Python's `get_nowait()`. */
  get_nowait(): Promise<unknown>;
  /** Python's `qsize()`. */
  qsize(): Promise<number>;
  /** Python's `empty()`. */
  empty(): Promise<boolean>;
  /** Python's `full()`. */
  full(): Promise<boolean>;
  /** Python's `task_done()`. */
  task_done(): Promise<void>;
  /** Python's `join()`. */
  join(): Promise<void>;
}

for (
  const [name, type] of [
    ["AutoProxy", AutoProxy],
    ["IteratorProxy", IteratorProxy],
    ["AcquirerProxy", AcquirerProxy],
    ["ConditionProxy", ConditionProxy],
    ["EventProxy", EventProxy],
    ["BarrierProxy", BarrierProxy],
    ["NamespaceProxy", NamespaceProxy],
    ["ValueProxy", ValueProxy],
    ["ArrayProxy", ArrayProxy],
    ["ListProxy", ListProxy],
    ["DictProxy", DictProxy],
    ["PoolProxy", PoolProxy],
  ] as const
) recordProxyType(name, type);

registerKind("managers.proxy", import.meta.url, (s) => {
  const state = s as ProxyState;
  const [typeid, address, id] = state.token as [
    string,
    ConnectionAddress,
    string,
  ];
  const token = new Token(typeid, address, id);
  const type = proxyTypeNamed(state.proxytype) ?? AutoProxy;
  return construct(type, token, "pickle", {
    authkey: state.authkey,
    exposed: state.exposed,
    incref: true,
  });
});

/**
 * Python's `multiprocessing.managers` module: a manager process serves
 * shared objects (dicts, lists, queues, locks ... or any registered type)
 * to other processes through proxies, over CPython's own protocol, so a
 * pyport program and a Python program can share a queue or a dict on one
 * machine or across machines.
 *
 * `from multiprocessing.managers import BaseManager` becomes
 * `import { BaseManager } from "@pyport/std/multiprocessing/managers";`.
 * Every proxy call returns a promise (`await d.get(k)`); item and
 * attribute access keep Python's method names (`await d.__setitem__(k,
 * v)`, `await ns.__getattr__("x")`). See the README's "Managers" section
 * and docs/porting.md §9.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import { repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const d = await manager.dict();
 * await d.__setitem__("k", 1);
 * assert.equal(repr(await d.items()), "[('k', 1)]");
 * ```
 *
 * @module
 */
export * from "./token.ts";
export * from "./errors.ts";
export * from "./namespace.ts";
export * from "./value.ts";
export * from "./server.ts";
export {
  BaseProxy,
  type ProxyManager,
  type ProxyOptions,
} from "./base_proxy.ts";
export * from "./proxies.ts";
export * from "./base_manager.ts";
export * from "./sync_manager.ts";

// multiprocessing.Manager and ctx.Manager: Python's factory functions,
// usable with and without `new` (docs/porting.md §1).

import { factory } from "../_callable.ts";
import type { BaseContext } from "../context.ts";
import { SyncManager } from "./sync_manager.ts";

/** A factory of started SyncManagers bound to one context (or the default). */
export interface ManagerFactory {
  /** Starts a SyncManager (in the background: its first call waits). */
  new (): SyncManager;
  /** The same without `new`. */
  (): SyncManager;
  /** The prototype of every SyncManager, for `instanceof`. */
  readonly prototype: SyncManager;
}

/** The Manager factory of context `ctx` (null: the default context). */
export function managerFactory(ctx: BaseContext | null): ManagerFactory {
  const make = (...args: unknown[]): SyncManager => {
    if (args.length > 0) {
      throw new TypeError(
        `Manager() takes 0 positional arguments but ${args.length} were given`,
      );
    }
    const m = new SyncManager({ ctx });
    void m.start();
    return m;
  };
  return factory(
    "Manager",
    make,
    SyncManager.prototype,
  ) as unknown as ManagerFactory;
}

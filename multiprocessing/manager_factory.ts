// multiprocessing.Manager, the module-level factory.

import { type ManagerFactory, managerFactory } from "./managers/_factory.ts";

export type { ManagerFactory };

/**
 * Python's `multiprocessing.Manager()`: a started
 * `multiprocessing.managers.SyncManager`, whose server runs in a process of
 * the default start method. `manager = Manager()` is
 * `const manager = new Manager();` (or without `new`): it starts in the
 * background, and its first call waits for it (an error starting it is
 * raised there). `with Manager() as manager:` is
 * `await using manager = new Manager();`, which shuts it down at the end.
 *
 * @example
 * ```ts
 * import { Manager } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * await using manager = new Manager();
 * const d = await manager.dict();
 * await d.__setitem__(0, 100);
 * assert.deepEqual(await d.values(), [100]);
 * ```
 */
export const Manager: ManagerFactory = managerFactory(null);

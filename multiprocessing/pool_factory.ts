// multiprocessing.Pool, the module-level factory.

import { type PoolFactory, poolFactory } from "./pool/_factory.ts";

export type { PoolFactory };

/**
 * Python's `multiprocessing.Pool(processes=None, initializer=None,
 * initargs=(), maxtasksperchild=None)`: a `multiprocessing.pool.Pool` of
 * the default context. Use it with `new` (or without); leaving a `using`
 * block terminates the pool.
 *
 * @example
 * ```ts ignore
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 *
 * export function double(x: number): number {
 *   return 2 * x;
 * }
 *
 * if (import.meta.main) {
 *   await using pool = new multiprocessing.Pool(2);
 *   console.log(await pool.map(double, [1, 2])); // [2, 4]
 * }
 * ```
 */
export const Pool: PoolFactory = poolFactory(null);

// multiprocessing.Pool and ctx.Pool: Python's factory functions, usable
// with and without `new` (docs/porting.md §1).

import { bind } from "../../_shared/args.ts";
import { factory } from "../_callable.ts";
import type { BaseContext } from "../context.ts";
import { Pool, type PoolOptions } from "./pool.ts";

/** A factory of Pools bound to one context (or the default one). */
export interface PoolFactory {
  /**
   * Python's `Pool(processes=None, initializer=None, initargs=(),
   * maxtasksperchild=None)`.
   *
   * @param processes How many workers (or the keyword arguments).
   * @param initializer Called once in each new worker.
   * @param initargs The initializer's arguments.
   * @param maxtasksperchild Tasks per worker before it is replaced.
   */
  new (
    processes?: number | null | PoolOptions,
    initializer?: ((...args: never[]) => unknown) | null | PoolOptions,
    initargs?: unknown[] | PoolOptions,
    maxtasksperchild?: number | null | PoolOptions,
  ): Pool;
  /**
   * The same without `new`.
   *
   * @param processes How many workers (or the keyword arguments).
   * @param initializer Called once in each new worker.
   * @param initargs The initializer's arguments.
   * @param maxtasksperchild Tasks per worker before it is replaced.
   */
  (
    processes?: number | null | PoolOptions,
    initializer?: ((...args: never[]) => unknown) | null | PoolOptions,
    initargs?: unknown[] | PoolOptions,
    maxtasksperchild?: number | null | PoolOptions,
  ): Pool;
  /** The prototype of every Pool, for `instanceof`. */
  readonly prototype: Pool;
}

const PARAMS = ["processes", "initializer", "initargs", "maxtasksperchild"];

/** The Pool factory of context `ctx` (null: the default context). */
export function poolFactory(ctx: BaseContext | null): PoolFactory {
  const make = (...args: unknown[]): Pool => {
    if (ctx === null) return new Pool(...(args as []));
    const [p, i, a, m] = bind("Pool", PARAMS, args);
    return new Pool(
      p as number | null | undefined,
      i as ((...args: never[]) => unknown) | null | undefined,
      a as unknown[] | undefined,
      m as number | null | undefined,
      ctx,
    );
  };
  return factory("Pool", make, Pool.prototype) as unknown as PoolFactory;
}

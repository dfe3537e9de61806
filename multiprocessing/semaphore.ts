// Python's multiprocessing.Semaphore.

import { callable } from "./_callable.ts";
import { SemaphoreImpl } from "./_sync_semaphore.ts";
import type { Acquirable } from "./lock.ts";

/** Keyword arguments of {@linkcode Semaphore}, with Python's names. */
export interface SemaphoreOptions {
  /** The initial number of free units (default 1). */
  value?: number;
}

/**
 * A `multiprocessing.Semaphore()` object: a counter of free units shared
 * by processes.
 */
export interface Semaphore extends Acquirable {
  /**
   * Python's `release()`: gives one unit back (any thread of any process
   * may), waking one waiter.
   */
  release(): void;

  /**
   * Python's `get_value()`.
   *
   * @returns The number of free units now.
   */
  get_value(): number;

  /**
   * Python's `repr()`: `<Semaphore(value=2)>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode Semaphore}: used with `new`, or called as in Python. */
export interface SemaphoreConstructor {
  /**
   * Makes a semaphore.
   *
   * @param value The free units to start with (default 1), or `{ value }`.
   * @returns The semaphore.
   * @throws {OSError} EINVAL for a negative value, as CPython on Linux.
   * @throws {OverflowError} A value above 2**31 - 1.
   * @throws {TypeError} A value that is not an integer.
   */
  new (value?: number | SemaphoreOptions): Semaphore;
  /**
   * Makes a semaphore: `multiprocessing.Semaphore(value)` as in Python.
   *
   * @param value The free units to start with (default 1), or `{ value }`.
   * @returns The semaphore.
   */
  (value?: number | SemaphoreOptions): Semaphore;
  /** The prototype of every Semaphore, for `instanceof`. */
  readonly prototype: Semaphore;
}

/**
 * Python's `multiprocessing.Semaphore(value=1)`: a semaphore in shared
 * memory, for threads of every process it reaches (with the 'worker' start
 * method). `release()` never fails; see {@linkcode BoundedSemaphore} for
 * one that does above its initial value. Use it with `new`, or call it as
 * Python does.
 *
 * `with sem:` is `using _ = await sem.enter();`.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const sem = new multiprocessing.Semaphore(2);
 * assert.equal(await sem.acquire(), true);
 * assert.equal(await sem.acquire(), true);
 * assert.equal(await sem.acquire({ timeout: 0.01 }), false);
 * sem.release();
 * sem.release();
 * sem.release(); // a plain Semaphore may go above its initial value
 * assert.equal(sem.get_value(), 3);
 * assert.equal(String(sem), "<Semaphore(value=3)>");
 * ```
 */
export const Semaphore: SemaphoreConstructor = callable(
  SemaphoreImpl,
  "Semaphore",
);

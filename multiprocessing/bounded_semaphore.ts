// Python's multiprocessing.BoundedSemaphore.

import { callable } from "./_callable.ts";
import { BoundedSemaphoreImpl } from "./_sync_semaphore.ts";
import type { Semaphore, SemaphoreOptions } from "./semaphore.ts";

/**
 * A `multiprocessing.BoundedSemaphore()` object: a {@linkcode Semaphore}
 * whose value may not go above its initial value.
 */
export interface BoundedSemaphore extends Semaphore {
  /**
   * Python's `release()`: gives one unit back, waking one waiter.
   *
   * @throws {ValueError} "semaphore or lock released too many times" when
   * the value would go above the initial one.
   */
  release(): void;

  /**
   * Python's `repr()`: `<BoundedSemaphore(value=1, maxvalue=2)>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/**
 * The type of {@linkcode BoundedSemaphore}: used with `new`, or called as
 * in Python.
 */
export interface BoundedSemaphoreConstructor {
  /**
   * Makes a bounded semaphore.
   *
   * @param value The free units to start with and the most there may be
   * (default 1), or `{ value }`.
   * @returns The semaphore.
   * @throws {OSError} EINVAL for a negative value, as CPython on Linux.
   * @throws {OverflowError} A value above 2**31 - 1.
   * @throws {TypeError} A value that is not an integer.
   */
  new (value?: number | SemaphoreOptions): BoundedSemaphore;
  /**
   * Makes a bounded semaphore: `multiprocessing.BoundedSemaphore(value)`
   * as in Python.
   *
   * @param value The free units to start with and the most there may be
   * (default 1), or `{ value }`.
   * @returns The semaphore.
   */
  (value?: number | SemaphoreOptions): BoundedSemaphore;
  /** The prototype of every BoundedSemaphore, for `instanceof`. */
  readonly prototype: BoundedSemaphore;
}

/**
 * Python's `multiprocessing.BoundedSemaphore(value=1)`: a semaphore in
 * shared memory whose `release()` raises ValueError rather than go above
 * the initial value. It is a {@linkcode Semaphore} (`instanceof` holds), as
 * in CPython. Use it with `new`, or call it as Python does.
 *
 * `with sem:` is `using _ = await sem.enter();`.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import { ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const sem = multiprocessing.BoundedSemaphore(2);
 * {
 *   using _ = await sem.enter();
 *   assert.equal(String(sem), "<BoundedSemaphore(value=1, maxvalue=2)>");
 * }
 * assert.throws(() => sem.release(), ValueError);
 * assert.ok(sem instanceof multiprocessing.Semaphore);
 * ```
 */
export const BoundedSemaphore: BoundedSemaphoreConstructor = callable(
  BoundedSemaphoreImpl,
  "BoundedSemaphore",
);

// Python's multiprocessing.RLock.

import { AssertionError } from "../builtins/exceptions.ts";
import { callable } from "./_callable.ts";
import { registerKind } from "../_shared/reduce.ts";
import { RECURSIVE_MUTEX, SemLock } from "./_semlock.ts";
import {
  KIND,
  ownerName,
  rebuildSem,
  SEMLOCK,
  SemLockObject,
  takePending,
  wrapping,
} from "./_sync_base.ts";
import type { Acquirable } from "./lock.ts";

/**
 * A `multiprocessing.RLock()` object: a recursive lock that works across
 * processes, owned by the thread (of one process) that acquired it.
 */
export interface RLock extends Acquirable {
  /**
   * Python's `release()`: gives back one level; the lock is free once the
   * owner has released it as many times as it acquired it.
   *
   * @throws {AssertionError} "attempt to release recursive lock not owned
   * by thread" when the calling thread does not own it.
   */
  release(): void;

  /**
   * Python's `locked()` (Python 3.14).
   *
   * @returns Whether the lock is held, by anyone.
   */
  locked(): boolean;

  /**
   * Python's `repr()`: `<RLock(MainProcess, 2)>` when the calling thread
   * owns it twice, `<RLock(None, 0)>` when free,
   * `<RLock(SomeOtherThread, nonzero)>` or `<RLock(SomeOtherProcess, nonzero)>`.
   *
   * @returns The description.
   */
  toString(): string;
}

/** The type of {@linkcode RLock}: used with `new`, or called as in Python. */
export interface RLockConstructor {
  /**
   * Makes a recursive lock, free.
   *
   * @returns The lock.
   */
  new (): RLock;
  /**
   * Makes a recursive lock, free: `multiprocessing.RLock()` as in Python.
   *
   * @returns The lock.
   */
  (): RLock;
  /** The prototype of every RLock, for `instanceof`. */
  readonly prototype: RLock;
}

class RLockImpl extends SemLockObject implements RLock {
  constructor() {
    super(takePending() ?? new SemLock(RECURSIVE_MUTEX, 1, 1));
  }

  get [KIND](): string {
    return "RLock";
  }

  override release(): void {
    const sem = this[SEMLOCK];
    if (!sem.isMine()) {
      throw new AssertionError(
        "attempt to release recursive lock not owned by thread",
      );
    }
    sem.release();
  }

  locked(): boolean {
    return this[SEMLOCK].getValue() === 0;
  }

  override toString(): string {
    const sem = this[SEMLOCK];
    if (sem.isMine()) return `<RLock(${ownerName()}, ${sem.count()})>`;
    if (sem.getValue() === 1) return "<RLock(None, 0)>";
    const who = sem.count() > 0 ? "SomeOtherThread" : "SomeOtherProcess";
    return `<RLock(${who}, nonzero)>`;
  }
}

/**
 * Python's `multiprocessing.RLock()`: a recursive lock in shared memory,
 * for threads of every process it reaches (with the 'worker' start
 * method). The owning thread may acquire it again; it is free once released
 * as many times. Ownership follows a thread across awaits. Use it with
 * `new`, or call it as Python does.
 *
 * `with rlock:` is `using _ = await rlock.enter();`.
 *
 * @example
 * ```ts
 * import * as multiprocessing from "@pyport/std/multiprocessing";
 * import { AssertionError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const lock = multiprocessing.RLock();
 * {
 *   using _outer = await lock.enter();
 *   using _inner = await lock.enter(); // the owner may re-enter
 *   assert.equal(String(lock), "<RLock(MainProcess, 2)>");
 * }
 * assert.equal(String(lock), "<RLock(None, 0)>");
 * assert.throws(() => lock.release(), AssertionError);
 * ```
 */
export const RLock: RLockConstructor = callable(RLockImpl, "RLock");

registerKind(
  "RLock",
  import.meta.url,
  (s) => wrapping(rebuildSem(s), () => new RLockImpl()),
);

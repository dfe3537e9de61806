// The one cross-process primitive that multiprocessing's locks, semaphores
// and queues are built on, as CPython's _multiprocessing.SemLock: a counting
// semaphore (or a recursive mutex) in a few Int32 cells of shared memory.
// Taking it when free is one compare-and-swap; waiting is Atomics.waitAsync
// on the count (see _atomics.ts), so no event loop ever stops and nothing
// polls. Which thread took it, and how often, is kept per process, as
// CPython keeps it per process.

import { NotImplementedError, ValueError } from "../builtins/exceptions.ts";
import { Deadline, notifyCell, sharedCells, waitCell } from "./_atomics.ts";
import { self, threadIdent } from "./_identity.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";

/** Kinds, as CPython numbers them. */
export const RECURSIVE_MUTEX = 0, SEMAPHORE = 1;

/** Python's SEM_VALUE_MAX on Linux. */
export const SEM_VALUE_MAX = 2147483647;

// Cells: the count; how many wait; the owner's pid and thread (a recursive
// mutex only); spare.
const VALUE = 0, WAITERS = 1, OWNER_PID = 2, OWNER_TID = 3;
const CELLS = 5;

interface State {
  cells: Int32Array;
  kind: number;
  maxvalue: number;
  id: number;
}

// One SemLock object per lock per process: the counts below are kept per
// process, so every copy of a lock that reaches a process (in a Process's
// arguments, inside a Condition, through a Queue ...) must be rebuilt as
// the same object. A lock gets a random id the first time it crosses.
const live = new Map<number, WeakRef<SemLock>>();
const gone = new FinalizationRegistry<number>((id) => {
  if (live.get(id)?.deref() === undefined) live.delete(id);
});

function newId(): number {
  const r = crypto.getRandomValues(new Uint32Array(2));
  return (r[0]! & 0x1fffff) * 2 ** 32 + r[1]! + 1;
}

function remember(lock: SemLock, id: number): void {
  live.set(id, new WeakRef(lock));
  gone.register(lock, id);
}

/**
 * A semaphore or recursive mutex shared by every process it reaches.
 * `acquire` returns a boolean in a promise (or synchronously through
 * `tryAcquire`); `release` never waits.
 */
export class SemLock {
  readonly cells: Int32Array;
  readonly kind: number;
  readonly maxvalue: number;
  /** Acquisitions by this process not yet released (CPython's `count`). */
  #count = 0;
  /** The thread of this process that acquired it last. */
  #lastTid = 0;
  /** The id it crosses with (0: has not crossed yet). */
  #id = 0;

  /** Makes a new one with `value` free units (or rebuilds shared cells). */
  constructor(
    kind: number,
    value: number,
    maxvalue: number,
    cells?: Int32Array,
  ) {
    if (cells === undefined) {
      if (kind !== RECURSIVE_MUTEX && kind !== SEMAPHORE) {
        throw new ValueError("unrecognized kind");
      }
      if (value < 0 || value > SEM_VALUE_MAX) {
        throw new ValueError("invalid value");
      }
      cells = sharedCells(CELLS);
      cells[VALUE] = value;
    }
    this.cells = cells;
    this.kind = kind;
    this.maxvalue = maxvalue;
  }

  /** Whether the calling thread of this process holds it (recursive mutex). */
  #ownedHere(): boolean {
    const c = this.cells;
    return Atomics.load(c, OWNER_PID) === self.pid &&
      Atomics.load(c, OWNER_TID) === threadIdent() && this.#count > 0;
  }

  /** Takes one unit if one is free now; never waits. */
  tryAcquire(): boolean {
    if (this.kind === RECURSIVE_MUTEX && this.#ownedHere()) {
      this.#count++;
      return true;
    }
    const c = this.cells;
    for (;;) {
      const v = Atomics.load(c, VALUE);
      if (v <= 0) return false;
      if (Atomics.compareExchange(c, VALUE, v, v - 1) === v) break;
    }
    this.#taken();
    return true;
  }

  #taken(): void {
    const tid = threadIdent();
    if (this.kind === RECURSIVE_MUTEX) {
      Atomics.store(this.cells, OWNER_PID, self.pid);
      Atomics.store(this.cells, OWNER_TID, tid);
    }
    this.#count++;
    this.#lastTid = tid;
  }

  /**
   * Takes one unit, waiting at most `timeout` seconds (null: no limit;
   * 0: not at all). Resolves with whether it was taken.
   */
  async acquire(timeout: number | null): Promise<boolean> {
    if (this.tryAcquire()) return true;
    if (timeout === 0) return false;
    const c = this.cells;
    const deadline = new Deadline(timeout);
    Atomics.add(c, WAITERS, 1);
    try {
      for (;;) {
        const left = deadline.left();
        if (left === 0) return this.tryAcquire();
        await waitCell(c, VALUE, 0, left);
        if (this.tryAcquire()) return true;
      }
    } finally {
      Atomics.sub(c, WAITERS, 1);
    }
  }

  /**
   * Gives one unit back. A recursive mutex must be held by the caller
   * (AssertionError otherwise, raised by the caller's class); a bounded
   * semaphore may not exceed `maxvalue`.
   */
  release(): void {
    const c = this.cells;
    if (this.kind === RECURSIVE_MUTEX) {
      if (--this.#count > 0) return;
      Atomics.store(c, OWNER_PID, 0);
      Atomics.store(c, OWNER_TID, 0);
    } else {
      for (;;) {
        const v = Atomics.load(c, VALUE);
        if (v >= this.maxvalue) {
          throw new ValueError("semaphore or lock released too many times");
        }
        if (Atomics.compareExchange(c, VALUE, v, v + 1) === v) break;
      }
      if (this.#count > 0) this.#count--;
      if (Atomics.load(c, WAITERS) > 0) notifyCell(c, VALUE, 1);
      return;
    }
    Atomics.add(c, VALUE, 1);
    if (Atomics.load(c, WAITERS) > 0) notifyCell(c, VALUE, 1);
  }

  /** CPython's `_is_mine()`: the calling thread of this process holds it. */
  isMine(): boolean {
    if (this.kind === RECURSIVE_MUTEX) return this.#ownedHere();
    return this.#count > 0 && this.#lastTid === threadIdent();
  }

  /** CPython's `_count()`: this process's unreleased acquisitions. */
  count(): number {
    return this.#count;
  }

  /** CPython's `_get_value()`: the free units now. */
  getValue(): number {
    return Atomics.load(this.cells, VALUE);
  }

  /** CPython's `_is_zero()`. */
  isZero(): boolean {
    return this.getValue() === 0;
  }

  /** The owner of a held recursive mutex: [pid, thread ident], else null. */
  owner(): [number, number] | null {
    const pid = Atomics.load(this.cells, OWNER_PID);
    if (pid === 0) return null;
    return [pid, Atomics.load(this.cells, OWNER_TID)];
  }

  /** Crossing to a child: the cells are shared; counts start afresh. */
  [REDUCE](ctx: ReduceContext): Reduced {
    if (ctx.method === "spawn") {
      throw new NotImplementedError(
        `${ctx.path}: locks and semaphores live in shared memory, which a ` +
          "'spawn' process (another OS process) cannot share; use the " +
          "'worker' start method (get_context('worker'))",
      );
    }
    if (this.#id === 0) remember(this, this.#id = newId());
    const state: State = {
      cells: this.cells,
      kind: this.kind,
      maxvalue: this.maxvalue,
      id: this.#id,
    };
    return reduced("SemLock", state);
  }

  /** The object for `state` in this process: made once, then reused. */
  static rebuild(state: State): SemLock {
    const { cells, kind, maxvalue, id } = state;
    const known = live.get(id)?.deref();
    if (known !== undefined) return known;
    const lock = new SemLock(kind, 0, maxvalue, cells);
    lock.#id = id;
    remember(lock, id);
    return lock;
  }
}

registerKind("SemLock", import.meta.url, (s) => SemLock.rebuild(s as State));

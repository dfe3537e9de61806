// The classes behind multiprocessing.Semaphore and BoundedSemaphore
// (private: the public names are callable constructors, see _callable.ts).

import { bind } from "../_shared/args.ts";
import { registerKind } from "../_shared/reduce.ts";
import {
  KIND,
  rebuildSem,
  semaphoreLock,
  SEMLOCK,
  SemLockObject,
  setPending,
  takePending,
  wrapping,
} from "./_sync_base.ts";
import type { BoundedSemaphore } from "./bounded_semaphore.ts";
import type { Semaphore, SemaphoreOptions } from "./semaphore.ts";

/** Semaphore (BoundedSemaphore extends it, as in CPython). */
export class SemaphoreImpl extends SemLockObject implements Semaphore {
  constructor(...args: [value?: number | SemaphoreOptions]) {
    super(
      takePending() ??
        semaphoreLock(bind("Semaphore", ["value"], args)[0], false),
    );
  }

  get [KIND](): string {
    return "Semaphore";
  }

  get_value(): number {
    return this[SEMLOCK].getValue();
  }

  override toString(): string {
    return `<Semaphore(value=${this.get_value()})>`;
  }
}

/** BoundedSemaphore: release() above the initial value is a ValueError. */
export class BoundedSemaphoreImpl extends SemaphoreImpl
  implements BoundedSemaphore {
  constructor(...args: [value?: number | SemaphoreOptions]) {
    // SemaphoreImpl takes the pending SemLock instead of making its own.
    setPending(
      takePending() ??
        semaphoreLock(bind("BoundedSemaphore", ["value"], args)[0], true),
    );
    super();
  }

  override get [KIND](): string {
    return "BoundedSemaphore";
  }

  override toString(): string {
    const sem = this[SEMLOCK];
    return `<BoundedSemaphore(value=${sem.getValue()}, maxvalue=${sem.maxvalue})>`;
  }
}

registerKind(
  "Semaphore",
  import.meta.url,
  (s) => wrapping(rebuildSem(s), () => new SemaphoreImpl()),
);
registerKind(
  "BoundedSemaphore",
  import.meta.url,
  (s) => wrapping(rebuildSem(s), () => new BoundedSemaphoreImpl()),
);

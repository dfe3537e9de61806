// A reusable "wake everyone waiting for this condition" latch, the building
// block of the event-driven readiness the adapters offer.

let pending = 0;

/**
 * How many `Waiter.once` and `Watchers.add` callbacks are registered and
 * neither called nor cancelled, process-wide. For tests that check a long
 * select loop leaves nothing behind; this file is private, not public API.
 */
export function pendingCallbacks(): number {
  return pending;
}

/** Waiters for one condition; `wake()` resolves them all at once. */
export class Waiter {
  #promise: Promise<void> | null = null;
  #resolve: (() => void) | null = null;
  #callbacks: Set<() => void> | null = null;

  /**
   * Calls `cb` once at the next `wake()`. Returns a function that cancels
   * it, leaving nothing behind (unlike a promise reaction).
   */
  once(cb: () => void): () => void {
    const set = (this.#callbacks ??= new Set());
    if (!set.has(cb)) pending++;
    set.add(cb);
    return () => {
      if (this.#callbacks?.delete(cb)) pending--;
    };
  }

  /** A promise resolved by the next `wake()`. */
  wait(): Promise<void> {
    if (this.#promise === null) {
      this.#promise = new Promise<void>((r) => {
        this.#resolve = r;
      });
    }
    return this.#promise;
  }

  /** Resolves every pending `wait()`. Cheap when nobody waits. */
  wake(): void {
    const cbs = this.#callbacks;
    if (cbs !== null && cbs.size > 0) {
      this.#callbacks = null;
      pending -= cbs.size;
      for (const cb of cbs) cb();
    }
    const r = this.#resolve;
    if (r !== null) {
      this.#promise = null;
      this.#resolve = null;
      r();
    }
  }
}

/** A resolved promise, shared to avoid allocating one per ready call. */
export const READY: Promise<void> = Promise.resolve();

/**
 * Callbacks waiting for one readiness source. At most one reaction is
 * attached to the source at a time, however many watchers come and go, so
 * a long-lived idle socket in a busy select loop accumulates nothing.
 */
export class Watchers {
  #cbs: Set<() => void> | null = null;
  #armed = false;
  #source: () => Promise<void>;

  /** @param source Gives the promise for "may have changed" in the current state. */
  constructor(source: () => Promise<void>) {
    this.#source = source;
  }

  /** Adds `cb`, called once at the next change; returns its cancel function. */
  add(cb: () => void): () => void {
    const set = (this.#cbs ??= new Set());
    if (!set.has(cb)) pending++;
    set.add(cb);
    if (!this.#armed) {
      this.#armed = true;
      const fire = () => this.#fire();
      this.#source().then(fire, fire);
    }
    return () => {
      if (this.#cbs?.delete(cb)) pending--;
    };
  }

  #fire(): void {
    this.#armed = false;
    const cbs = this.#cbs;
    if (cbs === null || cbs.size === 0) return;
    this.#cbs = null;
    pending -= cbs.size;
    for (const cb of cbs) cb();
  }
}

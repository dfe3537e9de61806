// A reusable "wake everyone waiting for this condition" latch, the building
// block of the event-driven readiness the adapters offer.

/** Waiters for one condition; `wake()` resolves them all at once. */
export class Waiter {
  #promise: Promise<void> | null = null;
  #resolve: (() => void) | null = null;

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

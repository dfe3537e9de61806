// docs/porting.md §6 for context managers whose __enter__ blocks (locks,
// conditions, semaphores): `with lock:` becomes
// `using _ = await lock.enter();`. `enter()` acquires and resolves with a
// Disposable whose [Symbol.dispose]() releases. threading's and
// multiprocessing's locks, conditions and semaphores all use this guard, so
// every blocking context manager of the package has the one form.

/** Anything released by one `release()` call. */
export interface Releasable {
  release(): void;
}

/**
 * A Disposable that calls `lock.release()` each time it is disposed. It holds
 * no state of its own, so one guard per lock serves every `enter()`.
 */
export class ReleaseGuard implements Disposable {
  readonly #lock: Releasable;

  constructor(lock: Releasable) {
    this.#lock = lock;
  }

  [Symbol.dispose](): void {
    this.#lock.release();
  }
}

/** An already-resolved `enter()` result for `lock`, made once and reused. */
export function entered(lock: Releasable): Promise<Disposable> {
  return Promise.resolve(new ReleaseGuard(lock));
}

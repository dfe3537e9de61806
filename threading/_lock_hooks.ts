// What Condition needs of an RLock beyond acquire/release (Python's
// _is_owned, _release_save and _acquire_restore): rlock.ts fills it in from
// a static block, which may read the lock's #private state.

import type { RLock } from "./rlock.ts";

/** Hooks into RLock, for Condition. */
export const rlockHooks: {
  /** Whether the calling thread owns the lock. */
  isOwned(l: RLock): boolean;
  /** Releases the lock entirely, whatever its recursion level; returns that level. */
  releaseSave(l: RLock): number;
  /** Waits for the lock, then restores the recursion level `saved`. */
  acquireRestore(l: RLock, saved: number): Promise<void>;
} = {
  isOwned: () => false,
  releaseSave: () => 0,
  acquireRestore: () => Promise.resolve(),
};

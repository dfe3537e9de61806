// Per-thread storage of threading.local objects: thread → (local → values).
// Dropping a thread's table when it ends frees all its values at once, as
// Python frees a finished thread's locals; local objects are weak keys.

import type { TaskThread as Thread } from "../_shared/thread_context.ts";

const tables = new WeakMap<Thread, WeakMap<object, object>>();

/** The values object of `local` in thread `t`, if it has one yet. */
export function getValues(t: Thread, local: object): object | undefined {
  return tables.get(t)?.get(local);
}

/** Sets the values object of `local` in thread `t`. */
export function setValues(t: Thread, local: object, values: object): void {
  let table = tables.get(t);
  if (table === undefined) tables.set(t, table = new WeakMap());
  table.set(local, values);
}

/** Drops every local value of the thread `t` (it has ended). */
export function dropLocals(t: Thread): void {
  tables.delete(t);
}

// What happens to an exception that escapes a thread: it goes to
// threading.excepthook; if the hook itself fails, that is printed too.
// Neither ends the program.

import { excepthook, ExceptHookArgs } from "./excepthook.ts";
import type { Thread } from "./thread.ts";
import { isThenable } from "../_shared/thenable.ts";

function hookFailed(e: unknown): void {
  const text = e instanceof Error ? e.stack ?? String(e) : String(e);
  console.error(`Exception in threading.excepthook:\n${text}`);
}

/** Hands `e`, raised in `thread`, to the current excepthook. */
export function reportException(e: unknown, thread: Thread): void {
  try {
    const r = excepthook(new ExceptHookArgs(e, thread));
    if (isThenable(r)) Promise.resolve(r).catch(hookFailed);
  } catch (he) {
    hookFailed(he);
  }
}

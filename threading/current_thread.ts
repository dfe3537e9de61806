// Python's threading.current_thread, main_thread, get_ident, get_native_id.

// The floor knows threads only by shape; every thread it holds is a Thread.
import { current, mainThread } from "../_shared/thread_context.ts";
import type { Thread } from "./thread.ts";

/**
 * Python's `current_thread()`: the Thread whose task is running, across
 * awaits; the main thread outside every Thread.
 *
 * @returns The calling thread.
 *
 * @example
 * ```ts
 * import { current_thread, main_thread, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(current_thread(), main_thread());
 * let seen: Thread | null = null;
 * const t = new Thread({
 *   target: async () => {
 *     await Promise.resolve();
 *     seen = current_thread();
 *   },
 * });
 * t.start();
 * await t.join();
 * assert.equal(seen, t);
 * ```
 */
export function current_thread(): Thread {
  return current() as Thread;
}

/**
 * Legacy `currentThread()`: {@linkcode current_thread}.
 *
 * @returns The calling thread.
 *
 * @example
 * ```ts
 * import { current_thread, currentThread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(currentThread(), current_thread());
 * ```
 */
export function currentThread(): Thread {
  return current() as Thread;
}

/**
 * Python's `main_thread()`: the thread the program started in, named
 * `"MainThread"`.
 *
 * @returns The main thread.
 *
 * @example
 * ```ts
 * import { main_thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(main_thread().name, "MainThread");
 * assert.equal(main_thread().daemon, false);
 * ```
 */
export function main_thread(): Thread {
  return mainThread() as Thread;
}

/**
 * Python's `get_ident()`: the calling thread's `ident`, a positive number
 * no other live thread has.
 *
 * @returns The identifier.
 *
 * @example
 * ```ts
 * import { current_thread, get_ident } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_ident(), current_thread().ident);
 * ```
 */
export function get_ident(): number {
  return current().ident!;
}

/**
 * Python's `get_native_id()`: the calling thread's `native_id` (pyport's
 * number; the main thread's is the process id).
 *
 * @returns The identifier.
 *
 * @example
 * ```ts
 * import { get_native_id, main_thread } from "@pyport/std/threading";
 * import process from "node:process";
 * import assert from "node:assert/strict";
 *
 * assert.equal(get_native_id(), process.pid);
 * assert.equal(main_thread().native_id, process.pid);
 * ```
 */
export function get_native_id(): number {
  return current().native_id!;
}

// Python's threading.settrace/setprofile family: kept, without effect.

/** A trace or profile function, as Python's `sys.settrace` takes. */
export type TraceFunction = (...args: unknown[]) => unknown;

let trace: TraceFunction | null = null;
let profile: TraceFunction | null = null;

/**
 * Python's `settrace(func)`: records `func` for `gettrace()`. It is never
 * called: JavaScript has no `sys.settrace` hook, so this is a documented
 * no-op.
 *
 * @param func The trace function, or null.
 *
 * @example
 * ```ts
 * import { gettrace, settrace } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const f = () => {};
 * settrace(f);
 * assert.equal(gettrace(), f);
 * settrace(null);
 * ```
 */
export function settrace(func: TraceFunction | null): void {
  trace = func;
}

/**
 * Python's `settrace_all_threads(func)`: as {@linkcode settrace}.
 *
 * @param func The trace function, or null.
 *
 * @example
 * ```ts
 * import { gettrace, settrace_all_threads } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * settrace_all_threads(null);
 * assert.equal(gettrace(), null);
 * ```
 */
export function settrace_all_threads(func: TraceFunction | null): void {
  trace = func;
}

/**
 * Python's `gettrace()`: what `settrace` recorded.
 *
 * @returns The trace function, or null.
 *
 * @example
 * ```ts
 * import { gettrace } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(gettrace(), null);
 * ```
 */
export function gettrace(): TraceFunction | null {
  return trace;
}

/**
 * Python's `setprofile(func)`: records `func` for `getprofile()`; never
 * called (a documented no-op).
 *
 * @param func The profile function, or null.
 *
 * @example
 * ```ts
 * import { getprofile, setprofile } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const f = () => {};
 * setprofile(f);
 * assert.equal(getprofile(), f);
 * setprofile(null);
 * ```
 */
export function setprofile(func: TraceFunction | null): void {
  profile = func;
}

/**
 * Python's `setprofile_all_threads(func)`: as {@linkcode setprofile}.
 *
 * @param func The profile function, or null.
 *
 * @example
 * ```ts
 * import { getprofile, setprofile_all_threads } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * setprofile_all_threads(null);
 * assert.equal(getprofile(), null);
 * ```
 */
export function setprofile_all_threads(func: TraceFunction | null): void {
  profile = func;
}

/**
 * Python's `getprofile()`: what `setprofile` recorded.
 *
 * @returns The profile function, or null.
 *
 * @example
 * ```ts
 * import { getprofile } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getprofile(), null);
 * ```
 */
export function getprofile(): TraceFunction | null {
  return profile;
}

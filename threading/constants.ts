// Python's threading.TIMEOUT_MAX and ThreadError.

import { RuntimeError } from "../builtins/exceptions.ts";
import { TIMEOUT_MAX_SECONDS } from "../_shared/waiters.ts";

/**
 * Python's `threading.TIMEOUT_MAX`: the largest `timeout` the blocking
 * calls accept, in seconds (CPython's value on 64-bit Linux). Longer waits
 * raise OverflowError in `Lock.acquire`/`RLock.acquire`.
 *
 * @example
 * ```ts
 * import { Lock, TIMEOUT_MAX } from "@pyport/std/threading";
 * import { OverflowError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(new Lock().acquire(true, TIMEOUT_MAX * 2), OverflowError);
 * ```
 */
export const TIMEOUT_MAX: number = TIMEOUT_MAX_SECONDS;

/**
 * Python's `threading.ThreadError`: the same class as RuntimeError.
 *
 * @example
 * ```ts
 * import { ThreadError } from "@pyport/std/threading";
 * import { RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ThreadError, RuntimeError);
 * ```
 */
export const ThreadError: typeof RuntimeError = RuntimeError;

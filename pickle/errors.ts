// Python's pickle exceptions.

import { Exception } from "../builtins/exceptions.ts";

/**
 * Python's `pickle.PickleError`: the base of the pickle exceptions.
 *
 * @example
 * ```ts
 * import { PickleError, PicklingError } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new PicklingError("x") instanceof PickleError);
 * ```
 */
export class PickleError extends Exception {}

/**
 * Python's `pickle.PicklingError`: a value cannot be pickled.
 *
 * @example
 * ```ts
 * import { dumps, PicklingError } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => dumps(() => 1), PicklingError);
 * ```
 */
export class PicklingError extends PickleError {}

/**
 * Python's `pickle.UnpicklingError`: the data is not a pickle this module
 * will read (malformed, truncated, or naming a class it does not allow).
 *
 * @example
 * ```ts
 * import { loads, UnpicklingError } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => loads(new Uint8Array([0x80, 4, 0x4b])), UnpicklingError);
 * ```
 */
export class UnpicklingError extends PickleError {}

for (const cls of [PickleError, PicklingError, UnpicklingError]) {
  Object.defineProperty(cls.prototype, "name", {
    value: cls.name,
    writable: true,
    configurable: true,
  });
}

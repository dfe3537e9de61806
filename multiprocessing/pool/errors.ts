// multiprocessing.pool's own exception classes.

import { Exception } from "../../builtins/exceptions.ts";
import { pyRepr } from "../../_shared/pyrepr.ts";

/**
 * Python's `multiprocessing.pool.RemoteTraceback`: the `cause` of an
 * exception that a task raised in a worker and `get()` raises in the
 * parent; its text is the worker's traceback.
 *
 * @example
 * ```ts
 * import { RemoteTraceback } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const tb = new RemoteTraceback("Traceback (most recent call last): ...");
 * assert.equal(String(tb), "Traceback (most recent call last): ...");
 * ```
 */
export class RemoteTraceback extends Exception {
  /** The traceback text, as Python prints the cause. */
  override toString(): string {
    return String(this.args[0] ?? "");
  }
}

Object.defineProperty(RemoteTraceback.prototype, "name", {
  value: "RemoteTraceback",
  writable: true,
  configurable: true,
});

/**
 * Python's `multiprocessing.pool.MaybeEncodingError`: a task's result (or
 * exception) could not be sent back from the worker. `exc` and `value` are
 * the reprs of the error and of the value.
 *
 * @example
 * ```ts
 * import { MaybeEncodingError } from "@pyport/std/multiprocessing/pool";
 * import assert from "node:assert/strict";
 *
 * const e = new MaybeEncodingError("TypeError('x')", "<function f>");
 * assert.equal(
 *   e.message,
 *   "Error sending result: '<function f>'. Reason: 'TypeError('x')'",
 * );
 * ```
 */
export class MaybeEncodingError extends Exception {
  /** The repr of the error that stopped the sending. */
  readonly exc: string;
  /** The repr of the value that could not be sent. */
  readonly value: string;

  /**
   * Makes the error.
   *
   * @param exc The repr of the error.
   * @param value The repr of the value.
   */
  constructor(exc: unknown, value: unknown) {
    const e = typeof exc === "string" ? exc : pyRepr(exc);
    const v = typeof value === "string" ? value : pyRepr(value);
    super(e, v);
    this.exc = e;
    this.value = v;
    this.message = `Error sending result: '${v}'. Reason: '${e}'`;
  }
}

Object.defineProperty(MaybeEncodingError.prototype, "name", {
  value: "MaybeEncodingError",
  writable: true,
  configurable: true,
});

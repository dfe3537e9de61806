// Python's multiprocessing.managers.RemoteError.

import { Exception } from "../../builtins/exceptions.ts";
import { register } from "../../pickle/registry.ts";

/**
 * Python's `multiprocessing.managers.RemoteError`: the manager could not do
 * what a proxy asked, and sent back its traceback (the method is not
 * exposed, the object is gone, the result could not be pickled). Its
 * str() frames that traceback between two lines of dashes, as Python's.
 * An exception the referent's method raised is not wrapped: the caller
 * gets that exception, of its own class.
 *
 * @example
 * ```ts
 * import { RemoteError } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const e = new RemoteError("Traceback ...\nKeyError: 'x'\n");
 * assert.ok(e.message.startsWith("\n" + "-".repeat(75) + "\nTraceback"));
 * assert.deepEqual([...e.args], ["Traceback ...\nKeyError: 'x'\n"]);
 * ```
 */
export class RemoteError extends Exception {
  /**
   * Makes the error.
   *
   * @param args The remote traceback text (Python's `args[0]`).
   */
  constructor(...args: unknown[]) {
    super(...args);
    const dashes = "-".repeat(75);
    this.message = `\n${dashes}\n${String(args[0] ?? "")}${dashes}`;
  }
}
Object.defineProperty(RemoteError.prototype, "name", { value: "RemoteError" });
register("multiprocessing.managers.RemoteError", RemoteError);

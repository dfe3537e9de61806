// Python's multiprocessing.managers.Namespace.

import { register } from "../../pickle/registry.ts";
import { pyRepr, showAsPython } from "../../_shared/pyrepr.ts";

/**
 * Python's `multiprocessing.managers.Namespace(**kwds)`: an object whose
 * attributes are its data, what `SyncManager.Namespace()` shares. Its
 * repr lists the public attributes in order of name. It pickles as
 * CPython's (its `__dict__` is the state).
 *
 * @example
 * ```ts
 * import { Namespace } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const ns = new Namespace({ y: "b", x: 1 });
 * assert.equal(String(ns), "Namespace(x=1, y='b')");
 * ```
 */
export class Namespace {
  /**
   * Makes the namespace.
   *
   * @param kwds Its first attributes.
   */
  constructor(kwds?: Record<string, unknown>) {
    if (kwds !== undefined && kwds !== null) Object.assign(this, kwds);
  }

  /**
   * Python's repr(): `Namespace(x=1, y='b')`.
   *
   * @returns The repr.
   */
  toString(): string {
    const parts = Object.entries(this)
      .filter(([k]) => !k.startsWith("_"))
      .map(([k, v]) => `${k}=${pyRepr(v)}`)
      .sort();
    const cls = this.constructor as { name: string };
    return `${cls.name}(${parts.join(", ")})`;
  }
}

showAsPython(Namespace);

register("multiprocessing.managers.Namespace", Namespace);

// Python's `threading.excepthook = f`, the one assignable module attribute.

import { attrSetters } from "./_attrs.ts";
import type { ExceptHook } from "./excepthook.ts";

/** The module attributes of `threading` that Python programs assign. */
export interface Attributes {
  /** `threading.excepthook`. */
  excepthook: ExceptHook;
}

/**
 * Python's `setattr(threading, name, value)`, i.e. `threading.name = value`:
 * pyport's one way to assign a module attribute, since an ES module's
 * exports cannot be assigned by importers. The exported binding changes,
 * so `threading.excepthook` reads the new value everywhere.
 *
 * @param name The attribute: `"excepthook"`.
 * @param value Its new value.
 * @throws {TypeError} For a name that is not an assignable attribute, or a
 * value of the wrong kind.
 *
 * @example
 * ```ts
 * import * as threading from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const hook = (_args: threading.ExceptHookArgs) => {};
 * threading.setattr("excepthook", hook);
 * assert.equal(threading.excepthook, hook);
 * threading.setattr("excepthook", threading.__excepthook__);
 * ```
 */
export function setattr<K extends keyof Attributes>(
  name: K,
  value: Attributes[K],
): void {
  const set = attrSetters.get(name);
  if (set === undefined) {
    throw new TypeError(
      `module 'threading' has no assignable attribute '${String(name)}'`,
    );
  }
  set(value);
}

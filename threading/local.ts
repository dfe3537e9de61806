// Python's threading.local.

import { current } from "../_shared/thread_context.ts";
import { getValues, setValues } from "./_locals.ts";

// Set while a subclass's constructor runs again for another thread: local's
// constructor then returns the bare object being initialised.
let reinit: object | null = null;

/**
 * Python's `threading.local`: an object whose attributes are separate in
 * each thread. Each thread starts with none, except those a subclass's
 * constructor sets: as Python re-runs `__init__`, the constructor runs again
 * (with the same arguments) the first time each thread touches the object.
 * Attributes follow the thread across awaits, and a thread's values are
 * dropped when it ends. Use public properties (`#private` fields are not
 * per thread).
 *
 * @example
 * ```ts
 * import { local, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const data = new local() as local & { x?: number };
 * data.x = 1;
 * const t = new Thread({
 *   target: () => {
 *     assert.equal(data.x, undefined);
 *     data.x = 2;
 *   },
 * });
 * t.start();
 * await t.join();
 * assert.equal(data.x, 1);
 * ```
 */
export class local {
  /**
   * Makes the object. Arguments are for a subclass's constructor; `local`
   * itself takes none.
   *
   * @param args What a subclass's constructor takes.
   * @throws {TypeError} "Initialization arguments are not supported" for
   * arguments to `local` itself.
   */
  constructor(...args: unknown[]) {
    if (reinit !== null) return reinit as this;
    const cls = new.target;
    if (cls === local && args.length > 0) {
      throw new TypeError("Initialization arguments are not supported");
    }
    const token = {};
    setValues(current(), token, this);
    const dict = (): object => {
      const t = current();
      let d = getValues(t, token);
      if (d === undefined) {
        d = Object.create(cls.prototype) as object;
        setValues(t, token, d);
        if (cls !== local) {
          const saved = reinit;
          reinit = d;
          try {
            Reflect.construct(cls, args);
          } finally {
            reinit = saved;
          }
        }
      }
      return d;
    };
    return new Proxy(this, {
      get: (_t, k) => Reflect.get(dict(), k),
      set: (_t, k, v) => Reflect.set(dict(), k, v),
      has: (_t, k) => Reflect.has(dict(), k),
      deleteProperty: (_t, k) => Reflect.deleteProperty(dict(), k),
      ownKeys: (_t) => Reflect.ownKeys(dict()),
      getOwnPropertyDescriptor: (_t, k) => {
        const d = Reflect.getOwnPropertyDescriptor(dict(), k);
        if (d !== undefined) d.configurable = true;
        return d;
      },
      defineProperty: (_t, k, desc) => Reflect.defineProperty(dict(), k, desc),
    });
  }
}

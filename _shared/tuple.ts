// The package's own tuples: an array it builds, made a builtins `tuple`
// (frozen, shown as Python shows a tuple) without copying it.

import { tuple } from "../builtins/tuple.ts";

/** Makes `items` a Python tuple in place: frozen, of class `tuple`; returns it. */
export function asTuple<T extends unknown[]>(items: [...T]): [...T] {
  Object.setPrototypeOf(items, tuple.prototype);
  return Object.freeze(items) as [...T];
}

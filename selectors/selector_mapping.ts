// What get_map() returns: Python's mapping of a selector's keys, which is
// looked up by file object or by descriptor alike (CPython's
// _SelectorMapping goes through the selector's own file-object lookup).

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import type { SelectorKey } from "./selector_key.ts";

/**
 * Python's `get_map()` result: a read-only, live view of a selector's keys.
 * It iterates over descriptors, as Python's does, and `get(x)` / `has(x)`
 * take a registered file object or its descriptor (`x in sel.get_map()` is
 * `sel.get_map().has(x)`). Where Python's `get_map()[x]` raises KeyError,
 * `get(x)` gives `undefined`, as a JavaScript `Map` does.
 *
 * @example
 * ```ts
 * import { DefaultSelector, EVENT_READ } from "@pyport/std/selectors";
 * import { socketpair } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = await socketpair();
 * using sel = new DefaultSelector();
 * const key = sel.register(a, EVENT_READ);
 * const map = sel.get_map()!;
 * assert.equal(map.get(a), key);
 * assert.equal(map.get(a.fileno()), key);
 * assert.ok(map.has(a));
 * assert.ok(!map.has(b));
 * assert.deepEqual([...map.keys()], [a.fileno()]);
 * a.close();
 * b.close();
 * ```
 */
export class SelectorMapping implements Iterable<[number, SelectorKey]> {
  readonly #keys: ReadonlyMap<number, SelectorKey>;
  readonly #fdOf: (fileobj: unknown) => number | undefined;

  /**
   * For selectors: a view of `keys`, whose file objects `fdOf` turns into
   * descriptors (undefined: not a file object the selector knows).
   *
   * @param keys The selector's keys by descriptor.
   * @param fdOf The selector's file-object lookup.
   */
  constructor(
    keys: ReadonlyMap<number, SelectorKey>,
    fdOf: (fileobj: unknown) => number | undefined,
  ) {
    this.#keys = keys;
    this.#fdOf = fdOf;
  }

  /** How many objects are registered (Python's `len()`). */
  get size(): number {
    return this.#keys.size;
  }

  /**
   * The key of a registered file object or descriptor.
   *
   * @param fileobj A file object or a descriptor.
   * @returns Its key, or undefined when it is not registered.
   */
  get(fileobj: unknown): SelectorKey | undefined {
    const fd = this.#fdOf(fileobj);
    return fd === undefined ? undefined : this.#keys.get(fd);
  }

  /**
   * Python's `fileobj in mapping`.
   *
   * @param fileobj A file object or a descriptor.
   * @returns Whether it is registered.
   */
  has(fileobj: unknown): boolean {
    return this.get(fileobj) !== undefined;
  }

  /**
   * The registered descriptors.
   *
   * @returns An iterator over them.
   */
  keys(): MapIterator<number> {
    return this.#keys.keys();
  }

  /**
   * The keys.
   *
   * @returns An iterator over them.
   */
  values(): MapIterator<SelectorKey> {
    return this.#keys.values();
  }

  /**
   * `[descriptor, key]` pairs (Python's `items()`).
   *
   * @returns An iterator over them.
   */
  entries(): MapIterator<[number, SelectorKey]> {
    return this.#keys.entries();
  }

  /**
   * Calls `fn` for each key, as `Map.forEach` does.
   *
   * @param fn Called with the key, the descriptor and this mapping.
   */
  forEach(
    fn: (key: SelectorKey, fd: number, map: SelectorMapping) => void,
  ): void {
    for (const [fd, key] of this.#keys) fn(key, fd, this);
  }

  /**
   * `[descriptor, key]` pairs.
   *
   * @returns An iterator over them.
   */
  [Symbol.iterator](): MapIterator<[number, SelectorKey]> {
    return this.#keys.entries();
  }
}

definedIn("selectors", SelectorMapping, "_SelectorMapping");
showAsPython(SelectorMapping, objectRepr);

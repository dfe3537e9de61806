// Python's integer indexing, `a[i]` and `a[i] = v`, for the shared arrays
// (RawArray, Array) and ShareableList. A JavaScript object cannot give a
// property access meaning, so the object stands behind a Proxy that turns
// integer keys into the target's GETITEM/SETITEM and forwards every other
// key to the target itself (whose #private fields the Proxy lacks).

/** Reads item `i` (not yet normalized: may be negative). */
export const GETITEM: unique symbol = Symbol("pyport.getitem");
/** Writes item `i` (not yet normalized: may be negative). */
export const SETITEM: unique symbol = Symbol("pyport.setitem");
/** Python's error for `del a[i]`. */
export const DELITEM_ERROR: unique symbol = Symbol("pyport.delitem");

/** What the indexing Proxy needs of its target. */
export interface Indexable {
  [GETITEM](i: number): unknown;
  [SETITEM](i: number, v: unknown): void;
  readonly [DELITEM_ERROR]: string;
  readonly length: number;
}

/**
 * The integer a property key stands for ("3", "-1"), or null when it is
 * no number; a number that is not an integer ("1.5") is Python's
 * TypeError.
 */
function indexOf(key: string | symbol): number | null {
  if (typeof key !== "string" || key.length === 0) return null;
  const c = key.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return null;
  const n = Number(key);
  if (Number.isNaN(n) || String(n) !== key) return null;
  if (!Number.isInteger(n)) throw new TypeError("indices must be integers");
  return n;
}

const boundMethods = new WeakMap<object, Map<PropertyKey, unknown>>();

const INDEXING: ProxyHandler<Indexable> = {
  get(t, key) {
    const i = indexOf(key);
    if (i !== null) return t[GETITEM](i);
    // Accessors and methods run on the target, whose #private fields the
    // Proxy does not have.
    const v = Reflect.get(t, key, t);
    if (typeof v !== "function" || key === "constructor") return v;
    let cache = boundMethods.get(t);
    if (cache === undefined) boundMethods.set(t, cache = new Map());
    let f = cache.get(key);
    if (f === undefined) cache.set(key, f = v.bind(t));
    return f;
  },
  set(t, key, v) {
    const i = indexOf(key);
    if (i === null) return Reflect.set(t, key, v, t);
    t[SETITEM](i, v);
    return true;
  },
  has(t, key) {
    const i = indexOf(key);
    if (i === null) return Reflect.has(t, key);
    return i >= 0 && i < t.length;
  },
  deleteProperty(t, key) {
    if (indexOf(key) !== null) throw new TypeError(t[DELITEM_ERROR]);
    return Reflect.deleteProperty(t, key);
  },
};

/** `t` behind the Proxy that indexes it with integers, as Python does. */
export function indexable<T extends Indexable>(t: T): T {
  return new Proxy(t, INDEXING as ProxyHandler<T>);
}

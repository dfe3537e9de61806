// The keyword half of Python's argument rules (docs/porting.md §2): a
// trailing plain object whose keys all name keyword parameters is keyword
// arguments. A leaf (it imports nothing), so that builtins' print() uses
// the same rule as every other function; _shared/args.ts has the rest.

/** Whether `v` is a plain object (prototype Object.prototype or null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Reads `v` as keyword arguments of `fn` (whose keyword names are `names`):
 * returns the object when every key is a name, null when `v` is a
 * positional value, and throws TypeError when it mixes names with others.
 */
export function keywords(
  fn: string,
  v: unknown,
  names: readonly string[],
): Record<string, unknown> | null {
  if (!isPlainObject(v)) return null;
  const keys = Object.keys(v);
  const bad = keys.filter((k) => !names.includes(k));
  if (bad.length === 0) return v;
  if (bad.length === keys.length) return null;
  throw new TypeError(`${fn}() got an unexpected keyword argument '${bad[0]}'`);
}

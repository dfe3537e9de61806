// Python's argument rules, one place for the whole package (docs/porting.md
// §2): positional values in order, then a trailing plain object whose keys
// all name parameters is keyword arguments; an object that mixes parameter
// names with other keys is Python's TypeError; anything else is positional.
// Also Python's `operator.index()` for integer arguments.

import { pyTypeName } from "./type_name.ts";
import { isPlainObject, keywords } from "./keywords.ts";

export { isPlainObject, keywords };

/**
 * Binds `args` to the parameters `names` of `fn`: returns one value per
 * name (undefined where not given). Throws TypeError as Python does for
 * too many arguments or a value given twice.
 *
 * The first `positional` names may be given positionally (all of them by
 * default); the rest are keyword-only, as those after Python's `*`. Where
 * only keywords may stand, a trailing plain object is always keywords, so
 * an unknown key in it is the "unexpected keyword argument" TypeError.
 */
export function bind(
  fn: string,
  names: readonly string[],
  args: readonly unknown[],
  positional: number = names.length,
): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out: unknown[] = new Array(names.length).fill(undefined);
  let kw: Record<string, unknown> | null = null;
  if (n > 0) {
    const last = args[n - 1];
    kw = keywords(fn, last, names);
    if (kw === null && n > positional && isPlainObject(last)) {
      throw new TypeError(
        `${fn}() got an unexpected keyword argument '${Object.keys(last)[0]}'`,
      );
    }
    if (kw !== null) n--;
  }
  if (n > positional) {
    throw new TypeError(
      positional === names.length
        ? `${fn}() takes at most ${names.length} arguments (${n} given)`
        : `${fn}() takes at most ${positional} positional arguments (${n} given)`,
    );
  }
  for (let i = 0; i < n; i++) out[i] = args[i];
  if (kw !== null) {
    for (const [k, v] of Object.entries(kw)) {
      const i = names.indexOf(k);
      if (i < n) {
        throw new TypeError(`${fn}() got multiple values for argument '${k}'`);
      }
      out[i] = v;
    }
  }
  return out;
}

/**
 * Python's `operator.index()` for an integer argument: an integral number,
 * a bool (0 or 1) or a bigint (as a number). Anything else is Python's
 * TypeError "'T' object cannot be interpreted as an integer"; arrays are
 * named `arrayName` ("tuple" where an array stands for a tuple).
 */
export function index(v: unknown, arrayName = "list"): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  throw new TypeError(
    `'${pyTypeName(v, arrayName)}' object cannot be interpreted as an integer`,
  );
}

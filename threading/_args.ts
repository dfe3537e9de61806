// Reading Python-style arguments (PORTING §2): positional values in order,
// then a trailing plain object whose keys all name parameters is keywords.

import { keywords } from "../builtins/_kwargs.ts";

/**
 * Binds `args` to the parameters `names` of `fn`: returns one value per
 * name (undefined where not given). Throws TypeError as Python does for
 * too many arguments or a value given twice.
 */
export function bind(
  fn: string,
  names: readonly string[],
  args: readonly unknown[],
): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out: unknown[] = new Array(names.length).fill(undefined);
  let kw: Record<string, unknown> | null = null;
  if (n > 0) {
    kw = keywords(fn, args[n - 1], names);
    if (kw !== null) n--;
  }
  if (n > names.length) {
    throw new TypeError(
      `${fn}() takes at most ${names.length} arguments (${n} given)`,
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

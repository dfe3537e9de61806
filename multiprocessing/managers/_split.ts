// Python's arguments of a proxy method or a SyncManager method whose
// parameters are known (docs/porting.md §2, §9).

import { keywords } from "../../_shared/args.ts";

/**
 * Splits the arguments of `method` (parameters `params`, the first
 * `required` of them required) into positional values and keywords: a
 * trailing plain object whose keys all name parameters is keywords.
 */
export function split(
  method: string,
  args: readonly unknown[],
  params: readonly string[],
  required: number,
): [unknown[], Record<string, unknown>] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const list = args.slice(0, n);
  if (n > required) {
    const kw = keywords(method, list[n - 1], params);
    if (kw !== null) return [list.slice(0, n - 1), { ...kw }];
  }
  return [list, {}];
}

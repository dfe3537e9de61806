// Protocol numbers and the checks dumps/Pickler share.

import { NotImplementedError, ValueError } from "../builtins/exceptions.ts";
import { index } from "../_shared/args.ts";

/**
 * Python's `pickle.HIGHEST_PROTOCOL`: the highest protocol this module
 * reads and writes (5).
 */
export const HIGHEST_PROTOCOL = 5;

/**
 * Python's `pickle.DEFAULT_PROTOCOL`: what `dumps` writes when no protocol
 * is given (4, as in CPython 3.13).
 */
export const DEFAULT_PROTOCOL = 4;

/** The protocol to write for Python's `protocol` argument. */
export function protocolOf(p: unknown): number {
  if (p === null || p === undefined) return DEFAULT_PROTOCOL;
  const n = index(p);
  if (n < 0) return HIGHEST_PROTOCOL;
  if (n > HIGHEST_PROTOCOL) {
    throw new ValueError(`pickle protocol must be <= ${HIGHEST_PROTOCOL}`);
  }
  if (n < 2) {
    throw new NotImplementedError(
      `pyport's pickle writes protocols 2 to 5 (it reads 0 and 1), not ${n}`,
    );
  }
  return n;
}

// Python's slices for the shared ctypes arrays, which spell `a[i:j:k]` as
// `a.slice(i, j, k)` and `a[i:j:k] = seq` as `a.set_slice(i, j, k, seq)`:
// the bounds as `slice.indices()` clamps them, and the arguments and
// values of an assignment as Python reads them.

import { ValueError } from "../builtins/exceptions.ts";

/**
 * Python's `slice(start, stop, step).indices(length)` and the slice's
 * length: [start, step, count].
 */
export function sliceIndices(
  length: number,
  start: unknown,
  stop: unknown,
  step: unknown,
): [number, number, number] {
  const st = step === undefined || step === null ? 1 : sliceInt(step);
  if (st === 0) throw new ValueError("slice step cannot be zero");
  const bound = (v: unknown, dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    let n = sliceInt(v);
    if (n < 0) {
      n += length;
      if (n < 0) n = st < 0 ? -1 : 0;
    } else if (n >= length) n = st < 0 ? length - 1 : length;
    return n;
  };
  const a = bound(start, st < 0 ? length - 1 : 0);
  const b = bound(stop, st < 0 ? -1 : length);
  let count = 0;
  if (st < 0) {
    if (b < a) count = Math.floor((a - b - 1) / -st) + 1;
  } else if (a < b) count = Math.floor((b - a - 1) / st) + 1;
  return [a, st, count];
}

function sliceInt(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return Number(v);
  throw new TypeError(
    "slice indices must be integers or None or have an __index__ method",
  );
}

/** Reads `set_slice(start, stop[, step], values)`'s arguments. */
export function sliceArgs(
  args: unknown[],
): [unknown, unknown, unknown, unknown] {
  if (args.length >= 4) return [args[0], args[1], args[2], args[3]];
  return [args[0], args[1], undefined, args[2]];
}

/** The items of a sequence to assign, or null when it is none. */
export function itemsOf(v: unknown): unknown[] | null {
  if (typeof v === "string") return [...v];
  if (
    v !== null && typeof v === "object" &&
    typeof (v as Iterable<unknown>)[Symbol.iterator] === "function"
  ) {
    return [...(v as Iterable<unknown>)];
  }
  return null;
}

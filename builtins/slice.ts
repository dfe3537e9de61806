// Python's slice: what `a[i:j:k]` passes to `__getitem__`, and what crosses
// in a pickle (a manager's list proxy `l[1:3]` sends one).

import { ValueError } from "./exceptions.ts";
import { tuple } from "./tuple.ts";
import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

function bound(v: unknown, what: string): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint" || typeof v === "boolean") return Number(v);
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(
      `slice indices must be integers or None or have an __index__ method (${what})`,
    );
  }
  return v;
}

/**
 * Python's `slice(stop)` / `slice(start, stop, step=None)`: `l[1:3]` is
 * `l.__getitem__(new slice(1, 3))`. It pickles as CPython's
 * (`builtins.slice`).
 *
 * @example
 * ```ts
 * import { repr, slice } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const s = new slice(1, null);
 * assert.equal(String(s), "slice(1, None, None)");
 * assert.equal(repr(s.indices(4)), "(1, 4, 1)");
 * assert.deepEqual([...new slice(null, null, -1).indices(3)], [2, -1, -1]);
 * ```
 */
export class slice {
  /** The first index, or null. */
  readonly start: number | null;
  /** The index to stop before, or null. */
  readonly stop: number | null;
  /** The step, or null (1). */
  readonly step: number | null;

  /**
   * Makes the slice: one argument is the stop.
   *
   * @param args `stop`, or `start, stop[, step]`.
   * @throws {TypeError} No argument, or more than three.
   */
  constructor(...args: unknown[]) {
    if (args.length === 0 || args.length > 3) {
      throw new TypeError(
        `slice expected at least 1 argument, got ${args.length}`,
      );
    }
    const [a, b, c] = args.length === 1 ? [null, args[0], null] : args;
    this.start = a as number | null ?? null;
    this.stop = b as number | null ?? null;
    this.step = c as number | null ?? null;
  }

  /**
   * Python's `indices(length)`: the start, stop and step the slice selects
   * in a sequence of `length` items.
   *
   * @param length The sequence's length.
   * @returns `[start, stop, step]`.
   * @throws {ValueError} A zero step.
   */
  indices(length: number): [number, number, number] {
    const step = bound(this.step, "step") ?? 1;
    if (step === 0) throw new ValueError("slice step cannot be zero");
    const clamp = (v: number | null, dflt: number): number => {
      if (v === null) return dflt;
      if (v < 0) v += length;
      if (step > 0) return Math.min(Math.max(v, 0), length);
      return Math.min(Math.max(v, -1), length - 1);
    };
    const out = step > 0
      ? [
        clamp(bound(this.start, "start"), 0),
        clamp(bound(this.stop, "stop"), length),
        step,
      ]
      : [
        clamp(bound(this.start, "start"), length - 1),
        clamp(bound(this.stop, "stop"), -1),
        step,
      ];
    // A tuple, as Python's.
    return new tuple(out) as unknown as [number, number, number];
  }

  /**
   * How it pickles: `builtins.slice(start, stop, step)`.
   *
   * @returns Python's reduce tuple.
   */
  __reduce__(): unknown[] {
    return [slice, [this.start, this.stop, this.step]];
  }

  /**
   * Python's repr(): `slice(1, None, None)`.
   *
   * @returns The repr.
   */
  toString(): string {
    return `slice(${pyRepr(this.start)}, ${pyRepr(this.stop)}, ${
      pyRepr(this.step)
    })`;
  }
}

showAsPython(slice);

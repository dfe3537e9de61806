import { ERRNO_TABLE } from "../_shared/errno_table.ts";

/**
 * Python's `errno.errorcode`: each errno number mapped to its symbolic name.
 *
 * @example
 * ```ts
 * import { errorcode } from "@pyport/std/errno";
 * import assert from "node:assert/strict";
 *
 * assert.equal(errorcode.get(9), "EBADF");
 * ```
 */
export const errorcode: ReadonlyMap<number, string> = new Map(
  ERRNO_TABLE.map(([name, n]) => [n, name]),
);

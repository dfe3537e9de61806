/**
 * Python's `errno` module: the symbolic error numbers of Linux (the numbers
 * pyport's `OSError.errno` carries on every runtime), `errorcode` mapping
 * numbers to names, and `strerror` for their messages.
 *
 * @example
 * ```ts
 * import * as errno from "@pyport/std/errno";
 * import assert from "node:assert/strict";
 *
 * assert.equal(errno.ECONNREFUSED, 111);
 * assert.equal(errno.errorcode.get(111), "ECONNREFUSED");
 * ```
 *
 * @module
 */
export * from "./constants.ts";
export * from "./errorcode.ts";

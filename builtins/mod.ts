/**
 * Python's built-in exceptions and the bytes helpers that pyport's modules
 * share: `OSError` and its errno-picked subclasses, `ValueError`,
 * `OverflowError`, `RuntimeError`, `KeyError`, `EOFError` and the rest, plus
 * `b`, `encode` and `decode` for `b'...'`, `str.encode()` and
 * `bytes.decode()`. Python's `TypeError` is JavaScript's own `TypeError`.
 *
 * @example
 * ```ts
 * import { b, decode, OSError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(decode(b("ping")), "ping");
 * assert.equal(new OSError(9, "Bad file descriptor").message, "[Errno 9] Bad file descriptor");
 * ```
 *
 * @module
 */
export * from "./exceptions.ts";
export * from "./os_error.ts";
export * from "./bytes.ts";
export * from "./bytearray.ts";
export * from "./frozenset.ts";
export * from "./slice.ts";
export * from "./tuple.ts";
export * from "./print.ts";

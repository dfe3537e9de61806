/**
 * pyport: Python's networking and concurrency modules, ported to TypeScript
 * for Deno and Node. Each Python module is a subpath of this package:
 * `@pyport/std/socket`, plus `@pyport/std/builtins` (Python's exceptions and
 * bytes helpers) and `@pyport/std/errno`. This root module re-exports them
 * as namespaces.
 *
 * @example
 * ```ts
 * import { errno, socket } from "@pyport/std";
 * import assert from "node:assert/strict";
 *
 * assert.equal(socket.AF_INET, 2);
 * assert.equal(errno.ECONNREFUSED, 111);
 * ```
 *
 * @module
 */
export * as builtins from "./builtins/mod.ts";
export * as errno from "./errno/mod.ts";
export * as socket from "./socket/mod.ts";
export * as threading from "./threading/mod.ts";

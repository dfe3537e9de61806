/**
 * pyport: Python's networking and concurrency modules, ported to TypeScript
 * for Deno and Node. Each Python module is a subpath of this package, and
 * this root module re-exports each of them as a namespace:
 *
 * - `builtins`: Python's exception hierarchy and the bytes helpers
 * - `errno`: Linux errno numbers and `errorcode`
 * - `socket`, `select`, `selectors`, `socketserver`
 * - `threading`, `queue`
 * - `multiprocessing`, and `ctypes` (the simple types shared values use)
 *
 * The submodules `multiprocessing/connection`, `multiprocessing/pool`,
 * `multiprocessing/queues` and `multiprocessing/shared_memory` are subpaths
 * only: `import
 * multiprocessing` does not bind them as attributes in Python either.
 *
 * @example
 * ```ts
 * import { errno, multiprocessing, socket, threading } from "@pyport/std";
 * import assert from "node:assert/strict";
 *
 * assert.equal(socket.AF_INET, 2);
 * assert.equal(errno.ECONNREFUSED, 111);
 * assert.equal(threading.current_thread().name, "MainThread");
 * assert.equal(typeof multiprocessing.Process, "function");
 * ```
 *
 * @module
 */
export * as builtins from "./builtins/mod.ts";
export * as ctypes from "./ctypes/mod.ts";
export * as errno from "./errno/mod.ts";
export * as multiprocessing from "./multiprocessing/mod.ts";
export * as queue from "./queue/mod.ts";
export * as select from "./select/mod.ts";
export * as selectors from "./selectors/mod.ts";
export * as socket from "./socket/mod.ts";
export * as socketserver from "./socketserver/mod.ts";
export * as threading from "./threading/mod.ts";

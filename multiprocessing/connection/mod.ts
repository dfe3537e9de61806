/**
 * Python's `multiprocessing.connection` module: {@linkcode Pipe}, the
 * {@linkcode Connection} objects it makes, and {@linkcode wait}, which
 * waits for any of several connections, sockets and process sentinels;
 * {@linkcode Listener} and {@linkcode Client}, which connect programs over
 * a socket (TCP or Unix), CPython's as well as pyport's, with the same
 * message frames, pickles and HMAC authentication (`deliver_challenge`,
 * `answer_challenge`).
 *
 * `from multiprocessing.connection import wait` becomes
 * `import { wait } from "@pyport/std/multiprocessing/connection";`.
 * Connections carry whole messages: objects (`send`/`recv`, by structured
 * clone as Python pickles) or bytes (`send_bytes`/`recv_bytes`). They live
 * in shared memory and cross to child processes of the 'worker' start
 * method as Process arguments.
 *
 * @example
 * ```ts
 * import { Pipe, wait } from "@pyport/std/multiprocessing/connection";
 * import assert from "node:assert/strict";
 *
 * const [a, b] = Pipe();
 * await a.send({ n: 1 });
 * assert.deepEqual(await wait([b]), [b]);
 * assert.deepEqual(await b.recv(), { n: 1 });
 * a.close();
 * b.close();
 * ```
 *
 * @module
 */
export * from "./connection.ts";
export * from "./listener.ts";
export * from "./client.ts";
export * from "./auth.ts";
export type { ConnectionAddress } from "./_families.ts";
export * from "./pipe.ts";
export * from "./wait.ts";

/**
 * Python's `select` module: `select()`, `poll()` and `epoll` over pyport's
 * sockets (and, as in Python, anything with a `fileno()` that names one).
 * Waiting is event-driven: a socket becoming ready wakes its waiters
 * directly, with no polling loop or timer in between.
 *
 * @example A select loop over a listening socket
 * ```ts
 * import * as select from "@pyport/std/select";
 * import * as socket from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * using server = socket.create_server(["127.0.0.1", 0]);
 * using client = await socket.create_connection(server.getsockname() as [string, number]);
 * const [readable] = await select.select([server], [], [], 5);
 * assert.deepEqual(readable, [server]);
 * const [conn] = await server.accept();
 * conn.close();
 * ```
 *
 * @module
 */
export * from "./constants.ts";
export * from "./select.ts";
export * from "./poll.ts";
export * from "./epoll.ts";

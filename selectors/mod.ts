/**
 * Python's `selectors` module: high-level I/O multiplexing over pyport's
 * sockets. `DefaultSelector` (epoll-backed, as on Linux) is what a
 * non-blocking server uses; `SelectSelector` and `PollSelector` exist too.
 *
 * @example A non-blocking accept with a selector
 * ```ts
 * import * as selectors from "@pyport/std/selectors";
 * import * as socket from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * using sel = new selectors.DefaultSelector();
 * using server = socket.create_server(["127.0.0.1", 0]);
 * server.setblocking(false);
 * sel.register(server, selectors.EVENT_READ, { data: "listener" });
 * using client = await socket.create_connection(server.getsockname() as [string, number]);
 * const events = await sel.select(5);
 * assert.equal(events[0]![0].data, "listener");
 * const [conn] = await server.accept();
 * conn.close();
 * ```
 *
 * @module
 */
export * from "./selector_key.ts";
export * from "./selector_mapping.ts";
export * from "./base_selector.ts";
export * from "./selectors.ts";

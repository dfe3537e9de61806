/**
 * Python's `socket` module for Deno and Node: `socket.socket` over real TCP,
 * UDP and Unix sockets, with Python's names, results, errors (class, errno
 * and message) and timeouts. Calls that block in Python return promises.
 *
 * `import socket` becomes `import * as socket from "@pyport/std/socket"`,
 * `socket.socket(...)` becomes `new socket.socket(...)`, `with` becomes
 * `using`, and blocking calls get `await`.
 *
 * @example The echo client and server of the Python tutorial
 * ```ts
 * import * as socket from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * using server = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
 * server.bind(["127.0.0.1", 0]);
 * server.listen(1);
 * const address = server.getsockname();
 *
 * const serve = (async () => {
 *   const [conn, _addr] = await server.accept();
 *   using _c = conn;
 *   for (;;) {
 *     const data = await conn.recv(1024);
 *     if (data.length === 0) break;
 *     await conn.sendall(data);
 *   }
 * })();
 *
 * {
 *   using s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
 *   await s.connect(address);
 *   await s.sendall(b("Hello, world"));
 *   assert.equal(decode(await s.recv(1024)), "Hello, world");
 * }
 * await serve;
 * ```
 *
 * @module
 */
export * from "./constants.ts";
export * from "./errors.ts";
export * from "./socket.ts";
export * from "./socket_file.ts";
export * from "./default_timeout.ts";
export * from "./create_connection.ts";
export * from "./create_server.ts";
export * from "./socketpair.ts";
export * from "./getaddrinfo.ts";
export * from "./gethostbyname.ts";
export * from "./byteorder.ts";
export * from "./inet.ts";
export * from "./has_ipv6.ts";

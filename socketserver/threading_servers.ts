// The ready-made threading servers Python ships: one line each.

import { definedIn } from "../_shared/pyrepr.ts";
import { TCPServer } from "./tcp_server.ts";
import { UDPServer } from "./udp_server.ts";
import { UnixStreamServer } from "./unix_stream_server.ts";
import { UnixDatagramServer } from "./unix_datagram_server.ts";
import { type ThreadingClass, ThreadingMixIn } from "./threading_mix_in.ts";

/**
 * Python's `socketserver.ThreadingTCPServer`: `ThreadingMixIn` over `TCPServer`, a thread per
 * request. Use it with `new`, and subclass it with `extends`, as a class.
 *
 * @example
 * ```ts
 * import { ThreadingTCPServer, TCPServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ThreadingTCPServer.prototype instanceof TCPServer);
 * ```
 */
export const ThreadingTCPServer: ThreadingClass<typeof TCPServer> =
  ThreadingMixIn(TCPServer);
/** An instance of `ThreadingTCPServer`. */
export type ThreadingTCPServer = InstanceType<typeof ThreadingTCPServer>;

/**
 * Python's `socketserver.ThreadingUDPServer`: `ThreadingMixIn` over `UDPServer`, a thread per
 * request. Use it with `new`, and subclass it with `extends`, as a class.
 *
 * @example
 * ```ts
 * import { ThreadingUDPServer, UDPServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ThreadingUDPServer.prototype instanceof UDPServer);
 * ```
 */
export const ThreadingUDPServer: ThreadingClass<typeof UDPServer> =
  ThreadingMixIn(UDPServer);
/** An instance of `ThreadingUDPServer`. */
export type ThreadingUDPServer = InstanceType<typeof ThreadingUDPServer>;

/**
 * Python's `socketserver.ThreadingUnixStreamServer`: `ThreadingMixIn` over `UnixStreamServer`, a thread per
 * request. Use it with `new`, and subclass it with `extends`, as a class.
 *
 * @example
 * ```ts
 * import { ThreadingUnixStreamServer, UnixStreamServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ThreadingUnixStreamServer.prototype instanceof UnixStreamServer);
 * ```
 */
export const ThreadingUnixStreamServer: ThreadingClass<
  typeof UnixStreamServer
> = ThreadingMixIn(UnixStreamServer);
/** An instance of `ThreadingUnixStreamServer`. */
export type ThreadingUnixStreamServer = InstanceType<
  typeof ThreadingUnixStreamServer
>;

/**
 * Python's `socketserver.ThreadingUnixDatagramServer`: `ThreadingMixIn` over `UnixDatagramServer`, a thread per
 * request. Use it with `new`, and subclass it with `extends`, as a class.
 *
 * @example
 * ```ts
 * import { ThreadingUnixDatagramServer, UnixDatagramServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ThreadingUnixDatagramServer.prototype instanceof UnixDatagramServer);
 * ```
 */
export const ThreadingUnixDatagramServer: ThreadingClass<
  typeof UnixDatagramServer
> = ThreadingMixIn(UnixDatagramServer);
/** An instance of `ThreadingUnixDatagramServer`. */
export type ThreadingUnixDatagramServer = InstanceType<
  typeof ThreadingUnixDatagramServer
>;

for (
  const [cls, name] of [
    [ThreadingTCPServer, "ThreadingTCPServer"],
    [ThreadingUDPServer, "ThreadingUDPServer"],
    [ThreadingUnixStreamServer, "ThreadingUnixStreamServer"],
    [ThreadingUnixDatagramServer, "ThreadingUnixDatagramServer"],
  ] as const
) definedIn("socketserver", cls, name);

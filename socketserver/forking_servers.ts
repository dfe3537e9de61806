// The forking servers Python ships; none can be made here (see ForkingMixIn).

import { definedIn } from "../_shared/pyrepr.ts";
import { TCPServer } from "./tcp_server.ts";
import { UDPServer } from "./udp_server.ts";
import { UnixStreamServer } from "./unix_stream_server.ts";
import { UnixDatagramServer } from "./unix_datagram_server.ts";
import { type ForkingClass, ForkingMixIn } from "./forking_mix_in.ts";

/**
 * Python's `socketserver.ForkingTCPServer`: `ForkingMixIn` over `TCPServer`. Making one
 * raises `NotImplementedError` (no JavaScript runtime can fork); use
 * `ThreadingTCPServer`.
 *
 * @example
 * ```ts
 * import { ForkingTCPServer, TCPServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ForkingTCPServer.prototype instanceof TCPServer);
 * ```
 */
export const ForkingTCPServer: ForkingClass<typeof TCPServer> = ForkingMixIn(
  TCPServer,
);
/** An instance of `ForkingTCPServer`. */
export type ForkingTCPServer = InstanceType<typeof ForkingTCPServer>;

/**
 * Python's `socketserver.ForkingUDPServer`: `ForkingMixIn` over `UDPServer`. Making one
 * raises `NotImplementedError` (no JavaScript runtime can fork); use
 * `ThreadingUDPServer`.
 *
 * @example
 * ```ts
 * import { ForkingUDPServer, UDPServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ForkingUDPServer.prototype instanceof UDPServer);
 * ```
 */
export const ForkingUDPServer: ForkingClass<typeof UDPServer> = ForkingMixIn(
  UDPServer,
);
/** An instance of `ForkingUDPServer`. */
export type ForkingUDPServer = InstanceType<typeof ForkingUDPServer>;

/**
 * Python's `socketserver.ForkingUnixStreamServer`: `ForkingMixIn` over `UnixStreamServer`. Making one
 * raises `NotImplementedError` (no JavaScript runtime can fork); use
 * `ThreadingUnixStreamServer`.
 *
 * @example
 * ```ts
 * import { ForkingUnixStreamServer, UnixStreamServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ForkingUnixStreamServer.prototype instanceof UnixStreamServer);
 * ```
 */
export const ForkingUnixStreamServer: ForkingClass<typeof UnixStreamServer> =
  ForkingMixIn(UnixStreamServer);
/** An instance of `ForkingUnixStreamServer`. */
export type ForkingUnixStreamServer = InstanceType<
  typeof ForkingUnixStreamServer
>;

/**
 * Python's `socketserver.ForkingUnixDatagramServer`: `ForkingMixIn` over `UnixDatagramServer`. Making one
 * raises `NotImplementedError` (no JavaScript runtime can fork); use
 * `ThreadingUnixDatagramServer`.
 *
 * @example
 * ```ts
 * import { ForkingUnixDatagramServer, UnixDatagramServer } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ForkingUnixDatagramServer.prototype instanceof UnixDatagramServer);
 * ```
 */
export const ForkingUnixDatagramServer: ForkingClass<
  typeof UnixDatagramServer
> = ForkingMixIn(UnixDatagramServer);
/** An instance of `ForkingUnixDatagramServer`. */
export type ForkingUnixDatagramServer = InstanceType<
  typeof ForkingUnixDatagramServer
>;

for (
  const [cls, name] of [
    [ForkingTCPServer, "ForkingTCPServer"],
    [ForkingUDPServer, "ForkingUDPServer"],
    [ForkingUnixStreamServer, "ForkingUnixStreamServer"],
    [ForkingUnixDatagramServer, "ForkingUnixDatagramServer"],
  ] as const
) definedIn("socketserver", cls, name);

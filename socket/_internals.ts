// Package-internal access to a socket's state. socket.ts fills it in from a
// static block of the class (which may read its #private fields); other
// files of the package call it. Not exported from the module.

import type { RawAddr, RawStream } from "../_runtime/mod.ts";
import type { socket } from "./socket.ts";

/** Hooks into the socket class, for socketpair() and the socket's helpers. */
export const internals: {
  /**
   * Gives a new socket a connection that is still being made; `pending`
   * rejects with an OSError, which the socket reports as it is.
   */
  adopt(s: socket, pending: Promise<RawStream>): void;
  /** Sets the remote address of a datagram socket without resolving it. */
  setPeer(s: socket, peer: RawAddr): void;
} = {
  adopt() {},
  setPeer() {},
};

// Python's socketserver.ForkingMixIn, where no runtime can fork.

import { NotImplementedError } from "../builtins/exceptions.ts";
import type { ServerClass } from "./threading_mix_in.ts";
import { runtime } from "../_runtime/mod.ts";

/** The class `ForkingMixIn(Base)` makes. */
export type ForkingClass<B extends ServerClass> = B;

/**
 * Python's `socketserver.ForkingMixIn` handles each request in a forked
 * child process, which inherits the connection and all of the server's
 * memory. JavaScript runtimes cannot fork a running program (a new process
 * or Worker starts from scratch and cannot take over an open connection on
 * Deno), so a server made with it raises `NotImplementedError` naming the
 * runtime when constructed. Use `ThreadingMixIn`.
 *
 * @example
 * ```ts
 * import { BaseRequestHandler, ForkingTCPServer } from "@pyport/std/socketserver";
 * import { NotImplementedError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => new ForkingTCPServer(["127.0.0.1", 0], BaseRequestHandler), NotImplementedError);
 * ```
 *
 * @param Base The server class to extend.
 * @returns A class whose constructor raises NotImplementedError.
 */
export function ForkingMixIn<B extends ServerClass>(Base: B): ForkingClass<B> {
  abstract class Forking extends Base {
    // deno-lint-ignore no-explicit-any
    constructor(...args: any[]) {
      throw new NotImplementedError(
        `ForkingMixIn is not available on ${runtime.displayName}: a JavaScript runtime cannot fork a process ` +
          "that shares the server's memory and open connection; use ThreadingMixIn",
      );
      // deno-lint-ignore no-unreachable
      super(...args);
    }
  }
  return Forking as unknown as ForkingClass<B>;
}

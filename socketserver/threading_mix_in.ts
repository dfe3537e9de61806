// Python's socketserver.ThreadingMixIn: one thread per request.

import type { Address } from "../socket/mod.ts";
import { Thread } from "../threading/mod.ts";
import type { BaseServer } from "./base_server.ts";
import { classAttributes } from "./_class_attrs.ts";
import { afterwards, attempt, isException } from "./_handler.ts";

/** A server class a mixin can extend. */
// deno-lint-ignore no-explicit-any
export type ServerClass = abstract new (...args: any[]) => BaseServer;

/** What `ThreadingMixIn` adds to a server's instances. */
export interface ThreadingMixInMembers {
  /** Whether request threads are daemon threads (class default: false). */
  daemon_threads: boolean;
  /** Whether `server_close()` waits for request threads (class default: true). */
  block_on_close: boolean;
  /**
   * Python's `process_request_thread(request, client_address)`: the body of
   * a request's thread.
   */
  process_request_thread(
    request: unknown,
    client_address: Address,
  ): Promise<void>;
}

/** The class `ThreadingMixIn(Base)` makes: `Base`'s statics plus the mixin's. */
export type ThreadingClass<B extends ServerClass> =
  & (new (
    ...args: ConstructorParameters<B>
  ) => InstanceType<B> & ThreadingMixInMembers)
  & Omit<B, "prototype">
  & { daemon_threads: boolean; block_on_close: boolean };

/** The fewest tracked threads at which ended ones are dropped. */
const REAP_MIN = 64;

/**
 * A request thread's target, one function for every thread (no closure
 * each), named so the thread is "Thread-N (process_request_thread)".
 */
function process_request_thread(
  server: ThreadingMixInMembers,
  request: unknown,
  client_address: Address,
): Promise<void> {
  return server.process_request_thread(request, client_address);
}

/**
 * Python's `socketserver.ThreadingMixIn`: handles each request in a new
 * `threading.Thread`, so a slow client does not hold up the others. Python's
 * `class S(ThreadingMixIn, TCPServer)` is `class S extends
 * ThreadingMixIn(TCPServer)`. Class attributes (static): `daemon_threads`
 * (false) and `block_on_close` (true: `server_close()` waits for the
 * non-daemonic request threads, so `await` it or use `await using`).
 *
 * @example
 * ```ts
 * import { BaseRequestHandler, TCPServer, ThreadingMixIn } from "@pyport/std/socketserver";
 * import assert from "node:assert/strict";
 *
 * class MyServer extends ThreadingMixIn(TCPServer) {
 *   static override daemon_threads = true;
 * }
 * await using server = new MyServer(["127.0.0.1", 0], BaseRequestHandler);
 * assert.equal(server.daemon_threads, true);
 * ```
 *
 * @param Base The server class to extend.
 * @returns The threading server class.
 */
export function ThreadingMixIn<B extends ServerClass>(
  Base: B,
): ThreadingClass<B> {
  abstract class Threading extends Base {
    static daemon_threads = false;
    static block_on_close = true;
    declare daemon_threads: boolean;
    declare block_on_close: boolean;
    /** The non-daemonic request threads server_close() waits for. */
    #threads = new Set<Thread>();
    /** When #threads next drops the threads that ended. */
    #reapAt = REAP_MIN;

    process_request_thread(
      request: unknown,
      client_address: Address,
    ): Promise<void> {
      // try: finish_request; except Exception: handle_error; finally:
      // shutdown_request. As promise steps (see runHandler): a waiting
      // request thread holds one reaction here, not a suspended frame.
      return attempt(() => this.finish_request(request, client_address)).then(
        () => this.#shutdown(request, null, false),
        (e) =>
          isException(e)
            ? attempt(() => this.handle_error(request, client_address, e))
              .then(
                () => this.#shutdown(request, null, false),
                (e2) => this.#shutdown(request, e2, true),
              )
            : this.#shutdown(request, e, true),
      );
    }

    /** shutdown_request(request) as the finally after a step (see afterwards). */
    #shutdown(request: unknown, e: unknown, failed: boolean): Promise<void> {
      return afterwards(() => this.shutdown_request(request), e, failed);
    }

    override process_request(
      request: unknown,
      client_address: Address,
    ): Promise<void> {
      const t = new Thread({
        target: process_request_thread,
        args: [this, request, client_address],
      });
      t.daemon = this.daemon_threads;
      // server_close() waits for the non-daemonic threads only, as Python's
      // does. Those that ended are dropped as new ones come (amortized: when
      // the set has doubled), so a thread holds nothing of the server's to
      // forget itself by while it waits.
      if (this.block_on_close && !t.daemon) {
        const threads = this.#threads;
        if (threads.size >= this.#reapAt) {
          for (const old of threads) if (!old.is_alive()) threads.delete(old);
          this.#reapAt = Math.max(REAP_MIN, 2 * threads.size);
        }
        threads.add(t);
      }
      t.start();
      return Promise.resolve();
    }

    override async server_close(): Promise<void> {
      await super.server_close();
      // The base constructor closes the server when its bind fails, before
      // this class's fields exist: then no thread was ever started.
      if (!(#threads in this)) return;
      if (this.block_on_close) {
        const threads = [...this.#threads];
        this.#threads = new Set();
        this.#reapAt = REAP_MIN;
        for (const t of threads) await t.join();
      }
    }
  }
  classAttributes(Threading, ["daemon_threads", "block_on_close"]);
  return Threading as unknown as ThreadingClass<B>;
}

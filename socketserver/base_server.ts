// Python's socketserver.BaseServer: the request loop, independent of the
// kind of socket.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import type { Address } from "../socket/mod.ts";
import { lookup, waitAny } from "../_shared/readiness.ts";
import { Waiter } from "../_shared/readiness.ts";
import { POLLERR, POLLHUP, POLLIN } from "../_shared/constants.ts";
import { EBADF } from "../errno/constants.ts";
import { classAttributes } from "./_class_attrs.ts";
import { isException, runHandler } from "./_handler.ts";
import { formatException, reprAddress, stderr } from "./_report.ts";

/**
 * Python's `poll_interval`: a real number of seconds (Python's
 * `selector.select()` takes it); a negative one does not wait, and `null`
 * waits without limit.
 */
function pollInterval(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v === "boolean") return Number(v);
  if (typeof v !== "number") {
    throw new TypeError(
      `'<=' not supported between instances of '${pyTypeName(v)}' and 'int'`,
    );
  }
  if (Number.isNaN(v)) {
    throw new ValueError("cannot convert float NaN to integer");
  }
  return Math.max(0, v);
}

/** What a server runs of a request handler object: its life's three steps. */
export interface RequestHandlerLike {
  /** Runs first. */
  setup?(): unknown;
  /** Serves the request. */
  handle?(): unknown;
  /** Runs last, even when `handle` threw. */
  finish?(): unknown;
}

/**
 * A request handler class: made with `(request, client_address, server)`.
 * The parameters are typed loosely so that a handler typed for one kind of
 * request (a socket, or `[data, socket]`) fits the server that makes it.
 */
export type RequestHandlerClass = new (
  // deno-lint-ignore no-explicit-any
  request: any,
  // deno-lint-ignore no-explicit-any
  client_address: any,
  // deno-lint-ignore no-explicit-any
  server: any,
) => RequestHandlerLike;

/**
 * Python's `socketserver.BaseServer`: the loop that waits for requests and
 * hands each to a new `RequestHandlerClass` object, independent of the
 * kind of socket. `TCPServer`, `UDPServer` and the Unix servers supply the
 * socket; `ThreadingMixIn` changes only how a request is processed.
 *
 * Methods for callers: `serve_forever`, `shutdown`, `handle_request`,
 * `server_close`, `fileno`. Methods that may be overridden:
 * `server_bind`, `server_activate`, `get_request`, `verify_request`,
 * `process_request`, `finish_request`, `shutdown_request`,
 * `close_request`, `handle_error`, `handle_timeout`, `service_actions`.
 * Class attribute: `static timeout` (seconds for `handle_request`, or
 * `null`). Any of these may be async; the server awaits them.
 *
 * The request handler's `setup`, `handle` and `finish` run when the server
 * awaits the handler, right after constructing it (Python runs them inside
 * the constructor, which JavaScript cannot await).
 *
 * @example A one-request TCP echo server
 * ```ts
 * import * as socketserver from "@pyport/std/socketserver";
 * import * as socket from "@pyport/std/socket";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * class Echo extends socketserver.BaseRequestHandler {
 *   override async handle() {
 *     await this.request.sendall(await this.request.recv(1024));
 *   }
 * }
 * await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
 * const done = server.handle_request();
 * using c = await socket.create_connection(server.server_address as [string, number]);
 * await c.sendall(b("hi"));
 * assert.equal(decode(await c.recv(1024)), "hi");
 * await done;
 * ```
 */
export class BaseServer {
  /** Seconds `handle_request()` waits for a request, or `null` (no limit). */
  static timeout: number | null = null;
  /** Python's `timeout`: the class's value unless set on this server. */
  declare timeout: number | null;

  /** The address the server listens on (after binding: the bound address). */
  server_address: Address;
  /** The class made for each request. */
  RequestHandlerClass: RequestHandlerClass;
  #shutdownRequest = false;
  #serving = false;
  #shutDown = new Waiter();
  #wake = new Waiter();

  /**
   * Makes the server (subclasses bind and listen).
   *
   * @param server_address The address to serve on.
   * @param RequestHandlerClass The class made for each request.
   */
  constructor(
    server_address: Address,
    RequestHandlerClass: RequestHandlerClass,
  ) {
    this.server_address = server_address;
    this.RequestHandlerClass = RequestHandlerClass;
  }

  /** Called by the constructor to start listening; overridden by subclasses. */
  server_activate(): void {}

  /**
   * Python's `fileno()`: the descriptor the server waits on.
   *
   * @returns The descriptor number.
   */
  fileno(): number {
    throw new OSError("fileno() is provided by a concrete server class");
  }

  /** Waits until the server's socket is readable, `seconds` pass, or shutdown() is asked. */
  async #waitReady(seconds: number | null): Promise<boolean> {
    const obj = lookup(this.fileno());
    if (obj === undefined) throw errorFromErrno(EBADF);
    const want = POLLIN | POLLERR | POLLHUP;
    if (obj.pollEvents() & want) return true;
    const deadline = seconds === null
      ? null
      : performance.now() + seconds * 1000;
    await waitAny([[obj, want]], deadline, (cb) => this.#wake.once(cb));
    return (obj.pollEvents() & want) !== 0;
  }

  /**
   * Python's `serve_forever(poll_interval=0.5)`: handles requests until
   * `shutdown()` is asked. `service_actions()` runs after each request and
   * every `poll_interval` seconds. A shutdown is noticed at once, not after
   * `poll_interval`.
   *
   * `serve_forever(poll_interval=0.1)` is `serve_forever({ poll_interval: 0.1 })`,
   * and a thread's `kwargs` reach it the same way:
   * `new Thread({ target: server.serve_forever.bind(server), kwargs: { poll_interval: 0.1 } })`.
   *
   * @param poll_interval Seconds between `service_actions()` calls when
   *   idle, or the keyword object.
   * @param kwargs `{ poll_interval }` after a positional `poll_interval`.
   * @throws {TypeError} A keyword `serve_forever()` does not have, or a
   *   `poll_interval` that is not a number.
   */
  async serve_forever(
    poll_interval?: number | { poll_interval?: number },
    kwargs?: { poll_interval?: number },
  ): Promise<void> {
    const [p = 0.5] = bind("serve_forever", ["poll_interval"], [
      poll_interval,
      kwargs,
    ]);
    const interval = pollInterval(p);
    this.#serving = true;
    try {
      while (!this.#shutdownRequest) {
        const ready = await this.#waitReady(interval);
        if (this.#shutdownRequest) break;
        if (ready) await this._handle_request_noblock();
        await this.service_actions();
      }
    } finally {
      this.#shutdownRequest = false;
      this.#serving = false;
      this.#shutDown.wake();
    }
  }

  /**
   * Python's `shutdown()`: tells `serve_forever()` to stop and waits until
   * it has. Returns at once when `serve_forever()` is not running (Python
   * would wait forever).
   */
  async shutdown(): Promise<void> {
    if (!this.#serving) return;
    this.#shutdownRequest = true;
    const stopped = this.#shutDown.wait();
    this.#wake.wake();
    await stopped;
  }

  /** Called by `serve_forever()` on each loop; a hook for subclasses. */
  service_actions(): void | Promise<void> {}

  /**
   * Python's `handle_request()`: waits for one request (up to the socket's
   * timeout or `timeout`, the smaller) and handles it, or calls
   * `handle_timeout()` when none comes.
   */
  async handle_request(): Promise<void> {
    let timeout = this.#socketTimeout();
    if (timeout === null) timeout = this.timeout;
    else if (this.timeout !== null) timeout = Math.min(timeout, this.timeout);
    if (!(await this.#waitReady(timeout))) {
      await this.handle_timeout();
      return;
    }
    await this._handle_request_noblock();
  }

  #socketTimeout(): number | null {
    const s =
      (this as unknown as { socket?: { gettimeout(): number | null } }).socket;
    return s?.gettimeout() ?? null;
  }

  /** Handles one request that is known to be waiting. */
  async _handle_request_noblock(): Promise<void> {
    let request: unknown, client_address: Address;
    try {
      [request, client_address] = await this.get_request();
    } catch (e) {
      if (e instanceof OSError) return;
      throw e;
    }
    if (await this.verify_request(request, client_address)) {
      try {
        await this.process_request(request, client_address);
      } catch (e) {
        // Python's `except Exception:` handles it; a bare `except:` shuts
        // the request down and re-raises anything else (SystemExit).
        if (!isException(e)) {
          await this.shutdown_request(request);
          throw e;
        }
        await this.handle_error(request, client_address, e);
        await this.shutdown_request(request);
      }
    } else {
      await this.shutdown_request(request);
    }
  }

  /**
   * Python's `get_request()`: accepts a request; provided by subclasses.
   *
   * @returns `[request, client_address]`.
   */
  get_request(): Promise<[unknown, Address]> {
    return Promise.reject(
      new OSError("get_request() is provided by a concrete server class"),
    );
  }

  /** Called when `handle_request()` times out; a hook for subclasses. */
  handle_timeout(): void | Promise<void> {}

  /**
   * Python's `verify_request(request, client_address)`: whether to handle
   * the request (true by default).
   *
   * @param _request The request.
   * @param _client_address The client's address.
   * @returns Whether to handle it.
   */
  verify_request(
    _request: unknown,
    _client_address: Address,
  ): boolean | Promise<boolean> {
    return true;
  }

  /**
   * Python's `process_request(request, client_address)`: handles the
   * request, then shuts it down. `ThreadingMixIn` overrides it to use a
   * thread per request.
   *
   * @param request The request.
   * @param client_address The client's address.
   */
  async process_request(
    request: unknown,
    client_address: Address,
  ): Promise<void> {
    await this.finish_request(request, client_address);
    await this.shutdown_request(request);
  }

  /** Python's `server_close()`: releases the server; may be awaited. */
  server_close(): void | Promise<void> {}

  /**
   * Python's `finish_request(request, client_address)`: makes the handler
   * and runs its `setup`, `handle` and `finish`.
   *
   * @param request The request.
   * @param client_address The client's address.
   */
  finish_request(
    request: unknown,
    client_address: Address,
  ): Promise<void> {
    // Not async: a request thread waits in one frame fewer (the handler's).
    let handler: RequestHandlerLike;
    try {
      handler = new this.RequestHandlerClass(request, client_address, this);
    } catch (e) {
      return Promise.reject(e);
    }
    return runHandler(handler);
  }

  /**
   * Python's `shutdown_request(request)`: ends a request; by default
   * `close_request`.
   *
   * @param request The request.
   */
  shutdown_request(request: unknown): void | Promise<void> {
    return this.close_request(request);
  }

  /**
   * Python's `close_request(request)`: releases a request (a no-op here).
   *
   * @param _request The request.
   */
  close_request(_request: unknown): void | Promise<void> {}

  /**
   * Python's `handle_error(request, client_address)`: reports an exception
   * a handler raised, as Python does, to stderr; the server keeps serving.
   * The exception comes as a third argument (Python reads it from
   * `sys.exc_info()`).
   *
   * @param _request The request.
   * @param client_address The client's address.
   * @param error What the handler raised.
   */
  handle_error(
    _request: unknown,
    client_address: Address,
    error?: unknown,
  ): void | Promise<void> {
    stderr(
      [
        "-".repeat(40),
        `Exception occurred during processing of request from ${
          reprAddress(client_address)
        }`,
        formatException(error),
        "-".repeat(40),
      ].join("\n"),
    );
  }

  /** Closes the server when a `using` block ends (without waiting for handlers). */
  [Symbol.dispose](): void {
    void this.server_close();
  }

  /** Closes the server when an `await using` block ends, waiting for it. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.server_close();
  }
}

classAttributes(BaseServer, ["timeout"]);

definedIn("socketserver", BaseServer);
showAsPython(BaseServer, objectRepr);

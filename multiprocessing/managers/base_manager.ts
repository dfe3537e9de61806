// Python's multiprocessing.managers.BaseManager.

import { AssertionError, EOFError } from "../../builtins/exceptions.ts";
import { clearInterval, setInterval } from "node:timers";
import { bind } from "../../_shared/args.ts";
import { Listener } from "../connection/listener.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import { ProcessError } from "../errors.ts";
import { Process } from "../process.ts";
import type { BaseContext } from "../context.ts";
import { self } from "../_identity.ts";
import { definedIn, objectRepr, showAsPython } from "../../_shared/pyrepr.ts";
import { builtinClasses, detachAtExit } from "../_start.ts";
import { callerModule, locate, type TargetRef } from "../_target.ts";
import {
  type BaseProxy,
  closeLinks,
  construct,
  dispatch,
  recordProxyType,
  withConnection,
} from "./base_proxy.ts";
import { AutoProxy } from "./proxies.ts";
import {
  type ManagedCallable,
  type ProxyType,
  type Registry,
  Server,
} from "./server.ts";
import { frozenAddress, Token } from "./token.ts";
import { _run_server, type WireEntry } from "./_run_server.ts";

/** The keyword arguments of `BaseManager`. */
export interface BaseManagerOptions {
  /** Where the server listens: `[host, port]` or a Unix path (null: new). */
  address?: ConnectionAddress | null;
  /** The shared key (null: this process's authkey). */
  authkey?: Uint8Array | null;
  /** 'pickle' (the only one built). */
  serializer?: string;
  /** The context whose start method runs the server (null: the default). */
  ctx?: BaseContext | null;
  /** Seconds `shutdown()` waits for the server process at each step. */
  shutdown_timeout?: number;
}

/** The keyword arguments of `BaseManager.register`. */
export interface RegisterOptions {
  /** Makes the shared object (null: the object comes as the argument). */
  callable?: ManagedCallable | null;
  /** The proxy class (null: AutoProxy). */
  proxytype?: ProxyType | null;
  /** The methods proxies may call (null: the proxytype's, else all public). */
  exposed?: readonly string[] | null;
  /** Methods whose results are returned as proxies, by typeid. */
  method_to_typeid?: Readonly<Record<string, string>> | null;
  /** Whether to add a method named `typeid` to the manager (default true). */
  create_method?: boolean;
}

/** The keyword arguments of `start`. */
export interface StartOptions {
  /** Called first in the server process. */
  initializer?: ((...args: never[]) => unknown) | null;
  /** Its arguments. */
  initargs?: unknown[];
}

const INITIAL = 0, STARTED = 1, SHUTDOWN = 2;

// The default context's Process (context.ts adds it too; this module does
// not import context.ts, which imports it).
builtinClasses.add(Process);

/**
 * Where each registered callable was registered (to find it in a child):
 * an Error made in register(), replaced by the module it names when first
 * read.
 */
const registeredFrom = new WeakMap<object, Error | string | null>();

/** The module that registered `fn`, when it was registered. */
function registeredAt(fn: object): string | null {
  const at = registeredFrom.get(fn);
  if (!(at instanceof Error)) return at ?? null;
  const url = callerModule(at);
  registeredFrom.set(fn, url);
  return url;
}

/**
 * Python's `multiprocessing.managers.BaseManager(address=None,
 * authkey=None, serializer='pickle', ctx=None, *, shutdown_timeout=1.0)`:
 * serves objects to other processes, on this machine or others, over
 * CPython's protocol. Register typeids on a subclass, then `start()` a
 * server process, `connect()` to a running manager, or
 * `get_server().serve_forever()` in this one. `register` adds a method
 * named as the typeid that resolves with a proxy; declare it for
 * TypeScript: `declare get_queue: () => Promise<QueueProxy>`.
 *
 * @example
 * ```ts
 * import {
 *   BaseManager,
 *   type QueueProxy,
 * } from "@pyport/std/multiprocessing/managers";
 * import { Queue } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const queue = new Queue();
 * class QueueManager extends BaseManager {
 *   declare get_queue: () => Promise<QueueProxy>;
 * }
 * QueueManager.register("get_queue", () => queue);
 *
 * const key = new TextEncoder().encode("abracadabra");
 * const server = new QueueManager(["127.0.0.1", 0], key).get_server();
 * const serving = server.serve_forever();
 *
 * const m = new QueueManager(server.address, key);
 * await m.connect();
 * const q = await m.get_queue();
 * await q.put("hello");
 * assert.equal(await queue.get(), "hello");
 * server.stop_event.set();
 * await serving;
 * ```
 */
export class BaseManager {
  /** The registered typeids (each subclass has its own copy). */
  static _registry: Registry = {};

  #address: ConnectionAddress | null;
  /** The key. */
  readonly _authkey: Uint8Array;
  /** 'pickle'. */
  readonly _serializer: string;
  #ctx: BaseContext | null;
  #shutdownTimeout: number;
  #state = INITIAL;
  #process: Process | null = null;
  #starting: Promise<void> | null = null;

  /**
   * Makes the manager; nothing starts yet.
   *
   * @param address Where the server listens (or the keywords).
   * @param authkey The shared key.
   * @param serializer 'pickle'.
   * @param ctx The context whose start method runs the server.
   * @param options `{ shutdown_timeout }`.
   */
  constructor(
    address?: ConnectionAddress | null | BaseManagerOptions,
    authkey?: Uint8Array | null | BaseManagerOptions,
    serializer?: string | BaseManagerOptions,
    ctx?: BaseContext | null | BaseManagerOptions,
    options?: BaseManagerOptions,
  ) {
    const [a, k, s, c, t] = bind(
      "BaseManager",
      ["address", "authkey", "serializer", "ctx", "shutdown_timeout"],
      [address, authkey, serializer, ctx, options],
      4,
    );
    const key = (k ?? null) as Uint8Array | null;
    if (key !== null && !(key instanceof Uint8Array)) {
      throw new TypeError(
        `Authkey ${String(key)} is type ${typeof key}, not bytes`,
      );
    }
    this.#address = a == null ? null : frozenAddress(a as ConnectionAddress);
    this._authkey = key ?? self.authkey;
    this._serializer = (s as string | undefined) ?? "pickle";
    this.#ctx = (c as BaseContext | null | undefined) ?? null;
    this.#shutdownTimeout = (t as number | undefined) ?? 1.0;
  }

  /** The class's registry. */
  get _registry(): Registry {
    return (this.constructor as typeof BaseManager)._registry;
  }

  /** Python's `address`: where the server listens (null before start). */
  get address(): ConnectionAddress | null {
    return this.#address;
  }

  /**
   * Python's `get_server()`: a Server for this manager's typeids, bound
   * now, to run in this process with `serve_forever()`.
   *
   * @returns The server.
   * @throws {ProcessError} The manager was started or shut down.
   */
  get_server(): Server {
    this.#checkInitial();
    const server = new Server(
      this._registry,
      this.#address,
      this._authkey,
      this._serializer,
    );
    this.#address = server.address;
    return server;
  }

  #checkInitial(): void {
    if (this.#state === STARTED) {
      throw new ProcessError("Already started server");
    }
    if (this.#state === SHUTDOWN) {
      throw new ProcessError("Manager has shut down");
    }
  }

  /**
   * Python's `connect()`: uses the manager already serving at `address`
   * (pyport's or CPython's).
   *
   * @returns Once connected.
   * @throws {AuthenticationError} The keys differ.
   * @throws {OSError} No manager there.
   */
  async connect(): Promise<void> {
    await withConnection(
      this.#address!,
      this._authkey,
      (c) => dispatch(c, null, "dummy"),
    );
    this.#state = STARTED;
  }

  /**
   * Python's `start(initializer=None, initargs=())`: starts the server in
   * a new process of the manager's context and resolves once it serves.
   * The registered callables must reach that process as a Process target
   * does (exported functions or classes, docs/porting.md §7).
   *
   * @param initializer Called first in the server process (or the keywords).
   * @param initargs Its arguments.
   * @returns Once the server is up.
   * @throws {ProcessError} Started twice, or after shutdown.
   * @throws {TypeError} A callable cannot reach the server process.
   */
  start(
    initializer?: ((...args: never[]) => unknown) | null | StartOptions,
    initargs?: unknown[],
  ): Promise<void> {
    let i: unknown, args: unknown;
    try {
      [i, args] = bind("start", ["initializer", "initargs"], [
        initializer,
        initargs,
      ]);
      this.#checkInitial();
      if (this.#starting !== null) {
        throw new ProcessError("Already started server");
      }
      if (i != null && typeof i !== "function") {
        throw new TypeError("initializer must be a callable");
      }
    } catch (e) {
      return Promise.reject(e);
    }
    const p = this.#start(
      (i ?? null) as ((...args: never[]) => unknown) | null,
      (args ?? []) as unknown[],
      callerModule(),
    );
    this.#starting = p;
    p.catch(() => {});
    return p;
  }

  async #start(
    initializer: ((...args: never[]) => unknown) | null,
    initargs: unknown[],
    caller: string | null,
  ): Promise<void> {
    const registry: Record<string, WireEntry> = {};
    for (const [typeid, [fn, exposed, m2t]] of Object.entries(this._registry)) {
      registry[typeid] = [
        fn === null ? null : refOf(fn, registeredAt(fn) ?? caller),
        exposed === null ? null : [...exposed],
        m2t === null ? null : { ...m2t },
      ];
    }
    const init = initializer === null
      ? null
      : locate(initializer, caller, "target");
    const reply = new Listener(null, "AF_UNIX", 1, this._authkey);
    try {
      const ProcessClass = this.#ctx?.Process ?? Process;
      const p = new ProcessClass({
        target: _run_server,
        args: [
          registry,
          this.#address,
          this._authkey,
          this._serializer,
          reply.address,
          init,
          initargs,
        ],
      });
      p.name = `${this.constructor.name}-${p.name.replace(/^Process-/, "")}`;
      detachAtExit(p);
      p.start();
      this.#process = p;
      // Until the server reports its address, a child that ends first
      // fails the start (Python's reader.recv() gets EOFError). A poll,
      // not join(): join() would hold this process open for the server's
      // whole life.
      let poll: ReturnType<typeof setInterval> | null = null;
      const ended = new Promise<never>((_, reject) => {
        poll = setInterval(() => {
          if (p.exitcode !== null) reject(new EOFError());
        }, 20);
        poll.unref?.();
      });
      ended.catch(() => {});
      let c;
      try {
        c = await Promise.race([reply.accept(), ended]);
      } finally {
        clearInterval(poll!);
      }
      try {
        this.#address = frozenAddress(await c.recv() as ConnectionAddress);
      } finally {
        c.close();
      }
      this.#state = STARTED;
    } finally {
      reply.close();
    }
  }

  /** Waits for a start under way (Manager() starts in the background). */
  async _ready(): Promise<void> {
    if (this.#starting !== null) await this.#starting;
  }

  /**
   * Python's `_create(typeid, *args, **kwds)`: makes an object of `typeid`
   * in the manager.
   *
   * @param typeid A registered typeid.
   * @param args The callable's arguments.
   * @returns `[token, exposed]`.
   */
  _create(
    typeid: string,
    ...args: unknown[]
  ): Promise<[Token, readonly string[]]> {
    return this.#create(typeid, args, {});
  }

  async #create(
    typeid: string,
    args: readonly unknown[],
    kwds: Record<string, unknown>,
  ): Promise<[Token, readonly string[]]> {
    await this._ready();
    if (this.#state !== STARTED) {
      throw new AssertionError("server not yet started");
    }
    const r = await withConnection(
      this.#address!,
      this._authkey,
      (c) => dispatch(c, null, "create", [typeid, ...args], kwds),
    );
    const [id, exposed] = r as [string, readonly string[]];
    return [new Token(typeid, this.#address!, id), exposed];
  }

  /**
   * Makes an object of `typeid` and its proxy: what the method `register`
   * adds does.
   *
   * @param typeid A registered typeid.
   * @param args The callable's positional arguments.
   * @param kwds Its keyword arguments.
   * @returns The proxy.
   */
  async _proxy_for(
    typeid: string,
    args: readonly unknown[] = [],
    kwds: Record<string, unknown> = {},
  ): Promise<BaseProxy> {
    const reg = Object.hasOwn(this._registry, typeid)
      ? this._registry[typeid]
      : undefined;
    if (reg === undefined) {
      throw new AssertionError(`unknown typeid ${typeid}`);
    }
    const [token, exposed] = await this.#create(typeid, args, kwds);
    return construct(reg[3], token, this._serializer, {
      manager: this,
      authkey: this._authkey,
      exposed,
      incref: false,
    });
  }

  /**
   * Python's `join(timeout=None)`: waits for the server process to end.
   *
   * @param timeout Seconds at most.
   * @returns Once it ended or the time ran out.
   */
  async join(timeout?: number | null): Promise<void> {
    await this.#process?.join(timeout);
  }

  /**
   * Python's `_debug_info()`: the server's objects and refcounts.
   *
   * @returns The text.
   */
  async _debug_info(): Promise<string> {
    return await this.#publicCall("debug_info") as string;
  }

  /**
   * Python's `_number_of_objects()`: how many objects the server holds.
   *
   * @returns The count.
   */
  async _number_of_objects(): Promise<number> {
    return await this.#publicCall("number_of_objects") as number;
  }

  async #publicCall(name: string): Promise<unknown> {
    await this._ready();
    return await withConnection(
      this.#address!,
      this._authkey,
      (c) => dispatch(c, null, name),
    );
  }

  /**
   * Python's `shutdown()`: stops the server process this manager started
   * (asking it, then terminating it if it does not end in time). Proxies
   * of its objects fail from then on. Does nothing for a manager that was
   * not started (a connected one leaves the server running, as Python's).
   *
   * @returns Once the server process has ended.
   */
  async shutdown(): Promise<void> {
    try {
      await this._ready();
    } catch {
      // It never started.
    }
    const p = this.#process;
    if (p === null || this.#state !== STARTED) return;
    this.#state = SHUTDOWN;
    closeLinks(this.#address!);
    if (p.is_alive()) {
      try {
        await withConnection(
          this.#address!,
          this._authkey,
          (c) => dispatch(c, null, "shutdown"),
        );
      } catch {
        // It has gone already.
      }
      await p.join(this.#shutdownTimeout);
      if (p.is_alive()) {
        p.terminate();
        await p.join(this.#shutdownTimeout);
        if (p.is_alive()) {
          p.kill();
          await p.join();
        }
      }
    }
  }

  /**
   * Python's `with manager:` entry: starts the manager unless it is
   * started. `with SyncManager() as m:` is
   * `await using m = await new SyncManager().enter();`.
   *
   * @returns The manager.
   */
  async enter(): Promise<this> {
    if (this.#state === INITIAL && this.#starting === null) await this.start();
    else await this._ready();
    return this;
  }

  /** Leaving `await using`: `shutdown()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /**
   * Python's `register(typeid, callable=None, proxytype=None, exposed=None,
   * method_to_typeid=None, create_method=True)`: adds a typeid to this
   * class (and its subclasses), and a method named `typeid` that makes an
   * object in the manager and resolves with its proxy. Registering a
   * typeid again replaces it, as in Python.
   *
   * @param typeid The name.
   * @param callable Makes the object (or the keywords).
   * @param proxytype The proxy class (default AutoProxy).
   * @param exposed The methods proxies may call.
   * @param method_to_typeid Methods whose results become proxies.
   * @param create_method Whether to add the method.
   */
  static register(
    typeid: string,
    callable?: ManagedCallable | null | RegisterOptions,
    proxytype?: ProxyType | null | RegisterOptions,
    exposed?: readonly string[] | null | RegisterOptions,
    method_to_typeid?:
      | Readonly<Record<string, string>>
      | null
      | RegisterOptions,
    create_method?: boolean | RegisterOptions,
  ): void {
    const [c, pt, ex, m2t, cm] = bind("register", [
      "callable",
      "proxytype",
      "exposed",
      "method_to_typeid",
      "create_method",
    ], [callable, proxytype, exposed, method_to_typeid, create_method]);
    if (!Object.hasOwn(this, "_registry")) {
      this._registry = { ...this._registry };
    }
    const type = (pt ?? AutoProxy) as ProxyType;
    const cls = type as unknown as {
      _exposed_?: readonly string[] | null;
      _method_to_typeid_?: Readonly<Record<string, string>> | null;
      name: string;
    };
    const exp = (ex ?? cls._exposed_ ?? null) as readonly string[] | null;
    const m = m2t ?? cls._method_to_typeid_ ?? null;
    const map = (m instanceof Map ? Object.fromEntries(m) : m) as
      | Readonly<Record<string, string>>
      | null;
    const fn = (c ?? null) as ManagedCallable | null;
    // Where register() was called, read only when a manager starts: the
    // package registers SyncManager's types as it loads, and making a stack's
    // text is what costs.
    if (fn !== null) registeredFrom.set(fn, new Error());
    for (const [key, value] of Object.entries(map ?? {})) {
      if (typeof value !== "string") {
        throw new TypeError(`${String(value)} (for ${key}) is not a string`);
      }
    }
    this._registry[typeid] = [fn, exp, map, type];
    recordProxyType(cls.name, type);
    if (cm ?? true) {
      Object.defineProperty(this.prototype, typeid, {
        configurable: true,
        writable: true,
        value: function (this: BaseManager, ...args: unknown[]) {
          return this._proxy_for(typeid, args);
        },
      });
    }
  }

  /**
   * Python's `repr()`: `<multiprocessing.managers.BaseManager object at 0x...>`
   * (a made-up address; `__main__.Name` for a program's subclass).
   *
   * @returns The description.
   */
  toString(): string {
    return objectRepr.call(this);
  }
}

definedIn("multiprocessing.managers", BaseManager);
showAsPython(BaseManager);

function refOf(
  fn: ManagedCallable,
  caller: string | null,
): TargetRef {
  const isClass = /^class\b/.test(Function.prototype.toString.call(fn));
  return locate(fn, caller, isClass ? "class" : "target");
}

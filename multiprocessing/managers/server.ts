// Python's multiprocessing.managers.Server: the manager's side of CPython's
// protocol. Each client connection is authenticated (the server delivers
// its challenge, then answers the client's), then carries one request
// `(None, funcname, args, kwds)` to a public function; `accept_connection`
// turns the connection into a proxy's, serving `(id, method, args, kwds)`
// requests until the client closes it. Replies are `('#RETURN', result)`,
// `('#ERROR', exception)`, `('#TRACEBACK', text)`, `('#PROXY', (exposed,
// token))` or `('#UNSERIALIZABLE', text)`. Every connection is served by
// its own daemon thread, as CPython's, so a proxy blocked in `q.get()`
// holds up no one else.

import {
  AssertionError,
  AttributeError,
  KeyError,
  NotImplementedError,
  StopIteration,
  ValueError,
} from "../../builtins/exceptions.ts";
import { dumps, loads } from "../../pickle/functions.ts";
import { nameOf } from "../../pickle/registry.ts";
import { isPlainObject } from "../../_shared/args.ts";
import {
  definedIn,
  objectRepr,
  pyRepr,
  showAsPython,
} from "../../_shared/pyrepr.ts";
import { asTuple } from "../../_shared/tuple.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { current_thread } from "../../threading/current_thread.ts";
import { Thread } from "../../threading/thread.ts";
import { Event } from "../../threading/event.ts";
import type { Connection } from "../connection/connection.ts";
import { Listener } from "../connection/listener.ts";
import { answer_challenge, deliver_challenge } from "../connection/auth.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import { formatException } from "../_traceback.ts";
import {
  listMethods,
  ManagedArray,
  namespaceGet,
  PyDict,
} from "./_pyvalues.ts";
import { Namespace } from "./namespace.ts";
import { frozenAddress, Token } from "./token.ts";
import { PY_NAMES } from "./_sync_types.ts";
import type { BaseProxy, ProxyOptions } from "./base_proxy.ts";

/**
 * How a manager makes the objects of one typeid: Python's registry tuple
 * `(callable, exposed, method_to_typeid, proxytype)`.
 */
export type RegistryEntry = readonly [
  callable: ManagedCallable | null,
  exposed: readonly string[] | null,
  method_to_typeid: Readonly<Record<string, string>> | null,
  proxytype: ProxyType,
];

/** What makes a manager's shared object: a function, or a class. */
export type ManagedCallable =
  | ((...args: never[]) => unknown)
  | (new (...args: never[]) => unknown);

/** A manager's typeids: Python's `BaseManager._registry`. */
export type Registry = Record<string, RegistryEntry>;

/** A proxy class, or a function that makes proxies (`AutoProxy`). */
export type ProxyType =
  | (new (
    token: Token,
    serializer?: string,
    options?: ProxyOptions,
  ) => BaseProxy)
  | ((token: Token, serializer?: string, options?: ProxyOptions) => BaseProxy);

/** The functions a client may ask for by name, as CPython's `Server.public`. */
const PUBLIC = [
  "shutdown",
  "create",
  "accept_connection",
  "get_methods",
  "debug_info",
  "number_of_objects",
  "dummy",
  "incref",
  "decref",
];

/** Pickle protocol of the replies: CPython 3.11's default. */
const PROTOCOL = 4;

/** The methods of a list a proxy may call by default. */
const LIST_PUBLIC = Object.keys(listMethods).filter((n) => !n.startsWith("_"));

/**
 * Python's `public_methods(obj)`: its callable attributes not starting "_".
 * `toString` is JavaScript's `__repr__` (a proxy's own is the proxy's
 * repr, and the referent's is reached as `__repr__`), so it is not one.
 */
export function publicMethods(obj: unknown): string[] {
  if (Array.isArray(obj)) return LIST_PUBLIC;
  if (typeof obj !== "object" || obj === null) return [];
  const names = new Set<string>();
  for (
    let p: object | null = obj;
    p !== null && p !== Object.prototype;
    p = Object.getPrototypeOf(p)
  ) {
    for (const n of Object.getOwnPropertyNames(p)) {
      if (n.startsWith("_") || n === "constructor" || n === "toString") {
        continue;
      }
      const d = Object.getOwnPropertyDescriptor(p, n);
      if (d !== undefined && typeof d.value === "function") names.add(n);
    }
  }
  return [...names];
}

/** Whether `fn` is a class (called with `new`). */
function isClass(fn: unknown): boolean {
  return typeof fn === "function" &&
    /^class\b/.test(Function.prototype.toString.call(fn));
}

/** Calls a registered callable with Python's arguments. */
export function callCallable(fn: unknown, args: unknown[]): unknown {
  if (typeof fn !== "function") {
    throw new TypeError(`'${pyTypeName(fn)}' object is not callable`);
  }
  return isClass(fn)
    ? Reflect.construct(fn, args)
    : (fn as (...a: unknown[]) => unknown)(...args);
}

/** Keyword arguments off the wire (a dict) as the trailing plain object. */
export function withKeywords(args: unknown, kwds: unknown): unknown[] {
  const list = Array.isArray(args) ? [...args] : [];
  let kw: Record<string, unknown> | null = null;
  if (kwds instanceof Map && kwds.size > 0) {
    kw = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of kwds) kw[String(k)] = v;
    Object.setPrototypeOf(kw, Object.prototype);
  } else if (isPlainObject(kwds) && Object.keys(kwds).length > 0) {
    kw = kwds;
  }
  if (kw !== null) list.push(kw);
  return list;
}

const iterators = new WeakMap<
  object,
  Iterator<unknown> | AsyncIterator<unknown>
>();

/** The JavaScript iterator `__next__` advances: the object's own, kept. */
function iteratorOf(
  obj: object,
): Iterator<unknown> | AsyncIterator<unknown> | null {
  let it = iterators.get(obj);
  if (it !== undefined) return it;
  const o = obj as Partial<AsyncIterable<unknown> & Iterator<unknown>>;
  if (typeof o[Symbol.asyncIterator] === "function") {
    it = o[Symbol.asyncIterator]!();
  } else if (typeof o.next === "function") {
    it = o as Iterator<unknown>;
  } else return null;
  iterators.set(obj, it);
  return it;
}

/** Python's str() of a referent, as the '__str__' fallback sends it. */
function strOf(obj: unknown, method: "__str__" | "__repr__"): string {
  if (typeof obj === "object" && obj !== null) {
    const own = (obj as Record<string, unknown>)[method] ??
      (obj as Record<string, unknown>).__repr__;
    if (typeof own === "function") return String(own.call(obj));
    if (
      !Array.isArray(obj) && !(obj instanceof Map) && !(obj instanceof Set) &&
      !(obj instanceof Uint8Array)
    ) {
      const s = String(obj);
      if (s !== "[object Object]") return s;
      return `<${pyClassName(obj)} object at 0x${newIdent(obj)}>`;
    }
  }
  if (method === "__str__" && typeof obj === "string") return obj;
  return pyRepr(obj);
}

/** What a referent travels as: a manager's dict as a Map. */
function toWire(v: unknown): unknown {
  if (v instanceof PyDict || v instanceof ManagedArray) return v.toWire();
  return v;
}

/**
 * Finds method `name` of a referent: the function to call, or null when
 * it has none (Python's AttributeError from getattr()).
 */
function methodOf(
  obj: unknown,
  name: string,
): ((...args: unknown[]) => unknown) | null {
  if (Array.isArray(obj)) {
    const m = listMethods[name];
    return m === undefined ? null : (...a) => m.apply(obj, a);
  }
  if (typeof obj !== "object" || obj === null) return null;
  if (obj instanceof Namespace) {
    const rec = obj as unknown as Record<string, unknown>;
    switch (name) {
      case "__getattribute__":
        return (k) => namespaceGet(obj, k);
      case "__setattr__":
        return (k, v) => {
          rec[String(k)] = v;
        };
      case "__delattr__":
        return (k) => {
          namespaceGet(obj, k);
          delete rec[String(k)];
        };
    }
    return null;
  }
  if (
    name === "__next__" &&
    typeof (obj as { __next__?: unknown }).__next__ !== "function"
  ) {
    const it = iteratorOf(obj);
    if (it !== null) {
      return async () => {
        const r = await it.next();
        if (r.done) throw new StopIteration();
        return r.value;
      };
    }
  }
  const f = (obj as Record<string, unknown>)[name];
  if (typeof f === "function") {
    return (...a) => (f as (...b: unknown[]) => unknown).apply(obj, a);
  }
  if (name === "__getattribute__") {
    return (k) => {
      const v = (obj as Record<string, unknown>)[String(k)];
      if (v === undefined) {
        throw new AttributeError(
          `'${shortName(obj)}' object has no attribute '${String(k)}'`,
        );
      }
      return v;
    };
  }
  return null;
}

/** Python's `type(obj)` as `<class '...'>` shows it. */
function pyClassName(obj: unknown): string {
  if (obj instanceof PyDict) return "dict";
  if (obj instanceof ManagedArray) return "array.array";
  if (typeof obj === "object" && obj !== null && !Array.isArray(obj)) {
    const known = PY_NAMES.get(obj.constructor);
    if (known !== undefined) return known;
    const n = nameOf(obj.constructor);
    if (n !== undefined) return n.join(".");
  }
  return pyTypeName(obj);
}

function shortName(obj: unknown): string {
  return pyClassName(obj).split(".").pop()!;
}

function traceback(e: unknown): string {
  return formatException(e) + "\n";
}

/** What a connection's request handler sends back. */
type Reply = readonly [string, unknown];

/** The reply has been sent (accept_connection served the connection). */
const SERVED: unique symbol = Symbol("served");

/** One shared object: the referent, its exposed methods, method_to_typeid. */
type Entry = [unknown, Set<string>, Record<string, string> | null];

let nextIdent = 0x7f2b3c400000;
const identOf = new WeakMap<object, string>();

/** Python's `'%x' % id(obj)`: one id per object for its lifetime. */
function newIdent(obj: unknown): string {
  if ((typeof obj === "object" && obj !== null) || typeof obj === "function") {
    let id = identOf.get(obj);
    if (id === undefined) {
      id = (nextIdent += 0x40).toString(16);
      identOf.set(obj, id);
    }
    return id;
  }
  return (nextIdent += 0x40).toString(16);
}

/**
 * Python's `multiprocessing.managers.Server(registry, address, authkey,
 * serializer)`: serves a manager's shared objects to its clients (pyport's
 * proxies or CPython's). `BaseManager.get_server()` makes one; a started
 * manager runs one in its own process.
 *
 * @example
 * ```ts
 * import { BaseManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * const m = new BaseManager(["127.0.0.1", 0], new Uint8Array([1, 2]));
 * const server = m.get_server();
 * assert.equal((server.address as [string, number])[0], "127.0.0.1");
 * const done = server.serve_forever();
 * server.stop_event.set();
 * await done;
 * ```
 */
export class Server {
  /** The typeids it can create, with their callables. */
  readonly registry: Registry;
  /** Where it listens (the port chosen, for port 0). */
  readonly address: ConnectionAddress;
  /** The key clients must know. */
  readonly authkey: Uint8Array;
  /** id → [referent, exposed methods, method_to_typeid]. */
  readonly #idToObj: Map<string, Entry> = new Map();
  /** id → how many proxies hold it. */
  readonly #idToRefcount: Map<string, number> = new Map();
  #listener: Listener | null;
  #stopped = false;
  #conns = new Set<Connection>();
  #serving: Promise<void> | null = null;

  /**
   * Binds the listener at once.
   *
   * @param registry The typeids (a manager's `_registry`).
   * @param address Where to listen; null: a new Unix socket path.
   * @param authkey The key clients must know.
   * @param serializer Only 'pickle' (CPython's 'xmlrpclib' is not built).
   * @throws {NotImplementedError} Another serializer.
   * @throws {OSError} The address cannot be bound.
   */
  constructor(
    registry: Registry,
    address: ConnectionAddress | null,
    authkey: Uint8Array,
    serializer: string = "pickle",
  ) {
    if (serializer !== "pickle") {
      throw new NotImplementedError(
        `the '${serializer}' serializer is not built: pyport's managers ` +
          "speak pickle",
      );
    }
    if (!(authkey instanceof Uint8Array)) {
      throw new TypeError(
        `Authkey ${pyRepr(authkey)} is type ${pyTypeName(authkey)}, not bytes`,
      );
    }
    this.registry = registry;
    this.authkey = authkey;
    // CPython listens with a backlog of 16; a burst of clients (pyport's
    // open at most 8 at once per process) could overflow it.
    this.#listener = new Listener(address, null, 128);
    this.address = frozenAddress(this.#listener.address);
  }

  /**
   * Python's `stop_event`: setting it (`server.stop_event.set()`), as a
   * client's shutdown request does, ends `serve_forever()`.
   */
  readonly stop_event: Event = new Event();

  /**
   * Python's `serve_forever()`: accepts clients until `stop_event` is set
   * (a client asks the manager to shut down, or the program sets it).
   * Python's then exits the process; this resolves, with the listener and
   * every client connection closed.
   *
   * @returns Once the server has stopped.
   */
  serve_forever(): Promise<void> {
    this.#serving ??= (async () => {
      void this.#accepter();
      await this.stop_event.wait();
      this.#stop();
    })();
    return this.#serving;
  }

  async #accepter(): Promise<void> {
    while (!this.#stopped && this.#listener !== null) {
      let c: Connection;
      try {
        c = await this.#listener.accept();
      } catch {
        if (this.#stopped || this.#listener === null) break;
        continue;
      }
      if (this.#stopped) {
        c.close();
        break;
      }
      this.#conns.add(c);
      const t = new Thread({
        target: () => this.#handleRequest(c),
        daemon: true,
      });
      t.start();
    }
  }

  /** Stops serving: closes the listener and every client's connection. */
  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const l = this.#listener;
    this.#listener = null;
    l?.close();
    for (const c of this.#conns) c.close();
    this.#conns.clear();
  }

  async #send(c: Connection, msg: Reply): Promise<void> {
    let data: Uint8Array;
    try {
      data = dumps(Object.freeze([msg[0], toWire(msg[1])]), PROTOCOL);
    } catch (e) {
      const err = msg[1];
      const what = msg[0] === "#ERROR" && err instanceof Error
        ? `\nthe error was ${err.constructor.name}: ${err.message}\n`
        : "";
      data = dumps(
        Object.freeze(["#UNSERIALIZABLE", traceback(e) + what]),
        PROTOCOL,
      );
    }
    await c.send_bytes(data);
  }

  async #handleRequest(c: Connection): Promise<void> {
    try {
      let msg: Reply;
      let func: string | null = null;
      let args: unknown[] = [];
      try {
        await deliver_challenge(c, this.authkey);
        await answer_challenge(c, this.authkey);
        const request = loads(await c.recv_bytes());
        if (!Array.isArray(request) || request.length !== 4) {
          throw new ValueError("not enough values to unpack");
        }
        const name = request[1];
        if (typeof name !== "string" || !PUBLIC.includes(name)) {
          throw new AssertionError(`${pyRepr(name)} unrecognized`);
        }
        func = name;
        args = withKeywords(request[2], request[3]);
      } catch (e) {
        msg = ["#TRACEBACK", traceback(e)];
        func = null;
      }
      if (func !== null) {
        try {
          const r = await this.#public(func, c, args);
          if (r === SERVED) return;
          msg = ["#RETURN", r];
        } catch (e) {
          msg = ["#TRACEBACK", traceback(e)];
        }
      }
      try {
        await this.#send(c, msg!);
      } catch {
        // The client has gone.
      }
      if (func === "shutdown") this.stop_event.set();
    } finally {
      this.#conns.delete(c);
      c.close();
    }
  }

  #public(
    func: string,
    c: Connection,
    args: unknown[],
  ): unknown {
    switch (func) {
      case "shutdown":
        return null;
      case "create":
        return this.create(c, ...args as [string, ...unknown[]]);
      case "accept_connection":
        return this.#acceptConnection(c, args[0]);
      case "get_methods":
        return this.get_methods(c, args[0] as Token);
      case "debug_info":
        return this.debug_info(c);
      case "number_of_objects":
        return this.number_of_objects(c);
      case "dummy":
        return null;
      case "incref":
        return this.incref(c, args[0] as string);
      case "decref":
        return this.decref(c, args[0] as string);
    }
  }

  /**
   * Python's `create(c, typeid, *args, **kwds)`: makes a shared object of
   * type `typeid` with its registered callable.
   *
   * @param _c The client's connection.
   * @param typeid A registered typeid.
   * @param args The callable's arguments.
   * @returns `(id, exposed)` of the new object.
   * @throws {KeyError} An unknown typeid.
   */
  async create(
    _c: Connection | null,
    typeid: string,
    ...args: unknown[]
  ): Promise<readonly unknown[]> {
    const reg = Object.hasOwn(this.registry, typeid)
      ? this.registry[typeid]
      : undefined;
    if (reg === undefined) {
      throw new KeyError(typeid);
    }
    const [callable, exposed0, methodToTypeid] = reg;
    let obj: unknown;
    if (callable === null) {
      if (args.length !== 1 || isPlainObject(args[0])) {
        throw new ValueError(
          "Without callable, must have one non-keyword argument",
        );
      }
      obj = args[0];
    } else {
      obj = await callCallable(callable, args);
    }
    let exposed = exposed0 === null ? publicMethods(obj) : [...exposed0];
    let m2t: Record<string, string> | null = null;
    if (methodToTypeid !== null) {
      m2t = methodToTypeid instanceof Map
        ? Object.fromEntries(methodToTypeid) as Record<string, string>
        : methodToTypeid;
      exposed = [...exposed, ...Object.keys(m2t)];
    }
    const ident = newIdent(obj);
    this.#idToObj.set(ident, [obj, new Set(exposed), m2t]);
    if (!this.#idToRefcount.has(ident)) this.#idToRefcount.set(ident, 0);
    this.incref(null, ident);
    return Object.freeze([ident, Object.freeze(exposed)]);
  }

  /**
   * Python's `get_methods(c, token)`: the exposed methods of an object.
   *
   * @param _c The client's connection.
   * @param token The object's token.
   * @returns The method names.
   */
  get_methods(_c: Connection | null, token: Token): readonly string[] {
    const e = this.#idToObj.get(token.id);
    if (e === undefined) throw new KeyError(token.id);
    return asTuple([...e[1]]);
  }

  async #acceptConnection(c: Connection, name: unknown): Promise<symbol> {
    current_thread().name = String(name);
    await this.#send(c, ["#RETURN", null]);
    await this.#serveClient(c);
    return SERVED;
  }

  async #serveClient(c: Connection): Promise<void> {
    while (!this.#stopped) {
      let data: Uint8Array;
      try {
        data = await c.recv_bytes();
      } catch {
        return;
      }
      const msg = await this.#answer(c, data);
      try {
        await this.#send(c, msg);
      } catch {
        return;
      }
    }
  }

  async #answer(c: Connection, data: Uint8Array): Promise<Reply> {
    let methodname: unknown = null;
    let obj: unknown = null;
    let ident: unknown = null;
    let args: unknown[] = [];
    let fn: ((...a: unknown[]) => unknown) | null;
    let entry: Entry | undefined;
    try {
      const request = loads(data);
      if (!Array.isArray(request) || request.length !== 4) {
        throw new ValueError("not enough values to unpack");
      }
      [ident, methodname] = request;
      args = withKeywords(request[2], request[3]);
      entry = this.#idToObj.get(ident as string);
      if (entry === undefined) throw new KeyError(ident);
      obj = entry[0];
      if (!entry[1].has(methodname as string)) {
        throw new AttributeError(
          `method ${pyRepr(methodname)} of <class '${
            pyClassName(obj)
          }'> object is not in exposed={${
            [...entry[1]].map((n) => pyRepr(n)).join(", ")
          }}`,
        );
      }
      fn = methodOf(obj, methodname as string);
      if (fn === null) {
        throw new AttributeError(
          `'${shortName(obj)}' object has no attribute '${String(methodname)}'`,
        );
      }
    } catch (e) {
      if (!(e instanceof AttributeError) || methodname === null) {
        return ["#TRACEBACK", traceback(e)];
      }
      try {
        switch (methodname) {
          case "__str__":
          case "__repr__":
            return ["#RETURN", strOf(obj, methodname as "__str__")];
          case "#GETVALUE":
            return ["#RETURN", obj];
        }
      } catch (e2) {
        return ["#TRACEBACK", traceback(e2)];
      }
      return ["#TRACEBACK", traceback(e)];
    }
    let res: unknown;
    try {
      res = fn(...args);
      // Only a pending result costs a turn: most referent methods are sync.
      if (res instanceof Promise) res = await res;
    } catch (e) {
      return ["#ERROR", e];
    }
    const typeid = entry[2]?.[methodname as string];
    if (typeid) {
      try {
        const [rident, rexposed] = await this.create(c, typeid, res);
        return [
          "#PROXY",
          Object.freeze([
            rexposed,
            new Token(typeid, this.address, rident as string),
          ]),
        ];
      } catch (e) {
        return ["#TRACEBACK", traceback(e)];
      }
    }
    return ["#RETURN", res];
  }

  /**
   * Python's `debug_info(c)`: one line per object and its refcount.
   *
   * @param _c The client's connection.
   * @returns The text.
   */
  debug_info(_c: Connection | null): string {
    const keys = [...this.#idToRefcount.keys()].sort();
    return keys.map((id) =>
      `  ${id}:       refcount=${this.#idToRefcount.get(id)}\n    ${
        strOf(this.#idToObj.get(id)?.[0], "__str__").slice(0, 75)
      }`
    ).join("\n");
  }

  /**
   * Python's `number_of_objects(c)`: how many shared objects it holds.
   *
   * @param _c The client's connection.
   * @returns The count.
   */
  number_of_objects(_c: Connection | null): number {
    return this.#idToRefcount.size;
  }

  /**
   * Python's `incref(c, ident)`: one more proxy holds the object.
   *
   * @param _c The client's connection.
   * @param ident The object's id.
   * @throws {KeyError} No such object.
   */
  incref(_c: Connection | null, ident: string): void {
    const n = this.#idToRefcount.get(ident);
    if (n === undefined) throw new KeyError(ident);
    this.#idToRefcount.set(ident, n + 1);
  }

  /**
   * Python's `decref(c, ident)`: one proxy less; the object is dropped
   * when none holds it.
   *
   * @param _c The client's connection.
   * @param ident The object's id.
   * @throws {AssertionError} The refcount is already 0.
   */
  decref(_c: Connection | null, ident: string): void {
    const n = this.#idToRefcount.get(ident);
    if (n === undefined) throw new KeyError(ident);
    if (n <= 0) {
      throw new AssertionError(
        `Id ${ident} (${
          strOf(this.#idToObj.get(ident)?.[0], "__repr__")
        }) has refcount ${n ?? 0}, not 1+`,
      );
    }
    if (n === 1) {
      this.#idToRefcount.delete(ident);
      this.#idToObj.delete(ident);
    } else this.#idToRefcount.set(ident, n - 1);
  }

  /**
   * Python's `repr()`: `<multiprocessing.managers.Server object at 0x...>`
   * (a made-up address; `__main__.Name` for a program's subclass).
   *
   * @returns The description.
   */
  toString(): string {
    return objectRepr.call(this);
  }
}

definedIn("multiprocessing.managers", Server);
showAsPython(Server);

// Python's multiprocessing.managers.BaseProxy: a handle on an object that
// lives in a manager. Each thread of a process talks to a manager over its
// own connection (made on the thread's first call, as CPython's
// thread-local one), shared by all that thread's proxies for that manager;
// calls from one thread go in order on it. Between calls the connection
// does not keep the process alive.

import { ValueError } from "../../builtins/exceptions.ts";
import { addressOf, pyRepr, showAsPython } from "../../_shared/pyrepr.ts";
import { dumps, loads } from "../../pickle/functions.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
} from "../../_shared/reduce.ts";
import {
  asDaemon,
  callerIsDaemon,
  current,
  hold,
  type TaskThread,
  unhold,
} from "../../_shared/thread_context.ts";
import type { Connection } from "../connection/connection.ts";
import { Client } from "../connection/client.ts";
import type { ConnectionAddress } from "../connection/_families.ts";
import { atExit } from "../_exit_hooks.ts";
import { self } from "../_identity.ts";
import { RemoteError } from "./errors.ts";
import { Token } from "./token.ts";

/** Pickle protocol of requests: CPython 3.11's default. */
const PROTOCOL = 4;

/** What a proxy needs of the manager that made it. */
export interface ProxyManager {
  /** The manager's typeids, to make proxies for returned objects. */
  readonly _registry: Readonly<
    Record<string, readonly [unknown, unknown, unknown, unknown]>
  >;
}

/** The keyword arguments of a proxy's constructor. */
export interface ProxyOptions {
  /** The manager that made it (null in another process). */
  manager?: ProxyManager | null;
  /** The key of the manager; by default this process's authkey. */
  authkey?: Uint8Array | null;
  /** The referent's methods the proxy may call. */
  exposed?: readonly string[] | null;
  /** Whether to tell the manager one more proxy holds the object. */
  incref?: boolean;
  /** Whether the manager itself owns it (no reference counting). */
  manager_owned?: boolean;
}

/**
 * Holds the process open during a call made from a non-daemon thread; a
 * daemon thread blocked in a call does not keep it alive, as in Python.
 * Returns whether it held.
 */
function holdForCaller(): boolean {
  if (callerIsDaemon()) return false;
  hold();
  return true;
}

/**
 * At most this many connections to one manager are being opened at once
 * (one-shot ones for create, incref, decref ..., and threads' first
 * calls): more would overflow a listen backlog (CPython's manager listens
 * with 16) and, on some systems, be dropped without a word.
 */
const OPENING_LIMIT = 8;

const opening = new Map<string, { busy: number; waiting: (() => void)[] }>();

async function openSlot(key: string): Promise<() => void> {
  let s = opening.get(key);
  if (s === undefined) opening.set(key, s = { busy: 0, waiting: [] });
  const slots = s;
  if (slots.busy >= OPENING_LIMIT) {
    await new Promise<void>((r) => slots.waiting.push(r));
  } else slots.busy++;
  return () => {
    const next = slots.waiting.shift();
    if (next !== undefined) next();
    else if (--slots.busy === 0) opening.delete(key);
  };
}

/**
 * Python's `Client(address, authkey)`, then `setup(c)`, as a proxy's
 * connection: it does not keep the process alive by itself.
 */
async function open(
  address: ConnectionAddress,
  authkey: Uint8Array,
  setup: (c: Connection) => Promise<unknown>,
): Promise<Connection> {
  const done = await openSlot(addressKey(address));
  const held = holdForCaller();
  try {
    const c = await asDaemon(() => Client(address, { authkey }));
    try {
      await setup(c);
    } catch (e) {
      c.close();
      throw e;
    }
    return c;
  } finally {
    if (held) unhold();
    done();
  }
}

/**
 * Opens a connection to the manager at `address`, runs `fn` on it and
 * closes it: CPython's one-shot `conn = Client(...); dispatch(conn, ...)`.
 */
export async function withConnection<T>(
  address: ConnectionAddress,
  authkey: Uint8Array,
  fn: (c: Connection) => Promise<T>,
): Promise<T> {
  let out!: T;
  const c = await open(address, authkey, async (c) => {
    out = await fn(c);
  });
  c.close();
  return out;
}

/** Python's `dispatch(c, id, methodname, args, kwds)`: one round trip. */
export async function dispatch(
  c: Connection,
  id: string | null,
  methodname: string,
  args: readonly unknown[] = [],
  kwds: Record<string, unknown> = {},
): Promise<unknown> {
  const data = dumps(
    Object.freeze([id, methodname, Object.freeze([...args]), kwds]),
    PROTOCOL,
  );
  const [kind, result] = decodeReply(await exchange(c, data));
  if (kind === "#RETURN") return result;
  throw convertToError(kind, result);
}

/**
 * Sends a request and reads its reply's bytes (holding the process open
 * meanwhile, for a non-daemon caller). A failure here is the transport's.
 */
async function exchange(c: Connection, data: Uint8Array): Promise<Uint8Array> {
  const held = holdForCaller();
  try {
    let sendError: unknown = null;
    const [sent, got] = asDaemon(() => [c.send_bytes(data), c.recv_bytes()]);
    // A failed send closes the connection, which fails the receive; the
    // send's error is the one to raise (Python's BrokenPipeError ...).
    const sending = sent.catch((e) => {
      sendError = e;
      c.close();
    });
    try {
      return await got;
    } catch (e) {
      await sending;
      throw sendError ?? e;
    }
  } finally {
    if (held) unhold();
  }
}

/** A reply's `(kind, result)`. */
function decodeReply(raw: Uint8Array): readonly [unknown, unknown] {
  const msg = loads(raw);
  if (!Array.isArray(msg) || msg.length !== 2) {
    throw new ValueError(`Unrecognized message ${String(msg)}`);
  }
  return msg as unknown as readonly [unknown, unknown];
}

/** Python's `convert_to_error(kind, result)`. */
export function convertToError(kind: unknown, result: unknown): Error {
  if (kind === "#ERROR") {
    return result instanceof Error ? result : new RemoteError(String(result));
  }
  if (kind === "#TRACEBACK" || kind === "#UNSERIALIZABLE") {
    if (typeof result !== "string") {
      return new TypeError(
        `Result ${String(result)} (kind '${
          String(kind)
        }') type is ${typeof result}, not str`,
      );
    }
    return kind === "#UNSERIALIZABLE"
      ? new RemoteError(`Unserializable message: ${result}\n`)
      : new RemoteError(result);
  }
  return new ValueError(`Unrecognized message type ${String(kind)}`);
}

/** One thread's connection to one manager. */
interface ThreadLink {
  readonly thread: TaskThread;
  readonly conn: Promise<Connection>;
  /** The connection, once made (spares a turn per call). */
  ready: Connection | null;
}

/** Per manager address: each thread's connection. */
const links = new Map<string, Map<TaskThread, ThreadLink>>();

function addressKey(a: ConnectionAddress): string {
  return JSON.stringify(a);
}

/** The process's name as CPython's proxy reports it. */
function connectionName(t: TaskThread): string {
  const name = self.name;
  return t.name === "MainThread" ? name : `${name}|${t.name}`;
}

function linkFor(
  key: string,
  address: ConnectionAddress,
  authkey: Uint8Array,
): ThreadLink {
  let byThread = links.get(key);
  if (byThread === undefined) {
    byThread = new Map();
    links.set(key, byThread);
  }
  const t = current();
  const link = byThread.get(t);
  if (link !== undefined) return link;
  // Connections of threads that have ended are closed (CPython's close
  // when the thread-local goes).
  for (const [other, l] of byThread) {
    if (!other.is_alive()) {
      byThread.delete(other);
      l.conn.then((c) => c.close(), () => {});
    }
  }
  const conn = open(
    address,
    authkey,
    (c) => dispatch(c, null, "accept_connection", [connectionName(t)]),
  );
  const map = byThread;
  const made: ThreadLink = { thread: t, conn, ready: null };
  map.set(t, made);
  conn.then((c) => {
    made.ready = c;
  }, () => {
    if (map.get(t) === made) map.delete(t);
  });
  return made;
}

function dropLink(key: string, c: Connection): void {
  c.close();
  const byThread = links.get(key);
  if (byThread === undefined) return;
  for (const [t, l] of byThread) {
    l.conn.then((x) => {
      if (x === c && byThread.get(t) === l) byThread.delete(t);
    }, () => {});
  }
}

/**
 * Closes every thread's connection to the manager at `address` (its
 * manager has shut down), as CPython forgets them.
 */
export function closeLinks(address: ConnectionAddress): void {
  const key = addressKey(address);
  const byThread = links.get(key);
  if (byThread === undefined) return;
  links.delete(key);
  for (const l of byThread.values()) l.conn.then((c) => c.close(), () => {});
}

/** Held references to release: by the GC, or when a child process ends. */
interface Held {
  readonly address: ConnectionAddress;
  readonly authkey: Uint8Array;
  readonly id: string;
  released: boolean;
  /** The proxy's incref, when it made one: true once the manager counted it. */
  increfed: Promise<boolean> | null;
}

const heldRefs = new Set<Held>();

async function release(h: Held): Promise<void> {
  if (h.released) return;
  h.released = true;
  heldRefs.delete(h);
  // A decref must not overtake the incref it undoes; nothing to undo when
  // that incref failed.
  if (h.increfed !== null && !(await h.increfed)) return;
  try {
    await withConnection(
      h.address,
      h.authkey,
      (c) => dispatch(c, null, "decref", [h.id]),
    );
  } catch {
    // The manager has gone: nothing to release.
  }
}

const finalizer = new FinalizationRegistry<Held>((h) => void release(h));

let exitHookAdded = false;

/**
 * Releases what this process still holds when it ends (a child's exit),
 * one after the other as CPython's finalizers run.
 */
function releaseAllAtExit(): void {
  if (exitHookAdded) return;
  exitHookAdded = true;
  atExit(async () => {
    for (const h of [...heldRefs]) await release(h);
  });
}

/** Proxy classes by name, to rebuild a proxy in another process. */
const proxyTypes = new Map<string, unknown>();

/** Records a proxy type under its name, for rebuilding in a child. */
export function recordProxyType(name: string, type: unknown): void {
  if (!proxyTypes.has(name)) proxyTypes.set(name, type);
}

/** The proxy type recorded as `name`, if any. */
export function proxyTypeNamed(name: string): unknown {
  return proxyTypes.get(name);
}

/** How a proxy crosses to a child: enough to reconnect. */
export interface ProxyState {
  token: readonly unknown[];
  authkey: Uint8Array;
  exposed: readonly string[] | null;
  proxytype: string;
}

/**
 * Python's `multiprocessing.managers.BaseProxy`: the base of every proxy.
 * A proxy's methods send the call to the manager and resolve with the
 * referent method's result (`await d.get(k)`); `_callmethod` calls any
 * exposed method by name. A proxy passed to a `Process` as an argument
 * reconnects from the child by address and authkey, as Python's.
 *
 * @example
 * ```ts
 * import { SyncManager } from "@pyport/std/multiprocessing/managers";
 * import assert from "node:assert/strict";
 *
 * await using manager = new SyncManager();
 * await manager.start();
 * const d = await manager.dict();
 * await d._callmethod("__setitem__", ["k", 1]);
 * assert.equal(await d._callmethod("get", ["k"]), 1);
 * assert.deepEqual(await d._getvalue(), new Map([["k", 1]]));
 * ```
 */
export class BaseProxy {
  /** The referent's methods this proxy type calls (its class's default). */
  static _exposed_: readonly string[] | null = null;
  /** Methods whose results are returned as new proxies, by typeid. */
  static _method_to_typeid_: Readonly<Record<string, string>> | null = null;

  /** The shared object's token. */
  readonly _token: Token;
  /** The object's id in its manager. */
  readonly _id: string;
  /** The serializer ('pickle'). */
  readonly _serializer: string;
  /** The manager that made it, or null (another process). */
  readonly _manager: ProxyManager | null;
  /** The manager's key. */
  readonly _authkey: Uint8Array;
  /** Whether the manager owns the reference (no counting). */
  readonly _owned_by_manager: boolean;
  /** The exposed methods the manager reported (or the class's). */
  readonly _exposed: readonly string[] | null;
  #increfed: Promise<void> | null = null;
  #key: string;
  #held: Held | null = null;

  /**
   * Makes a proxy for the object `token` names. Programs get proxies from
   * a manager's methods rather than making them.
   *
   * @param token The shared object's token.
   * @param serializer 'pickle'.
   * @param options `manager`, `authkey`, `exposed`, `incref`, `manager_owned`.
   */
  constructor(
    token: Token,
    serializer: string = "pickle",
    options: ProxyOptions = {},
  ) {
    const {
      manager = null,
      authkey = null,
      exposed = null,
      incref = true,
      manager_owned = false,
    } = options;
    if (!(token instanceof Token)) {
      throw new TypeError("a proxy is made from a Token");
    }
    this._token = token;
    this.#key = addressKey(token.address);
    this._id = token.id;
    this._serializer = serializer;
    this._manager = manager;
    this._authkey = authkey ?? self.authkey;
    this._owned_by_manager = manager_owned;
    this._exposed = exposed ??
      (this.constructor as typeof BaseProxy)._exposed_;
    if (!manager_owned) {
      const h: Held = {
        address: token.address,
        authkey: this._authkey,
        id: token.id,
        released: false,
        increfed: null,
      };
      this.#held = h;
      heldRefs.add(h);
      finalizer.register(this, h, h);
      releaseAllAtExit();
      if (incref) {
        const p = this._incref();
        this.#increfed = p;
        h.increfed = p.then(() => true, () => false);
        // Calls made before it resolved wait for it, in order; later ones
        // need not.
        p.then(() => {
          if (this.#increfed === p) this.#increfed = null;
        }, () => {});
      }
    }
  }

  /**
   * Python's `_callmethod(methodname, args=(), kwds={})`: calls the
   * referent's method `methodname` in the manager. An exception the method
   * raises is raised here, of its own class; a result the manager
   * registered a typeid for comes back as a new proxy.
   *
   * @param methodname An exposed method's name.
   * @param args Its positional arguments.
   * @param kwds Its keyword arguments.
   * @returns The method's result.
   * @throws {RemoteError} The method is not exposed, or the manager failed.
   */
  async _callmethod(
    methodname: string,
    args: readonly unknown[] = [],
    kwds: Record<string, unknown> = {},
  ): Promise<unknown> {
    const data = dumps(
      Object.freeze([this._id, methodname, Object.freeze([...args]), kwds]),
      PROTOCOL,
    );
    const address = this._token.address;
    // The manager must count this proxy before it may use the object (an
    // incref that failed fails every call: the manager is not there).
    if (this.#increfed !== null) await this.#increfed;
    const link = linkFor(this.#key, address, this._authkey);
    const conn = link.ready ?? await link.conn;
    let raw: Uint8Array;
    try {
      raw = await exchange(conn, data);
    } catch (e) {
      dropLink(this.#key, conn);
      throw e;
    }
    const [kind, result] = decodeReply(raw);
    if (kind === "#RETURN") return result;
    if (kind === "#PROXY") {
      const [exposed, token] = result as [readonly string[], Token];
      return makeProxy(
        token.typeid,
        new Token(token.typeid, address, token.id),
        this._serializer,
        { manager: this._manager, authkey: this._authkey, exposed },
        false,
      );
    }
    throw convertToError(kind, result);
  }

  /**
   * Python's `_getvalue()`: a copy of the referent (a dict proxy's as a
   * Map, a list proxy's as an array).
   *
   * @returns The copy.
   */
  _getvalue(): Promise<unknown> {
    return this._callmethod("#GETVALUE");
  }

  /**
   * Python's `_incref()`: tells the manager one more proxy holds the object.
   *
   * @returns Once the manager knows.
   */
  async _incref(): Promise<void> {
    await withConnection(
      this._token.address,
      this._authkey,
      (c) => dispatch(c, null, "incref", [this._id]),
    );
  }

  /**
   * Releases the proxy's reference now (CPython does it when the proxy is
   * collected; pyport does that too, later, and when a child ends).
   *
   * @returns Once the manager knows.
   */
  _decref(): Promise<void> {
    const h = this.#held;
    if (h === null) return Promise.resolve();
    this.#held = null;
    finalizer.unregister(h);
    return release(h);
  }

  /**
   * Python's `str(proxy)`: the referent's str(), asked of the manager.
   *
   * @returns The text.
   */
  async __str__(): Promise<string> {
    try {
      return String(await this._callmethod("__repr__"));
    } catch {
      return this.toString().slice(0, -1) + "; '__str__()' failed>";
    }
  }

  /**
   * Python's `repr(proxy)`: `<DictProxy object, typeid 'dict' at 0x...>`.
   *
   * @returns The repr.
   */
  toString(): string {
    const name = this.constructor.name;
    return `<${name} object, typeid ${pyRepr(this._token.typeid)} at ${
      addressOf(this)
    }>`;
  }

  /**
   * The same as `toString()`, by Python's name.
   *
   * @returns The repr.
   */
  __repr__(): string {
    return this.toString();
  }
}

showAsPython(BaseProxy);

// How a proxy crosses to a child process: its token and key; the child
// reconnects and counts one more reference. Defined off the class body so
// that the public type does not name the private reduce types.
Object.defineProperty(BaseProxy.prototype, REDUCE, {
  value: function (this: BaseProxy, _ctx: ReduceContext): Reduced {
    const t = this._token;
    const state: ProxyState = {
      token: [t.typeid, t.address, t.id],
      authkey: this._authkey,
      exposed: this._exposed === null ? null : [...this._exposed],
      proxytype: proxyName(this),
    };
    return reduced("managers.proxy", state);
  },
});

/** The name a proxy's type is recorded under. */
function proxyName(p: BaseProxy): string {
  const auto = (p.constructor as { _autoproxy_?: boolean })._autoproxy_;
  return auto ? "AutoProxy" : p.constructor.name;
}

/** Makes a proxy of `typeid` with the manager's proxytype, else AutoProxy. */
export function makeProxy(
  typeid: string,
  token: Token,
  serializer: string,
  options: ProxyOptions,
  incref: boolean,
): BaseProxy {
  const registry = options.manager?._registry;
  const reg = registry !== undefined && Object.hasOwn(registry, typeid)
    ? registry[typeid]
    : undefined;
  // Without the manager (a proxy in a child), SyncManager's typeids that
  // have proxy types of their own: an iterator's.
  const type = (reg?.[3] ??
    (typeid === "Iterator" ? proxyTypes.get("IteratorProxy") : undefined) ??
    proxyTypes.get("AutoProxy")) as unknown;
  return construct(type, token, serializer, { ...options, incref });
}

/** Calls a proxy type: a class with `new`, AutoProxy as a function. */
export function construct(
  type: unknown,
  token: Token,
  serializer: string,
  options: ProxyOptions,
): BaseProxy {
  if (typeof type !== "function") {
    throw new TypeError("a proxytype is a BaseProxy subclass or AutoProxy");
  }
  return (type.prototype instanceof BaseProxy || type === BaseProxy)
    ? new (type as typeof BaseProxy)(token, serializer, options)
    : (type as (...a: unknown[]) => BaseProxy)(token, serializer, options);
}

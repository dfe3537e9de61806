// Python's selectors.BaseSelector, with the bookkeeping every selector of
// CPython shares (its _BaseSelectorImpl).

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { asTuple } from "../_shared/tuple.ts";
import { KeyError, RuntimeError, ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { SelectorKey } from "./selector_key.ts";
import { SelectorMapping } from "./selector_mapping.ts";

/** Python's `selectors.EVENT_READ`: the object is ready for reading. */
export const EVENT_READ: number = 1;
/** Python's `selectors.EVENT_WRITE`: the object is ready for writing. */
export const EVENT_WRITE: number = 2;

/** What a selector can watch: a descriptor number or an object with `fileno()`. */
export type FileObj = number | { fileno(): number };

function repr(v: unknown): string {
  return typeof v === "string" ? `'${v}'` : String(v);
}

function fileobjToFd(fileobj: unknown): number {
  let fd: unknown;
  if (typeof fileobj === "number") {
    fd = fileobj;
  } else {
    try {
      fd = (fileobj as { fileno(): unknown }).fileno();
    } catch (e) {
      // Python turns AttributeError, TypeError and ValueError into this.
      if (e instanceof TypeError || e instanceof ValueError) {
        throw new ValueError(`Invalid file object: ${repr(fileobj)}`);
      }
      throw e;
    }
    if (typeof fd !== "number" || !Number.isInteger(fd)) {
      throw new ValueError(`Invalid file object: ${repr(fileobj)}`);
    }
  }
  if (!Number.isInteger(fd) || (fd as number) < 0) {
    throw new ValueError(`Invalid file descriptor: ${String(fd)}`);
  }
  return fd as number;
}

/**
 * Python's `selectors.BaseSelector`: keeps the registered file objects
 * with their events and data, and `await sel.select(timeout)` returns
 * `[key, events]` pairs for the ready ones. The concrete selectors
 * (`SelectSelector`, `PollSelector`, `EpollSelector`, `DefaultSelector`)
 * differ only in the system interface they wait with. Selectors are
 * disposable: `with DefaultSelector() as sel:` becomes
 * `using sel = new DefaultSelector();`.
 *
 * Methods for callers: `register`, `unregister`, `modify`, `select`,
 * `close`, `get_key`, `get_map`. For subclasses: `_wait`, and the `_added`,
 * `_removed` and `_changed` hooks.
 *
 * @example
 * ```ts
 * import { BaseSelector, DefaultSelector } from "@pyport/std/selectors";
 * import assert from "node:assert/strict";
 *
 * using sel = new DefaultSelector();
 * assert.ok(sel instanceof BaseSelector);
 * assert.equal(sel.get_map()?.size, 0);
 * ```
 */
export abstract class BaseSelector {
  #keys: Map<number, SelectorKey> = new Map();
  #closed = false;
  #mapping: SelectorMapping = new SelectorMapping(this.#keys, (fileobj) => {
    try {
      return this.#lookup(fileobj);
    } catch (e) {
      if (e instanceof ValueError) return undefined;
      throw e;
    }
  });

  // After close() the map is empty and get_map() gives null; what else a
  // closed selector does is CPython's: the epoll-based ones raise the
  // closed epoll's ValueError, the others keep working.
  #map(): Map<number, SelectorKey> {
    return this.#keys;
  }

  /** The descriptor of `fileobj`, also for an object already closed but still registered. */
  #lookup(fileobj: unknown): number {
    try {
      return fileobjToFd(fileobj);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      for (const key of this.#map().values()) {
        if (key.fileobj === fileobj) return key.fd;
      }
      throw e;
    }
  }

  /**
   * Python's `register(fileobj, events, data=None)`: starts watching
   * `fileobj` for `events` (`EVENT_READ`, `EVENT_WRITE` or both). Keyword
   * form: `register(s, EVENT_READ, { data: x })`.
   *
   * @param fileobj A socket (anything with `fileno()`) or a descriptor.
   * @param events The events of interest.
   * @param data Any data to keep with it, or `{ data }`.
   * @param kwargs `{ data }` after a positional `data`: Python's TypeError
   *   ("got multiple values"), as any argument after `data` is.
   * @returns The new key.
   */
  register<F extends FileObj, D = unknown>(
    fileobj: F,
    events: number,
    data?: D | null,
    kwargs?: { data?: D | null },
  ): SelectorKey<F, D> {
    const [d0 = null] = bind("register", ["data"], [data, kwargs]);
    const d = d0 as D;
    if (
      !Number.isInteger(events) || events === 0 ||
      (events & ~(EVENT_READ | EVENT_WRITE)) !== 0
    ) {
      throw new ValueError(`Invalid events: ${String(events)}`);
    }
    const map = this.#map();
    const fd = this.#lookup(fileobj);
    if (map.has(fd)) {
      throw new KeyError(`${repr(fileobj)} (FD ${fd}) is already registered`);
    }
    const key = new SelectorKey(fileobj, fd, events, d);
    this._added(key);
    map.set(fd, key);
    return key;
  }

  /**
   * Python's `unregister(fileobj)`: stops watching it (do this before
   * closing it). KeyError when it is not registered.
   *
   * @param fileobj A registered object.
   * @returns Its key.
   */
  unregister<F = unknown>(fileobj: F): SelectorKey<F> {
    const map = this.#map();
    const fd = this.#lookup(fileobj);
    const key = map.get(fd);
    if (key === undefined) {
      throw new KeyError(`${repr(fileobj)} is not registered`);
    }
    map.delete(fd);
    this._removed(key);
    return key as SelectorKey<F>;
  }

  /**
   * Python's `modify(fileobj, events, data=None)`: changes the events and
   * data of a registered object.
   *
   * @param fileobj A registered object.
   * @param events The new events.
   * @param data The new data, or `{ data }`.
   * @param kwargs `{ data }` after a positional `data`: Python's TypeError.
   * @returns The new key.
   */
  modify<F extends FileObj, D = unknown>(
    fileobj: F,
    events: number,
    data?: D | null,
    kwargs?: { data?: D | null },
  ): SelectorKey<F, D> {
    const [d0 = null] = bind("modify", ["data"], [data, kwargs]);
    const d = d0 as D;
    const map = this.#map();
    const fd = this.#lookup(fileobj);
    const old = map.get(fd);
    if (old === undefined) {
      throw new KeyError(`${repr(fileobj)} is not registered`);
    }
    if (
      !Number.isInteger(events) || events === 0 ||
      (events & ~(EVENT_READ | EVENT_WRITE)) !== 0
    ) {
      throw new ValueError(`Invalid events: ${String(events)}`);
    }
    const key = new SelectorKey(old.fileobj as F, fd, events, d);
    if (events !== old.events) {
      try {
        this._changed(key);
      } catch (e) {
        // As CPython: a modify the system refuses leaves it unregistered.
        map.delete(fd);
        throw e;
      }
    }
    map.set(fd, key);
    return key;
  }

  /**
   * Python's `select(timeout=None)`: waits until a registered object is
   * ready, or `timeout` seconds pass (`null`: forever; 0 or less: don't
   * wait), and returns `[key, events]` for each ready object. Keyword form:
   * `select({ timeout: 0 })`.
   *
   * @param timeout Seconds, `null`, or `{ timeout }`.
   * @param kwargs `{ timeout }` after a positional `timeout`: Python's
   *   TypeError.
   * @returns The ready keys with their ready events.
   */
  async select(
    timeout?: number | null | { timeout?: number | null },
    kwargs?: { timeout?: number | null },
  ): Promise<[SelectorKey, number][]> {
    const [t0 = null] = bind("select", ["timeout"], [timeout, kwargs]);
    let t = t0 as number | null;
    if (t !== null && typeof t !== "number") {
      throw new TypeError(
        `'<=' not supported between instances of '${typeof t}' and 'int'`,
      );
    }
    if (Number.isNaN(t)) {
      throw new ValueError("cannot convert float NaN to integer");
    }
    if (t !== null && t < 0) t = 0;
    const map = this.#map();
    const ready = await this._wait(t);
    const out: [SelectorKey, number][] = [];
    for (const [fd, events] of ready) {
      const key = map.get(fd);
      if (key !== undefined && (key.events & events) !== 0) {
        out.push(asTuple([key, key.events & events]));
      }
    }
    return out;
  }

  /** Python's `close()`: forgets every registration and frees the selector. */
  close(): void {
    if (!this.#closed) {
      this.#closed = true;
      this.#keys.clear();
      this._closed();
    }
  }

  /** Closes the selector when a `using` block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * Python's `get_key(fileobj)`: the key of a registered object; KeyError
   * when it is not registered, RuntimeError once the selector is closed.
   *
   * @param fileobj A registered object.
   * @returns Its key.
   */
  get_key<F = unknown>(fileobj: F): SelectorKey<F> {
    if (this.#closed) throw new RuntimeError("Selector is closed");
    const map = this.#map();
    const fd = this.#lookup(fileobj);
    const key = map.get(fd);
    if (key === undefined) {
      throw new KeyError(`${repr(fileobj)} is not registered`);
    }
    return key as SelectorKey<F>;
  }

  /**
   * Python's `get_map()`: the registered keys, looked up by file object
   * or descriptor, or `null` once the selector is closed.
   *
   * @returns A read-only, live mapping of the keys.
   */
  get_map(): SelectorMapping | null {
    return this.#closed ? null : this.#mapping;
  }

  /**
   * For subclasses: waits up to `timeout` seconds (`null`: forever) and
   * returns `[fd, events]` with `EVENT_READ`/`EVENT_WRITE` bits.
   *
   * @param timeout Seconds, or `null`.
   * @returns The ready descriptors.
   */
  protected abstract _wait(timeout: number | null): Promise<[number, number][]>;

  /** For subclasses: a key was registered. @param _key The key. */
  protected _added(_key: SelectorKey): void {}
  /** For subclasses: a key was unregistered. @param _key The key. */
  protected _removed(_key: SelectorKey): void {}
  /** For subclasses: a key's events changed. @param _key The new key. */
  protected _changed(_key: SelectorKey): void {}
  /** For subclasses: the selector was closed. */
  protected _closed(): void {}
}

definedIn("selectors", BaseSelector);
showAsPython(BaseSelector, objectRepr);

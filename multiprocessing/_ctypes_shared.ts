// The core of multiprocessing.sharedctypes: ctypes objects and arrays in
// SharedArrayBuffers (RawValue, RawArray) and the synchronized wrappers
// around them (Value, Array), with how each crosses to a child process.
// Also the Proxy that gives these objects (and ShareableList) Python's
// integer indexing, `a[i]` and `a[i] = v`.

import {
  IndexError,
  NotImplementedError,
  ValueError,
} from "../builtins/exceptions.ts";
import {
  Adopt,
  CDATA_SIZE,
  type Codec,
  codecOf,
  fromWchar,
  toWchar,
  type View,
} from "../_shared/ctypes_codec.ts";
import { pyRepr, pyTypeName } from "../_shared/pyrepr.ts";
import { _SimpleCData } from "../ctypes/simple_cdata.ts";
import {
  c_byte,
  c_char,
  c_double,
  c_float,
  c_int,
  c_long,
  c_longlong,
  c_short,
  c_ubyte,
  c_uint,
  c_ulong,
  c_ulonglong,
  c_ushort,
  c_wchar,
} from "../ctypes/simple_types.ts";
import { entered } from "../_shared/release_guard.ts";
import { keywords } from "../_shared/args.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  reduceValue,
  registerKind,
} from "../_shared/reduce.ts";
import { RLock } from "./rlock.ts";

// ------------------------------------------------------------ typecodes

type SimpleClass = (new (value?: never) => _SimpleCData<unknown, never>) & {
  readonly _type_: string;
  readonly name: string;
};

/** sharedctypes' typecode_to_type. */
const TYPECODES: ReadonlyMap<string, SimpleClass> = new Map<
  string,
  SimpleClass
>([
  ["c", c_char],
  ["u", c_wchar],
  ["b", c_byte],
  ["B", c_ubyte],
  ["h", c_short],
  ["H", c_ushort],
  ["i", c_int],
  ["I", c_uint],
  ["l", c_long],
  ["L", c_ulong],
  ["q", c_longlong],
  ["Q", c_ulonglong],
  ["f", c_float],
  ["d", c_double],
]);

/**
 * The ctypes class for a typecode or a ctypes simple type; anything else
 * is Python's TypeError from ctypes.sizeof().
 */
export function resolveType(typecode_or_type: unknown): SimpleClass {
  if (typeof typecode_or_type === "string") {
    const cls = TYPECODES.get(typecode_or_type);
    if (cls !== undefined) return cls;
  } else if (
    typeof typecode_or_type === "function" &&
    typecode_or_type.prototype instanceof _SimpleCData &&
    codecOf((typecode_or_type as { _type_?: unknown })._type_) !== undefined
  ) {
    return typecode_or_type as SimpleClass;
  }
  throw new TypeError("this type has no size");
}

// ------------------------------------------------------------ indexing

/** Reads item `i` (not yet normalized: may be negative). */
export const GETITEM: unique symbol = Symbol("pyport.getitem");
/** Writes item `i` (not yet normalized: may be negative). */
export const SETITEM: unique symbol = Symbol("pyport.setitem");
/** Python's error for `del a[i]`. */
export const DELITEM_ERROR: unique symbol = Symbol("pyport.delitem");

/** What the indexing Proxy needs of its target. */
export interface Indexable {
  [GETITEM](i: number): unknown;
  [SETITEM](i: number, v: unknown): void;
  readonly [DELITEM_ERROR]: string;
  readonly length: number;
}

/**
 * The integer a property key stands for ("3", "-1"), or null when it is
 * no number; a number that is not an integer ("1.5") is Python's
 * TypeError.
 */
function indexOf(key: string | symbol): number | null {
  if (typeof key !== "string" || key.length === 0) return null;
  const c = key.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return null;
  const n = Number(key);
  if (Number.isNaN(n) || String(n) !== key) return null;
  if (!Number.isInteger(n)) throw new TypeError("indices must be integers");
  return n;
}

const boundMethods = new WeakMap<object, Map<PropertyKey, unknown>>();

const INDEXING: ProxyHandler<Indexable> = {
  get(t, key) {
    const i = indexOf(key);
    if (i !== null) return t[GETITEM](i);
    // Accessors and methods run on the target, whose #private fields the
    // Proxy does not have.
    const v = Reflect.get(t, key, t);
    if (typeof v !== "function" || key === "constructor") return v;
    let cache = boundMethods.get(t);
    if (cache === undefined) boundMethods.set(t, cache = new Map());
    let f = cache.get(key);
    if (f === undefined) cache.set(key, f = v.bind(t));
    return f;
  },
  set(t, key, v) {
    const i = indexOf(key);
    if (i === null) return Reflect.set(t, key, v, t);
    t[SETITEM](i, v);
    return true;
  },
  has(t, key) {
    const i = indexOf(key);
    if (i === null) return Reflect.has(t, key);
    return i >= 0 && i < t.length;
  },
  deleteProperty(t, key) {
    if (indexOf(key) !== null) throw new TypeError(t[DELITEM_ERROR]);
    return Reflect.deleteProperty(t, key);
  },
};

/** `t` behind the Proxy that indexes it with integers, as Python does. */
export function indexable<T extends Indexable>(t: T): T {
  return new Proxy(t, INDEXING as ProxyHandler<T>);
}

/**
 * Python's `slice(start, stop, step).indices(length)` and the slice's
 * length: [start, step, count].
 */
export function sliceIndices(
  length: number,
  start: unknown,
  stop: unknown,
  step: unknown,
): [number, number, number] {
  const st = step === undefined || step === null ? 1 : sliceInt(step);
  if (st === 0) throw new ValueError("slice step cannot be zero");
  const bound = (v: unknown, dflt: number): number => {
    if (v === undefined || v === null) return dflt;
    let n = sliceInt(v);
    if (n < 0) {
      n += length;
      if (n < 0) n = st < 0 ? -1 : 0;
    } else if (n >= length) n = st < 0 ? length - 1 : length;
    return n;
  };
  const a = bound(start, st < 0 ? length - 1 : 0);
  const b = bound(stop, st < 0 ? -1 : length);
  let count = 0;
  if (st < 0) {
    if (b < a) count = Math.floor((a - b - 1) / -st) + 1;
  } else if (a < b) count = Math.floor((b - a - 1) / st) + 1;
  return [a, st, count];
}

function sliceInt(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return Number(v);
  throw new TypeError(
    "slice indices must be integers or None or have an __index__ method",
  );
}

/** Reads `set_slice(start, stop[, step], values)`'s arguments. */
function sliceArgs(
  args: unknown[],
): [unknown, unknown, unknown, unknown] {
  if (args.length >= 4) return [args[0], args[1], args[2], args[3]];
  return [args[0], args[1], undefined, args[2]];
}

/** The items of a sequence to assign, or null when it is none. */
function itemsOf(v: unknown): unknown[] | null {
  if (typeof v === "string") return [...v];
  if (
    v !== null && typeof v === "object" &&
    typeof (v as Iterable<unknown>)[Symbol.iterator] === "function"
  ) {
    return [...(v as Iterable<unknown>)];
  }
  return null;
}

let nextAddress = 0x7f3a1c000010;
/** A made-up address for a repr, as Python shows `object at 0x...`. */
function address(): string {
  nextAddress += 0x50;
  return "0x" + nextAddress.toString(16);
}

// ------------------------------------------------------------ raw arrays

interface ArrayState {
  code: string;
  name: string;
  buffer: SharedArrayBuffer;
  length: number;
}

/** A ctypes array in shared memory: what RawArray makes. */
export class CArray implements Indexable {
  readonly #codec: Codec;
  readonly #name: string;
  readonly #view: View;
  readonly #length: number;
  readonly #address: string = address();

  constructor(
    codec: Codec,
    name: string,
    buffer: SharedArrayBuffer,
    length: number,
  ) {
    this.#codec = codec;
    this.#name = name;
    this.#length = length;
    this.#view = codec.view(buffer, 0, length);
  }

  /** Python's `len(a)`. */
  get length(): number {
    return this.#length;
  }

  /** Python's `_length_`. */
  get _length_(): number {
    return this.#length;
  }

  get [DELITEM_ERROR](): string {
    return "Array does not support item deletion";
  }

  get [CDATA_SIZE](): number {
    return this.#length * this.#codec.size;
  }

  #index(i: number): number {
    const j = i < 0 ? i + this.#length : i;
    if (j < 0 || j >= this.#length) throw new IndexError("invalid index");
    return j;
  }

  [GETITEM](i: number): unknown {
    return this.#codec.get(this.#view, this.#index(i));
  }

  [SETITEM](i: number, v: unknown): void {
    this.#codec.set(this.#view, this.#index(i), v);
  }

  /** Sets items from `0` in order (an initializer). */
  init(items: unknown[]): void {
    for (let i = 0; i < items.length; i++) {
      this.#codec.set(this.#view, i, items[i]);
    }
  }

  /** The code of the element type. */
  get typecode(): string {
    return this.#codec.code;
  }

  /** The cells of the array. */
  get view(): View {
    return this.#view;
  }

  slice(start?: unknown, stop?: unknown, step?: unknown): unknown {
    const [a, st, n] = sliceIndices(this.#length, start, stop, step);
    const out: unknown[] = [];
    for (let k = 0, i = a; k < n; k++, i += st) {
      out.push(this.#codec.get(this.#view, i));
    }
    if (this.#codec.code === "c") {
      return new Uint8Array(out.map((b) => (b as Uint8Array)[0]!));
    }
    if (this.#codec.code === "u") return out.join("");
    return out;
  }

  set_slice(...args: unknown[]): void {
    const [start, stop, step, values] = sliceArgs(args);
    const [a, st, n] = sliceIndices(this.#length, start, stop, step);
    const items = itemsOf(values);
    if (items === null || items.length !== n) {
      throw new ValueError("Can only assign sequence of same size");
    }
    for (let k = 0, i = a; k < n; k++, i += st) {
      this.#codec.set(this.#view, i, items[k]);
    }
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    for (let i = 0; i < this.#length; i++) {
      yield this.#codec.get(this.#view, i);
    }
  }

  toString(): string {
    return `<multiprocessing.sharedctypes.${this.#name}_Array_${this.#length} ` +
      `object at ${this.#address}>`;
  }

  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "shared ctypes array");
    const state: ArrayState = {
      code: this.#codec.code,
      name: this.#name,
      buffer: this.#view.buffer as SharedArrayBuffer,
      length: this.#length,
    };
    return reduced("sharedctypes.Array", state);
  }
}

/** A c_char array: `value` and `raw` are bytes. */
export class CharArray extends CArray {
  get value(): Uint8Array {
    const all = this.raw;
    const nul = all.indexOf(0);
    return nul < 0 ? all : all.slice(0, nul);
  }
  set value(v: Uint8Array) {
    if (!(v instanceof Uint8Array)) {
      throw new TypeError(
        `bytes expected instead of ${pyTypeName(v)} instance`,
      );
    }
    if (v.length > this.length) throw new ValueError("byte string too long");
    this.#write(v);
    if (v.length < this.length) {
      Atomics.store(this.view as Uint8Array, v.length, 0);
    }
  }

  get raw(): Uint8Array {
    const view = this.view as Uint8Array;
    const out = new Uint8Array(view.length);
    for (let i = 0; i < view.length; i++) out[i] = Atomics.load(view, i);
    return out;
  }
  set raw(v: Uint8Array) {
    if (!ArrayBuffer.isView(v)) {
      throw new TypeError(
        `a bytes-like object is required, not '${pyTypeName(v)}'`,
      );
    }
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (bytes.length > this.length) {
      throw new ValueError("byte string too long");
    }
    this.#write(bytes);
  }

  #write(bytes: Uint8Array): void {
    const view = this.view as Uint8Array;
    for (let i = 0; i < bytes.length; i++) Atomics.store(view, i, bytes[i]!);
  }
}

/** A c_wchar array: `value` is a str. */
export class WcharArray extends CArray {
  get value(): string {
    const view = this.view as Uint32Array;
    let out = "";
    for (let i = 0; i < view.length; i++) {
      const c = Atomics.load(view, i);
      if (c === 0) break;
      out += fromWchar(c);
    }
    return out;
  }
  set value(v: string) {
    if (typeof v !== "string") {
      throw new TypeError(
        `unicode string expected instead of ${pyTypeName(v)} instance`,
      );
    }
    const chars = [...v];
    if (chars.length > this.length) throw new ValueError("string too long");
    const view = this.view as Uint32Array;
    chars.forEach((ch, i) => Atomics.store(view, i, toWchar(ch)));
    if (chars.length < this.length) Atomics.store(view, chars.length, 0);
  }
}

function arrayOver(
  codec: Codec,
  name: string,
  buffer: SharedArrayBuffer,
  length: number,
): CArray {
  const cls = codec.code === "c"
    ? CharArray
    : codec.code === "u"
    ? WcharArray
    : CArray;
  return indexable(new cls(codec, name, buffer, length));
}

registerKind("sharedctypes.Array", import.meta.url, (s) => {
  const { code, name, buffer, length } = s as ArrayState;
  return arrayOver(codecOf(code)!, name, buffer, length);
});

/** Python's `RawArray(typecode_or_type, size_or_initializer)`. */
export function makeRawArray(
  typecode_or_type: unknown,
  size_or_initializer: unknown,
): CArray {
  const cls = resolveType(typecode_or_type);
  const codec = codecOf(cls._type_)!;
  let items: unknown[] | null = null;
  let length: number;
  const s = size_or_initializer;
  if (
    (typeof s === "number" && Number.isInteger(s)) || typeof s === "bigint" ||
    typeof s === "boolean"
  ) {
    length = Number(s);
    if (length < 0) {
      throw new ValueError(`Array length must be >= 0, not ${length}`);
    }
  } else {
    items = s instanceof Uint8Array ? [...s] : itemsOf(s);
    if (items === null) {
      throw new TypeError(`object of type '${pyTypeName(s)}' has no len()`);
    }
    length = items.length;
  }
  const arr = arrayOver(
    codec,
    cls.name,
    new SharedArrayBuffer(length * codec.size),
    length,
  );
  if (items !== null) arr.init(items);
  return arr;
}

/** Python's `RawValue(typecode_or_type, *args)`. */
export function makeRawValue(
  typecode_or_type: unknown,
  args: unknown[],
): _SimpleCData<unknown, unknown> {
  const cls = resolveType(typecode_or_type);
  const size = codecOf(cls._type_)!.size;
  if (args.length > 1) {
    throw new TypeError(
      `__init__ expected at most 1 argument, got ${args.length}`,
    );
  }
  const obj = new cls(new Adopt(new SharedArrayBuffer(size)) as never);
  if (args.length === 1) obj.value = args[0] as never;
  return obj;
}

// ------------------------------------------------------------ wrappers

/** What a synchronized wrapper needs of its lock. */
export interface LockLike {
  acquire(...args: never[]): Promise<boolean>;
  release(): void;
  enter(): Promise<Disposable>;
}

/**
 * The lock of `Value(..., lock=...)`/`Array(..., lock=...)`: true, null or
 * undefined make a new RLock; false means no wrapper (null is returned);
 * any object with an `acquire` method is used; anything else is Python's
 * AttributeError, raised here as TypeError with Python's message.
 */
export function resolveLock(lock: unknown): LockLike | null {
  if (lock === false) return null;
  if (lock === true || lock === null || lock === undefined) return new RLock();
  if (
    typeof lock === "object" &&
    typeof (lock as { acquire?: unknown }).acquire === "function"
  ) {
    return lock as LockLike;
  }
  throw new TypeError(`${pyRepr(lock)} has no method 'acquire'`);
}

/** Throws NotImplementedError for shared memory crossing to 'spawn'. */
export function refuseSpawn(ctx: ReduceContext, what: string): void {
  if (ctx.method === "spawn") {
    throw new NotImplementedError(
      `${ctx.path}: a ${what} lives in shared memory, which a 'spawn' ` +
        "process (another OS process) cannot share; use the 'worker' " +
        "start method (get_context('worker'))",
    );
  }
}

interface WrapperState {
  obj: unknown;
  lock: unknown;
}

/** CPython's SynchronizedBase: an object and the lock that guards it. */
export class SynchronizedBase {
  readonly #obj: object;
  readonly #lock: LockLike;
  #entered: Promise<Disposable> | null = null;

  constructor(obj: object, lock: LockLike) {
    this.#obj = obj;
    this.#lock = lock;
  }

  get_obj(): object {
    return this.#obj;
  }

  get_lock(): LockLike {
    return this.#lock;
  }

  acquire(...args: never[]): Promise<boolean> {
    return this.#lock.acquire(...args);
  }

  release(): void {
    this.#lock.release();
  }

  enter(): Promise<Disposable> {
    return this.#lock.enter().then(() => this.#entered ??= entered(this));
  }

  toString(): string {
    return `<${this.constructor.name} wrapper for ${String(this.#obj)}>`;
  }

  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [REDUCE](ctx: ReduceContext): Reduced {
    refuseSpawn(ctx, "synchronized shared ctypes object");
    const lock = this.#lock as unknown as Partial<
      Record<typeof REDUCE, unknown>
    >;
    if (typeof lock[REDUCE] !== "function") {
      throw new TypeError(
        `cannot pickle '${
          pyTypeName(lock)
        }' object (${ctx.path}.get_lock()): ` +
          "only a multiprocessing lock can cross to another process",
      );
    }
    const state: WrapperState = {
      obj: reduceValue(this.#obj, ctx),
      lock: reduceValue(lock, {
        method: ctx.method,
        path: `${ctx.path}.get_lock()`,
      }),
    };
    return reduced("sharedctypes.Synchronized", state);
  }
}

/** CPython's Synchronized: a wrapped ctypes simple object. */
export class Synchronized extends SynchronizedBase {
  get value(): unknown {
    return (this.get_obj() as { value: unknown }).value;
  }
  set value(v: unknown) {
    (this.get_obj() as { value: unknown }).value = v;
  }
}

/** CPython's SynchronizedArray: a wrapped ctypes array. */
export class SynchronizedArray extends SynchronizedBase implements Indexable {
  get length(): number {
    return (this.get_obj() as CArray).length;
  }

  get [DELITEM_ERROR](): string {
    return "Array does not support item deletion";
  }

  [GETITEM](i: number): unknown {
    return (this.get_obj() as CArray)[GETITEM](i);
  }

  [SETITEM](i: number, v: unknown): void {
    (this.get_obj() as CArray)[SETITEM](i, v);
  }

  slice(start?: unknown, stop?: unknown, step?: unknown): unknown {
    return (this.get_obj() as CArray).slice(start, stop, step);
  }

  set_slice(...args: unknown[]): void {
    (this.get_obj() as CArray).set_slice(...args);
  }

  [Symbol.iterator](): IterableIterator<unknown> {
    return (this.get_obj() as CArray)[Symbol.iterator]();
  }
}

/** CPython's SynchronizedString: a wrapped c_char array. */
export class SynchronizedString extends SynchronizedArray {
  get value(): Uint8Array {
    return (this.get_obj() as CharArray).value;
  }
  set value(v: Uint8Array) {
    (this.get_obj() as CharArray).value = v;
  }

  get raw(): Uint8Array {
    return (this.get_obj() as CharArray).raw;
  }
  set raw(v: Uint8Array) {
    (this.get_obj() as CharArray).raw = v;
  }
}

/** CPython's `synchronized(obj, lock)`. */
export function synchronized(obj: object, lock: LockLike): SynchronizedBase {
  if (obj instanceof _SimpleCData) return new Synchronized(obj, lock);
  if (obj instanceof CharArray) {
    return indexable(new SynchronizedString(obj, lock));
  }
  if (obj instanceof CArray) return indexable(new SynchronizedArray(obj, lock));
  throw new TypeError(`cannot synchronize ${pyTypeName(obj)}`);
}

registerKind("sharedctypes.Synchronized", import.meta.url, (s) => {
  const { obj, lock } = s as WrapperState;
  return synchronized(
    rebuildValue(obj) as object,
    rebuildValue(lock) as LockLike,
  );
});

// ------------------------------------------------------------ factories

/** Splits `[...args, kwargs?]` of a function with keyword names `names`. */
export function splitKeywords(
  fn: string,
  args: unknown[],
  names: readonly string[],
): [unknown[], Record<string, unknown>] {
  if (args.length === 0) return [args, {}];
  const kw = keywords(fn, args[args.length - 1], names);
  return kw === null ? [args, {}] : [args.slice(0, -1), kw];
}

/**
 * A function usable with `new` and without it (PORTING §1) whose
 * `instanceof` is that of `proto`'s objects.
 */
export function factory<F>(name: string, fn: F, proto: object): F {
  const make = fn as unknown as (...args: unknown[]) => unknown;
  const f = function (...args: unknown[]): unknown {
    return make(...args);
  };
  Object.defineProperty(f, "name", { value: name, configurable: true });
  Object.defineProperty(f, "prototype", { value: proto });
  return f as unknown as F;
}

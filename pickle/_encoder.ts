// The pickler: JavaScript values to CPython's pickle bytes, protocols 2 to
// 5, written as CPython's C pickler writes them (the same opcodes, memo
// indices, batches of 1000 and 64 KiB frames), so that the bytes match
// where a value maps one to one.

import * as op from "./_opcodes.ts";
import { encodeUtf8 } from "./_utf8.ts";
import { nameOf } from "./registry.ts";
import { PicklingError } from "./errors.ts";
import { bytearray } from "../builtins/bytearray.ts";
import { decode } from "../builtins/bytes.ts";
import { frozenset } from "../builtins/frozenset.ts";
import { BaseException, RecursionError } from "../builtins/exceptions.ts";
import { OSError } from "../builtins/os_error.ts";
import { pyTypeName } from "../_shared/type_name.ts";

const FRAME_TARGET = 64 * 1024;
const FRAME_HEADER = 9;
const BATCH = 1000;
const MAX_DEPTH = 1000;
/** How many of a dict's first keys are remembered for the next dict. */
const KEY_CACHE = 16;

/** Python 2 names of the built-in exceptions (protocol < 3 fix_imports). */
const PY2_EXCEPTIONS = new Set([
  "ArithmeticError",
  "AttributeError",
  "AssertionError",
  "BaseException",
  "EOFError",
  "Exception",
  "IndexError",
  "KeyError",
  "LookupError",
  "NotImplementedError",
  "OSError",
  "OverflowError",
  "RuntimeError",
  "StopIteration",
  "SystemExit",
  "TypeError",
  "ValueError",
]);

/** An own-class marker for "this dict's keys are an object's keys". */
function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** OSError's subclasses that Python 2 did not have: there, all OSError. */
const PY3_OSERRORS = new Set([
  "ChildProcessError",
  "ConnectionError",
  "BrokenPipeError",
  "ConnectionAbortedError",
  "ConnectionRefusedError",
  "ConnectionResetError",
  "FileExistsError",
  "FileNotFoundError",
  "InterruptedError",
  "IsADirectoryError",
  "NotADirectoryError",
  "PermissionError",
  "ProcessLookupError",
  "TimeoutError",
]);

/** Writes one pickle into a growing buffer. */
export class Encoder {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  #len = 0;
  #proto: number;
  #framing = false;
  #frameStart = -1;
  /** Memo: objects by identity, strings by value. */
  #memo = new Map<unknown, number>();
  #strMemo = new Map<string, number>();
  /** The last dict's first keys and their memo references (see #map). */
  #lastKeys: unknown[] = [];
  #lastKeyRefs: number[] = [];
  #memoSize = 0;
  /** A token per global written, the global's memo key. */
  #globals = new Map<string, object>();
  #depth = 0;

  constructor(protocol: number) {
    this.#proto = protocol;
  }

  /**
   * Makes a used encoder as good as new for another `dump` (`dumps` keeps
   * one, to spare the allocations of a new one per call); a large buffer is
   * let go.
   */
  reset(): void {
    this.clearMemo();
    this.#depth = 0;
    this.#framing = false;
    this.#frameStart = -1;
    if (this.#buf.length > 1 << 16) {
      this.#buf = new Uint8Array(256);
      this.#view = new DataView(this.#buf.buffer);
    }
  }

  /** Forgets what was written (Pickler.clear_memo). */
  clearMemo(): void {
    this.#memo.clear();
    this.#strMemo.clear();
    this.#lastKeys = [];
    this.#lastKeyRefs = [];
    this.#memoSize = 0;
    this.#globals.clear();
  }

  /** The pickle of `obj`. */
  dump(obj: unknown): Uint8Array {
    this.#len = 0;
    this.#depth = 0;
    this.#byte2(op.PROTO, this.#proto);
    if (this.#proto >= 4) {
      this.#framing = true;
      this.#openFrame();
    }
    this.#save(obj);
    this.#byte(op.STOP);
    this.#commitFrame();
    this.#framing = false;
    return this.#buf.slice(0, this.#len);
  }

  // ------------------------------------------------------------ output

  #grow(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.#buf.subarray(0, this.#len));
    this.#buf = b;
    this.#view = new DataView(b.buffer);
  }

  /**
   * Reserves `n` bytes. While framing, a frame is always open: its header
   * is reserved as soon as the last one ends, and dropped again if nothing
   * (or under 4 bytes) goes into it, which gives CPython's bytes.
   */
  #reserve(n: number): number {
    if (this.#len + n > this.#buf.length) this.#grow(n);
    const at = this.#len;
    this.#len += n;
    return at;
  }

  #openFrame(): void {
    this.#frameStart = this.#reserve(FRAME_HEADER);
  }

  #byte(b: number): void {
    const at = this.#reserve(1);
    this.#buf[at] = b;
  }

  #byte2(a: number, b: number): void {
    const at = this.#reserve(2);
    this.#buf[at] = a;
    this.#buf[at + 1] = b;
  }

  #bytes(b: Uint8Array): void {
    const at = this.#reserve(b.length);
    this.#buf.set(b, at);
  }

  /** Ends the current frame: its header, or none if it is tiny. */
  #commitFrame(): void {
    if (!this.#framing || this.#frameStart === -1) return;
    const start = this.#frameStart;
    const n = this.#len - start - FRAME_HEADER;
    if (n >= 4) {
      this.#buf[start] = op.FRAME;
      this.#view.setBigUint64(start + 1, BigInt(n), true);
    } else {
      this.#buf.copyWithin(start, start + FRAME_HEADER, this.#len);
      this.#len -= FRAME_HEADER;
    }
    this.#frameStart = -1;
  }

  /** Between opcodes: a frame that reached its target size ends. */
  #boundary(): void {
    if (this.#len - this.#frameStart - FRAME_HEADER >= FRAME_TARGET) {
      this.#commitFrame();
      this.#openFrame();
    }
  }

  /** An opcode with a length, then its payload (large ones unframed). */
  #counted(header: Uint8Array, payload: Uint8Array): void {
    if (this.#framing && payload.length >= FRAME_TARGET) {
      this.#commitFrame();
      this.#framing = false;
      this.#bytes(header);
      this.#bytes(payload);
      this.#framing = true;
      this.#openFrame();
      return;
    }
    this.#bytes(header);
    this.#bytes(payload);
  }

  // ------------------------------------------------------------ memo

  /** Memoizes an object (by identity). */
  #memoize(obj: unknown): void {
    const i = this.#memoSize++;
    this.#memo.set(obj, i);
    this.#put(i);
  }

  /** Memoizes a string (by value). */
  #memoizeStr(s: string): void {
    const i = this.#memoSize++;
    this.#strMemo.set(s, i);
    this.#put(i);
  }

  /** Takes a memo slot for a value nothing will refer to again (args). */
  #memoSkip(): void {
    this.#put(this.#memoSize++);
  }

  #put(i: number): void {
    if (this.#proto >= 4) {
      const at = this.#reserve(1);
      this.#buf[at] = op.MEMOIZE;
    } else if (i < 256) this.#byte2(op.BINPUT, i);
    else {
      const at = this.#reserve(5);
      this.#buf[at] = op.LONG_BINPUT;
      this.#view.setUint32(at + 1, i, true);
    }
  }

  #get(i: number): void {
    if (i < 256) this.#byte2(op.BINGET, i);
    else {
      const at = this.#reserve(5);
      this.#buf[at] = op.LONG_BINGET;
      this.#view.setUint32(at + 1, i, true);
    }
  }

  // ------------------------------------------------------------ values

  #save(obj: unknown): void {
    if (
      this.#framing &&
      this.#len - this.#frameStart >= FRAME_TARGET + FRAME_HEADER
    ) this.#boundary();
    switch (typeof obj) {
      case "number":
        return this.#number(obj);
      case "string": {
        const m = this.#strMemo.get(obj);
        if (m !== undefined) return this.#get(m);
        return this.#str(obj);
      }
      case "boolean":
        return this.#byte(obj ? op.NEWTRUE : op.NEWFALSE);
      case "bigint":
        return this.#int(obj);
      case "undefined":
        return this.#byte(op.NONE);
      case "function":
      case "symbol":
        throw new PicklingError(`cannot pickle '${pyTypeName(obj)}' object`);
    }
    if (obj === null) return this.#byte(op.NONE);
    const m = this.#memo.get(obj);
    if (m !== undefined) return this.#get(m);
    if (++this.#depth > MAX_DEPTH) {
      throw new RecursionError(
        "maximum recursion depth exceeded while pickling an object",
      );
    }
    // (An exception leaves the count: dump() starts it again.)
    this.#object(obj as object);
    this.#depth--;
  }

  #object(obj: object): void {
    if (obj instanceof Map) return this.#map(obj);
    if (Array.isArray(obj)) {
      return Object.isFrozen(obj) ? this.#tuple(obj) : this.#list(obj);
    }
    if (obj instanceof Uint8Array) {
      return obj instanceof bytearray
        ? this.#bytearray(obj)
        : this.#binBytes(obj);
    }
    if (obj instanceof Set) {
      return obj instanceof frozenset ? this.#frozenset(obj) : this.#set(obj);
    }
    if (isPlainObject(obj)) {
      const keys = Object.keys(obj);
      const rec = obj as Record<string, unknown>;
      return this.#dict(
        keys.map((k) => [k, rec[k]] as [unknown, unknown])[Symbol.iterator](),
        keys.length,
        obj,
      );
    }
    if (obj instanceof Error) return this.#exception(obj);
    const name = nameOf(obj.constructor);
    if (name !== undefined) return this.#instance(obj, name);
    throw new PicklingError(`cannot pickle '${pyTypeName(obj)}' object`);
  }

  #number(n: number): void {
    if (n >= 0 && n < 256 && (n | 0) === n && (n !== 0 || 1 / n > 0)) {
      const at = this.#reserve(2);
      this.#buf[at] = op.BININT1;
      this.#buf[at + 1] = n;
      return;
    }
    if (Number.isInteger(n) && !Object.is(n, -0)) {
      if (n >= 0 && n < 65536) {
        const at = this.#reserve(3);
        this.#buf[at] = op.BININT2;
        this.#view.setUint16(at + 1, n, true);
        return;
      }
      if (n >= -0x80000000 && n <= 0x7fffffff) {
        const at = this.#reserve(5);
        this.#buf[at] = op.BININT;
        this.#view.setInt32(at + 1, n, true);
        return;
      }
      return this.#int(BigInt(n));
    }
    const at = this.#reserve(9);
    this.#buf[at] = op.BINFLOAT;
    this.#view.setFloat64(at + 1, n, false);
  }

  /** An int of any size: LONG1/LONG4 (two's complement, little-endian). */
  #int(v: bigint): void {
    if (v >= -0x80000000n && v <= 0x7fffffffn) return this.#number(Number(v));
    // Python's encode_long: the fewest bytes that keep the sign.
    const bits = (v < 0n ? -v - 1n : v).toString(2).length;
    let n = (bits >> 3) + 1;
    let x = BigInt.asUintN(n * 8, v);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    if (v < 0n && n > 1 && out[n - 1] === 0xff && (out[n - 2]! & 0x80) !== 0) {
      n--;
    }
    if (n < 256) {
      this.#byte2(op.LONG1, n);
      this.#bytes(out.subarray(0, n));
    } else {
      const at = this.#reserve(5);
      this.#buf[at] = op.LONG4;
      this.#view.setInt32(at + 1, n, true);
      this.#bytes(out.subarray(0, n));
    }
  }

  #str(s: string): void {
    const n = s.length;
    if (n < 256) {
      // Short ASCII text (most keys and names): written in place.
      const head = this.#proto >= 4 ? 2 : 5;
      const at = this.#reserve(head + n);
      const buf = this.#buf;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + head + i] = c;
      }
      if (i === n) {
        if (head === 2) {
          buf[at] = op.SHORT_BINUNICODE;
          buf[at + 1] = n;
        } else {
          buf[at] = op.BINUNICODE;
          this.#view.setUint32(at + 1, n, true);
        }
        this.#memoizeStr(s);
        return;
      }
      this.#len = at;
    }
    const b = encodeUtf8(s);
    if (this.#proto >= 4 && b.length < 256) {
      const at = this.#reserve(2 + b.length);
      this.#buf[at] = op.SHORT_BINUNICODE;
      this.#buf[at + 1] = b.length;
      this.#buf.set(b, at + 2);
    } else if (this.#proto >= 4 && b.length > 0xffffffff) {
      const h = new Uint8Array(9);
      h[0] = op.BINUNICODE8;
      new DataView(h.buffer).setBigUint64(1, BigInt(b.length), true);
      this.#counted(h, b);
    } else {
      const h = new Uint8Array(5);
      h[0] = op.BINUNICODE;
      new DataView(h.buffer).setUint32(1, b.length, true);
      this.#counted(h, b);
    }
    this.#memoizeStr(s);
  }

  #binBytes(b: Uint8Array): void {
    if (this.#proto < 3) {
      // Protocol 2 has no bytes type: CPython writes
      // _codecs.encode(<latin-1 text>, 'latin1'), or bytes() when empty.
      if (b.length === 0) {
        this.#global("builtins", "bytes");
        this.#byte(op.EMPTY_TUPLE);
      } else {
        this.#global("_codecs", "encode");
        const s = decode(b, "latin-1");
        this.#save(s);
        this.#save("latin1");
        this.#byte(op.TUPLE2);
        this.#memoSkip();
      }
      this.#byte(op.REDUCE);
      this.#memoize(b);
      return;
    }
    if (b.length < 256) {
      const at = this.#reserve(2 + b.length);
      this.#buf[at] = op.SHORT_BINBYTES;
      this.#buf[at + 1] = b.length;
      this.#buf.set(b, at + 2);
    } else if (this.#proto >= 4 && b.length > 0xffffffff) {
      const h = new Uint8Array(9);
      h[0] = op.BINBYTES8;
      new DataView(h.buffer).setBigUint64(1, BigInt(b.length), true);
      this.#counted(h, b);
    } else {
      const h = new Uint8Array(5);
      h[0] = op.BINBYTES;
      new DataView(h.buffer).setUint32(1, b.length, true);
      this.#counted(h, b);
    }
    this.#memoize(b);
  }

  #bytearray(b: Uint8Array): void {
    if (this.#proto >= 5) {
      const h = new Uint8Array(9);
      h[0] = op.BYTEARRAY8;
      new DataView(h.buffer).setBigUint64(1, BigInt(b.length), true);
      this.#counted(h, b);
      this.#memoize(b);
      return;
    }
    // bytearray.__reduce_ex__: bytearray(bytes), or bytearray() when empty.
    this.#global("builtins", "bytearray");
    if (b.length === 0) this.#byte(op.EMPTY_TUPLE);
    else {
      this.#save(new Uint8Array(b));
      this.#byte(op.TUPLE1);
      this.#memoSkip();
    }
    this.#byte(op.REDUCE);
    this.#memoize(b);
  }

  #tuple(t: readonly unknown[]): void {
    const n = t.length;
    if (n === 0) return this.#byte(op.EMPTY_TUPLE);
    if (n <= 3) {
      for (const v of t) this.#save(v);
      const m = this.#memo.get(t);
      if (m !== undefined) {
        // Recursive: drop the items and fetch the tuple.
        for (let i = 0; i < n; i++) this.#byte(op.POP);
        return this.#get(m);
      }
      this.#byte(op.TUPLE1 + n - 1);
    } else {
      this.#byte(op.MARK);
      for (const v of t) this.#save(v);
      const m = this.#memo.get(t);
      if (m !== undefined) {
        this.#byte(op.POP_MARK);
        return this.#get(m);
      }
      this.#byte(op.TUPLE);
    }
    this.#memoize(t);
  }

  #list(l: unknown[]): void {
    this.#byte(op.EMPTY_LIST);
    this.#memoize(l);
    this.#items(l, l.length, op.APPEND, op.APPENDS);
  }

  /** Saves `n` items in batches: one with `one`, more with MARK ... `many`. */
  #items(
    items: readonly unknown[],
    n: number,
    one: number,
    many: number,
  ): void {
    if (n === 0) return;
    if (n === 1) {
      this.#save(items[0]);
      this.#byte(one);
      return;
    }
    for (let k = 0; k < n; k++) {
      if (k % BATCH === 0) {
        if (k > 0) this.#byte(many);
        this.#byte(op.MARK);
      }
      this.#save(items[k]);
    }
    this.#byte(many);
  }

  #dict(
    entries: Iterator<[unknown, unknown]>,
    n: number,
    obj: object,
  ): void {
    this.#byte(op.EMPTY_DICT);
    this.#memoize(obj);
    if (n === 0) return;
    if (n === 1) {
      const [k, v] = entries.next().value!;
      this.#save(k);
      this.#save(v);
      this.#byte(op.SETITEM);
      return;
    }
    let i = 0;
    for (let e = entries.next(); !e.done; e = entries.next()) {
      if (i % BATCH === 0) {
        if (i > 0) this.#byte(op.SETITEMS);
        this.#byte(op.MARK);
      }
      this.#save(e.value[0]);
      this.#save(e.value[1]);
      i++;
    }
    this.#byte(op.SETITEMS);
    // CPython's dict batching ends with an empty batch when the items fill
    // whole batches.
    if (n % BATCH === 0) this.#byte2(op.MARK, op.SETITEMS);
  }

  /** A Map as a dict, without an entry array per item. */
  #map(m: Map<unknown, unknown>): void {
    this.#byte(op.EMPTY_DICT);
    this.#memoize(m);
    const n = m.size;
    if (n === 0) return;
    let i = 0;
    // Dicts in a row often have the same keys in the same order: a key
    // that is the same string as the last dict's at that place is written
    // as the reference found then, without a lookup.
    const keys = this.#lastKeys;
    const refs = this.#lastKeyRefs;
    for (const [k, v] of m) {
      if (n > 1 && i % BATCH === 0) {
        if (i > 0) this.#byte(op.SETITEMS);
        this.#byte(op.MARK);
      }
      if (i < KEY_CACHE && keys[i] === k) {
        if (
          this.#framing &&
          this.#len - this.#frameStart >= FRAME_TARGET + FRAME_HEADER
        ) this.#boundary();
        this.#get(refs[i]!);
      } else {
        this.#save(k);
        if (i < KEY_CACHE && typeof k === "string") {
          keys[i] = k;
          refs[i] = this.#strMemo.get(k)!;
        }
      }
      this.#save(v);
      i++;
    }
    this.#byte(n === 1 ? op.SETITEM : op.SETITEMS);
    // CPython's dict batching ends with an empty batch when the items fill
    // whole batches.
    if (n > 1 && n % BATCH === 0) this.#byte2(op.MARK, op.SETITEMS);
  }

  #set(s: Set<unknown>): void {
    if (this.#proto < 4) return this.#reduceSet("set", s);
    this.#byte(op.EMPTY_SET);
    this.#memoize(s);
    let k = 0;
    for (const v of s) {
      if (k % BATCH === 0) {
        if (k > 0) this.#byte(op.ADDITEMS);
        this.#byte(op.MARK);
      }
      this.#save(v);
      k++;
    }
    if (k > 0) this.#byte(op.ADDITEMS);
    // As CPython's: an empty batch after items that fill whole batches.
    if (k > 0 && k % BATCH === 0) this.#byte2(op.MARK, op.ADDITEMS);
  }

  #frozenset(s: Set<unknown>): void {
    if (this.#proto < 4) return this.#reduceSet("frozenset", s);
    this.#byte(op.MARK);
    for (const v of s) this.#save(v);
    const m = this.#memo.get(s);
    if (m !== undefined) {
      this.#byte(op.POP_MARK);
      return this.#get(m);
    }
    this.#byte(op.FROZENSET);
    this.#memoize(s);
  }

  /** set/frozenset before protocol 4: cls([items]). */
  #reduceSet(name: string, s: Set<unknown>): void {
    this.#global("builtins", name);
    const items = [...s];
    this.#list(items);
    this.#byte(op.TUPLE1);
    this.#memoSkip();
    this.#byte(op.REDUCE);
    this.#memoize(s);
  }

  /** A class or function by name, as CPython's save_global writes it. */
  #global(module: string, name: string): void {
    const full = `${module}.${name}`;
    let key = this.#globals.get(full);
    if (key === undefined) this.#globals.set(full, key = {});
    const m = this.#memo.get(key);
    if (m !== undefined) return this.#get(m);
    if (this.#proto >= 4) {
      this.#save(module);
      this.#save(name);
      this.#byte(op.STACK_GLOBAL);
    } else {
      if (this.#proto < 3) [module, name] = py2Name(module, name);
      const line = encodeUtf8(`${module}\n${name}\n`);
      const at = this.#reserve(1 + line.length);
      this.#buf[at] = op.GLOBAL;
      this.#buf.set(line, at + 1);
    }
    this.#memoize(key);
  }

  #exception(e: Error): void {
    const name = nameOf(e.constructor);
    if (name === undefined) {
      throw new PicklingError(`cannot pickle '${pyTypeName(e)}' object`);
    }
    let args: unknown[];
    if (e instanceof OSError && e.errno !== null && e.filename !== null) {
      args = [e.errno, e.strerror, e.filename];
      if (e.filename2 !== null) args.push(null, e.filename2);
    } else if (e instanceof BaseException) args = e.args;
    else args = e.message === "" ? [] : [e.message];
    this.#global(name[0], name[1]);
    this.#save(Object.freeze([...args]));
    this.#byte(op.REDUCE);
    this.#memoize(e);
  }

  /** An instance of a registered class, by its pickling hooks. */
  #instance(obj: object, name: [string, string]): void {
    const o = obj as {
      __reduce__?: () => unknown[];
      __getnewargs__?: () => unknown[];
      __getstate__?: () => unknown;
    };
    if (typeof o.__reduce__ === "function") {
      const r = o.__reduce__();
      if (!Array.isArray(r) || r.length < 2 || r.length > 3) {
        throw new PicklingError(
          "__reduce__ must return [class, args] or [class, args, state]",
        );
      }
      const cname = nameOf(r[0]);
      if (cname === undefined) {
        throw new PicklingError(
          `cannot pickle '${pyTypeName(r[0])}' object: not a registered class`,
        );
      }
      this.#global(cname[0], cname[1]);
      this.#save(Object.freeze([...(r[1] as unknown[])]));
      this.#byte(op.REDUCE);
      this.#memoize(obj);
      if (r.length === 3 && r[2] !== null && r[2] !== undefined) {
        this.#save(r[2]);
        this.#byte(op.BUILD);
      }
      return;
    }
    // object.__reduce_ex__(2+): copyreg.__newobj__(cls, *args), then state.
    const args = typeof o.__getnewargs__ === "function"
      ? o.__getnewargs__()
      : [];
    this.#global(name[0], name[1]);
    this.#save(Object.freeze([...args]));
    this.#byte(op.NEWOBJ);
    this.#memoize(obj);
    let state: unknown;
    if (typeof o.__getstate__ === "function") state = o.__getstate__();
    else {
      const keys = Object.keys(obj);
      if (keys.length === 0) state = null;
      else {
        // A Map, so that a field named "__proto__" stays a field.
        const d = new Map<string, unknown>();
        for (const k of keys) d.set(k, (obj as Record<string, unknown>)[k]);
        state = d;
      }
    }
    if (state !== null && state !== undefined) {
      this.#save(state);
      this.#byte(op.BUILD);
    }
  }
}

/** The name protocol 2 writes for a Python 3 name (fix_imports). */
function py2Name(module: string, name: string): [string, string] {
  if (module !== "builtins") return [module, name];
  if (PY2_EXCEPTIONS.has(name)) return ["exceptions", name];
  if (PY3_OSERRORS.has(name)) return ["exceptions", "OSError"];
  return ["__builtin__", name];
}

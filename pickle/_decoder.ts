// The unpickler: CPython's pickle bytes (protocols 0 to 5) to JavaScript
// values. Safe by default, where CPython's is not: it builds only the
// built-in types, the classes registered in registry.ts and what a
// find_class hook returns; it never evaluates anything a pickle names, and
// the values it makes grow with the input only (memo entries are shared,
// never copied), so hostile input costs no more than its own size.
//
// The decoder is restartable at opcode boundaries: an opcode reads all its
// bytes before it changes any state, so when the data runs out (Incomplete)
// the caller may add bytes and run it again from that opcode. `loads` has
// all the bytes; `load(file)` reads exactly what the next opcode needs.

import { asTuple } from "../_shared/tuple.ts";
import * as op from "./_opcodes.ts";
import { decodeUtf8 } from "./_utf8.ts";
import { UnpicklingError } from "./errors.ts";
import { LookupError, NotImplementedError } from "../builtins/exceptions.ts";
import { classNamed } from "./registry.ts";
import { bytearray } from "../builtins/bytearray.ts";
import { frozenset } from "../builtins/frozenset.ts";
import { decode, encode } from "../builtins/bytes.ts";

/** Python's limit on the digits of an int read from text. */
const MAX_DIGITS = 4300;

/** The data ran out: `need` more bytes, or a line (-1). */
export class Incomplete {
  readonly need: number;
  constructor(need: number) {
    this.need = need;
  }
}

/** A Python callable the unpickler allows, other than a class. */
export class Callable {
  readonly name: string;
  readonly call: (args: readonly unknown[]) => unknown;
  constructor(name: string, call: (args: readonly unknown[]) => unknown) {
    this.name = name;
    this.call = call;
  }
  toString(): string {
    return `<built-in ${this.name}>`;
  }
}

/** What a find_class hook may give: a class, a function or a Callable. */
export type Found = unknown;

// deno-lint-ignore no-explicit-any
type AnyClass = new (...args: any[]) => unknown;

const MARK_ERROR = "could not find MARK";

function fail(msg: string): never {
  throw new UnpicklingError(msg);
}

/** A safe integer as a number, a larger one as a bigint. */
function intValue(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

function latin1(b: Uint8Array): string {
  return decode(b, "latin-1");
}

function bytesOf(v: unknown, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x))) {
    if (v.some((x) => x < 0 || x > 255)) {
      fail(`${what}: bytes must be in range(0, 256)`);
    }
    return new Uint8Array(v as number[]);
  }
  return fail(`${what}: cannot make bytes from a ${typeName(v)}`);
}

function typeName(v: unknown): string {
  if (v === null) return "NoneType";
  if (Array.isArray(v)) return Object.isFrozen(v) ? "tuple" : "list";
  if (v instanceof Map) return "dict";
  if (v instanceof Uint8Array) return "bytes";
  if (typeof v === "object") return (v.constructor?.name ?? "object");
  return typeof v;
}

/** Python's float() of a FLOAT opcode's text. */
function parseFloatText(s: string): number {
  const t = s.trim();
  if (/^[+-]?(inf|infinity)$/i.test(t)) {
    return t[0] === "-" ? -Infinity : Infinity;
  }
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i.test(t)) {
    fail(`could not convert string to float: '${t.slice(0, 40)}'`);
  }
  return Number(t);
}

/** Python's int() of decimal text, within Python's digit limit. */
function parseIntText(s: string): number | bigint {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) {
    fail(`invalid literal for int() with base 10: '${t.slice(0, 40)}'`);
  }
  if (t.replace(/^[+-]/, "").length > MAX_DIGITS) {
    fail(
      `Exceeds the limit (${MAX_DIGITS} digits) for integer string conversion`,
    );
  }
  return intValue(BigInt(t));
}

/** Python 2 str literal (repr) body: its escapes decoded to bytes. */
function unescapeString(body: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    let c = body.charCodeAt(i);
    if (c !== 0x5c) {
      if (c > 0xff) fail("the STRING opcode argument must be quoted");
      out.push(c);
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "n":
        out.push(10);
        break;
      case "t":
        out.push(9);
        break;
      case "r":
        out.push(13);
        break;
      case "a":
        out.push(7);
        break;
      case "b":
        out.push(8);
        break;
      case "f":
        out.push(12);
        break;
      case "v":
        out.push(11);
        break;
      case "\\":
        out.push(0x5c);
        break;
      case "'":
        out.push(0x27);
        break;
      case '"':
        out.push(0x22);
        break;
      case "\n":
        break;
      case "x": {
        const h = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) fail("invalid \\x escape in STRING");
        out.push(parseInt(h, 16));
        i += 2;
        break;
      }
      default: {
        const m = /^[0-7]{1,3}/.exec(body.slice(i));
        if (m !== null) {
          out.push(parseInt(m[0], 8) & 0xff);
          i += m[0].length - 1;
        } else {
          out.push(0x5c);
          if (e !== undefined) {
            c = e.charCodeAt(0);
            out.push(c);
          }
        }
      }
    }
  }
  return new Uint8Array(out);
}

/** Python's raw-unicode-escape decoding (the UNICODE opcode). */
function rawUnicodeEscape(b: Uint8Array): string {
  const s = latin1(b);
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_m, e: string) => {
    const cp = parseInt(e.slice(1), 16);
    if (cp > 0x10ffff) fail("\\Uxxxxxxxx out of range");
    return String.fromCodePoint(cp);
  });
}

function ascii(b: Uint8Array): string {
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0x80) {
      fail(
        `'ascii' codec can't decode byte 0x${b[i]!.toString(16)} in ` +
          `position ${i}: ordinal not in range(128)`,
      );
    }
  }
  return latin1(b);
}

/**
 * How Python 2 `str` values (STRING, BINSTRING, SHORT_BINSTRING) are read:
 * Python's `encoding` and `errors` arguments of `loads`.
 */
export function py2Strings(
  encoding: unknown,
  errors: unknown,
): (b: Uint8Array) => unknown {
  if (errors !== undefined && errors !== null && errors !== "strict") {
    throw new NotImplementedError(
      `pyport's pickle decodes Python 2 strings with errors='strict' only`,
    );
  }
  const e = String(encoding ?? "ASCII").toLowerCase().replace(/_/g, "-");
  switch (e) {
    case "ascii":
      return ascii;
    case "bytes":
      return (b) => b;
    case "latin1":
    case "latin-1":
    case "iso-8859-1":
      return latin1;
    case "utf-8":
    case "utf8":
      return (b) => {
        const s = decodeUtf8(b, 0, b.length);
        if (s === null) fail("'utf-8' codec can't decode a Python 2 str");
        return s;
      };
  }
  throw new LookupError(`unknown encoding: ${String(encoding)}`);
}

/** How much a built-in callable copies of its arguments. */
function sizeOf(args: readonly unknown[]): number {
  let n = args.length;
  for (const a of args) {
    if (Array.isArray(a) || typeof a === "string" || a instanceof Uint8Array) {
      n += a.length;
    } else if (a instanceof Map || a instanceof Set) n += a.size;
  }
  return n;
}

/** Makes a Python object of class `cls` for NEWOBJ: __new__ without __init__. */
function newObject(cls: unknown, args: readonly unknown[]): unknown {
  if (cls instanceof Callable) return cls.call(args);
  if (typeof cls !== "function") {
    fail(`NEWOBJ class argument isn't a type object`);
  }
  if (args.length === 0) return Object.create((cls as AnyClass).prototype);
  return new (cls as AnyClass)(...args);
}

/** Calls what find_class gave (REDUCE): a class is constructed. */
function callFound(f: unknown, args: readonly unknown[]): unknown {
  if (f instanceof Callable) return f.call(args);
  if (typeof f !== "function") fail(`'${typeName(f)}' object is not callable`);
  if (isClass(f)) return new (f as AnyClass)(...args);
  return (f as (...a: unknown[]) => unknown)(...args);
}

function isClass(f: unknown): boolean {
  if (typeof f !== "function") return false;
  if (f === TypeError || f.prototype instanceof Error) return true;
  return /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Python's BUILD: __setstate__, else the state's items as fields. */
function build(inst: unknown, state: unknown): void {
  const o = inst as { __setstate__?: (s: unknown) => unknown };
  if (
    inst !== null && typeof inst === "object" &&
    typeof o.__setstate__ === "function"
  ) {
    o.__setstate__(state);
    return;
  }
  if (
    inst === null || typeof inst !== "object" || Array.isArray(inst) ||
    inst instanceof Map || inst instanceof Set || inst instanceof Uint8Array
  ) {
    fail(`'${typeName(inst)}' object has no attribute '__dict__'`);
  }
  let slots: unknown = null;
  if (Array.isArray(state) && Object.isFrozen(state) && state.length === 2) {
    [state, slots] = state;
  }
  for (const s of [state, slots]) {
    if (s === null || s === undefined) continue;
    if (!(s instanceof Map)) fail("state is not a dictionary");
    for (const [k, v] of s) {
      if (typeof k !== "string") fail("attribute name must be string");
      // A callable `then` would make the value a thenable: awaiting it (as
      // recv() and load() do) would call what the pickle chose.
      if (k === "then" && (typeof v === "function" || v instanceof Callable)) {
        fail("a callable 'then' attribute is refused");
      }
      Object.defineProperty(inst, k, {
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
}

const SET = new Callable("set", (a) => new Set(a.length ? iter(a[0]) : []));
const FROZENSET = new Callable(
  "frozenset",
  (a) => new frozenset(a.length ? iter(a[0]) : []),
);
const BYTES = new Callable("bytes", (a) => {
  if (a.length === 0) return new Uint8Array(0);
  if (typeof a[0] === "string") return encodeWith(a[0], a[1]);
  return new Uint8Array(bytesOf(a[0], "bytes"));
});
const BYTEARRAY = new Callable("bytearray", (a) => {
  if (a.length === 0) return new bytearray(0);
  const b = typeof a[0] === "string"
    ? encodeWith(a[0], a[1])
    : bytesOf(a[0], "bytearray");
  const out = new bytearray(b.length);
  out.set(b);
  return out;
});
const ENCODE = new Callable("_codecs.encode", (a) => encodeWith(a[0], a[1]));
const LIST = new Callable("list", (a) => (a.length ? [...iter(a[0])] : []));
const TUPLE = new Callable(
  "tuple",
  (a) => asTuple(a.length ? [...iter(a[0])] : []),
);
const DICT = new Callable("dict", (a) => {
  if (a.length === 0) return new Map();
  if (a[0] instanceof Map) return new Map(a[0]);
  return new Map(iter(a[0]) as Iterable<[unknown, unknown]>);
});
const OBJECT = new Callable("object", () => ({}));
const RECONSTRUCTOR = new Callable("copyreg._reconstructor", (a) => {
  const [cls, base, state] = a;
  if (base !== OBJECT || (state !== null && state !== undefined)) {
    fail("copyreg._reconstructor: only object instances are rebuilt");
  }
  return newObject(cls, []);
});

function iter(v: unknown): Iterable<unknown> {
  // As Python iterates them: a dict gives its keys, a str its characters.
  if (v instanceof Map) return v.keys();
  if (typeof v === "string") return v;
  if (
    v !== null && typeof v === "object" &&
    typeof (v as Iterable<unknown>)[Symbol.iterator] === "function"
  ) return v as Iterable<unknown>;
  return fail(`'${typeName(v)}' object is not iterable`);
}

/** _codecs.encode(text, 'latin1'), as protocol 2 writes bytes. */
function encodeWith(text: unknown, encoding: unknown): Uint8Array {
  if (typeof text !== "string") fail("encode() argument must be str");
  // builtins' str.encode: utf-8, ascii, latin-1; its errors become
  // UnpicklingError in the decoder's loop.
  return encode(text, String(encoding ?? "utf-8"));
}

/** The built-in types and functions every unpickler allows. */
const SAFE: Record<string, Callable> = {
  "builtins.set": SET,
  "builtins.frozenset": FROZENSET,
  "builtins.bytes": BYTES,
  "builtins.bytearray": BYTEARRAY,
  "builtins.list": LIST,
  "builtins.tuple": TUPLE,
  "builtins.dict": DICT,
  "builtins.object": OBJECT,
  "_codecs.encode": ENCODE,
  "copyreg._reconstructor": RECONSTRUCTOR,
};

for (const c of Object.values(SAFE)) Object.freeze(c);

/** Python 2 module names (protocols 0 to 2 from Python 2 or fix_imports). */
function py3Module(module: string): string {
  switch (module) {
    case "__builtin__":
    case "exceptions":
      return "builtins";
    case "copy_reg":
      return "copyreg";
  }
  return module;
}

/** The default find_class: safe types, then registered classes. */
export function findClass(module: string, name: string): Found {
  const m = py3Module(module);
  const safe = SAFE[`${m}.${name}`];
  if (safe !== undefined) return safe;
  const cls = classNamed(m, name);
  if (cls !== undefined) return cls;
  return fail(`global '${module}.${name}' is forbidden`);
}

/** The unpickling machine over a growing byte buffer. */
export class Decoder {
  #b: Uint8Array = new Uint8Array(0);
  #view = new DataView(this.#b.buffer);
  #pos = 0;
  #end = 0;
  #stack: unknown[] = [];
  #marks: number[] = [];
  #memo: unknown[] = [];
  #findClass: (module: string, name: string) => Found;
  /** Set once STOP is read. */
  done = false;
  result: unknown = undefined;

  #py2str: (b: Uint8Array) => unknown;

  constructor(
    findClass: (module: string, name: string) => Found,
    py2str: (b: Uint8Array) => unknown = ascii,
  ) {
    this.#findClass = findClass;
    this.#py2str = py2str;
  }

  /** Starts a new pickle (the memo is kept, as in Python). */
  begin(): void {
    this.#stack = [];
    this.#marks = [];
    this.#pos = 0;
    this.#copied = 0;
    this.done = false;
    this.result = undefined;
  }

  /** Bytes read and not yet decoded are `b[pos, end)`. */
  setData(b: Uint8Array, pos = 0): void {
    this.#b = b;
    this.#view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.#pos = pos;
    this.#end = b.length;
  }

  /** Where decoding stands in the buffer. */
  get pos(): number {
    return this.#pos;
  }

  #need(n: number): void {
    if (n < 0 || this.#pos + n > this.#end) {
      throw new Incomplete(this.#pos + n - this.#end);
    }
  }

  /** The bytes of the next line (without its "\n"); moves past it. */
  #line(): Uint8Array {
    const i = this.#b.indexOf(0x0a, this.#pos);
    if (i < 0 || i >= this.#end) throw new Incomplete(-1);
    const l = this.#b.subarray(this.#pos, i);
    this.#pos = i + 1;
    return l;
  }

  #lineText(): string {
    return latin1(this.#line());
  }

  #pop(): unknown {
    const floor = this.#marks.length ? this.#marks[this.#marks.length - 1]! : 0;
    if (this.#stack.length <= floor) fail("unpickling stack underflow");
    return this.#stack.pop();
  }

  #top(): unknown {
    const floor = this.#marks.length ? this.#marks[this.#marks.length - 1]! : 0;
    if (this.#stack.length <= floor) fail("unpickling stack underflow");
    return this.#stack[this.#stack.length - 1];
  }

  /** Pops the topmost mark: the stack index where its items start. */
  #markStart(): number {
    const k = this.#marks.pop();
    if (k === undefined) fail(MARK_ERROR);
    return k;
  }

  #popMark(): unknown[] {
    const k = this.#marks.pop();
    if (k === undefined) fail(MARK_ERROR);
    const items = this.#stack.slice(k);
    this.#stack.length = k;
    return items;
  }

  #string(start: number, n: number): string {
    const s = decodeUtf8(this.#b, start, start + n);
    if (s === null) fail("'utf-8' codec can't decode the str's bytes");
    return s;
  }

  #memoGet(i: number): void {
    // No value is ever undefined (None is null): a hole is a missing entry.
    const v = this.#memo[i];
    if (v === undefined) fail(`Memo value not found at index ${i}`);
    this.#stack.push(v);
  }

  #memoPut(i: number): void {
    if (i < 0) fail("negative PUT argument");
    if (i > 0xffffffff) fail("PUT index out of range");
    this.#memo[i] = this.#top();
  }

  #u64(at: number): number {
    const v = this.#view.getBigUint64(at, true);
    return v > BigInt(Number.MAX_SAFE_INTEGER)
      ? Number.MAX_SAFE_INTEGER
      : Number(v);
  }

  #long(at: number, n: number): number | bigint {
    if (n === 0) return 0;
    let hex = "";
    for (let i = at + n - 1; i >= at; i--) {
      hex += this.#b[i]!.toString(16).padStart(2, "0");
    }
    let v = BigInt("0x" + hex);
    if (this.#b[at + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return intValue(v);
  }

  /** Runs opcodes until STOP; throws Incomplete when the data runs out. */
  run(): unknown {
    try {
      return this.#loop();
    } catch (e) {
      // An opcode that ran out of data changed nothing: it runs again
      // from its start once more bytes come.
      if (e instanceof Incomplete) this.#pos = this.#opStart;
      if (e instanceof Incomplete || e instanceof UnpicklingError) throw e;
      // Whatever else went wrong building a value (a constructor that
      // raised, a value too large for the runtime) is the input's fault.
      const u = new UnpicklingError(
        `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      );
      Object.defineProperty(u, "cause", { value: e, configurable: true });
      throw u;
    }
  }

  /** Elements the built-in callables have copied in this load. */
  #copied = 0;

  /**
   * Counts `n` elements copied by a built-in callable (list(x), set(x) ...).
   * A pickle can name a large memo entry and copy it again and again for a
   * few bytes each: the copies may add up to 8 times the input, plus 1M.
   */
  #charge(n: number): void {
    this.#copied += n;
    if (this.#copied > 8 * this.#end + (1 << 20)) {
      fail("the pickle asks for far more memory than its size allows");
    }
  }

  /** Where the opcode being run begins. */
  #opStart = 0;

  /** Runs the opcodes. */
  #loop(): unknown {
    const b = this.#b;
    const st = this.#stack;
    for (;;) {
      const start = this.#pos;
      this.#opStart = start;
      if (start >= this.#end) throw new Incomplete(1);
      const code = b[start]!;
      this.#pos = start + 1;
      {
        switch (code) {
          case 0x80: { // PROTO
            this.#need(1);
            const p = b[this.#pos++]!;
            if (p > 5) fail(`unsupported pickle protocol: ${p}`);
            break;
          }
          case 0x95: { // FRAME
            this.#need(8);
            const n = this.#u64(this.#pos);
            // The whole frame is read at once.
            this.#need(8 + n);
            this.#pos += 8;
            break;
          }
          case 0x2e: { // STOP
            this.result = this.#pop();
            this.done = true;
            return this.result;
          }
          case 0x28: // MARK
            this.#marks.push(st.length);
            break;
          case 0x30: { // POP
            const floor = this.#marks.length
              ? this.#marks[this.#marks.length - 1]!
              : -1;
            if (st.length === floor) this.#marks.pop();
            else this.#pop();
            break;
          }
          case 0x31: // POP_MARK
            this.#popMark();
            break;
          case 0x32: // DUP
            st.push(this.#top());
            break;
          case 0x4e: // NONE
            st.push(null);
            break;
          case 0x88: // NEWTRUE
            st.push(true);
            break;
          case 0x89: // NEWFALSE
            st.push(false);
            break;
          case 0x4b: // BININT1
            this.#need(1);
            st.push(b[this.#pos++]);
            break;
          case 0x4d: // BININT2
            this.#need(2);
            st.push(this.#view.getUint16(this.#pos, true));
            this.#pos += 2;
            break;
          case 0x4a: // BININT
            this.#need(4);
            st.push(this.#view.getInt32(this.#pos, true));
            this.#pos += 4;
            break;
          case 0x8a: { // LONG1
            this.#need(1);
            const n = b[this.#pos]!;
            this.#need(1 + n);
            st.push(this.#long(this.#pos + 1, n));
            this.#pos += 1 + n;
            break;
          }
          case 0x8b: { // LONG4
            this.#need(4);
            const n = this.#view.getInt32(this.#pos, true);
            if (n < 0) fail("LONG pickle has negative byte count");
            this.#need(4 + n);
            st.push(this.#long(this.#pos + 4, n));
            this.#pos += 4 + n;
            break;
          }
          case 0x47: // BINFLOAT
            this.#need(8);
            st.push(this.#view.getFloat64(this.#pos, false));
            this.#pos += 8;
            break;
          case 0x49: { // INT
            const t = this.#lineText();
            if (t === "00") st.push(false);
            else if (t === "01") st.push(true);
            else st.push(parseIntText(t));
            break;
          }
          case 0x4c: { // LONG
            let t = this.#lineText();
            if (t.endsWith("L")) t = t.slice(0, -1);
            st.push(parseIntText(t));
            break;
          }
          case 0x46: // FLOAT
            st.push(parseFloatText(this.#lineText()));
            break;
          case 0x8c: { // SHORT_BINUNICODE
            this.#need(1);
            const n = b[this.#pos]!;
            this.#need(1 + n);
            st.push(this.#string(this.#pos + 1, n));
            this.#pos += 1 + n;
            break;
          }
          case 0x58: { // BINUNICODE
            this.#need(4);
            const n = this.#view.getUint32(this.#pos, true);
            this.#need(4 + n);
            st.push(this.#string(this.#pos + 4, n));
            this.#pos += 4 + n;
            break;
          }
          case 0x8d: { // BINUNICODE8
            this.#need(8);
            const n = this.#u64(this.#pos);
            this.#need(8 + n);
            st.push(this.#string(this.#pos + 8, n));
            this.#pos += 8 + n;
            break;
          }
          case 0x56: // UNICODE
            st.push(rawUnicodeEscape(this.#line()));
            break;
          case 0x43: { // SHORT_BINBYTES
            this.#need(1);
            const n = b[this.#pos]!;
            this.#need(1 + n);
            st.push(b.slice(this.#pos + 1, this.#pos + 1 + n));
            this.#pos += 1 + n;
            break;
          }
          case 0x42: { // BINBYTES
            this.#need(4);
            const n = this.#view.getUint32(this.#pos, true);
            this.#need(4 + n);
            st.push(b.slice(this.#pos + 4, this.#pos + 4 + n));
            this.#pos += 4 + n;
            break;
          }
          case 0x8e: // BINBYTES8
          case 0x96: { // BYTEARRAY8
            this.#need(8);
            const n = this.#u64(this.#pos);
            this.#need(8 + n);
            const from = this.#pos + 8;
            if (code === op.BINBYTES8) st.push(b.slice(from, from + n));
            else {
              const out = new bytearray(n);
              out.set(b.subarray(from, from + n));
              st.push(out);
            }
            this.#pos += 8 + n;
            break;
          }
          case 0x55: { // SHORT_BINSTRING
            this.#need(1);
            const n = b[this.#pos]!;
            this.#need(1 + n);
            st.push(this.#py2str(b.slice(this.#pos + 1, this.#pos + 1 + n)));
            this.#pos += 1 + n;
            break;
          }
          case 0x54: { // BINSTRING
            this.#need(4);
            const n = this.#view.getInt32(this.#pos, true);
            if (n < 0) fail("BINSTRING pickle has negative byte count");
            this.#need(4 + n);
            st.push(this.#py2str(b.slice(this.#pos + 4, this.#pos + 4 + n)));
            this.#pos += 4 + n;
            break;
          }
          case 0x53: { // STRING
            const t = this.#lineText().replace(/\r$/, "");
            const q = t[0];
            if (
              t.length < 2 || (q !== "'" && q !== '"') || t[t.length - 1] !== q
            ) fail("the STRING opcode argument must be quoted");
            st.push(this.#py2str(unescapeString(t.slice(1, -1))));
            break;
          }
          case 0x5d: // EMPTY_LIST
            st.push([]);
            break;
          case 0x29: // EMPTY_TUPLE
            st.push(asTuple([]));
            break;
          case 0x7d: // EMPTY_DICT
            st.push(new Map());
            break;
          case 0x8f: // EMPTY_SET
            st.push(new Set());
            break;
          case 0x6c: // LIST
            st.push(this.#popMark());
            break;
          case 0x74: // TUPLE
            st.push(asTuple(this.#popMark()));
            break;
          case 0x85: // TUPLE1
            st.push(asTuple([this.#pop()]));
            break;
          case 0x86: { // TUPLE2
            const y = this.#pop();
            const x = this.#pop();
            st.push(asTuple([x, y]));
            break;
          }
          case 0x87: { // TUPLE3
            const z = this.#pop();
            const y = this.#pop();
            const x = this.#pop();
            st.push(asTuple([x, y, z]));
            break;
          }
          case 0x64: { // DICT
            const items = this.#popMark();
            if (items.length % 2) fail("odd number of items for DICT");
            const d = new Map();
            for (let i = 0; i < items.length; i += 2) {
              d.set(items[i], items[i + 1]);
            }
            st.push(d);
            break;
          }
          case 0x91: // FROZENSET
            st.push(new frozenset(this.#popMark()));
            break;
          case 0x61: { // APPEND
            const v = this.#pop();
            const l = this.#top();
            if (!Array.isArray(l) || Object.isFrozen(l)) {
              fail(`'${typeName(l)}' object has no attribute 'append'`);
            }
            l.push(v);
            break;
          }
          case 0x65: { // APPENDS
            const k = this.#markStart();
            if (k === 0) fail("unpickling stack underflow");
            const l = st[k - 1];
            if (!Array.isArray(l) || Object.isFrozen(l)) {
              fail(`'${typeName(l)}' object has no attribute 'extend'`);
            }
            for (let i = k; i < st.length; i++) l.push(st[i]);
            st.length = k;
            break;
          }
          case 0x73: { // SETITEM
            const v = this.#pop();
            const k = this.#pop();
            const d = this.#top();
            if (!(d instanceof Map)) {
              fail(`'${typeName(d)}' object does not support item assignment`);
            }
            d.set(k, v);
            break;
          }
          case 0x75: { // SETITEMS
            const k = this.#markStart();
            if (k === 0) fail("unpickling stack underflow");
            const d = st[k - 1];
            if (!(d instanceof Map)) {
              fail(`'${typeName(d)}' object does not support item assignment`);
            }
            if ((st.length - k) % 2) fail("odd number of items for SETITEMS");
            for (let i = k; i < st.length; i += 2) d.set(st[i], st[i + 1]);
            st.length = k;
            break;
          }
          case 0x90: { // ADDITEMS
            const items = this.#popMark();
            const s = this.#top();
            if (!(s instanceof Set) || s instanceof frozenset) {
              fail(`'${typeName(s)}' object has no attribute 'add'`);
            }
            for (const v of items) s.add(v);
            break;
          }
          case 0x68: // BINGET
            this.#need(1);
            this.#memoGet(b[this.#pos++]!);
            break;
          case 0x6a: // LONG_BINGET
            this.#need(4);
            this.#memoGet(this.#view.getUint32(this.#pos, true));
            this.#pos += 4;
            break;
          case 0x67: // GET
            this.#memoGet(Number(parseIntText(this.#lineText())));
            break;
          case 0x71: // BINPUT
            this.#need(1);
            this.#memoPut(b[this.#pos]!);
            this.#pos++;
            break;
          case 0x72: // LONG_BINPUT
            this.#need(4);
            this.#memoPut(this.#view.getUint32(this.#pos, true));
            this.#pos += 4;
            break;
          case 0x70: { // PUT
            const i = Number(parseIntText(this.#lineText()));
            this.#memoPut(i);
            break;
          }
          case 0x94: // MEMOIZE
            this.#memoPut(this.#memo.length);
            break;
          case 0x63: { // GLOBAL
            const save = this.#pos;
            const mod = this.#line();
            const name = this.#line();
            void save;
            st.push(this.#findClass(
              decodeUtf8(mod, 0, mod.length) ?? latin1(mod),
              decodeUtf8(name, 0, name.length) ?? latin1(name),
            ));
            break;
          }
          case 0x93: { // STACK_GLOBAL
            const name = this.#pop();
            const mod = this.#pop();
            if (typeof name !== "string" || typeof mod !== "string") {
              fail("STACK_GLOBAL requires str");
            }
            st.push(this.#findClass(mod, name));
            break;
          }
          case 0x52: { // REDUCE
            const args = this.#pop();
            const f = this.#pop();
            if (!Array.isArray(args)) fail("REDUCE argument must be a tuple");
            if (f instanceof Callable) this.#charge(sizeOf(args));
            st.push(callFound(f, args));
            break;
          }
          case 0x81: { // NEWOBJ
            const args = this.#pop();
            const cls = this.#pop();
            if (!Array.isArray(args)) fail("NEWOBJ expected an arg tuple");
            if (cls instanceof Callable) this.#charge(sizeOf(args));
            st.push(newObject(cls, args));
            break;
          }
          case 0x92: { // NEWOBJ_EX
            const kwargs = this.#pop();
            const args = this.#pop();
            const cls = this.#pop();
            if (!Array.isArray(args)) {
              fail("NEWOBJ_EX args argument must be a tuple");
            }
            if (!(kwargs instanceof Map)) {
              fail("NEWOBJ_EX kwargs argument must be a dict");
            }
            if (kwargs.size > 0) {
              st.push(newObject(cls, [...args, Object.fromEntries(kwargs)]));
            } else st.push(newObject(cls, args));
            break;
          }
          case 0x62: { // BUILD
            const state = this.#pop();
            build(this.#top(), state);
            break;
          }
          case 0x69: { // INST
            const mod = this.#lineText();
            const name = this.#lineText();
            const args = this.#popMark();
            const f = this.#findClass(mod, name);
            if (f instanceof Callable) this.#charge(sizeOf(args));
            st.push(callFound(f, args));
            break;
          }
          case 0x6f: { // OBJ
            const items = this.#popMark();
            if (items.length === 0) fail(MARK_ERROR);
            if (items[0] instanceof Callable) this.#charge(sizeOf(items));
            st.push(callFound(items[0], items.slice(1)));
            break;
          }
          case 0x82: // EXT1
          case 0x83: // EXT2
          case 0x84: { // EXT4
            const n = code === op.EXT1 ? 1 : code === op.EXT2 ? 2 : 4;
            this.#need(n);
            let v = 0;
            for (let i = n - 1; i >= 0; i--) v = v * 256 + b[this.#pos + i]!;
            fail(`unregistered extension code ${v}`);
            break;
          }
          case 0x50: // PERSID
          case 0x51: // BINPERSID
            fail(
              "A load persistent id instruction was encountered, but no " +
                "persistent_load function was specified.",
            );
            break;
          case 0x97: // NEXT_BUFFER
            fail(
              "pickle stream refers to out-of-band data but no *buffers* " +
                "argument was given",
            );
            break;
          case 0x98: // READONLY_BUFFER
            this.#top();
            break;
          default: {
            const c = code >= 0x20 && code < 0x7f
              ? String.fromCharCode(code)
              : `\\x${code.toString(16).padStart(2, "0")}`;
            fail(`invalid load key, '${c}'.`);
          }
        }
      }
    }
  }
}

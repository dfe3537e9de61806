// How each ctypes simple type is laid out in memory and converted, as
// ctypes does on Linux x86-64: what a value may be assigned from (with
// ctypes' wrap-around for integers and its TypeErrors), its size, and how
// one cell is read and written. Every read and write of a cell is one
// atomic operation on a SharedArrayBuffer (floats travel as their bits in
// an integer cell of the same size), so a cell shared between processes is
// never seen half written.

import { OverflowError, ValueError } from "../builtins/exceptions.ts";
import { reprBytes, reprFloat, reprStr } from "./pyrepr.ts";
import { pyTypeName } from "./type_name.ts";

/** A typed array over shared memory that Atomics can operate on. */
export type View =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** The layout and conversions of one ctypes simple type. */
export interface Codec {
  /** Python's `_type_` code: "i", "l", "?", "c", "u" ... */
  readonly code: string;
  /** The ctypes class name: "c_int". */
  readonly name: string;
  /** sizeof() in bytes. */
  readonly size: number;
  /** A view of `length` cells at `byteOffset` of `buffer`. */
  view(buffer: ArrayBufferLike, byteOffset: number, length: number): View;
  /** Reads cell `i` as the Python value. */
  get(view: View, i: number): unknown;
  /** Converts `v` as ctypes does (or throws its error) and writes cell `i`. */
  set(view: View, i: number, v: unknown): void;
  /** Python's repr() of a value of this type. */
  repr(v: unknown): string;
}

// Scratch cells to move floats to and from their bits.
const f32 = new Float32Array(1);
const f32bits = new Int32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64bits = new BigInt64Array(f64.buffer);

/**
 * A Python int from `v` for an integer type: integral numbers, bigints and
 * booleans (Python's bool is an int); anything else is ctypes' TypeError.
 */
export function toInt(v: unknown): number | bigint {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return v;
  } else if (typeof v === "bigint") {
    return v;
  } else if (typeof v === "boolean") {
    return v ? 1 : 0;
  }
  throw new TypeError(
    `'${pyTypeName(v)}' object cannot be interpreted as an integer`,
  );
}

/** A Python float from `v`, as PyFloat_AsDouble takes it. */
export function toFloat(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") {
    const x = Number(v);
    if (!Number.isFinite(x)) {
      throw new OverflowError("int too large to convert to float");
    }
    return x;
  }
  throw new TypeError(`must be real number, not ${pyTypeName(v)}`);
}

/** Python's truth value of `v` (bool(v)). */
export function pyTruth(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case "boolean":
      return v;
    case "number":
      return v !== 0; // NaN is true, as in Python
    case "bigint":
      return v !== 0n;
    case "string":
      return v.length > 0;
  }
  if (ArrayBuffer.isView(v)) return v.byteLength > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    return Object.keys(v as object).length > 0;
  }
  const len = (v as { length?: unknown }).length;
  return typeof len === "number" ? len > 0 : true;
}

type Ctor = new (
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
) => View;

function intCodec(
  code: string,
  name: string,
  array: Ctor,
  bits: number,
  signed: boolean,
): Codec {
  const size = bits / 8;
  if (bits === 64) {
    return {
      code,
      name,
      size,
      view: (b, o, n) => new array(b, o, n),
      get: (view, i) => Atomics.load(view as BigInt64Array, i),
      set(view, i, v) {
        const x = toInt(v);
        Atomics.store(view as BigInt64Array, i, BigInt(x));
      },
      repr: (v) => String(v),
    };
  }
  return {
    code,
    name,
    size,
    view: (b, o, n) => new array(b, o, n),
    get: (view, i) => Atomics.load(view as Int32Array, i),
    set(view, i, v) {
      const x = toInt(v);
      // A number is stored modulo 2**bits by the typed array itself,
      // exactly (an integral double is an exact integer).
      const n = typeof x === "number"
        ? x
        : Number(signed ? BigInt.asIntN(bits, x) : BigInt.asUintN(bits, x));
      Atomics.store(view as Int32Array, i, n);
    },
    repr: (v) => String(v),
  };
}

const FLOAT: Codec = {
  code: "f",
  name: "c_float",
  size: 4,
  view: (b, o, n) => new Int32Array(b, o, n),
  get(view, i) {
    f32bits[0] = Atomics.load(view as Int32Array, i);
    return f32[0];
  },
  set(view, i, v) {
    f32[0] = toFloat(v);
    Atomics.store(view as Int32Array, i, f32bits[0]!);
  },
  repr: (v) => reprFloat(v as number),
};

const DOUBLE: Codec = {
  code: "d",
  name: "c_double",
  size: 8,
  view: (b, o, n) => new BigInt64Array(b, o, n),
  get(view, i) {
    f64bits[0] = Atomics.load(view as BigInt64Array, i);
    return f64[0];
  },
  set(view, i, v) {
    f64[0] = toFloat(v);
    Atomics.store(view as BigInt64Array, i, f64bits[0]!);
  },
  repr: (v) => reprFloat(v as number),
};

const BOOL: Codec = {
  code: "?",
  name: "c_bool",
  size: 1,
  view: (b, o, n) => new Uint8Array(b, o, n),
  get: (view, i) => Atomics.load(view as Uint8Array, i) !== 0,
  set(view, i, v) {
    Atomics.store(view as Uint8Array, i, pyTruth(v) ? 1 : 0);
  },
  repr: (v) => (v ? "True" : "False"),
};

/** The byte a c_char takes from `v`: bytes of length 1 or an int 0..255. */
export function toChar(v: unknown): number {
  if (v instanceof Uint8Array && v.length === 1) return v[0]!;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (
    (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 256) ||
    (typeof v === "bigint" && v >= 0n && v < 256n)
  ) {
    return Number(v);
  }
  throw new TypeError("one character bytes, bytearray or integer expected");
}

const CHAR: Codec = {
  code: "c",
  name: "c_char",
  size: 1,
  view: (b, o, n) => new Uint8Array(b, o, n),
  get: (view, i) => new Uint8Array([Atomics.load(view as Uint8Array, i)]),
  set(view, i, v) {
    Atomics.store(view as Uint8Array, i, toChar(v));
  },
  repr: (v) => reprBytes(v as Uint8Array),
};

/** The code point a c_wchar takes from `v`: a str of one character. */
export function toWchar(v: unknown): number {
  if (typeof v !== "string") {
    throw new TypeError(
      `unicode string expected instead of ${pyTypeName(v)} instance`,
    );
  }
  const c = v.codePointAt(0);
  if (c === undefined || v.length !== (c > 0xffff ? 2 : 1)) {
    throw new TypeError("one character unicode string expected");
  }
  return c;
}

/** The str of one wchar_t (UTF-32 on Linux). */
export function fromWchar(c: number): string {
  if (c > 0x10ffff) {
    throw new ValueError(
      `character U+${c.toString(16)} is not in range [U+0000; U+10ffff]`,
    );
  }
  return String.fromCodePoint(c);
}

const WCHAR: Codec = {
  code: "u",
  name: "c_wchar",
  size: 4,
  view: (b, o, n) => new Uint32Array(b, o, n),
  get: (view, i) => fromWchar(Atomics.load(view as Uint32Array, i)),
  set(view, i, v) {
    Atomics.store(view as Uint32Array, i, toWchar(v));
  },
  repr: (v) => reprStr(v as string),
};

const CODECS: ReadonlyMap<string, Codec> = new Map(
  [
    intCodec("b", "c_byte", Int8Array, 8, true),
    intCodec("B", "c_ubyte", Uint8Array, 8, false),
    intCodec("h", "c_short", Int16Array, 16, true),
    intCodec("H", "c_ushort", Uint16Array, 16, false),
    intCodec("i", "c_int", Int32Array, 32, true),
    intCodec("I", "c_uint", Uint32Array, 32, false),
    intCodec("l", "c_long", BigInt64Array, 64, true),
    intCodec("L", "c_ulong", BigUint64Array, 64, false),
    FLOAT,
    DOUBLE,
    BOOL,
    CHAR,
    WCHAR,
  ].map((c) => [c.code, c]),
);

/** The codec of a `_type_` code, or undefined. */
export function codecOf(code: unknown): Codec | undefined {
  return typeof code === "string" ? CODECS.get(code) : undefined;
}

/**
 * Memory to build a ctypes object over instead of allocating its own: what
 * RawValue, RawArray and the rebuilding of a shared object pass to a
 * constructor. Objects built over it are "shared": they cross to a child
 * process by sharing this memory rather than by copy.
 */
export class Adopt {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  constructor(buffer: SharedArrayBuffer, byteOffset: number = 0) {
    this.buffer = buffer;
    this.byteOffset = byteOffset;
  }
}

/** The size in bytes of a ctypes object that is not a simple one (arrays). */
export const CDATA_SIZE: unique symbol = Symbol("pyport.ctypes.sizeof");

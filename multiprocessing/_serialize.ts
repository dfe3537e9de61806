// How objects travel through a Connection or a Queue: the analogue of
// pickling. The rules are structured clone's (docs/porting.md §7), as for Process
// arguments. Common small values (numbers, strings, booleans, null,
// undefined, Uint8Arrays, and arrays and plain objects made of them) use a
// compact encoding written here, several times faster than node:v8's
// serialize on Node and far faster on Deno; anything else goes through
// node:v8's serialize/deserialize, which implement structured clone.
//
// A pyport object that lives in shared memory (an object with a [REDUCE]
// method: a Lock, a Queue, a Connection ...) cannot travel inside a
// message, as Python's such objects refuse to be pickled: RuntimeError
// "X objects should only be shared between processes through
// inheritance". Functions and symbols are TypeError, as pickle's errors.
//
// Format: one tag byte, then the value. T_V8 is followed by node:v8's bytes
// and only appears at the top; the other tags nest.

import { pyTypeName } from "../_shared/type_name.ts";
import v8 from "node:v8";
import { Buffer } from "node:buffer";
import { EOFError, RuntimeError } from "../builtins/exceptions.ts";
import { rebuildValue, REDUCE, reduceValue } from "../_shared/reduce.ts";
import { asTuple } from "../_shared/tuple.ts";

const T_V8 = 0,
  T_INT = 1,
  T_F64 = 2,
  T_STR1 = 3,
  T_STR2 = 4,
  T_NULL = 5,
  T_UNDEF = 6,
  T_TRUE = 7,
  T_FALSE = 8,
  T_ARRAY = 9,
  T_OBJECT = 10,
  T_BYTES = 11,
  T_TUPLE = 12;

/** Bigger scratch buffers are not kept between calls. */
const KEEP = 1 << 16;
/** Nesting deeper than this goes through node:v8 (which has no limit). */
const MAX_DEPTH = 64;

let scratch = new Uint8Array(4096);
let view = new DataView(scratch.buffer);
let pos = 0;
let out = scratch;
let outView = view;
let seen: Set<object> | null = null;

/** Thrown inside the encoder when node:v8 must take the value. */
const FALLBACK: unique symbol = Symbol("fallback");

function room(n: number): void {
  if (pos + n <= out.length) return;
  let size = out.length * 2;
  while (size < pos + n) size *= 2;
  const bigger = new Uint8Array(size);
  bigger.set(out.subarray(0, pos));
  out = bigger;
  outView = new DataView(bigger.buffer);
  if (size <= KEEP) {
    scratch = out;
    view = outView;
  }
}

function putString(s: string): void {
  const n = s.length;
  let wide = false;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) > 0xff) {
      wide = true;
      break;
    }
  }
  if (!wide) {
    room(5 + n);
    out[pos] = T_STR1;
    outView.setUint32(pos + 1, n, true);
    pos += 5;
    const o = out;
    for (let i = 0; i < n; i++) o[pos + i] = s.charCodeAt(i);
    pos += n;
    return;
  }
  room(5 + 2 * n);
  out[pos] = T_STR2;
  outView.setUint32(pos + 1, n, true);
  pos += 5;
  const o = out;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    o[pos] = c & 0xff;
    o[pos + 1] = c >>> 8;
    pos += 2;
  }
}

function put(v: unknown, depth: number): void {
  switch (typeof v) {
    case "number":
      if ((v | 0) === v && !Object.is(v, -0)) {
        room(5);
        out[pos] = T_INT;
        outView.setInt32(pos + 1, v, true);
        pos += 5;
      } else {
        room(9);
        out[pos] = T_F64;
        outView.setFloat64(pos + 1, v, true);
        pos += 9;
      }
      return;
    case "string":
      putString(v);
      return;
    case "boolean":
      room(1);
      out[pos++] = v ? T_TRUE : T_FALSE;
      return;
    case "undefined":
      room(1);
      out[pos++] = T_UNDEF;
      return;
    case "object":
      break;
    default:
      // functions and symbols are refused by refuse(); bigints go to v8
      throw FALLBACK;
  }
  if (v === null) {
    room(1);
    out[pos++] = T_NULL;
    return;
  }
  if (depth >= MAX_DEPTH) throw FALLBACK;
  seen ??= new Set();
  if (seen.has(v)) throw FALLBACK; // shared or cyclic: v8 keeps identity
  seen.add(v);
  if (Array.isArray(v)) {
    const n = v.length;
    // Holes and named properties (which structured clone keeps) go to v8:
    // the keys are then exactly "0" .. String(n - 1).
    const keys = Object.keys(v);
    if (keys.length !== n || (n > 0 && keys[n - 1] !== String(n - 1))) {
      throw FALLBACK;
    }
    room(5);
    // A frozen array is a tuple and arrives as one (docs/porting.md §2).
    out[pos] = Object.isFrozen(v) ? T_TUPLE : T_ARRAY;
    outView.setUint32(pos + 1, n, true);
    pos += 5;
    for (let i = 0; i < n; i++) put(v[i], depth + 1);
    return;
  }
  if (v instanceof Uint8Array) {
    if (v.constructor !== Uint8Array || !(v.buffer instanceof ArrayBuffer)) {
      throw FALLBACK;
    }
    const n = v.length;
    room(5 + n);
    out[pos] = T_BYTES;
    outView.setUint32(pos + 1, n, true);
    pos += 5;
    out.set(v, pos);
    pos += n;
    return;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw FALLBACK;
  const keys = Object.keys(v);
  const n = keys.length;
  room(5);
  out[pos] = T_OBJECT;
  outView.setUint32(pos + 1, n, true);
  pos += 5;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    putString(k);
    put((v as Record<string, unknown>)[k], depth + 1);
  }
}

/**
 * Throws Python's errors for what cannot be pickled in `v` (deeply): a
 * pyport shared object (RuntimeError), a function or a symbol (TypeError).
 */
function refuse(v: unknown, done: Set<object>): void {
  if (typeof v === "function" || typeof v === "symbol") {
    throw new TypeError(`cannot pickle '${pyTypeName(v)}' object`);
  }
  if (typeof v !== "object" || v === null || done.has(v)) return;
  done.add(v);
  if (typeof (v as { [REDUCE]?: unknown })[REDUCE] === "function") {
    throw new RuntimeError(
      `${pyTypeName(v)} objects should only be shared between processes ` +
        "through inheritance",
    );
  }
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return;
  if (v instanceof Map) {
    for (const [k, x] of v) {
      refuse(k, done);
      refuse(x, done);
    }
    return;
  }
  if (v instanceof Set) {
    for (const x of v) refuse(x, done);
    return;
  }
  for (const k of Object.keys(v)) {
    refuse((v as Record<string, unknown>)[k], done);
  }
}

/**
 * Encodes `v` for sending. The result is a view of a scratch buffer that
 * the next call reuses: copy it (`.slice()`) to keep it.
 *
 * @throws {RuntimeError} `v` holds a pyport shared object.
 * @throws {TypeError} `v` holds a function, a symbol or another value
 * structured clone cannot copy.
 */
export function dumps(v: unknown): Uint8Array {
  out = scratch;
  outView = view;
  pos = 0;
  seen = null;
  try {
    put(v, 0);
    return out.subarray(0, pos);
  } catch (e) {
    if (e !== FALLBACK) throw e;
  } finally {
    seen = null;
  }
  refuse(v, new Set());
  let bytes: Uint8Array;
  try {
    // Tuples cross as markers (structured clone would make them lists).
    bytes = v8.serialize(reduceValue(v, { method: "worker", path: "obj" }));
  } catch (e) {
    throw new TypeError(
      `cannot pickle '${pyTypeName(v)}' object: ${(e as Error).message}`,
    );
  }
  const msg = new Uint8Array(bytes.length + 1);
  msg[0] = T_V8;
  msg.set(bytes, 1);
  return msg;
}

/**
 * A copy of `msg` if it is a view of the scratch buffer (which the next
 * `dumps` reuses), else `msg` itself.
 */
export function keep(msg: Uint8Array): Uint8Array {
  return msg.buffer === scratch.buffer ? msg.slice() : msg;
}

// ------------------------------------------------------------ decoding

let src: Uint8Array = scratch;
let at = 0;
let end = 0;

function u32(): number {
  if (at + 4 > end) bad();
  const s = src;
  const n = (s[at]! | (s[at + 1]! << 8) | (s[at + 2]! << 16) |
    (s[at + 3]! << 24)) >>> 0;
  at += 4;
  return n;
}

function bad(): never {
  throw new EOFError("Ran out of input");
}

const CHUNK = 8192;
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function latin1(n: number): string {
  if (at + n > end) bad();
  const s = src;
  let r = "";
  if (n <= 32) {
    for (let i = 0; i < n; i++) r += String.fromCharCode(s[at + i]!);
  } else {
    for (let i = 0; i < n; i += CHUNK) {
      const part = s.subarray(at + i, at + Math.min(n, i + CHUNK));
      r += String.fromCharCode.apply(null, part as unknown as number[]);
    }
  }
  at += n;
  return r;
}

function utf16(n: number): string {
  if (at + 2 * n > end) bad();
  const s = src;
  const units = new Uint16Array(Math.min(n, CHUNK));
  let r = "";
  for (let i = 0; i < n; i += CHUNK) {
    const m = Math.min(CHUNK, n - i);
    for (let j = 0; j < m; j++) {
      const p = at + 2 * (i + j);
      units[j] = s[p]! | (s[p + 1]! << 8);
    }
    r += String.fromCharCode.apply(
      null,
      units.subarray(0, m) as unknown as number[],
    );
  }
  at += 2 * n;
  return r;
}

function get(): unknown {
  if (at >= end) bad();
  const tag = src[at++];
  switch (tag) {
    case T_INT: {
      if (at + 4 > end) bad();
      const s = src;
      const v = s[at]! | (s[at + 1]! << 8) | (s[at + 2]! << 16) |
        (s[at + 3]! << 24);
      at += 4;
      return v;
    }
    case T_F64: {
      if (at + 8 > end) bad();
      for (let i = 0; i < 8; i++) f64Bytes[i] = src[at + i]!;
      at += 8;
      return f64[0];
    }
    case T_STR1:
      return latin1(u32());
    case T_STR2:
      return utf16(u32());
    case T_NULL:
      return null;
    case T_UNDEF:
      return undefined;
    case T_TRUE:
      return true;
    case T_FALSE:
      return false;
    case T_ARRAY:
    case T_TUPLE: {
      const n = u32();
      if (n > end - at) bad();
      const a = new Array(n);
      for (let i = 0; i < n; i++) a[i] = get();
      return tag === T_TUPLE ? asTuple(a) : a;
    }
    case T_OBJECT: {
      const n = u32();
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = get();
        o[k as string] = get();
      }
      return o;
    }
    case T_BYTES: {
      const n = u32();
      if (at + n > end) bad();
      const b = src.slice(at, at + n);
      at += n;
      return b;
    }
    default:
      throw new RuntimeError(
        `invalid load key, '\\x${(tag ?? 0).toString(16).padStart(2, "0")}'.`,
      );
  }
}

/**
 * Decodes a message made by `dumps` from `buf[start, stop)`. The bytes are
 * only read during the call.
 *
 * @throws {EOFError} An empty or truncated message ("Ran out of input").
 */
export function loads(buf: Uint8Array, start = 0, stop = buf.length): unknown {
  if (start >= stop) bad();
  if (buf[start] === T_V8) {
    const bytes = Buffer.from(buf.slice(start + 1, stop));
    return rebuildValue(v8.deserialize(bytes));
  }
  const prevSrc = src, prevAt = at, prevEnd = end;
  src = buf;
  at = start;
  end = stop;
  try {
    const v = get();
    if (at !== end) {
      throw new RuntimeError("invalid load: data after the value");
    }
    return v;
  } finally {
    src = prevSrc;
    at = prevAt;
    end = prevEnd;
  }
}

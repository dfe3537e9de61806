// The ctypes array that RawArray makes and Array wraps (CPython's
// `c_int_Array_4` ...), its cells in a SharedArrayBuffer: each item read
// and write is one atomic operation on the codec's view, so processes that
// share the buffer never see a torn item. It crosses to a 'worker' child as
// the buffer itself, with the typecode and length to view it again.

import { IndexError, ValueError } from "../builtins/exceptions.ts";
import {
  CDATA_SIZE,
  type Codec,
  codecOf,
  fromWchar,
  toWchar,
  type View,
} from "../_shared/ctypes_codec.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { addressOf, showAsPython } from "../_shared/pyrepr.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";
import {
  DELITEM_ERROR,
  GETITEM,
  type Indexable,
  indexable,
  SETITEM,
} from "./_indexable.ts";
import { refuseSpawn } from "./_refuse_spawn.ts";
import { itemsOf, sliceArgs, sliceIndices } from "./_slice.ts";
import { resolveType } from "./_typecodes.ts";

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
      `object at ${addressOf(this)}>`;
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

showAsPython(CArray);

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

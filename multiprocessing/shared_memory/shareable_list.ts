// Python's multiprocessing.shared_memory.ShareableList.

import {
  AssertionError,
  IndexError,
  KeyError,
  OverflowError,
  ValueError,
} from "../../builtins/exceptions.ts";
import {
  pyRepr,
  reprBytes,
  reprFloat,
  reprStr,
  showAsPython,
} from "../../_shared/pyrepr.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { bind } from "../../_shared/args.ts";
import {
  DELITEM_ERROR,
  GETITEM,
  type Indexable,
  indexable,
  SETITEM,
} from "../_indexable.ts";
import { refuseSpawn } from "../_refuse_spawn.ts";
import {
  rebuildValue,
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  reduceValue,
  registerKind,
} from "../../_shared/reduce.ts";
import { SharedMemory } from "./shared_memory.ts";

/**
 * An item of a {@linkcode ShareableList}: Python's int (a number, or a
 * bigint), float (a number), bool, str, bytes (`Uint8Array`) or None
 * (`null`).
 */
export type ShareableItem =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | null;

/** Keyword arguments of {@linkcode ShareableList}'s constructor. */
export interface ShareableListOptions {
  /** The items (null: attach to the list `name`). */
  sequence?: Iterable<ShareableItem> | null;
  /** The name of the shared memory block to make, or to attach to. */
  name?: string | null;
}

// How an item is read back, stored with it (Python's back-transform codes,
// and 4 for an int that was a bigint).
const PLAIN = 0, STR = 1, BYTES = 2, NONE = 3, BIGINT = 4;
const BOOL_FORMAT = "xxxxxxx?", NONE_FORMAT = "xxxxxx?x";
const MAX_INT64 = 2n ** 63n;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An item made ready to store: its format, code and bytes or value. */
interface Packed {
  format: string;
  code: number;
  value: number | bigint | boolean | Uint8Array | null;
}

function pack(v: unknown): Packed {
  if (v === null || v === undefined) {
    return { format: NONE_FORMAT, code: NONE, value: null };
  }
  switch (typeof v) {
    case "boolean":
      return { format: BOOL_FORMAT, code: PLAIN, value: v };
    case "number":
      // JavaScript has one number type: an integral one within int64 is
      // Python's int, any other Python's float.
      if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) {
        return { format: "q", code: PLAIN, value: v };
      }
      return { format: "d", code: PLAIN, value: v };
    case "bigint":
      if (v < -MAX_INT64 || v >= MAX_INT64) {
        throw new OverflowError("argument out of range");
      }
      return { format: "q", code: BIGINT, value: v };
    case "string": {
      const bytes = encoder.encode(v);
      return { format: slotFormat(bytes.length), code: STR, value: bytes };
    }
  }
  if (v instanceof Uint8Array) {
    return { format: slotFormat(v.length), code: BYTES, value: v };
  }
  // Python raises KeyError(type(item)): its str() is the class's repr.
  throw new KeyError(new PyClass(pyTypeName(v)));
}

/** Stands for a Python class object in an exception's args. */
class PyClass {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  toString(): string {
    return `<class '${this.name}'>`;
  }
}

/** The format of a new str/bytes slot: a multiple of 8 bytes with room to spare. */
function slotFormat(len: number): string {
  return `${8 * (Math.floor(len / 8) + 1)}s`;
}

function slotSize(format: string): number {
  return format.endsWith("s") ? Number(format.slice(0, -1)) : 8;
}

function equal(a: unknown, b: unknown): boolean {
  const num = (x: unknown) =>
    typeof x === "number" || typeof x === "bigint" || typeof x === "boolean";
  if (num(a) && num(b)) {
    const x = typeof a === "boolean" ? Number(a) : a as number | bigint;
    const y = typeof b === "boolean" ? Number(b) : b as number | bigint;
    // deno-lint-ignore eqeqeq
    return x == y; // number and bigint compare by value, as Python's do
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const bb = b;
    return a.length === bb.length && a.every((x, i) => x === bb[i]);
  }
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

interface State {
  shm: unknown;
}

/**
 * Python's `multiprocessing.shared_memory.ShareableList(sequence=None, *,
 * name=None)`: a list of fixed length whose items live in a
 * {@linkcode SharedMemory} block, so that every process attached to the
 * block (by passing the list, or by `new ShareableList(null, { name })`)
 * sees the others' writes. Items are ints (numbers or bigints), floats
 * (numbers), bools, strs, bytes (`Uint8Array`) and None (`null`); each
 * keeps the room it was made with, so a str or bytes item may be replaced
 * by one that fits in it (the room is the next multiple of 8 above its
 * length in bytes) and any item by an int, float, bool or None.
 *
 * `sl[i]`, `sl[-1]` and `sl[i] = v` index it, `sl.length` is `len(sl)`, and
 * it iterates. A JavaScript number that is an integer is stored as Python's
 * int (format "q"), any other as a float ("d"); a bigint comes back as a
 * bigint. See {@linkcode SharedMemory} for which processes find a name.
 *
 * @example
 * ```ts
 * import { ShareableList } from "@pyport/std/multiprocessing/shared_memory";
 * import { b } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const a = new ShareableList(["howdy", b("HoWdY"), -273.154, 100, null, true, 42]);
 * assert.equal(a[2], -273.154);
 * a[2] = -78.5;
 * a[2] = "dry ice"; // changing an item's type is allowed
 * assert.equal(a[2], "dry ice");
 * assert.throws(() => { a[2] = "larger than previously allocated storage space"; }, {
 *   name: "ValueError",
 *   message: "bytes/str item exceeds available storage",
 * });
 * assert.equal(a.length, 7);
 * assert.equal(a.index(42), 6);
 * assert.equal(a.count(b("HoWdY")), 1);
 * const same = new ShareableList(null, { name: a.shm.name });
 * assert.equal(same[0], "howdy");
 * a.shm.close();
 * a.shm.unlink();
 * ```
 */
export class ShareableList {
  /** Python's `a[i]` and `a[i] = v`; negative indexes count from the end. */
  [index: number]: ShareableItem;
  /** Python's `shm`: the SharedMemory block that holds the items. */
  readonly shm: SharedMemory;
  readonly #count: number;
  readonly #offsets: number[];

  /**
   * Makes a list of `sequence`'s items in a new block (named `name` if
   * given), or attaches to the list in the block `name`.
   *
   * @param sequence The items (null: attach to `name`; with no name either,
   *   an empty list), or the keyword object.
   * @param kwargs `{ name }` after the sequence.
   * @throws {KeyError} An item of another type (`<class 'list'>` ...).
   * @throws {FileExistsError} A new list with a name already in use.
   * @throws {FileNotFoundError} No block of that name in this process.
   */
  constructor(
    sequence?: Iterable<ShareableItem> | null | ShareableListOptions,
    kwargs?: ShareableListOptions,
  ) {
    const [seq, nm] = bind("ShareableList", ["sequence", "name"], [
      sequence,
      kwargs,
    ], 1);
    const name = (nm ?? null) as string | null;
    if (name === null || (seq !== null && seq !== undefined)) {
      const items = seq === null || seq === undefined
        ? []
        : [...seq as Iterable<unknown>];
      const packed = items.map(pack);
      for (const p of packed) {
        if (p.format.length > 8) throw new AssertionError();
      }
      const n = packed.length;
      const offsets = [0];
      for (const p of packed) {
        offsets.push(offsets.at(-1)! + slotSize(p.format));
      }
      const size = 8 + (n + 1) * 8 + offsets[n]! + n * 8 + n;
      this.shm = new SharedMemory(name, true, size);
      this.#count = n;
      this.#offsets = offsets;
      const view = this.#view();
      view.setBigInt64(0, BigInt(n), true);
      offsets.forEach((o, i) => view.setBigInt64(8 + i * 8, BigInt(o), true));
      packed.forEach((p, i) => this.#store(i, p));
    } else {
      this.shm = new SharedMemory(name);
      const view = this.#view();
      this.#count = Number(view.getBigInt64(0, true));
      this.#offsets = [];
      for (let i = 0; i <= this.#count; i++) {
        this.#offsets.push(Number(view.getBigInt64(8 + i * 8, true)));
      }
    }
    return indexable(this as unknown as Indexable) as unknown as this;
  }

  #view(): DataView {
    const buf = this.shm.buf;
    return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get #dataStart(): number {
    return (this.#count + 2) * 8;
  }

  get #formatsStart(): number {
    return this.#dataStart + this.#offsets[this.#count]!;
  }

  get #codesStart(): number {
    return this.#formatsStart + this.#count * 8;
  }

  #formatOf(i: number): string {
    const at = this.#formatsStart + i * 8;
    const raw = this.shm.buf.slice(at, at + 8);
    const end = raw.indexOf(0);
    return decoder.decode(end < 0 ? raw : raw.subarray(0, end));
  }

  #store(i: number, p: Packed): void {
    const buf = this.shm.buf;
    const view = this.#view();
    const fmt = encoder.encode(p.format);
    const at = this.#formatsStart + i * 8;
    buf.fill(0, at, at + 8);
    buf.set(fmt, at);
    view.setInt8(this.#codesStart + i, p.code);
    const off = this.#dataStart + this.#offsets[i]!;
    const v = p.value;
    if (p.format === "q") {
      view.setBigInt64(off, BigInt(v as number | bigint), true);
    } else if (p.format === "d") view.setFloat64(off, v as number, true);
    else if (p.format === BOOL_FORMAT || p.format === NONE_FORMAT) {
      buf.fill(0, off, off + 8);
      if (v === true) buf[off + 7] = 1;
    } else {
      const bytes = v as Uint8Array;
      buf.fill(0, off, off + slotSize(p.format));
      buf.set(bytes, off);
    }
  }

  /** Python's `len(sl)`. */
  get length(): number {
    return Number(this.#view().getBigInt64(0, true));
  }

  #get(i: number): ShareableItem {
    const n = this.#count;
    const j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) throw new IndexError("index out of range");
    const fmt = this.#formatOf(j);
    const code = this.shm.buf[this.#codesStart + j]!;
    const off = this.#dataStart + this.#offsets[j]!;
    const view = this.#view();
    if (code === NONE) return null;
    if (fmt === "q") {
      const v = view.getBigInt64(off, true);
      return code === BIGINT ? v : Number(v);
    }
    if (fmt === "d") return view.getFloat64(off, true);
    if (fmt === BOOL_FORMAT) return this.shm.buf[off + 7] !== 0;
    let bytes = this.shm.buf.slice(off, off + slotSize(fmt));
    let end = bytes.length;
    while (end > 0 && bytes[end - 1] === 0) end--;
    bytes = bytes.slice(0, end);
    return code === STR ? decoder.decode(bytes) : bytes;
  }

  #set(i: number, v: unknown): void {
    const n = this.#count;
    const j = i < 0 ? i + n : i;
    if (j < 0 || j >= n) throw new IndexError("assignment index out of range");
    const p = pack(v);
    if (p.code === STR || p.code === BYTES) {
      const room = this.#offsets[j + 1]! - this.#offsets[j]!;
      if ((p.value as Uint8Array).length > room) {
        throw new ValueError("bytes/str item exceeds available storage");
      }
      const current = this.#formatOf(j);
      p.format = current.endsWith("s") ? current : `${room}s`;
    }
    this.#store(j, p);
  }

  /** Python's `format`: the struct formats of all items, joined. */
  get format(): string {
    let out = "";
    for (let i = 0; i < this.#count; i++) out += this.#formatOf(i);
    return out;
  }

  /**
   * Python's `count(value)`: how many items equal `value` (as Python's `==`:
   * `1 == 1.0 == true`).
   *
   * @param value The value to count.
   * @returns The number of equal items.
   */
  count(value: unknown): number {
    let n = 0;
    for (const x of this) if (equal(value, x)) n++;
    return n;
  }

  /**
   * Python's `index(value)`: the position of the first item equal to `value`.
   *
   * @param value The value to look for.
   * @returns Its index.
   * @throws {ValueError} "`value` not in this container".
   */
  index(value: unknown): number {
    let i = 0;
    for (const x of this) {
      if (equal(value, x)) return i;
      i++;
    }
    throw new ValueError(`${pyRepr(value)} not in this container`);
  }

  /**
   * Python's `iter(sl)`.
   *
   * @returns The items in order.
   */
  *[Symbol.iterator](): IterableIterator<ShareableItem> {
    for (let i = 0; i < this.#count; i++) yield this.#get(i);
  }

  /**
   * Python's `repr()`: `ShareableList(['a', 1, 2.5], name='psm_1a2b3c4d')`.
   *
   * @returns The description.
   */
  toString(): string {
    const items: string[] = [];
    for (let i = 0; i < this.#count; i++) {
      const v = this.#get(i);
      const fmt = this.#formatOf(i);
      if (fmt === "d") items.push(reprFloat(v as number));
      else if (typeof v === "string") items.push(reprStr(v));
      else if (v instanceof Uint8Array) items.push(reprBytes(v));
      else items.push(pyRepr(v));
    }
    return `ShareableList([${items.join(", ")}], name=${
      reprStr(this.shm.name)
    })`;
  }

  static {
    // Indexing through the Proxy, and crossing to a child (multiprocessing's
    // REDUCE protocol: the child attaches to the same block). Defined here,
    // out of the public type.
    const proto = this.prototype;
    Object.defineProperties(proto, {
      [GETITEM]: {
        value(this: ShareableList, i: number): ShareableItem {
          return this.#get(i);
        },
      },
      [SETITEM]: {
        value(this: ShareableList, i: number, v: unknown): void {
          this.#set(i, v);
        },
      },
      [DELITEM_ERROR]: {
        value: "'ShareableList' object doesn't support item deletion",
      },
      [REDUCE]: {
        value(this: ShareableList, ctx: ReduceContext): Reduced {
          refuseSpawn(ctx, "ShareableList");
          const state: State = { shm: reduceValue(this.shm, ctx) };
          return reduced("shared_memory.ShareableList", state);
        },
      },
    });
  }
}

showAsPython(ShareableList);

registerKind("shared_memory.ShareableList", import.meta.url, (s) => {
  const shm = rebuildValue((s as State).shm) as SharedMemory;
  return new ShareableList(null, { name: shm.name });
});

// ctypes._SimpleCData: the base of the simple types (c_int, c_double ...).

import { showAsPython } from "../_shared/pyrepr.ts";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { keywords } from "../_shared/args.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../_shared/reduce.ts";
import {
  Adopt,
  type Codec,
  codecOf,
  type View,
} from "../_shared/ctypes_codec.ts";

/** The simple types by name, for rebuilding one in another process. */
const classes = new Map<string, SimpleCDataType<unknown, never>>();

/**
 * A ctypes simple type (the class itself, such as `c_int`): what
 * `RawValue`, `Value`, `RawArray` and `Array` accept in place of a
 * typecode, and what `sizeof` measures.
 */
export interface SimpleCDataType<V, In = V> {
  /** Makes an object of the type. */
  new (value?: In): _SimpleCData<V, In>;
  /** Python's `_type_`: the type's struct code ("i", "l", "?" ...). */
  readonly _type_: string;
  /** The class name ("c_int"). */
  readonly name: string;
}

interface State {
  name: string;
  code: string;
  /** The shared memory of a RawValue/Value object. */
  buffer?: SharedArrayBuffer;
  /** A copy of the bytes of any other object. */
  bytes?: Uint8Array;
}

/**
 * Python's `ctypes._SimpleCData`: the base class of the simple types
 * (`c_int`, `c_double`, `c_char` ...). An object holds one C value in its
 * own memory; `value` reads and writes it, converting as ctypes does.
 * Every object's memory is a SharedArrayBuffer and each read or write of
 * `value` is a single atomic operation.
 *
 * Objects made by `multiprocessing.RawValue` or `Value` cross to a child
 * process by sharing that memory (the 'worker' start method; a 'spawn'
 * child raises NotImplementedError); any other object crosses as a copy,
 * as pickling copies it in Python.
 *
 * @typeParam V What `value` reads as.
 * @typeParam In What `value` may be assigned from.
 *
 * @example
 * ```ts
 * import { _SimpleCData, c_int } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * const x = new c_int(7);
 * assert.ok(x instanceof _SimpleCData);
 * assert.equal(String(x), "c_int(7)");
 * ```
 */
export abstract class _SimpleCData<V, In = V> {
  /** Python's `_type_`: the struct code of the type ("i", "l", "?" ...). */
  static readonly _type_: string = "";
  readonly #codec: Codec;
  readonly #view: View;
  readonly #shared: boolean;

  /**
   * Makes an object holding `value` (zero, empty or false when omitted).
   * Python's `c_int(value=5)` is `new c_int({ value: 5 })`.
   *
   * @param value The initial value, converted as ctypes converts it; or
   *   the keyword object `{ value }`.
   * @throws {TypeError} A value of a type this C type cannot hold, more
   *   than one argument, or a keyword other than `value`.
   */
  constructor(value?: In | { value?: In }) {
    const codec = codecOf(
      (new.target as unknown as { _type_: unknown })._type_,
    );
    if (codec === undefined) throw new TypeError("abstract class");
    this.#codec = codec;
    if (value instanceof Adopt) {
      this.#view = codec.view(value.buffer, value.byteOffset, 1);
      this.#shared = true;
      return;
    }
    this.#view = codec.view(new SharedArrayBuffer(codec.size), 0, 1);
    this.#shared = false;
    let n = arguments.length;
    const kw = n > 0 ? keywords("__init__", arguments[n - 1], ["value"]) : null;
    if (kw !== null) n--;
    if (n > 1) {
      throw new TypeError(`__init__ expected at most 1 argument, got ${n}`);
    }
    if (kw !== null && n === 1 && "value" in kw) {
      throw new TypeError(
        "__init__() got multiple values for argument 'value'",
      );
    }
    const v = kw !== null && n === 0 ? kw.value : value;
    if (v !== undefined) codec.set(this.#view, 0, v);
  }

  /** The value, converted as ctypes converts on assignment. */
  get value(): V {
    return this.#codec.get(this.#view, 0) as V;
  }
  set value(v: In) {
    this.#codec.set(this.#view, 0, v);
  }

  /**
   * Python's `repr()`: `c_int(5)`.
   *
   * @returns The description.
   */
  toString(): string {
    return `${this.constructor.name}(${this.#codec.repr(this.value)})`;
  }

  static {
    // Crossing to another process (multiprocessing's REDUCE protocol):
    // shared memory for an object of RawValue or Value, a copy for any
    // other. Defined here, out of the public type, with access to #fields.
    Object.defineProperty(this.prototype, REDUCE, {
      value(this: _SimpleCData<unknown, never>, ctx: ReduceContext): Reduced {
        const name = this.constructor.name;
        const code = this.#codec.code;
        const view = this.#view;
        if (!this.#shared) {
          const bytes = new Uint8Array(view.byteLength);
          bytes.set(
            new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
          );
          return reduced("ctypes._SimpleCData", { name, code, bytes });
        }
        if (ctx.method === "spawn") {
          throw new NotImplementedError(
            `${ctx.path}: a shared ctypes object lives in shared memory, ` +
              "which a 'spawn' process (another OS process) cannot share; " +
              "use the 'worker' start method (get_context('worker'))",
          );
        }
        return reduced("ctypes._SimpleCData", {
          name,
          code,
          buffer: view.buffer as SharedArrayBuffer,
        });
      },
    });
  }
}

/** Registers a simple type so that its objects can be rebuilt by name. */
export function registerSimpleType(cls: SimpleCDataType<unknown, never>): void {
  classes.set(cls.name, cls);
  if (!classes.has(cls._type_)) classes.set(cls._type_, cls);
}

registerKind("ctypes._SimpleCData", import.meta.url, (s) => {
  const { name, code, buffer, bytes } = s as State;
  const cls = classes.get(name) ?? classes.get(code);
  if (cls === undefined) throw new TypeError(`unknown ctypes type ${name}`);
  if (buffer !== undefined) {
    return new cls(new Adopt(buffer) as never);
  }
  const sab = new SharedArrayBuffer(bytes!.length);
  new Uint8Array(sab).set(bytes!);
  const obj = new cls(new Adopt(sab) as never);
  // A copy is an object of its own, not a shared one.
  const copy = new cls();
  copy.value = obj.value as never;
  return copy;
});

showAsPython(_SimpleCData);

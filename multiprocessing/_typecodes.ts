// What a typecode ('i', 'd', 'c' ...) or a ctypes simple type stands for in
// sharedctypes: one table, so that RawValue, RawArray, Value and Array
// accept exactly the same types and refuse the rest with the same error.

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
import { codecOf } from "../_shared/ctypes_codec.ts";

/** A ctypes simple class (`c_int` ...), as sharedctypes uses it. */
export type SimpleClass =
  & (new (value?: never) => _SimpleCData<unknown, never>)
  & {
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

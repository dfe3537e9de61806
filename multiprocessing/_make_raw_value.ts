// The object RawValue makes and Value wraps: a ctypes simple object over a
// SharedArrayBuffer of its own, which its class's reduction hands to a
// 'worker' child shared rather than copied.

import type { _SimpleCData } from "../ctypes/simple_cdata.ts";
import { Adopt, codecOf } from "../_shared/ctypes_codec.ts";
import { resolveType } from "./_typecodes.ts";

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

// ctypes.sizeof().

import { CDATA_SIZE, codecOf } from "../_shared/ctypes_codec.ts";
import { _SimpleCData } from "./simple_cdata.ts";

/**
 * Python's `ctypes.sizeof(obj_or_type)`: the size in bytes of a ctypes type
 * or of a ctypes object (a simple one, or an array from
 * `multiprocessing.RawArray`), with Linux x86-64 sizes.
 *
 * @example
 * ```ts
 * import { c_double, c_int, c_wchar, sizeof } from "@pyport/std/ctypes";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sizeof(c_int), 4);
 * assert.equal(sizeof(c_wchar), 4);
 * assert.equal(sizeof(new c_double(1.5)), 8);
 * assert.throws(() => sizeof(3), { name: "TypeError", message: "this type has no size" });
 * ```
 *
 * @param obj_or_type A ctypes type or object.
 * @returns The size in bytes.
 * @throws {TypeError} "this type has no size" for anything else.
 */
export function sizeof(obj_or_type: unknown): number {
  if (typeof obj_or_type === "function") {
    if (obj_or_type.prototype instanceof _SimpleCData) {
      const codec = codecOf((obj_or_type as { _type_?: unknown })._type_);
      if (codec !== undefined) return codec.size;
    }
  } else if (typeof obj_or_type === "object" && obj_or_type !== null) {
    if (obj_or_type instanceof _SimpleCData) {
      return sizeof(obj_or_type.constructor);
    }
    const size = (obj_or_type as { [CDATA_SIZE]?: unknown })[CDATA_SIZE];
    if (typeof size === "number") return size;
  }
  throw new TypeError("this type has no size");
}

// Python's name for the type of a JavaScript value, as Python's error
// messages show it ("must be str, not int", "cannot pickle 'function'
// object"): one table for every module of the package.

/**
 * Python's type name of `v`. A frozen array is a tuple; other arrays read
 * as `arrayName`: "list" by default, "tuple" where an array stands for a
 * tuple (socket addresses).
 */
export function pyTypeName(v: unknown, arrayName = "list"): string {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) ? "int" : "float";
    case "bigint":
      return "int";
    case "boolean":
      return "bool";
    case "string":
      return "str";
    case "undefined":
      return "NoneType";
    case "function":
      return "function";
    case "symbol":
      return "symbol";
  }
  if (v === null) return "NoneType";
  if (v instanceof Uint8Array) return "bytes";
  if (Array.isArray(v)) return Object.isFrozen(v) ? "tuple" : arrayName;
  if (v instanceof Map) return "dict";
  if (v instanceof Set) return "set";
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return "dict";
  return (v as { constructor?: { name?: string } }).constructor?.name ??
    "object";
}

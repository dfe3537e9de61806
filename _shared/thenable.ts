// Telling a promise (or another thenable) from a plain value: where Python
// code calls a function that a port may have made async.

/**
 * Whether `v` is a promise or another thenable (an object or function with
 * a `then` method).
 */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") &&
    typeof (v as { then?: unknown }).then === "function";
}

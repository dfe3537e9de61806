// docs/porting.md §1: CPython's capitalized multiprocessing factories (Lock, RLock,
// Semaphore, Condition, Event, Barrier, Queue, Value, Array, Pool ...) are
// used with `new` and also work when called without it. A JavaScript class
// cannot be called, so the public name is a Proxy over a private class whose
// `apply` trap constructs it. `new X(...)` and `X(...)` both make an
// instance of the class; `instanceof X`, `X.name`, `obj.constructor ===
// X`, static members and `class Y extends X` work as on the class itself
// (the Proxy forwards everything else to it).
//
// The pattern, for a public name X. No public type names the private class,
// so `deno doc --lint` and the slow-types check stay clean; this is how
// lib.d.ts types Date, Map and Array (an instance interface plus a
// constructor interface):
//
//   /** Python's `multiprocessing.X()` object: summary. */
//   export interface X {
//     /** Python's `m()`: ... @returns ... */
//     m(): boolean;
//   }
//
//   /** `X`'s constructor: `new X(a)` or `X(a)`. */
//   export interface XConstructor {
//     /** Makes one. @param a ... */
//     new (a?: number): X;
//     /** The same without `new`. @param a ... */
//     (a?: number): X;
//     /** The prototype of every X, for `instanceof`. */
//     readonly prototype: X;
//   }
//
//   class XImpl implements X { ... }          // private: never exported
//
//   /** Python's `multiprocessing.X`: summary, @example. */
//   export const X: XConstructor = callable(XImpl, "X");
//
// The docs live on the interfaces (the private class's members need none).
// XImpl stays unexported in x.ts (mod.ts does `export *`); when another
// file needs it (BoundedSemaphore extends Semaphore), it lives in a private
// `_*.ts` file. A rebuilder registered with registerKind() constructs XImpl
// directly; to hand it the shared state without widening the public
// constructor, set a module-level variable that the constructor takes and
// clears (see _sync_base.ts `wrapping()` and condition.ts).

/** A class that may also be called without `new`. */
export interface Callable<A extends unknown[], T> {
  new (...args: A): T;
  (...args: A): T;
  readonly prototype: T;
}

/**
 * Wraps `cls` so that calling it without `new` constructs it too, and names
 * it `name` (what `X.name`, stack traces and console.log show). The result
 * is assignable to a public constructor interface such as
 * `{ new (a?: number): X; (a?: number): X; readonly prototype: X }`.
 */
export function callable<A extends unknown[], T>(
  cls: new (...args: A) => T,
  name: string,
): Callable<A, T> {
  Object.defineProperty(cls, "name", { value: name, configurable: true });
  const wrapped = new Proxy(cls, {
    apply: (target, _this, args) => Reflect.construct(target, args),
  }) as Callable<A, T>;
  // `obj.constructor === X` holds, as for a class.
  Object.defineProperty(cls.prototype, "constructor", {
    value: wrapped,
    writable: true,
    configurable: true,
  });
  return wrapped;
}

/**
 * A function usable with `new` and without it (docs/porting.md §1) whose
 * `instanceof` is that of `proto`'s objects: for a public name that, as in
 * Python, returns objects of more than one class (Value returns a
 * Synchronized wrapper, or the raw ctypes object with `lock=False`).
 */
export function factory<F>(name: string, fn: F, proto: object): F {
  const make = fn as unknown as (...args: unknown[]) => unknown;
  const f = function (...args: unknown[]): unknown {
    return make(...args);
  };
  Object.defineProperty(f, "name", { value: name, configurable: true });
  Object.defineProperty(f, "prototype", { value: proto });
  return f as unknown as F;
}

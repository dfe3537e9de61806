// Python class attributes that configure a class (allow_reuse_address,
// timeout, ...) are static members, so a subclass sets them with `static`
// and the base class's constructor sees them. Reading one through an
// instance gives the class's value unless the instance set its own, as in
// Python.

/**
 * Makes each of `names` an instance property of `cls` that reads the
 * (possibly subclass's) static member unless set on the instance.
 */
export function classAttributes(
  cls: abstract new (...args: never[]) => unknown,
  names: readonly string[],
): void {
  for (const name of names) {
    const own = Symbol(name);
    Object.defineProperty(cls.prototype, name, {
      get(this: Record<string | symbol, unknown>) {
        return Object.prototype.hasOwnProperty.call(this, own)
          ? this[own]
          : (this.constructor as unknown as Record<string, unknown>)[name];
      },
      set(this: Record<string | symbol, unknown>, v: unknown) {
        this[own] = v;
      },
      configurable: true,
      enumerable: false,
    });
  }
}

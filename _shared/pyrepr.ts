// Python's repr() and str() of the values a port holds, so that reprs,
// error messages and exceptions (builtins, ctypes, shared_memory) read as
// Python's do. A leaf: it imports nothing, so the ground may use it.

function quoteFor(hasSingle: boolean, hasDouble: boolean): string {
  return hasSingle && !hasDouble ? '"' : "'";
}

const NAMED: Record<number, string> = { 9: "\\t", 10: "\\n", 13: "\\r" };

function hex2(c: number): string {
  return c.toString(16).padStart(2, "0");
}

/**
 * The characters Python's str.isprintable() refuses, which repr() escapes:
 * controls, format characters, surrogates, private use, unassigned code
 * points, and separators other than the space.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function escapeCode(c: number): string {
  if (c < 0x100) return "\\x" + hex2(c);
  if (c < 0x10000) return "\\u" + c.toString(16).padStart(4, "0");
  return "\\U" + c.toString(16).padStart(8, "0");
}

/** Python's repr() of a str. */
export function reprStr(s: string): string {
  const q = quoteFor(s.includes("'"), s.includes('"'));
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (NAMED[c] !== undefined) out += NAMED[c];
    else if (c < 0x7f && c >= 0x20) out += ch;
    else if (c !== 0x20 && NOT_PRINTABLE.test(ch)) out += escapeCode(c);
    else out += ch;
  }
  return out + q;
}

/** Python's repr() of bytes: `b'...'`. */
export function reprBytes(b: Uint8Array): string {
  const q = quoteFor(b.includes(0x27), b.includes(0x22));
  const qc = q.charCodeAt(0);
  let out = "b" + q;
  for (const c of b) {
    if (c === qc || c === 0x5c) out += "\\" + String.fromCharCode(c);
    else if (NAMED[c] !== undefined) out += NAMED[c];
    else if (c < 0x20 || c >= 0x7f) out += "\\x" + hex2(c);
    else out += String.fromCharCode(c);
  }
  return out + q;
}

/** Python's repr() of a float: `1.0`, `1e+16`, `1e-05`, `inf`, `nan`. */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // The shortest digits that round-trip, as both languages use.
  const [mant, expPart] = x.toExponential().split("e") as [string, string];
  const exp = Number(expPart);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp >= digits.length - 1) {
      out = digits + "0".repeat(exp - digits.length + 1) + ".0";
    } else if (exp >= 0) {
      out = digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
    } else {
      out = "0." + "0".repeat(-exp - 1) + digits;
    }
  } else {
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    out = `${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  return neg ? "-" + out : out;
}

/**
 * Python's repr() of a value as a port holds it: a number is an int when
 * it is integral (JavaScript cannot tell 1 from 1.0), else a float. A
 * container's repr stops with "..." past about `limit` characters (an
 * error message's bound; builtins' repr() and print() pass Infinity).
 */
export function pyRepr(v: unknown, limit: number = REPR_BUDGET): string {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) && Math.abs(v) < 1e16 && !Object.is(v, -0)
        ? String(v)
        : reprFloat(v);
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "True" : "False";
    case "string":
      return reprStr(v);
    case "undefined":
      return "None";
  }
  if (v === null) return "None";
  if (v instanceof Uint8Array) {
    return v.constructor.name === "bytearray"
      ? `bytearray(${reprBytes(v)})`
      : reprBytes(v);
  }
  if (isContainer(v)) {
    const out: string[] = [];
    reprArray(v, out, { left: limit, open: new Set() });
    return out.join("");
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    return reprTypedArray(v as unknown as ArrayLike<number | bigint>);
  }
  return reprObject(v as object);
}

/**
 * The key under which a pyport class keeps its Python repr() (installed by
 * {@linkcode showAsPython}); `Symbol.for`, so that copies of the package
 * loaded twice agree.
 */
export const REPR: unique symbol = Symbol.for("pyport.repr") as never;

/** What Node's (and Bun's) util.inspect calls to show an object. */
const NODE_INSPECT = Symbol.for("nodejs.util.inspect.custom");
/** What Deno's console calls to show an object. */
const DENO_INSPECT = Symbol.for("Deno.customInspect");

function ownRepr(this: { toString(): string }): string {
  return this.toString();
}

/**
 * Makes `console.log`, the runtimes' inspectors and pyRepr() show instances
 * of `cls` (and its subclasses) as Python's repr(): `repr(this)` when given,
 * else the class's toString(), which pyport's classes write as Python's
 * repr (a class without its own toString() gets `repr` as toString(), as
 * Python's str() falls back to repr()). Installed as non-enumerable
 * properties of the prototype, so they neither show as members nor travel
 * in structured clones.
 */
export function showAsPython<T extends object>(
  cls: { prototype: T },
  repr: (this: T) => string = ownRepr as (this: T) => string,
): void {
  const keys: PropertyKey[] = [REPR, NODE_INSPECT, DENO_INSPECT];
  // Python's str() of an object without __str__ is its repr(): so is
  // `${obj}`, where the class does not say otherwise.
  if ((cls.prototype as object).toString === Object.prototype.toString) {
    keys.push("toString");
  }
  for (const key of keys) {
    Object.defineProperty(cls.prototype, key, {
      value: repr,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

const addresses = new WeakMap<object, string>();
let nextAddress = 0x7f1c2a000010;

/**
 * A made-up address for `obj`'s repr, as Python shows `object at 0x7f...`:
 * given on the first repr, then the same for the object's life.
 */
export function addressOf(obj: object): string {
  let a = addresses.get(obj);
  if (a === undefined) {
    nextAddress += 0x40;
    a = "0x" + nextAddress.toString(16);
    addresses.set(obj, a);
  }
  return a;
}

/** The package's classes → the Python module (and name) each stands for. */
const homes = new WeakMap<object, string>();

/**
 * Records that `cls` is the port of Python's `module.name` (`name`: the
 * class's own name by default), for {@linkcode qualifiedName}.
 */
export function definedIn(module: string, cls: object, name?: string): void {
  homes.set(cls, `${module}.${name ?? (cls as { name: string }).name}`);
}

/**
 * Python's `f"{type(obj).__module__}.{type(obj).__qualname__}"`: the
 * recorded module for the package's own classes, `__main__` for a
 * program's own class (a ported script's classes live in its main module).
 */
export function qualifiedName(obj: object): string {
  const cls = obj.constructor as { name: string };
  return homes.get(cls) ?? `__main__.${cls.name}`;
}

/** Python's default repr(): `<socketserver.TCPServer object at 0x...>`. */
export function objectRepr(this: object): string {
  return `<${qualifiedName(this)} object at ${addressOf(this)}>`;
}

/** Typed arrays → the typecode of Python's array.array that holds the same. */
const TYPECODES: Record<string, string> = {
  Int8Array: "b",
  Uint8ClampedArray: "B",
  Int16Array: "h",
  Uint16Array: "H",
  Int32Array: "i",
  Uint32Array: "I",
  BigInt64Array: "q",
  BigUint64Array: "Q",
  Float32Array: "f",
  Float64Array: "d",
};

/**
 * Python's repr() of the array.array a typed array stands for (what
 * `recv_bytes_into(arr)` fills): `array('i', [42, 1729, 0])`.
 */
function reprTypedArray(a: ArrayLike<number | bigint>): string {
  const name = (a as { constructor: { name: string } }).constructor.name;
  const code = TYPECODES[name];
  if (code === undefined) return `<${name} object>`;
  const float = code === "f" || code === "d";
  const items = Array.from(
    a,
    (x) => float ? reprFloat(x as number) : String(x),
  );
  return items.length === 0
    ? `array('${code}')`
    : `array('${code}', [${items.join(", ")}])`;
}

/** Python's repr() of an object that is not a container. */
function reprObject(v: object): string {
  const own = (v as { [REPR]?: unknown })[REPR];
  if (typeof own === "function") return String(own.call(v));
  // A ported class that defines Python's hook.
  const dunder = (v as { __repr__?: unknown }).__repr__;
  if (typeof dunder === "function") return String(dunder.call(v));
  if (v instanceof Error) return reprException(v);
  if (typeof v === "function") {
    if (/^class\b/.test(Function.prototype.toString.call(v))) {
      // Python's builtins (the exceptions) show without a module.
      const home = homes.get(v) ??
        (v.prototype instanceof Error ? v.name : `__main__.${v.name}`);
      return `<class '${home}'>`;
    }
    return `<function ${v.name || "<lambda>"} at ${addressOf(v)}>`;
  }
  // A class's own toString() (a Date's, a URL's) says more than "[object".
  if (typeof (v as { toString?: unknown }).toString === "function") {
    const s = String(v);
    if (!s.startsWith("[object ")) return s;
  }
  return objectRepr.call(v);
}

/**
 * Python's repr() of an exception: its class name and the arguments it was
 * made with, `ConnectionRefusedError(111, 'Connection refused')`; for
 * JavaScript's own errors (which keep no arguments) the message.
 */
function reprException(e: Error): string {
  const args = (e as { args?: unknown }).args;
  const shown = Array.isArray(args)
    ? args.map((a) => pyRepr(a)).join(", ")
    : e.message === ""
    ? ""
    : reprStr(e.message);
  return `${e.name}(${shown})`;
}

/**
 * The longest repr of an array made (a message, not data): an array that
 * holds itself or the same array many times could otherwise ask for a repr
 * exponential in its size. Past it the text ends with "...".
 */
const REPR_BUDGET = 1 << 16;

/**
 * A container pyRepr shows item by item: a list or tuple, a dict (a Map, or
 * a plain object, which stands for keywords or a record), a set.
 */
type Container =
  | readonly unknown[]
  | Map<unknown, unknown>
  | Set<unknown>
  | Record<string, unknown>;

function isPlain(x: unknown): x is Record<string, unknown> {
  if (typeof x !== "object" || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === null || proto === Object.prototype;
}

function isContainer(x: unknown): x is Container {
  return Array.isArray(x) || x instanceof Map || x instanceof Set ||
    isPlain(x);
}

/**
 * Appends the repr of a list (an array), a tuple (a frozen array, as
 * pickle makes them), a dict (a Map) or a set; "[...]" (or "{...}") for
 * one that holds itself.
 */
function reprArray(
  a: Container,
  out: string[],
  state: { left: number; open: Set<unknown> },
): void {
  const isMap = a instanceof Map || isPlain(a);
  const tuple = Array.isArray(a) && Object.isFrozen(a);
  const [open, close] = tuple ? ["(", ")"] : Array.isArray(a) ? ["[", "]"] : [
    "{",
    "}",
  ];
  if (state.open.has(a)) {
    out.push(open + "..." + close);
    state.left -= 5;
    return;
  }
  if (a instanceof Set && a.size === 0) {
    out.push(a.constructor.name === "frozenset" ? "frozenset()" : "set()");
    return;
  }
  state.open.add(a);
  if (a instanceof Set && a.constructor.name === "frozenset") {
    out.push("frozenset(");
  }
  out.push(open);
  const one = (x: unknown) => {
    if (isContainer(x)) reprArray(x, out, state);
    else {
      const r = pyRepr(x, state.left);
      out.push(r);
      state.left -= r.length + 2;
    }
  };
  let i = 0;
  const items = a instanceof Map
    ? a.entries()
    : isPlain(a)
    ? Object.entries(a).values()
    : (a as readonly unknown[] | Set<unknown>).values();
  for (const x of items) {
    if (state.left <= 0) {
      out.push("...");
      break;
    }
    if (i++ > 0) out.push(", ");
    if (isMap) {
      const [k, v] = x as [unknown, unknown];
      one(k);
      out.push(": ");
      one(v);
    } else one(x);
  }
  if (tuple && i === 1) out.push(",");
  out.push(close);
  if (a instanceof Set && a.constructor.name === "frozenset") out.push(")");
  state.open.delete(a);
}

/**
 * Python's str() of a value as a port holds it: a string is itself, an
 * exception its message, an object with a (synchronous) `__str__()` what
 * it returns, anything else its repr(). `limit` as for pyRepr().
 */
export function pyStr(v: unknown, limit: number = REPR_BUDGET): string {
  if (typeof v === "string") return v;
  if (v instanceof Error) return v.message;
  const dunder = (v as { __str__?: unknown } | null)?.__str__;
  if (typeof dunder === "function") {
    const s = dunder.call(v);
    // A __str__ that must be awaited (a manager proxy's) cannot serve a
    // synchronous str(): the object's repr does.
    if (typeof (s as { then?: unknown } | null)?.then !== "function") {
      return String(s);
    }
  }
  return pyRepr(v, limit);
}

/**
 * Python's str() of an exception made with `args`: nothing, the one
 * argument's str(), or the tuple's repr() (`(1, 2)`).
 */
export function strOfArgs(args: readonly unknown[]): string {
  if (args.length === 0) return "";
  if (args.length === 1) return pyStr(args[0]);
  return `(${args.map(pyRepr).join(", ")})`;
}

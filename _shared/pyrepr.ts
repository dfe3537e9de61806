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

/** Python's repr() of a str. */
export function reprStr(s: string): string {
  const q = quoteFor(s.includes("'"), s.includes('"'));
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (NAMED[c] !== undefined) out += NAMED[c];
    else if (c < 0x20 || c === 0x7f) out += "\\x" + hex2(c);
    else if (c >= 0x80 && c < 0xa0) out += "\\x" + hex2(c);
    else if (c >= 0xd800 && c < 0xe000) out += "\\u" + c.toString(16);
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
 * it is integral (JavaScript cannot tell 1 from 1.0), else a float.
 */
export function pyRepr(v: unknown): string {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) && Math.abs(v) < 1e16
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
  if (v instanceof Uint8Array) return reprBytes(v);
  if (Array.isArray(v) || v instanceof Map || v instanceof Set) {
    const out: string[] = [];
    reprArray(v, out, { left: REPR_BUDGET, open: new Set() });
    return out.join("");
  }
  return String(v);
}

/**
 * The longest repr of an array made (a message, not data): an array that
 * holds itself or the same array many times could otherwise ask for a repr
 * exponential in its size. Past it the text ends with "...".
 */
const REPR_BUDGET = 1 << 16;

/** A container pyRepr shows item by item. */
type Container = readonly unknown[] | Map<unknown, unknown> | Set<unknown>;

function isContainer(x: unknown): x is Container {
  return Array.isArray(x) || x instanceof Map || x instanceof Set;
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
  const isMap = a instanceof Map;
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
      const r = pyRepr(x);
      out.push(r);
      state.left -= r.length + 2;
    }
  };
  let i = 0;
  for (const x of isMap ? a.entries() : a.values()) {
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
 * exception its message, anything else its repr().
 */
export function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Error) return v.message;
  return pyRepr(v);
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

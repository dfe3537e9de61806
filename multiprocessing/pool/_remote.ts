// How an exception raised by a task in a pool worker reaches the parent:
// by its class name, its args and its traceback text, as CPython's pool
// sends the exception and sets a RemoteTraceback holding the child's
// traceback as its cause. Classes of the package (builtins, OSError's
// family, multiprocessing's) and JavaScript's own error classes come back
// as themselves; any other class comes back as an Error whose `name` is the
// class's name.

import * as builtins from "../../builtins/mod.ts";
import * as mpErrors from "../errors.ts";
import { formatException } from "../_traceback.ts";
import * as poolErrors from "./errors.ts";
import { RemoteTraceback } from "./errors.ts";

/** An exception on its way: [class key, message, args or null, traceback]. */
export type EncodedError = ["E", string, string, unknown[] | null, string];

type ErrorClass = new (...args: unknown[]) => Error;

const classes = new Map<string, ErrorClass>();
const MP = "multiprocessing.";

function collect(ns: Record<string, unknown>, prefix: string): void {
  for (const v of Object.values(ns)) {
    if (typeof v === "function" && v.prototype instanceof Error) {
      classes.set(prefix + (v as ErrorClass).name, v as ErrorClass);
    }
  }
}
collect(builtins as Record<string, unknown>, "");
collect(mpErrors as Record<string, unknown>, MP);
collect(poolErrors as Record<string, unknown>, "");
for (
  const c of [
    Error,
    TypeError,
    RangeError,
    SyntaxError,
    ReferenceError,
    EvalError,
    URIError,
  ]
) classes.set(c.name, c as ErrorClass);

function isMpError(e: unknown): boolean {
  return e instanceof mpErrors.ProcessError;
}

/** Whether `v` survives structured clone unchanged enough to send. */
function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

/** Encodes `e` (anything a task threw) to send it to the parent. */
export function encodeError(e: unknown): EncodedError {
  const tb = formatException(e);
  if (!(e instanceof Error)) {
    return ["E", "Exception", String(e), [e].filter(cloneable), tb];
  }
  const key = (isMpError(e) ? MP : "") + e.name;
  let args = (e as { args?: unknown }).args;
  if (
    e instanceof builtins.OSError && e.errno !== null && e.filename !== null
  ) {
    // Python's args hold only (errno, strerror): the file names go too.
    args = [e.errno, e.strerror, e.filename];
    if (e.filename2 !== null) (args as unknown[]).push(null, e.filename2);
  }
  const sendArgs = Array.isArray(args) && cloneable(args) ? args : null;
  return ["E", key, e.message, sendArgs, tb];
}

/** Whether `v` is an exception encoded by `encodeError`. */
export function isEncodedError(v: unknown): v is EncodedError {
  return Array.isArray(v) && v.length === 5 && v[0] === "E" &&
    typeof v[1] === "string" && typeof v[4] === "string";
}

/** The exception `enc` describes, with the worker's traceback as its cause. */
export function decodeError(enc: EncodedError): Error {
  const [, key, message, args, tb] = enc;
  const cls = classes.get(key);
  let e: Error;
  if (cls === undefined) {
    e = new Error(message);
    Object.defineProperty(e, "name", {
      value: key,
      writable: true,
      configurable: true,
    });
  } else if (cls.prototype instanceof builtins.BaseException) {
    e = new cls(...(args ?? [message]));
  } else e = new cls(message);
  Object.defineProperty(e, "cause", {
    value: new RemoteTraceback(`\n"""\n${tb}\n"""`),
    writable: true,
    configurable: true,
  });
  return e;
}

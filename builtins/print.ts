// Python's print(), repr(), str() and input(): the output of a ported
// script reads as the Python original's. They use the runtime's standard
// streams directly (the ground imports no floor): Deno's Deno.stdout and
// Deno.stdin, Node's and Bun's process.stdout and process.stdin.

import { AttributeError, EOFError } from "./exceptions.ts";
import { isPlainObject, keywords } from "../_shared/keywords.ts";
import { pyRepr, pyStr } from "../_shared/pyrepr.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { isThenable } from "../_shared/thenable.ts";

/**
 * Python's `repr(object)`: the text Python shows for a value. Strings are
 * quoted (`'it''s'` becomes `"it's"`), a `Uint8Array` is `b'...'`, `null`
 * and `undefined` are `None`, booleans `True`/`False`, an array a list,
 * a frozen array (a {@linkcode tuple}) a tuple, a `Map` a dict, a `Set` a
 * set, an exception `ValueError('bad')`, and every pyport object its
 * Python repr (`<socket.socket fd=5, family=2, type=1, proto=0, ...>`).
 * An object of your own shows what its `__repr__()` returns, if it has
 * one, as in Python; a plain object shows as a dict.
 *
 * @example
 * ```ts
 * import { b, repr, tuple, ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(repr(b("hi\n")), "b'hi\\n'");
 * assert.equal(repr(["a", 1, 2.5, null, true]), "['a', 1, 2.5, None, True]");
 * assert.equal(repr(new tuple(["127.0.0.1", 80])), "('127.0.0.1', 80)");
 * assert.equal(repr(new Map([["k", b("v")]])), "{'k': b'v'}");
 * assert.equal(repr(new ValueError("bad")), "ValueError('bad')");
 * ```
 *
 * @param object The value.
 * @returns Its repr.
 */
export function repr(object: unknown): string {
  return pyRepr(object, Infinity);
}

/**
 * Python's `str(object)`: a string is itself, an exception its message
 * (`[Errno 111] Connection refused`), an object with a `__str__()` what it
 * returns, anything else its {@linkcode repr}. `str()` with no argument is
 * `''`.
 *
 * @example
 * ```ts
 * import { b, OSError, str } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(str("text"), "text");
 * assert.equal(str(b("x")), "b'x'");
 * assert.equal(str(new OSError(111, "Connection refused")), "[Errno 111] Connection refused");
 * assert.equal(str(), "");
 * ```
 *
 * @param object The value (none: `''`).
 * @returns Its str.
 */
export function str(...object: [unknown?]): string {
  // str() is '', str(undefined) is str(None): 'None'.
  return object.length === 0 ? "" : pyStr(object[0], Infinity);
}

/**
 * Where {@linkcode print} writes, Python's `file=`: an object with a
 * `write(text)` method (Node's `process.stderr`, a `StringIO`-like object of
 * your own), or with a `writeSync(bytes)` method (Deno's `Deno.stderr`).
 */
export type PrintFile =
  | { write(text: string): unknown; flush?: () => unknown }
  | { writeSync(data: Uint8Array): number };

/** Python's keyword arguments of {@linkcode print}. */
export interface PrintOptions {
  /** Put between the values (default `" "`; `null`: the default). */
  sep?: string | null;
  /** Put after the last value (default `"\n"`; `null`: the default). */
  end?: string | null;
  /** Where to write (default: standard output; `null`: the default). */
  file?: PrintFile | null;
  /** Flush the file after writing (standard output is never buffered here). */
  flush?: boolean;
}

const PRINT_KEYWORDS = ["sep", "end", "file", "flush"] as const;

type DenoLike = {
  version?: unknown;
  stdout: { writeSync(data: Uint8Array): number };
  stdin: { read(buf: Uint8Array): Promise<number | null> };
};
type NodeStdin = {
  on(event: string, cb: (arg?: unknown) => void): void;
  off(event: string, cb: (arg?: unknown) => void): void;
  resume(): void;
  pause(): void;
  readableEnded?: boolean;
};
type NodeLike = {
  stdout: { write(text: string): unknown };
  stdin: NodeStdin;
};

function deno(): DenoLike | null {
  const d = (globalThis as { Deno?: DenoLike }).Deno;
  return typeof d?.version === "object" ? d : null;
}

function nodeProcess(): NodeLike {
  return (globalThis as unknown as { process: NodeLike }).process;
}

const encoder = new TextEncoder();

function writeAll(
  file: { writeSync(data: Uint8Array): number },
  text: string,
): void {
  let data = encoder.encode(text);
  while (data.length > 0) data = data.subarray(file.writeSync(data));
}

/** Writes `text`; what a file's write() returns (a promise to await, maybe). */
function writeOut(text: string, file: PrintFile | null | undefined): unknown {
  if (file === null || file === undefined) {
    const d = deno();
    if (d !== null) writeAll(d.stdout, text);
    else nodeProcess().stdout.write(text);
    return undefined;
  }
  const f = file as {
    writeSync?: unknown;
    write?: unknown;
  };
  if (typeof f.writeSync === "function") {
    writeAll(file as { writeSync(data: Uint8Array): number }, text);
    return undefined;
  }
  if (typeof f.write === "function") return f.write.call(file, text);
  throw new AttributeError(
    `'${pyTypeName(file)}' object has no attribute 'write'`,
  );
}

/**
 * The keywords, when `last` is a plain object whose keys all name print's
 * keywords (the rule of docs/porting.md §2, _shared/keywords.ts); null
 * when it is a value. `{}` names no keyword: a value, printed as `{}`.
 */
function printKeywords(last: unknown): PrintOptions | null {
  if (isPlainObject(last) && Object.keys(last).length === 0) return null;
  return keywords("print", last, PRINT_KEYWORDS) as PrintOptions | null;
}

function checkSep(name: string, v: unknown): string | null {
  if (v === null || v === undefined || typeof v === "string") return v ?? null;
  throw new TypeError(
    `${name} must be None or a string, not ${pyTypeName(v)}`,
  );
}

/**
 * Python's `print(*objects, sep=' ', end='\n', file=None, flush=False)`:
 * writes the {@linkcode str} of each value, `sep` between them and `end`
 * after, to standard output. Keywords come last, as one object whose keys
 * all name print's keywords (a plain object with other keys is a value to
 * print; one that mixes both is Python's TypeError). Writing to standard
 * output is synchronous, as Python's; a `file` whose `write()` returns a
 * promise (a socket's `makefile("w")`) makes print() return it: await it.
 *
 * @example
 * ```ts
 * import { b, print, tuple } from "@pyport/std/builtins";
 *
 * print("Received", b("hello"), "from", new tuple(["127.0.0.1", 5000]));
 * // Received b'hello' from ('127.0.0.1', 5000)
 * print("a", "b", { sep: "-", end: "!\n" });
 * // a-b!
 * ```
 *
 * @param objects The values, then optionally the keywords.
 * @returns Nothing, or the promise of an asynchronous `file`'s write.
 */
export function print(...objects: unknown[]): void | Promise<void> {
  const kw = printKeywords(objects[objects.length - 1]);
  if (kw !== null) objects = objects.slice(0, -1);
  const sep = checkSep("sep", kw?.sep) ?? " ";
  const end = checkSep("end", kw?.end) ?? "\n";
  const file = kw?.file;
  let text = "";
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) text += sep;
    text += pyStr(objects[i], Infinity);
  }
  const written = writeOut(text + end, file);
  const flush = () => {
    const f = file as { flush?: unknown } | null | undefined;
    if (kw?.flush && typeof f?.flush === "function") return f.flush.call(f);
  };
  // A file whose write() must be awaited (a socket's makefile()): print()
  // returns the promise, so its errors reach the caller.
  if (isThenable(written)) {
    return Promise.resolve(written).then(flush).then(() => {});
  }
  const flushed = flush();
  if (isThenable(flushed)) return Promise.resolve(flushed).then(() => {});
}

// ---------------------------------------------------------------- input()
// Standard input is read in chunks; what follows the line input() returns
// waits here for the next call.
let pending = new Uint8Array(0);
let atEof = false;
const decoder = new TextDecoder();

async function readChunk(): Promise<Uint8Array | null> {
  const d = deno();
  if (d !== null) {
    const buf = new Uint8Array(16 * 1024);
    const n = await d.stdin.read(buf);
    return n === null ? null : buf.subarray(0, n);
  }
  const stdin = nodeProcess().stdin;
  if (stdin.readableEnded) return null;
  return await new Promise<Uint8Array | null>((resolve, reject) => {
    const done = () => {
      stdin.off("data", onData);
      stdin.off("end", onEnd);
      stdin.off("error", onError);
      // Paused, standard input no longer keeps the program alive.
      stdin.pause();
    };
    const onData = (chunk?: unknown) => {
      done();
      resolve(
        typeof chunk === "string" ? encoder.encode(chunk) : chunk as Uint8Array,
      );
    };
    const onEnd = () => {
      done();
      resolve(null);
    };
    const onError = (e?: unknown) => {
      done();
      reject(e);
    };
    stdin.on("data", onData);
    stdin.on("end", onEnd);
    stdin.on("error", onError);
    stdin.resume();
  });
}

/**
 * Python's `input(prompt)`, awaited: writes the prompt's {@linkcode str}
 * (no newline) to standard output, reads one line from standard input and
 * returns it without its "\n" (a "\r" before it stays, as on POSIX
 * Python). Calls made together (from several threads) take lines in
 * the order they were made. At the end of input with nothing
 * read it raises EOFError("EOF when reading a line"); a last line without
 * a newline is returned as it is.
 *
 * @example
 * ```ts ignore
 * import { input, print } from "@pyport/std/builtins";
 *
 * const name = await input("Your name: ");
 * print("Hello,", name);
 * ```
 *
 * @param prompt What to write first (nothing by default).
 * @returns The line read.
 * @throws {EOFError} At the end of input.
 */
export function input(prompt?: unknown): Promise<string> {
  // Callers (threads) take their lines in turn, in the order they asked.
  const line = reading.then(() => readLine(prompt));
  reading = line.catch(() => {});
  return line;
}

let reading: Promise<unknown> = Promise.resolve();

async function readLine(prompt: unknown): Promise<string> {
  if (prompt !== undefined) writeOut(pyStr(prompt, Infinity), null);
  for (;;) {
    const nl = pending.indexOf(0x0a);
    if (nl >= 0) {
      const line = pending.subarray(0, nl);
      pending = pending.subarray(nl + 1);
      // Only "\n" ends a line: Python reads standard input with
      // newline="\n" on POSIX, so a "\r" before it stays in the line.
      return decoder.decode(line);
    }
    const chunk = atEof ? null : await readChunk();
    if (chunk === null) {
      atEof = true;
      if (pending.length === 0) {
        throw new EOFError("EOF when reading a line");
      }
      const text = decoder.decode(pending);
      pending = new Uint8Array(0);
      return text;
    }
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    pending = joined;
  }
}

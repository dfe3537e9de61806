// Python's pickle functions: dumps/loads on bytes, dump/load on files.

import { EOFError, NotImplementedError } from "../builtins/exceptions.ts";
import { bind, isPlainObject } from "../_shared/args.ts";
import { pyTypeName } from "../_shared/type_name.ts";
import { Encoder } from "./_encoder.ts";
import { Decoder, findClass, Incomplete, py2Strings } from "./_decoder.ts";
import { UnpicklingError } from "./errors.ts";
import { protocolOf } from "./_protocol.ts";
import { Pickler, type WritableFile } from "./pickler.ts";
import { type ReadableFile, Unpickler } from "./unpickler.ts";

/** The keyword arguments of `dumps` and `dump`. */
export interface DumpOptions {
  /** The protocol, 2 to 5 (`DEFAULT_PROTOCOL` when null; -1: the highest). */
  protocol?: number | null;
  /** Python's `fix_imports`: protocol 2 writes Python 2 names (always). */
  fix_imports?: boolean;
  /** Python's `buffer_callback` (out-of-band data): not supported. */
  buffer_callback?: null;
}

/** The keyword arguments of `loads` and `load`. */
export interface LoadOptions {
  /** Python's `fix_imports`: Python 2 names are read (always). */
  fix_imports?: boolean;
  /**
   * Python's `encoding` for Python 2 `str` values: "ASCII" (the default),
   * "latin1", "utf-8", or "bytes" to keep them as bytes.
   */
  encoding?: string;
  /** Python's `errors` for that decoding: "strict" only. */
  errors?: string;
  /** Python's `buffers` (out-of-band data): none is supported. */
  buffers?: readonly unknown[] | null;
}

const DUMP_KEYS = ["protocol", "fix_imports", "buffer_callback"];
const LOAD_KEYS = ["fix_imports", "encoding", "errors", "buffers"];

/**
 * Python's `pickle.dumps(obj, protocol=None)`: the pickle of `obj`, the
 * bytes CPython's `pickle.dumps` gives for the same value (see the README's
 * table for how each JavaScript value maps to a Python one).
 *
 * @example
 * ```ts
 * import { dumps, loads } from "@pyport/std/pickle";
 * import { repr, tuple } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const data = dumps([1, "two", new tuple([3.5, null])], 2);
 * assert.deepEqual(loads(data), [1, "two", new tuple([3.5, null])]);
 * assert.equal(repr(loads(data)), "[1, 'two', (3.5, None)]");
 * ```
 *
 * @param obj The value.
 * @param protocol 2 to 5 (`DEFAULT_PROTOCOL` by default), or the keywords.
 * @param options Python's keyword-only arguments.
 * @returns The pickle.
 * @throws {PicklingError} A value pickle cannot represent.
 */
export function dumps(
  obj: unknown,
  protocol?: number | null | DumpOptions,
  options?: DumpOptions,
): Uint8Array {
  const [p, , cb] = bind("dumps", DUMP_KEYS, [protocol, options], 1);
  noBuffers(cb);
  const proto = protocolOf(p);
  // One encoder per protocol is kept between calls (a hook of the value
  // may call dumps() again: that call makes its own).
  const enc = spare[proto] ?? new Encoder(proto);
  spare[proto] = undefined;
  try {
    return enc.dump(obj);
  } finally {
    enc.reset();
    spare[proto] = enc;
  }
}

/** The encoders dumps() keeps, by protocol. */
const spare: (Encoder | undefined)[] = [];

/** Out-of-band buffers (protocol 5's buffer_callback) are not supported. */
function noBuffers(callback: unknown): void {
  if (callback !== null && callback !== undefined) {
    throw new NotImplementedError(
      "pyport's pickle writes buffers in band: buffer_callback is not supported",
    );
  }
}

/**
 * Python's `pickle.loads(data)`: the value a pickle holds (any protocol,
 * 0 to 5). Bytes after the pickle's end are ignored, as in Python. Only
 * the built-in types and registered classes are built: any other global
 * is an UnpicklingError naming it.
 *
 * @example
 * ```ts
 * import { loads } from "@pyport/std/pickle";
 * import { repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * // pickle.dumps({"a": (1, 2)}, 2) in Python
 * const data = new Uint8Array([
 *   0x80, 2, 0x7d, 0x71, 0, 0x58, 1, 0, 0, 0, 0x61, 0x71, 1, 0x4b, 1, 0x4b,
 *   2, 0x86, 0x71, 2, 0x73, 0x2e,
 * ]);
 * assert.equal(repr(loads(data)), "{'a': (1, 2)}");
 * ```
 *
 * @param data The pickle (a bytes-like object).
 * @param options Python's keyword arguments.
 * @returns The value.
 * @throws {UnpicklingError} Malformed, truncated or forbidden content.
 * @throws {EOFError} `data` is empty ("Ran out of input").
 */
export function loads(
  data: Uint8Array,
  options?: LoadOptions,
  ...more: unknown[]
): unknown {
  if (more.length > 0 || (options !== undefined && !isPlainObject(options))) {
    throw new TypeError(
      `loads() takes exactly 1 positional argument (${2 + more.length} given)`,
    );
  }
  const [, encoding, errors, buffers] = bind("loads", LOAD_KEYS, [
    options,
  ], 0);
  noOutOfBand(buffers);
  const py2str = py2Strings(encoding, errors);
  let bytes: Uint8Array;
  const raw: unknown = data;
  if (raw instanceof Uint8Array) bytes = raw;
  else if (raw instanceof ArrayBuffer) bytes = new Uint8Array(raw);
  else if (ArrayBuffer.isView(raw)) {
    const v = raw as ArrayBufferView;
    bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  } else {
    throw new TypeError(
      `a bytes-like object is required, not '${pyTypeName(data)}'`,
    );
  }
  const d = new Decoder(findClass, py2str);
  d.setData(bytes);
  try {
    return d.run();
  } catch (e) {
    if (e instanceof Incomplete) {
      if (bytes.length === 0) throw new EOFError("Ran out of input");
      throw new UnpicklingError("pickle data was truncated");
    }
    throw e;
  }
}

/**
 * Python's `pickle.dump(obj, file, protocol=None)`: writes the pickle of
 * `obj` to `file` (anything with a `write(bytes)` method, awaited when it
 * returns a promise).
 *
 * @example
 * ```ts
 * import { dump, load } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * const chunks: Uint8Array[] = [];
 * await dump(new Set([1, 2]), { write: (b: Uint8Array) => chunks.push(b) });
 * let at = 0;
 * const all = chunks[0]!;
 * const file = {
 *   read: (n: number) => all.subarray(at, (at += n)),
 *   readline: () => all.subarray(at, (at = all.indexOf(10, at) + 1)),
 * };
 * assert.deepEqual(await load(file), new Set([1, 2]));
 * ```
 *
 * @param obj The value.
 * @param file Where the bytes go.
 * @param protocol 2 to 5 (or the keywords).
 * @param options Python's keyword-only arguments.
 * @throws {PicklingError} A value pickle cannot represent.
 */
export async function dump(
  obj: unknown,
  file: WritableFile,
  protocol?: number | null | DumpOptions,
  options?: DumpOptions,
): Promise<void> {
  const [p, , cb] = bind("dump", DUMP_KEYS, [protocol, options], 1);
  noBuffers(cb);
  await new Pickler(file, p as number | null | undefined).dump(obj);
}

/** Out-of-band buffers (protocol 5's `buffers`) are not supported. */
function noOutOfBand(buffers: unknown): void {
  if (buffers === null || buffers === undefined) return;
  if ((buffers as { length?: number }).length === 0) return;
  throw new NotImplementedError(
    "pyport's pickle reads buffers in band: buffers is not supported",
  );
}

/**
 * Python's `pickle.load(file)`: reads one pickle from `file` (with
 * `read(n)` and `readline()`, sync or async), no further than its end, and
 * returns its value.
 *
 * @example
 * ```ts
 * import { dumps, load } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * const all = dumps("hello");
 * let at = 0;
 * const file = {
 *   read: (n: number) => all.subarray(at, (at += n)),
 *   readline: () => all.subarray(at, (at = all.indexOf(10, at) + 1)),
 * };
 * assert.equal(await load(file), "hello");
 * ```
 *
 * @param file Where the bytes come from.
 * @param options Python's keyword arguments.
 * @returns The value.
 * @throws {UnpicklingError} Malformed, truncated or forbidden content.
 * @throws {EOFError} The file is at its end ("Ran out of input").
 */
export async function load(
  file: ReadableFile,
  options?: LoadOptions,
): Promise<unknown> {
  const [fix, encoding, errors] = bind("load", LOAD_KEYS, [options], 0);
  return await new Unpickler(file, {
    ...(fix === undefined ? {} : { fix_imports: fix as boolean }),
    ...(encoding === undefined ? {} : { encoding: encoding as string }),
    ...(errors === undefined ? {} : { errors: errors as string }),
  }).load();
}

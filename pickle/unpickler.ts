// Python's pickle.Unpickler: pickles read from a file, one at a time and no
// further than each one's end, with find_class as the hook that decides
// which classes a pickle may name.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { EOFError, NotImplementedError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { Decoder, findClass, Incomplete, py2Strings } from "./_decoder.ts";
import type { LoadOptions } from "./functions.ts";
import { UnpicklingError } from "./errors.ts";

/** A file pickles are read from: `read(n)` and `readline()`, sync or async. */
export interface ReadableFile {
  /** Up to `n` bytes; fewer (or none) only at the end. */
  read(n: number): Uint8Array | Promise<Uint8Array>;
  /** The bytes up to and including the next newline (protocols 0 and 1). */
  readline(): Uint8Array | Promise<Uint8Array>;
}

/** Reads of huge claimed lengths go in pieces, so memory follows the data. */
const CHUNK = 1 << 20;

/**
 * Python's `pickle.Unpickler(file)`: reads pickles from `file`. Override
 * `find_class(module, name)` to allow more than the built-in types and the
 * registered classes, as in Python; what it returns is called (a class is
 * constructed) with the arguments the pickle gives.
 *
 * @example
 * ```ts
 * import { dumps, Unpickler } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * const all = new Uint8Array([...dumps(1), ...dumps("two")]);
 * let at = 0;
 * const file = {
 *   read: (n: number) => all.subarray(at, (at += n)),
 *   readline: () => all.subarray(at, (at = all.indexOf(10, at) + 1)),
 * };
 * const u = new Unpickler(file);
 * assert.equal(await u.load(), 1);
 * assert.equal(await u.load(), "two");
 * ```
 */
export class Unpickler {
  #file: ReadableFile;
  #decoder: Decoder;

  /**
   * Python's `Unpickler(file)`.
   *
   * @param file Where pickles come from: `read(n)` and `readline()`.
   * @param options Python's `fix_imports`, `encoding` and `errors`.
   * @throws {TypeError} `file` lacks those methods.
   */
  constructor(file: ReadableFile, options?: LoadOptions) {
    const [, encoding, errors, buffers] = bind(
      "Unpickler",
      ["fix_imports", "encoding", "errors", "buffers"],
      [options],
      0,
    );
    if (
      buffers !== null && buffers !== undefined &&
      (buffers as unknown[]).length > 0
    ) {
      throw new NotImplementedError(
        "pyport's pickle reads buffers in band: buffers is not supported",
      );
    }
    const py2str = py2Strings(encoding, errors);
    if (
      typeof (file as { read?: unknown })?.read !== "function" ||
      typeof (file as { readline?: unknown })?.readline !== "function"
    ) {
      throw new TypeError("file must have 'read' and 'readline' attributes");
    }
    this.#file = file;
    this.#decoder = new Decoder((m, n) => this.find_class(m, n), py2str);
  }

  /**
   * Python's `find_class(module, name)`: the class or function a pickle
   * names. By default only the built-in types and registered classes;
   * anything else raises UnpicklingError ("global 'os.system' is
   * forbidden").
   *
   * @param module The module's name.
   * @param name The qualified name in it.
   * @returns The class (or function) to use.
   * @throws {UnpicklingError} The name is not allowed.
   */
  find_class(module: string, name: string): unknown {
    return findClass(module, name);
  }

  /**
   * Python's `load()`: reads the next pickle and returns its value.
   *
   * @returns The value.
   * @throws {EOFError} The file is at its end ("Ran out of input").
   * @throws {UnpicklingError} Malformed, truncated or forbidden content.
   */
  async load(): Promise<unknown> {
    const d = this.#decoder;
    d.begin();
    let buf = new Uint8Array(256);
    let len = 0;
    for (;;) {
      d.setData(buf.subarray(0, len), d.pos);
      try {
        return d.run();
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
        let more: Uint8Array[];
        if (e.need < 0) more = [await this.#file.readline()];
        else more = await this.#read(e.need);
        let got = 0;
        for (const m of more) got += m.length;
        if (got === 0) {
          if (len === 0) throw new EOFError("Ran out of input");
          throw new UnpicklingError("pickle data was truncated");
        }
        if (len + got > buf.length) {
          let size = buf.length * 2;
          while (size < len + got) size *= 2;
          const b = new Uint8Array(size);
          b.set(buf.subarray(0, len));
          buf = b;
        }
        for (const m of more) {
          buf.set(m, len);
          len += m.length;
        }
      }
    }
  }

  /** Up to `n` bytes, in pieces, stopping at the end of the file. */
  async #read(n: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      const want = Math.min(left, CHUNK);
      const b = await this.#file.read(want);
      if (!(b instanceof Uint8Array)) {
        throw new TypeError(
          `read() should have returned a bytes object, not '${typeof b}'`,
        );
      }
      if (b.length === 0) break;
      out.push(b.slice());
      left -= b.length;
      if (b.length < want) break;
    }
    return out;
  }
}

definedIn("_pickle", Unpickler);
showAsPython(Unpickler, objectRepr);

// An in-memory binary file: the io.BytesIO that DatagramRequestHandler uses.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { ValueError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";

/**
 * An in-memory binary file, as Python's `io.BytesIO`, for
 * `DatagramRequestHandler`'s `rfile` (the datagram) and `wfile` (the
 * reply). Its methods are synchronous (awaiting them is harmless). It is
 * disposable: `with io.BytesIO() as f:` is `using f = new BytesIO();`.
 *
 * @example
 * ```ts
 * import { BytesIO } from "@pyport/std/socketserver";
 * import { b, decode } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const f = new BytesIO(b("one\ntwo\n"));
 * assert.equal(decode(f.readline()), "one\n");
 * f.write(b("!"));
 * assert.equal(decode(f.getvalue()), "one\n!wo\n");
 * ```
 */
export class BytesIO {
  #buf: Uint8Array;
  #len: number;
  #pos = 0;
  #closed = false;

  /**
   * Makes the file, holding a copy of `initial_bytes`.
   *
   * @param initial_bytes The starting contents, or the keyword object
   *   `{ initial_bytes }`.
   * @throws {TypeError} A keyword `BytesIO()` does not have.
   */
  constructor(initial_bytes?: Uint8Array | { initial_bytes?: Uint8Array }) {
    const [init = new Uint8Array(0)] = bind("BytesIO", ["initial_bytes"], [
      initial_bytes,
    ]) as (Uint8Array | undefined)[];
    this.#buf = init.slice();
    this.#len = init.length;
  }

  /** Python's `closed`: whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Python's `close()`: frees the buffer; later calls raise ValueError. */
  close(): void {
    this.#closed = true;
    this.#buf = new Uint8Array(0);
    this.#len = 0;
  }

  /** Closes the file when a `using` block ends (`with io.BytesIO() as f:`). */
  [Symbol.dispose](): void {
    this.close();
  }

  #check(): void {
    if (this.#closed) throw new ValueError("I/O operation on closed file.");
  }

  /**
   * Python's `read(size=-1)`.
   *
   * @param size How many bytes (-1: the rest).
   * @returns The bytes.
   */
  read(size: number = -1): Uint8Array {
    this.#check();
    const end = size < 0 ? this.#len : Math.min(this.#len, this.#pos + size);
    const out = this.#buf.slice(this.#pos, Math.max(end, this.#pos));
    this.#pos += out.length;
    return out;
  }

  /**
   * Python's `readline(size=-1)`: up to and including the next newline.
   *
   * @param size The most bytes (-1: no limit).
   * @returns The line.
   */
  readline(size: number = -1): Uint8Array {
    this.#check();
    let end = this.#buf.subarray(0, this.#len).indexOf(10, this.#pos);
    end = end < 0 ? this.#len : end + 1;
    if (size >= 0) end = Math.min(end, this.#pos + size);
    return this.read(end - this.#pos);
  }

  /**
   * Python's `readlines()`.
   *
   * @returns The remaining lines.
   */
  readlines(): Uint8Array[] {
    const lines: Uint8Array[] = [];
    for (let l = this.readline(); l.length > 0; l = this.readline()) {
      lines.push(l);
    }
    return lines;
  }

  /**
   * Python's `write(b)`: writes at the current position.
   *
   * @param data The bytes.
   * @returns How many bytes were written.
   */
  write(data: Uint8Array): number {
    this.#check();
    const end = this.#pos + data.length;
    if (end > this.#buf.length) {
      const grown = new Uint8Array(Math.max(end, this.#buf.length * 2, 64));
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    this.#buf.set(data, this.#pos);
    this.#pos = end;
    this.#len = Math.max(this.#len, end);
    return data.length;
  }

  /**
   * Python's `getvalue()`: the whole contents.
   *
   * @returns A copy of the bytes.
   */
  getvalue(): Uint8Array {
    this.#check();
    return this.#buf.slice(0, this.#len);
  }

  /**
   * Python's `seek(pos)`.
   *
   * @param pos The new position.
   * @returns The position.
   */
  seek(pos: number): number {
    this.#check();
    this.#pos = Math.max(0, pos);
    return this.#pos;
  }

  /**
   * Python's `tell()`.
   *
   * @returns The position.
   */
  tell(): number {
    this.#check();
    return this.#pos;
  }

  /** Lines, as `for line in f`. */
  *[Symbol.iterator](): Iterator<Uint8Array> {
    for (let l = this.readline(); l.length > 0; l = this.readline()) yield l;
  }
}

definedIn("_io", BytesIO);
showAsPython(BytesIO, objectRepr);

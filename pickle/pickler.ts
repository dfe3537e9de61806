// Python's pickle.Pickler: pickles written to a file, one memo for all.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { bind } from "../_shared/args.ts";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { Encoder } from "./_encoder.ts";
import { protocolOf } from "./_protocol.ts";

/** A file pickles are written to: `write(bytes)`, sync or async. */
export interface WritableFile {
  /** Writes the bytes (a promise is awaited). */
  write(data: Uint8Array): unknown;
}

/** The keyword arguments of `Pickler`. */
export interface PicklerOptions {
  /** The protocol, 2 to 5. */
  protocol?: number | null;
  /** Python's `fix_imports` (protocol 2 always writes Python 2 names). */
  fix_imports?: boolean;
  /** Python's `buffer_callback` (out-of-band data): not supported. */
  buffer_callback?: null;
}

/**
 * Python's `pickle.Pickler(file, protocol=None)`: writes pickles to
 * `file`. As in Python, it remembers what it wrote until `clear_memo()`,
 * so a value dumped again is written as a reference that an `Unpickler`
 * reading the same stream resolves.
 *
 * @example
 * ```ts
 * import { Pickler, loads } from "@pyport/std/pickle";
 * import assert from "node:assert/strict";
 *
 * const out: Uint8Array[] = [];
 * const p = new Pickler({ write: (b: Uint8Array) => out.push(b) }, 3);
 * await p.dump([1, 2]);
 * assert.deepEqual(loads(out[0]!), [1, 2]);
 * ```
 */
export class Pickler {
  #file: WritableFile;
  #encoder: Encoder;

  /**
   * Python's `Pickler(file, protocol=None)`.
   *
   * @param file Where pickles go: anything with `write(bytes)`.
   * @param protocol 2 to 5 (`DEFAULT_PROTOCOL` by default), or keywords.
   * @param options Python's keyword-only arguments.
   * @throws {TypeError} `file` has no `write` method.
   * @throws {ValueError} A protocol above `HIGHEST_PROTOCOL`.
   */
  constructor(
    file: WritableFile,
    protocol?: number | null | PicklerOptions,
    options?: PicklerOptions,
  ) {
    const [p, , cb] = bind(
      "Pickler",
      ["protocol", "fix_imports", "buffer_callback"],
      [protocol, options],
      1,
    );
    if (cb !== null && cb !== undefined) {
      throw new NotImplementedError(
        "pyport's pickle writes buffers in band: buffer_callback is not supported",
      );
    }
    if (typeof (file as { write?: unknown })?.write !== "function") {
      throw new TypeError("file must have a 'write' attribute");
    }
    this.#file = file;
    this.#encoder = new Encoder(protocolOf(p));
  }

  /**
   * Python's `dump(obj)`: writes the pickle of `obj`.
   *
   * @param obj The value.
   * @throws {PicklingError} A value pickle cannot represent.
   */
  async dump(obj: unknown): Promise<void> {
    await this.#file.write(this.#encoder.dump(obj));
  }

  /** Python's `clear_memo()`: forgets the values written so far. */
  clear_memo(): void {
    this.#encoder.clearMemo();
  }
}

definedIn("_pickle", Pickler);
showAsPython(Pickler, objectRepr);

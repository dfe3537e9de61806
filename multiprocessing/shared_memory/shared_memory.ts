// Python's multiprocessing.shared_memory.SharedMemory.

import { ValueError } from "../../builtins/exceptions.ts";
import { errorFromErrno } from "../../builtins/os_error.ts";
import { pyTruth } from "../../_shared/ctypes_codec.ts";
import { reprStr, showAsPython } from "../../_shared/pyrepr.ts";
import { pyTypeName } from "../../_shared/type_name.ts";
import { bind, index } from "../../_shared/args.ts";
import { refuseSpawn } from "../_refuse_spawn.ts";
import {
  REDUCE,
  type ReduceContext,
  type Reduced,
  reduced,
  registerKind,
} from "../../_shared/reduce.ts";
import { add, lookup, remove } from "./_registry.ts";

/** Keyword arguments of {@linkcode SharedMemory}'s constructor. */
export interface SharedMemoryOptions {
  /** The block's name; null (the default) makes a new random one. */
  name?: string | null;
  /** Make a new block (true) or attach to an existing one (false, the default). */
  create?: boolean;
  /** The size in bytes of a new block. */
  size?: number;
  /** Python 3.13's resource tracker switch: accepted, has no effect. */
  track?: boolean;
}

const ENOENT = 2, EEXIST = 17;

function randomName(): string {
  const b = new Uint8Array(4);
  crypto.getRandomValues(b);
  return "psm_" + [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
}

// The block a rebuilt object is to attach to, handed to the constructor
// without widening its parameters.
let adopting: { name: string; block: SharedArrayBuffer } | null = null;

interface State {
  name: string;
  block: SharedArrayBuffer;
}

/**
 * Python's `multiprocessing.shared_memory.SharedMemory(name=None,
 * create=False, size=0)`: a block of shared memory with a name, which
 * processes attach to by that name. `buf` is the memory (Python's
 * memoryview) as a `Uint8Array` over a SharedArrayBuffer: `shm.buf[0] = 1`,
 * `shm.buf[:5] = b'hello'` is `shm.buf.set(b("hello"), 0)`, and
 * `bytes(shm.buf[:5])` is `shm.buf.slice(0, 5)`.
 *
 * Names are found in a table each process keeps: a child started with the
 * 'worker' method gets a copy of its parent's table at start, and a
 * SharedMemory passed to a child (it crosses as the same memory) adds its
 * name to the child's table. So a child finds by name every block its
 * parent had when it started it, and the blocks it was passed; a block
 * created by a sibling, or by the parent after the child started, cannot
 * be found (FileNotFoundError): a Worker receives shared memory only by
 * message, and a constructor cannot wait for one. Pass such a block as an
 * argument (or through a Queue or Pipe) instead. `unlink()` removes the
 * name from this process's table only. A 'spawn' child (another OS
 * process) cannot share the memory at all: passing a SharedMemory to one
 * raises NotImplementedError.
 *
 * The memory is freed by the garbage collector once no process holds it;
 * `close()` and `unlink()` are still to be called as in Python.
 *
 * @example
 * ```ts
 * import { SharedMemory } from "@pyport/std/multiprocessing/shared_memory";
 * import { b } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const shm = new SharedMemory({ create: true, size: 10 });
 * shm.buf.set(b("hello"), 0);
 * const other = new SharedMemory(shm.name); // attach by name
 * assert.deepEqual(other.buf.slice(0, 5), b("hello"));
 * assert.equal(other.size, 10);
 * other.close();
 * shm.close();
 * shm.unlink();
 * assert.throws(() => new SharedMemory(shm.name), {
 *   name: "FileNotFoundError",
 *   message: `[Errno 2] No such file or directory: '/${shm.name}'`,
 * });
 * ```
 */
export class SharedMemory {
  readonly #name: string;
  readonly #size: number;
  readonly #block: SharedArrayBuffer;
  #buf: Uint8Array | null;

  /**
   * Makes a new block (`create` true) or attaches to the block `name`.
   *
   * @param name The name (null: a new random "psm_..." one), or the keyword object.
   * @param create Make a new block rather than attach, or the keyword object.
   * @param size The size of a new block in bytes (ignored when attaching), or the keyword object.
   * @param kwargs `{ name, create, size, track }` after positional arguments.
   * @throws {ValueError} A size below 0, a new block of size 0, or no name
   *   without `create`.
   * @throws {FileExistsError} `create` with a name already in use.
   * @throws {FileNotFoundError} No block of that name in this process.
   */
  constructor(
    name?: string | null | SharedMemoryOptions,
    create?: boolean | SharedMemoryOptions,
    size?: number | SharedMemoryOptions,
    kwargs?: SharedMemoryOptions,
  ) {
    if (adopting !== null) {
      this.#name = adopting.name;
      this.#block = adopting.block;
      adopting = null;
      this.#size = this.#block.byteLength;
      this.#buf = new Uint8Array(this.#block);
      return;
    }
    const [n, c, s] = bind(
      "SharedMemory",
      [
        "name",
        "create",
        "size",
        "track",
      ],
      [name, create, size, kwargs],
      3,
    );
    let sz: unknown = s ?? 0;
    if (typeof sz === "bigint" || typeof sz === "boolean") sz = Number(sz);
    if (typeof sz !== "number") {
      throw new TypeError(
        `'>=' not supported between instances of '${pyTypeName(sz)}' and 'int'`,
      );
    }
    if (!(sz >= 0)) throw new ValueError("'size' must be a positive integer");
    const creating = pyTruth(c);
    if (creating && sz === 0) {
      throw new ValueError(
        "'size' must be a positive number different from zero",
      );
    }
    if ((n === null || n === undefined) && !creating) {
      throw new ValueError("'name' can only be None if create=True");
    }
    if (n !== null && n !== undefined && typeof n !== "string") {
      throw new TypeError(
        `can only concatenate str (not "${pyTypeName(n)}") to str`,
      );
    }
    if (creating) {
      const length = index(sz);
      let nm = n as string | null | undefined;
      if (nm === null || nm === undefined) {
        do nm = randomName(); while (lookup(nm) !== undefined);
      } else if (lookup(nm) !== undefined) {
        throw errorFromErrno(EEXIST, "/" + nm);
      }
      this.#name = nm;
      this.#block = new SharedArrayBuffer(length);
      add(nm, this.#block);
    } else {
      const block = lookup(n as string);
      if (block === undefined) throw errorFromErrno(ENOENT, "/" + n);
      this.#name = n as string;
      this.#block = block;
    }
    this.#size = this.#block.byteLength;
    this.#buf = new Uint8Array(this.#block);
  }

  /**
   * Python's `buf`: the memory of the block, as a `Uint8Array` over a
   * SharedArrayBuffer (Python's memoryview).
   *
   * @throws {ValueError} After `close()` (Python's `buf` is None then).
   */
  get buf(): Uint8Array {
    if (this.#buf === null) {
      throw new ValueError("operation forbidden on released memoryview object");
    }
    return this.#buf;
  }

  /** Python's `name`: the name processes attach by ("psm_" and 8 hex digits when made without one). */
  get name(): string {
    return this.#name;
  }

  /** Python's `size`: the size of the block in bytes. */
  get size(): number {
    return this.#size;
  }

  /**
   * Python's `close()`: this object no longer gives access to the memory
   * (`buf` raises); the block lives on. Calling it again does nothing.
   */
  close(): void {
    this.#buf = null;
  }

  /**
   * Python's `unlink()`: removes the name, so that no one attaches to the
   * block any more (in this process; a child that got the name keeps it).
   * Objects attached already keep working.
   *
   * @throws {FileNotFoundError} The name was unlinked already.
   */
  unlink(): void {
    if (!remove(this.#name)) throw errorFromErrno(ENOENT, "/" + this.#name);
  }

  /**
   * Python's `repr()`: `SharedMemory('psm_1a2b3c4d', size=10)`.
   *
   * @returns The description.
   */
  toString(): string {
    return `SharedMemory(${reprStr(this.#name)}, size=${this.#size})`;
  }

  static {
    // Crossing to a child (multiprocessing's REDUCE protocol): the same
    // memory, and its name in the child's table. Defined here, out of the
    // public type.
    Object.defineProperty(this.prototype, REDUCE, {
      value(this: SharedMemory, ctx: ReduceContext): Reduced {
        refuseSpawn(ctx, "SharedMemory block");
        const state: State = { name: this.#name, block: this.#block };
        return reduced("shared_memory.SharedMemory", state);
      },
    });
  }
}

showAsPython(SharedMemory);

registerKind("shared_memory.SharedMemory", import.meta.url, (s) => {
  const { name, block } = s as State;
  if (lookup(name) === undefined) add(name, block);
  adopting = { name, block };
  try {
    return new SharedMemory();
  } finally {
    adopting = null;
  }
});

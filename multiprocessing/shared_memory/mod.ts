/**
 * Python's `multiprocessing.shared_memory`: named blocks of shared memory
 * ({@linkcode SharedMemory}) and a list whose items live in one
 * ({@linkcode ShareableList}), shared by the processes of the 'worker'
 * start method. A block is a SharedArrayBuffer; `buf` (Python's
 * memoryview) is a `Uint8Array` over it.
 *
 * `from multiprocessing import shared_memory` becomes
 * `import * as shared_memory from "@pyport/std/multiprocessing/shared_memory"`,
 * and `shared_memory.SharedMemory(create=True, size=10)` is
 * `new shared_memory.SharedMemory({ create: true, size: 10 })`.
 *
 * A process finds a block by name when it made it, when its parent had it
 * when the process was started, or when it was passed the block (or a
 * ShareableList) as an argument or through a Queue or Pipe. A block made by
 * a sibling, or by the parent after the child started, cannot be found by
 * name (a Worker gets shared memory only by message, and attaching is
 * synchronous): pass it instead. A 'spawn' child (another OS process)
 * cannot share this memory: passing a block to one raises
 * NotImplementedError.
 *
 * @example
 * ```ts
 * import * as shared_memory from "@pyport/std/multiprocessing/shared_memory";
 * import assert from "node:assert/strict";
 *
 * const shm = new shared_memory.SharedMemory({ create: true, size: 4 });
 * shm.buf[0] = 42;
 * const again = new shared_memory.SharedMemory(shm.name);
 * assert.equal(again.buf[0], 42);
 * shm.unlink();
 * ```
 *
 * @module
 */
export * from "./shared_memory.ts";
export * from "./shareable_list.ts";

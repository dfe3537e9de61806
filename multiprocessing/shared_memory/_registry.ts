// The names of this process's shared memory blocks (what shm_open() finds
// in Python). Each process has its own table; a child gets a copy of its
// parent's table when it starts (the 'worker' start method: the blocks are
// SharedArrayBuffers, so the copy names the same memory), and a
// SharedMemory or ShareableList passed to a child adds its block to the
// child's table. A block made elsewhere after this process started cannot
// be found here: a Worker receives SharedArrayBuffers only by messages,
// which a synchronous constructor cannot wait for.

import { inherited } from "../_inherit.ts";

const blocks = new Map<string, SharedArrayBuffer>();

/** The block named `name` in this process, if any. */
export function lookup(name: string): SharedArrayBuffer | undefined {
  return blocks.get(name);
}

/** Names `block` `name` in this process. */
export function add(name: string, block: SharedArrayBuffer): void {
  blocks.set(name, block);
}

/** Removes `name` from this process's table; whether it was there. */
export function remove(name: string): boolean {
  return blocks.delete(name);
}

/** What a child is given: the parent's table. */
export type SharedMemoryRegistryState = [string, SharedArrayBuffer][];

/**
 * This process's table of shared memory blocks, for a 'worker' child to
 * adopt at start (SharedArrayBuffers cross to a Worker shared).
 */
export function sharedMemoryRegistryState(): SharedMemoryRegistryState {
  return [...blocks];
}

/** In a child: adds the parent's blocks to this process's table. */
export function adoptSharedMemoryRegistry(state: unknown): void {
  if (!Array.isArray(state)) return;
  for (const entry of state as SharedMemoryRegistryState) {
    const [name, block] = entry;
    if (!blocks.has(name)) blocks.set(name, block);
  }
}

// A 'spawn' child is another OS process: no block can reach it.
inherited(
  "multiprocessing.shared_memory",
  (method) => (method === "worker" ? sharedMemoryRegistryState() : undefined),
  adoptSharedMemoryRegistry,
);

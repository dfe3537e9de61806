// Targets for the cross-process tests of shared ctypes objects and shared
// memory: exported top-level functions, which children find by importing
// this module (which also loads the classes their arguments rebuild as).

import { sleep } from "../../threading/mod.ts";
import type { SynchronizedArray } from "../../multiprocessing/array.ts";
import type { RawArray } from "../../multiprocessing/raw_array.ts";
import type { Synchronized } from "../../multiprocessing/value.ts";
import type { c_double } from "../../ctypes/simple_types.ts";
import "../../multiprocessing/array.ts";
import "../../multiprocessing/value.ts";
import "../../multiprocessing/raw_array.ts";
import "../../multiprocessing/raw_value.ts";
import {
  ShareableList,
  SharedMemory,
} from "../../multiprocessing/shared_memory/mod.ts";

/** Doubles the entries at `indexes` of `arr`, holding its lock. */
export async function doubleEntries(
  arr: SynchronizedArray<number>,
  indexes: number[],
): Promise<void> {
  using _ = await arr.get_lock().enter();
  for (const i of indexes) arr[i] = arr[i]! * 2;
}

/** Adds 1 to `counter.value` `n` times, each under its lock with an await inside. */
export async function increment(
  counter: Synchronized<number>,
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    using _ = await counter.get_lock().enter();
    const v = counter.value;
    if (i % 16 === 0) await sleep(0);
    counter.value = v + 1;
  }
}

/** Writes `x` to a raw double and `arr[i] = i * 10` for all i of a raw array. */
export function fillRaw(x: c_double, arr: RawArray<number>): void {
  x.value = 2.5;
  for (let i = 0; i < arr.length; i++) arr[i] = i * 10;
}

/** Writes `data` at the start of the block `name`, attached by name. */
export function writeByName(name: string, data: Uint8Array): void {
  const shm = new SharedMemory(name);
  shm.buf.set(data, 0);
  shm.close();
}

/** Writes `data` at `offset` of a block it was passed. */
export function writePassed(
  shm: SharedMemory,
  offset: number,
  data: Uint8Array,
): void {
  shm.buf.set(data, offset);
}

/** Attaches to the block `name` and reports FileNotFoundError in cells[0] (1) or success (2). */
export function tryAttach(name: string, cells: Int32Array): void {
  try {
    new SharedMemory(name).close();
    Atomics.store(cells, 0, 2);
  } catch (e) {
    Atomics.store(cells, 0, (e as Error).name === "FileNotFoundError" ? 1 : 3);
  }
}

/** Makes a block in the child and passes its name back through `cells`. */
export function createInChild(cells: Int32Array): void {
  const shm = new SharedMemory({ create: true, size: 4 });
  const name = new TextEncoder().encode(shm.name);
  for (let i = 0; i < name.length; i++) Atomics.store(cells, i + 1, name[i]!);
  Atomics.store(cells, 0, name.length);
}

/** Attaches to the ShareableList `name` and changes its items. */
export function changeListByName(name: string): void {
  const sl = new ShareableList(null, { name });
  sl[0] = sl[0] as number + 1;
  sl[1] = "changed";
  sl[2] = null;
}

/** Changes the items of a ShareableList it was passed. */
export function changeListPassed(sl: ShareableList): void {
  sl[0] = -1;
  sl[3] = true;
}

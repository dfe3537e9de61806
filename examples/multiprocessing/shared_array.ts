// An Array in shared memory: two children square its items, half each,
// and the parent sees every change. Ported line by line.
//
//   from multiprocessing import Process, Array
//   def square(arr, start, step):
//       for i in range(start, len(arr), step):
//           arr[i] = arr[i] * arr[i]
//   if __name__ == "__main__":
//       arr = Array('i', [11, 22, 33, 44])
//       ps = [Process(target=square, args=(arr, k, 2)) for k in range(2)]
//       for p in ps:
//           p.start()
//       for p in ps:
//           p.join()
//       print(arr[:])
//
// Run: deno run -A examples/multiprocessing/shared_array.ts

import {
  Array as SharedArray,
  Process,
  type SynchronizedArray,
} from "../../multiprocessing/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * The target: squares every `step`-th item from `start`.
 *
 * @param arr The shared array.
 * @param start The first index.
 * @param step The stride.
 */
export function square(
  arr: SynchronizedArray<number>,
  start: number,
  step: number,
): void {
  for (let i = start; i < arr.length; i += step) {
    arr[i] = arr[i]! * arr[i]!;
  }
}

/**
 * Runs the two children; returns the array as the parent sees it.
 *
 * @returns `arr[:]` after both children ended.
 */
export async function main(): Promise<number[]> {
  const arr = SharedArray("i", [11, 22, 33, 44]);
  const ps = [0, 1].map((k) =>
    new Process({ target: square, args: [arr, k, 2] })
  );
  for (const p of ps) {
    p.start();
  }
  for (const p of ps) {
    await p.join();
  }
  print(arr.slice());
  return arr.slice() as number[];
}

if (isMain(import.meta)) await main();

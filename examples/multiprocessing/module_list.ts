// A module-level list that a child changes but its parent does not see:
// each process has its own memory. Ported line by line.
//
//   from multiprocessing import Process
//   result = []
//   def square_list(mylist):
//       for num in mylist:
//           result.append(num * num)
//       print("Result (in the child process):", result)
//   if __name__ == "__main__":
//       p1 = Process(target=square_list, args=([1, 2, 3, 4],))
//       p1.start()
//       p1.join()
//       print("Result (in the main program):", result)
//
// Run: deno run -A examples/multiprocessing/module_list.ts

import { Process } from "../../multiprocessing/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/** The module-level list: one per process. */
export const result: number[] = [];

/**
 * The target: squares the numbers into this process's `result`.
 *
 * @param mylist The numbers.
 */
export function square_list(mylist: number[]): void {
  for (const num of mylist) {
    result.push(num * num);
  }
  print("Result (in the child process):", result);
}

/**
 * Runs the child; returns the parent's list afterwards (still empty).
 *
 * @returns The parent's `result` and the child's exit code.
 */
export async function main(): Promise<{ result: number[]; exitcode: number }> {
  const p1 = new Process({ target: square_list, args: [[1, 2, 3, 4]] });
  p1.start();
  await p1.join();
  print("Result (in the main program):", result);
  return { result, exitcode: p1.exitcode! };
}

if (isMain(import.meta)) await main();

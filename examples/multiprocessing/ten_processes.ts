// Ten processes saying hi: each child runs `hello` in its own Worker, with
// its own pid and memory. Ported line by line.
//
//   from multiprocessing import Process, current_process
//   def hello(i):
//       print(f"hi from process {i}: {current_process().name}, pid {current_process().pid}")
//   if __name__ == "__main__":
//       processes = [Process(target=hello, args=(i,)) for i in range(10)]
//       for p in processes:
//           p.start()
//       for p in processes:
//           p.join()
//
// Run: deno run -A examples/multiprocessing/ten_processes.ts

import { current_process, Process } from "../../multiprocessing/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * The target: a top-level exported function, found by the child by
 * importing this module, as Python's child unpickles it by name.
 *
 * @param i The process's number.
 */
export function hello(i: number): void {
  const me = current_process();
  print(`hi from process ${i}: ${me.name}, pid ${me.pid}`);
}

/**
 * Starts the ten processes and joins them.
 *
 * @returns Each process's pid and exit code.
 */
export async function main(): Promise<{ pid: number; exitcode: number }[]> {
  const processes = [];
  for (let i = 0; i < 10; i++) {
    processes.push(new Process({ target: hello, args: [i] }));
  }
  for (const p of processes) {
    p.start();
  }
  for (const p of processes) {
    await p.join();
  }
  return processes.map((p) => ({ pid: p.pid!, exitcode: p.exitcode! }));
}

if (isMain(import.meta)) await main();

// Ten threads that sleep, then print: each a task on the one event loop.
// Ported line by line.
//
//   import threading, time
//   def worker(i):
//       time.sleep(0.01 * (10 - i))
//       print(f"thread {i} woke after {10 - i} ticks")
//   threads = [threading.Thread(target=worker, args=(i,)) for i in range(10)]
//   for t in threads:
//       t.start()
//   for t in threads:
//       t.join()
//
// Run: deno run -A examples/threading/ten_threads.ts

import * as threading from "../../threading/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * Runs the ten threads; returns the order in which they woke.
 *
 * @returns The thread numbers, in waking order.
 */
export async function main(): Promise<number[]> {
  const woke: number[] = [];
  async function worker(i: number) {
    await threading.sleep(0.01 * (10 - i));
    print(`thread ${i} woke after ${10 - i} ticks`);
    woke.push(i);
  }
  const threads = [];
  for (let i = 0; i < 10; i++) {
    threads.push(new threading.Thread({ target: worker, args: [i] }));
  }
  for (const t of threads) {
    t.start();
  }
  for (const t of threads) {
    await t.join();
  }
  return woke;
}

if (isMain(import.meta)) await main();

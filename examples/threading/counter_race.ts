// The shared-counter race: four threads add to one counter, each reading it,
// yielding (as a thread switch under the GIL can happen there), then
// writing it back. Updates get lost, as in Python. Ported line by line.
//
//   import threading, time
//   counter = 0
//   def increment(n):
//       global counter
//       for _ in range(n):
//           c = counter
//           time.sleep(0)          # another thread may run here
//           counter = c + 1
//   threads = [threading.Thread(target=increment, args=(1000,)) for _ in range(4)]
//   for t in threads: t.start()
//   for t in threads: t.join()
//   print("counter:", counter, "expected:", 4 * 1000)
//
// Run: deno run -A examples/threading/counter_race.ts

import * as threading from "../../threading/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * Runs the race.
 *
 * @param n Increments per thread.
 * @returns The final counter (less than 4 * n: updates were lost).
 */
export async function main(n = 1000): Promise<number> {
  let counter = 0;
  async function increment(n: number) {
    for (let i = 0; i < n; i++) {
      const c = counter;
      await threading.sleep(0); // another thread may run here
      counter = c + 1;
    }
  }
  const threads = [];
  for (let i = 0; i < 4; i++) {
    threads.push(new threading.Thread({ target: increment, args: [n] }));
  }
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  print("counter:", counter, "expected:", 4 * n);
  return counter;
}

if (isMain(import.meta)) await main();

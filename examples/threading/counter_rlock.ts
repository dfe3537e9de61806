// The same counter made safe with an RLock: `with lock:` becomes
// `using _ = await lock.enter();`, and no update is lost. Ported line by
// line.
//
//   import threading, time
//   counter = 0
//   lock = threading.RLock()
//   def increment(n):
//       global counter
//       for _ in range(n):
//           with lock:
//               c = counter
//               time.sleep(0)
//               counter = c + 1
//   threads = [threading.Thread(target=increment, args=(1000,)) for _ in range(4)]
//   for t in threads: t.start()
//   for t in threads: t.join()
//   print("counter:", counter, "expected:", 4 * 1000)
//
// Run: deno run -A examples/threading/counter_rlock.ts

import * as threading from "../../threading/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * Runs the counter under the lock.
 *
 * @param n Increments per thread.
 * @returns The final counter (exactly 4 * n).
 */
export async function main(n = 1000): Promise<number> {
  let counter = 0;
  const lock = new threading.RLock();
  async function increment(n: number) {
    for (let i = 0; i < n; i++) {
      using _ = await lock.enter();
      const c = counter;
      await threading.sleep(0);
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

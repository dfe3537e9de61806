// The tutorial's process pool: five workers, ten tasks submitted with
// apply_async, each result handed to a callback in the parent as it
// arrives. 'end' prints first, because apply_async does not wait. Ported
// line by line (the sleep is 0.2 s here, 2 s in the tutorial).
//
//   from multiprocessing import Pool
//   import time
//   def Foo(i):
//       time.sleep(2)
//       return i + 100
//   def Bar(arg):
//       print(arg)
//   pool = Pool(5)
//   for i in range(10):
//       pool.apply_async(func=Foo, args=(i,), callback=Bar)
//   print('end')
//   pool.close()
//   pool.join()
//
// `func` is a required parameter, so the port passes it positionally
// (docs/porting.md §2), and the other keywords in one object.
//
// Run: deno run -A examples/multiprocessing/pool_callbacks.ts

import { Pool } from "../../multiprocessing/mod.ts";
import { sleep } from "../../threading/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * The task, run in a worker process.
 *
 * @param i The task's number.
 * @returns i + 100.
 */
export async function Foo(i: number): Promise<number> {
  await sleep(0.2);
  return i + 100;
}

/** What the callbacks received, in order (for the tour's check). */
export const received: number[] = [];

/**
 * The callback, run in the parent with each result.
 *
 * @param arg A task's result.
 */
export function Bar(arg: number): void {
  received.push(arg);
  print(arg);
}

/** Runs the pool program. */
export async function main(): Promise<void> {
  const pool = new Pool(5);
  for (let i = 0; i < 10; i++) {
    pool.apply_async(Foo, { args: [i], callback: Bar });
  }
  print("end");
  pool.close();
  await pool.join();
}

if (isMain(import.meta)) await main();

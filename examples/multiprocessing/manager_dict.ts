// A dict shared through a manager: each child sets one key and prints the
// values it sees. Ported line by line from Python 3 under spawn (the proxy
// is passed to Foo, the main code is under the guard).
//
//   from multiprocessing import Process, Manager
//   def Foo(dic, i):
//       dic[i] = 100 + i
//       print(dic.values())
//   if __name__ == "__main__":
//       manage = Manager()
//       dic = manage.dict()
//       for i in range(2):
//           p = Process(target=Foo, args=(dic, i))
//           p.start()
//           p.join()
//
// Run: deno run -A examples/multiprocessing/manager_dict.ts

import { Manager, Process } from "../../multiprocessing/mod.ts";
import type { DictProxy } from "../../multiprocessing/managers/mod.ts";
import { isMain } from "../_main.ts";
import { print } from "../../builtins/mod.ts";

/**
 * The target: sets `dic[i]` through the proxy and prints the values.
 *
 * @param dic The manager's dict (a proxy, reconnected in the child).
 * @param i The child's number.
 */
export async function Foo(dic: DictProxy, i: number): Promise<void> {
  await dic.__setitem__(i, 100 + i);
  print(await dic.values());
}

/**
 * Starts the manager and the two children, one after the other.
 *
 * @returns The dict's contents at the end, as a Map.
 */
export async function main(): Promise<Map<unknown, unknown>> {
  await using manage = new Manager();
  const dic = await manage.dict();
  for (let i = 0; i < 2; i++) {
    const p = new Process({ target: Foo, args: [dic, i] });
    p.start();
    await p.join();
  }
  return await dic._getvalue() as Map<unknown, unknown>;
}

if (isMain(import.meta)) await main();

// Targets for the cross-process tests of managers: exported top-level
// functions, which children find by importing this module, and the
// callables a custom manager registers (its server process finds them the
// same way). Importing the managers module registers how proxies are
// rebuilt in the child.

import type {
  AcquirerProxy,
  ArrayProxy,
  BarrierProxy,
  ConditionProxy,
  DictProxy,
  EventProxy,
  ListProxy,
  NamespaceProxy,
  QueueProxy,
  ValueProxy,
} from "../../multiprocessing/managers/mod.ts";
import "../../multiprocessing/managers/mod.ts";
import { ValueError } from "../../builtins/mod.ts";

/** The tutorial's Foo: `dic[i] = 100 + i`, then reports the values. */
export async function setItem(
  dic: DictProxy,
  out: QueueProxy,
  i: number,
): Promise<void> {
  await dic.__setitem__(i, 100 + i);
  await out.put(await dic.values());
}

/**
 * Uses one of each proxy type: appends to the list, puts on the queue,
 * increments a Namespace counter and a Value under the lock, sets the
 * event.
 */
export async function useEach(
  d: DictProxy,
  l: ListProxy,
  q: QueueProxy,
  lock: AcquirerProxy,
  ns: NamespaceProxy,
  v: ValueProxy,
  ev: EventProxy,
  id: number,
  more: {
    barrier: BarrierProxy;
    sem: AcquirerProxy;
    arr: ArrayProxy;
    cond: ConditionProxy;
  },
): Promise<void> {
  // All three children meet at the barrier before going on.
  await more.barrier.wait(30);
  {
    using _ = await more.sem.enter();
    await more.arr.__setitem__(id, id * 10);
  }
  {
    using _ = await more.cond.enter();
    await more.cond.notify_all();
  }
  await d.__setitem__(Object.freeze(["child", id]), id);
  await l.append(id);
  await q.put(["hello from", id]);
  for (let i = 0; i < 10; i++) {
    using _ = await lock.enter();
    await ns.__setattr__(
      "count",
      (await ns.__getattr__("count") as number) + 1,
    );
    await v.set((await v.get() as number) + 1);
  }
  await ev.set();
}

/** Blocks in `q.get()` (the test kills it there). */
export async function blockOnGet(q: QueueProxy, started: QueueProxy) {
  await started.put("waiting");
  await q.get();
}

/** What a custom manager registers: a counter class, found by export. */
export class Counter {
  #n = 0;
  /** Adds `by` (1 by default) and returns the new value. */
  increment(by = 1): number {
    this.#n += by;
    return this.#n;
  }
  /** The value. */
  get(): number {
    return this.#n;
  }
  /** Throws Python's ValueError. */
  fail(): never {
    throw new ValueError("counter broke");
  }
  /** Throws an error class pickle does not know. */
  failOddly(): never {
    throw new OddError("odd failure");
  }
}

/** An error class no pickle registry names. */
export class OddError extends Error {}

/** A registered function: makes a list of `n` zeros. */
export function zeros(n: number): number[] {
  return new Array(n).fill(0);
}

/** A Pool task run by a manager's Pool. */
export function square(x: number): number {
  return x * x;
}

/** A Pool task that raises Python's ValueError. */
export function failOn(x: number): number {
  if (x === 3) throw new ValueError(`bad ${x}`);
  return x;
}

// Python's queue.LifoQueue: a Queue whose store is a stack.

import { definedIn } from "../_shared/pyrepr.ts";
import { Queue } from "./queue.ts";
import { registerStore, type Store } from "./_store.ts";

/** A stack, where Python's LifoQueue keeps a list. */
class Stack<T> implements Store<T> {
  readonly #a: T[] = [];

  get size(): number {
    return this.#a.length;
  }

  push(item: T): void {
    this.#a.push(item);
  }

  pop(): T {
    return this.#a.pop() as T;
  }
}

/**
 * Python's `queue.LifoQueue(maxsize=0)`: a {@linkcode Queue} that gives
 * out the item put last first, like a stack. Everything else (the bound,
 * timeouts, `task_done`/`join`, `shutdown`) is Queue's.
 *
 * @typeParam T The type of the items.
 *
 * @example
 * ```ts
 * import { LifoQueue, Queue } from "@pyport/std/queue";
 * import assert from "node:assert/strict";
 *
 * const q = new LifoQueue<number>();
 * for (const i of [1, 2, 3]) await q.put(i);
 * assert.deepEqual([await q.get(), await q.get(), q.get_nowait()], [3, 2, 1]);
 * assert.ok(q instanceof Queue);
 * ```
 */
export class LifoQueue<T = unknown> extends Queue<T> {}

definedIn("queue", LifoQueue);

registerStore(LifoQueue, () => new Stack());

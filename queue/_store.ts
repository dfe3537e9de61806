// Where a Queue keeps its items. CPython's Queue varies its order through
// four overridable hooks (_init, _qsize, _put, _get): LifoQueue and
// PriorityQueue change only those. Here the one axis is a store object
// with `size`, `push` and `pop`, kept in the queue's private state: each
// subclass registers the store it wants against its class, and Queue's
// constructor takes the one registered nearest to `new.target`, so a
// user's subclass of LifoQueue is LIFO too. Nothing of it is public.

import { Deque } from "./_deque.ts";

/** The items of one queue, in the order its class gives them out. */
export interface Store<T> {
  /** How many items it holds. */
  readonly size: number;
  /** Adds an item. */
  push(item: T): void;
  /** Removes and returns the next item; the caller checks `size` first. */
  pop(): T;
}

type Class = abstract new (...args: never[]) => unknown;

const stores = new Map<Class, () => Store<unknown>>();

/** Makes the instances of `cls` and of its subclasses keep their items in `make()`. */
export function registerStore(cls: Class, make: () => Store<unknown>): void {
  stores.set(cls, make);
}

/** A new store for an instance of `target`: its nearest registered one, else FIFO. */
export function storeFor<T>(target: Class): Store<T> {
  for (
    let c: unknown = target;
    typeof c === "function";
    c = Object.getPrototypeOf(c)
  ) {
    const make = stores.get(c as Class);
    if (make !== undefined) return make() as Store<T>;
  }
  return new Deque<T>();
}

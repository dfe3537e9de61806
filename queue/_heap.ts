// PriorityQueue's store: a binary min-heap in an array, ordered by Python's
// `<` (./_order.ts), kept the way Python's heapq keeps its list, so entries
// that compare equal come out in the order CPython gives them and an
// entry that cannot be compared fails where it fails there:
//
// - push appends, then swaps the new entry with its parent while it is
//   smaller (`new < parent`);
// - pop takes the last entry, and if entries remain puts it at the root,
//   moves it down to a leaf, each time swapping with the smaller child
//   (the right one unless `left < right`), then back up while smaller than
//   its parent. Going all the way down first costs fewer comparisons than
//   stopping early, as heapq's notes explain.
//
// Entries move by swaps, so a comparison that throws leaves every entry in
// the array: like CPython's, a put whose `<` raises TypeError keeps its
// entry in the queue (the put raises; qsize() counts it).

import type { Store } from "./_store.ts";
import { pyLess } from "./_order.ts";

/** A min-heap by Python's `<`. */
export class Heap<T> implements Store<T> {
  readonly #a: T[] = [];

  /** How many entries it holds. */
  get size(): number {
    return this.#a.length;
  }

  /** Adds `item` (heapq's heappush). */
  push(item: T): void {
    this.#a.push(item);
    this.#up(0, this.#a.length - 1);
  }

  /** Removes and returns the smallest entry (heapq's heappop). */
  pop(): T {
    const a = this.#a;
    const last = a.pop() as T;
    if (a.length === 0) return last;
    const top = a[0]!;
    a[0] = last;
    this.#down(0);
    return top;
  }

  /** Moves the entry at `pos` toward the root, no higher than `start`. */
  #up(start: number, pos: number): void {
    const a = this.#a;
    while (pos > start) {
      const parent = (pos - 1) >> 1;
      if (!pyLess(a[pos], a[parent])) break;
      this.#swap(pos, parent);
      pos = parent;
    }
  }

  /** Moves the entry at `pos` down to a leaf, then up to its place. */
  #down(pos: number): void {
    const a = this.#a;
    const end = a.length;
    const start = pos;
    const limit = end >> 1; // the first position without children
    while (pos < limit) {
      let child = 2 * pos + 1;
      if (child + 1 < end && !pyLess(a[child], a[child + 1])) child++;
      this.#swap(pos, child);
      pos = child;
    }
    this.#up(start, pos);
  }

  #swap(i: number, j: number): void {
    const a = this.#a;
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
}

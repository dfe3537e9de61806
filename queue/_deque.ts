// The FIFO store of Queue and SimpleQueue: a ring of slots with a head
// index, where Python uses a collections.deque. Array#shift would copy the
// whole array on every get once it grows past what engines keep as a fast
// queue, so a long queue would make each get O(n); here put and get are
// O(1), the ring doubles when full, halves when it falls to a quarter (so
// a burst does not pin its memory), and a taken slot is cleared at once so
// the queue never keeps a got item alive.

const MIN_CAPACITY = 16;

/** A FIFO queue of items with O(1) amortized push and shift. */
export class Deque<T> {
  #slots: (T | undefined)[] = new Array(MIN_CAPACITY);
  #head = 0;
  #size = 0;

  /** How many items it holds. */
  get size(): number {
    return this.#size;
  }

  /** Adds `item` at the tail. */
  push(item: T): void {
    if (this.#size === this.#slots.length) this.#resize(this.#size * 2);
    const cap = this.#slots.length;
    this.#slots[(this.#head + this.#size) & (cap - 1)] = item;
    this.#size++;
  }

  /** Removes and returns the head item; the caller checks `size` first. */
  pop(): T {
    const slots = this.#slots;
    const item = slots[this.#head] as T;
    slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (slots.length - 1);
    this.#size--;
    if (slots.length > MIN_CAPACITY && this.#size <= slots.length >> 2) {
      this.#resize(slots.length >> 1);
    }
    return item;
  }

  /** Copies the items, head first, into a ring of `capacity` slots. */
  #resize(capacity: number): void {
    const old = this.#slots;
    const mask = old.length - 1;
    const slots: (T | undefined)[] = new Array(capacity);
    for (let i = 0; i < this.#size; i++) {
      slots[i] = old[(this.#head + i) & mask];
    }
    this.#slots = slots;
    this.#head = 0;
  }
}

// A FIFO of received byte chunks with O(1) take, shared by the adapters.

/** What a read returns at EOF: Python's `b''`. */
export const EMPTY: Uint8Array = new Uint8Array(0);

/** Received chunks waiting for `recv`, oldest first. */
export class ChunkQueue {
  #chunks: (Uint8Array | undefined)[] = [];
  #head = 0;
  /** Bytes queued in all chunks. */
  bytes = 0;

  /** Whether no bytes are queued. */
  get empty(): boolean {
    return this.#head === this.#chunks.length;
  }

  /** Appends a chunk (kept, not copied). */
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.bytes += chunk.length;
  }

  /**
   * Takes up to `max` bytes from the oldest chunk. A whole chunk is handed
   * over without copying; part of one is copied so the caller owns it.
   */
  take(max: number): Uint8Array {
    const c = this.#chunks[this.#head]!;
    let out: Uint8Array;
    if (c.length <= max) {
      out = c;
      this.#chunks[this.#head++] = undefined;
      if (this.#head === this.#chunks.length) {
        this.#chunks.length = 0;
        this.#head = 0;
      } else if (this.#head > 1024 && this.#head * 2 > this.#chunks.length) {
        this.#chunks = this.#chunks.slice(this.#head);
        this.#head = 0;
      }
    } else {
      out = c.slice(0, max);
      this.#chunks[this.#head] = c.subarray(max);
    }
    this.bytes -= out.length;
    return out;
  }

  /** Puts a chunk back in front of the queue. */
  unshift(chunk: Uint8Array): void {
    if (this.#head > 0) this.#chunks[--this.#head] = chunk;
    else this.#chunks.unshift(chunk);
    this.bytes += chunk.length;
  }

  /** Drops everything queued. */
  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.bytes = 0;
  }
}

/** A FIFO with O(1) shift, for accepted connections and datagrams. */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** How many items are queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Appends an item. */
  push(item: T): void {
    this.#items.push(item);
  }

  /** Puts an item back in front. */
  unshift(item: T): void {
    if (this.#head > 0) this.#items[--this.#head] = item;
    else this.#items.unshift(item);
  }

  /** Removes and returns the oldest item, or `undefined`. */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

/**
 * The start of every adapter's read(): a promise for what `tryRead` has now
 * (bytes, EMPTY at EOF, or its error), or undefined when nothing is ready.
 */
export function readNow(
  s: { tryRead(max: number): Uint8Array | null | undefined },
  max: number,
): Promise<Uint8Array> | undefined {
  let got: Uint8Array | null | undefined;
  try {
    got = s.tryRead(max);
  } catch (e) {
    return Promise.reject(e);
  }
  return got === undefined ? undefined : Promise.resolve(got ?? EMPTY);
}

// pyport's file descriptor numbers. JavaScript runtimes hide the OS's
// descriptors, so each open socket gets a number here, unique in the
// process while it is open and reused after close, as the OS does. These
// are the numbers fileno() returns and select() and socket(fileno=) accept.

/** One open descriptor: a number naming a shared resource. */
export interface FdEntry<T> {
  readonly fd: number;
  readonly resource: T;
  open: boolean;
}

/** Descriptor numbers and what they refer to. */
export class FdTable<T> {
  #entries = new Map<number, FdEntry<T>>();
  #free: number[] = [];
  #next = 3;

  /** Gives `resource` the lowest free number. */
  open(resource: T): FdEntry<T> {
    let fd: number;
    if (this.#free.length > 0) {
      // Keep the free list as a min-heap so the lowest number comes first.
      fd = heapPop(this.#free);
    } else {
      fd = this.#next++;
    }
    const entry: FdEntry<T> = { fd, resource, open: true };
    this.#entries.set(fd, entry);
    return entry;
  }

  /** The entry for `fd`, if open. */
  get(fd: number): FdEntry<T> | undefined {
    return this.#entries.get(fd);
  }

  /** Frees the number of `entry`. */
  close(entry: FdEntry<T>): void {
    if (!entry.open) return;
    entry.open = false;
    if (this.#entries.get(entry.fd) === entry) {
      this.#entries.delete(entry.fd);
      heapPush(this.#free, entry.fd);
    }
  }

  /** How many descriptors are open. */
  get size(): number {
    return this.#entries.size;
  }
}

function heapPush(h: number[], v: number): void {
  h.push(v);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]! <= v) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = v;
}

function heapPop(h: number[]): number {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      let mv = last;
      if (l < h.length && h[l]! < mv) {
        m = l;
        mv = h[l]!;
      }
      if (r < h.length && h[r]! < mv) m = r;
      if (m === i) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
  return top;
}

/**
 * What select(), poll() and epoll ask of an object behind a descriptor: its
 * readiness now as poll(2) event bits, and a way to hear when it may change.
 */
export interface Selectable {
  /** The poll(2) events true now (POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDHUP). */
  pollEvents(): number;
  /**
   * Calls `cb` once when any of `events` may have become true (or the
   * object closed); the caller re-checks `pollEvents()`. Returns a function
   * that cancels the call. Cancelled watches leave nothing behind.
   */
  watch(events: number, cb: () => void): () => void;
}

/** The process's one descriptor table: sockets now, pipes and connections later. */
export const fdTable: FdTable<Selectable> = new FdTable<Selectable>();

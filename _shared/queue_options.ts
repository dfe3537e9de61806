// The keyword arguments of a queue's constructor, put() and get(), shared by
// the queue module and multiprocessing's queues (Python's names).

/** Keyword arguments of a queue's constructor, with Python's names. */
export interface QueueOptions {
  /** The most items the queue holds; 0 or less (the default): no limit. */
  maxsize?: number;
}

/** Keyword arguments of `put()`, with Python's names. */
export interface PutOptions {
  /** Wait for room (default true); false raises `queue.Full` at once. */
  block?: boolean;
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

/** Keyword arguments of `get()`, with Python's names. */
export interface GetOptions {
  /** Wait for an item (default true); false raises `queue.Empty` at once. */
  block?: boolean;
  /** Seconds to wait at most; `null` (the default) waits without limit. */
  timeout?: number | null;
}

// ThreadPool's engine: the workers are daemon threads (the package's
// threading tasks, docs/porting.md §7) that take tasks from the pool's
// feed and run them in this process, as CPython's ThreadPool runs them in
// threads. Nothing is serialized.

import { Thread } from "../../threading/thread.ts";
import { WaitQueue } from "../../_shared/waiters.ts";
import type { Engine, Feed, Fn } from "./_tasks.ts";
import { isThenable, runTask } from "./_tasks.ts";

/** Workers as threads. */
export class ThreadEngine implements Engine {
  readonly size: number;
  #feed: Feed;
  #threads = new Set<Thread>();
  #idle = new WaitQueue();
  #joiners = new WaitQueue();
  #initializer: Fn | null;
  #initargs: unknown[];
  #maxtasks: number | null;

  constructor(
    feed: Feed,
    size: number,
    initializer: Fn | null,
    initargs: unknown[],
    maxtasks: number | null,
  ) {
    this.size = size;
    this.#feed = feed;
    this.#initializer = initializer;
    this.#initargs = initargs;
    this.#maxtasks = maxtasks;
    for (let i = 0; i < size; i++) this.#spawn();
  }

  #spawn(): void {
    // deno-lint-ignore no-this-alias
    const engine = this;
    // A function named worker: the threads are "Thread-N (worker)", as
    // CPython's.
    const t: Thread = new Thread({
      target: async function worker(): Promise<void> {
        await engine.#loop(t);
      },
      daemon: true,
    });
    this.#threads.add(t);
    t.start();
  }

  /** Whether a worker with nothing to do should end. */
  #finished(): boolean {
    const s = this.#feed.state;
    return s === "TERMINATE" || (s === "CLOSE" && !this.#feed.hasTasks());
  }

  async #loop(self: Thread): Promise<void> {
    let ready = false;
    try {
      if (this.#initializer !== null) {
        const r = this.#initializer(...this.#initargs);
        if (isThenable(r)) await r;
      }
      ready = true;
      await this.#work();
    } finally {
      // A thread whose initializer raised is not replaced (its exception is
      // reported as the thread's); one that ended its work is.
      this.#threads.delete(self);
      if (ready && !this.#finished()) this.#spawn();
      const q = this.#joiners;
      for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
    }
  }

  async #work(): Promise<void> {
    let done = 0;
    const feed = this.#feed;
    for (;;) {
      if (feed.state === "TERMINATE") break;
      const t = feed.take();
      if (t === null) {
        if (this.#finished()) break;
        await this.#idle.park(null);
        continue;
      }
      let ok = true;
      let value: unknown;
      try {
        value = runTask(t.fn, t.kind, t.payload, t.kwds);
        if (isThenable(value)) value = await value;
      } catch (e) {
        ok = false;
        value = e;
      }
      t.sink.set(t.index, ok, value);
      if (this.#maxtasks !== null && ++done >= this.#maxtasks) break;
    }
  }

  prepare(_fn: Fn): void {}

  wake(): void {
    for (let w = this.#idle.shift(); w !== undefined; w = this.#idle.shift()) {
      w.wake(true);
    }
  }

  settle(): void {
    this.wake();
  }

  /**
   * Threads cannot be stopped: as CPython's ThreadPool, terminate() returns
   * at once; each worker ends after its current task.
   */
  terminate(): Promise<void> {
    this.wake();
    return Promise.resolve();
  }

  async join(): Promise<void> {
    while (this.#threads.size > 0) await this.#joiners.park(null);
  }
}

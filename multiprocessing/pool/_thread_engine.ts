// ThreadPool's engine: the workers are daemon threads (the package's
// threading tasks, docs/porting.md §7) that take tasks from the pool's
// feed and run them in this process, as CPython's ThreadPool runs them in
// threads. Nothing is serialized. Results are set (and callbacks run) in
// a daemon thread "_handle_results", as in CPython.
//
// A worker running synchronous tasks back to back lets the rest of the
// program run every SWITCH_MS, as CPython's threads take turns with the GIL.

import { setImmediate } from "node:timers";
import { Thread } from "../../threading/thread.ts";
import { startResultHandler } from "./_handler.ts";
import { WaitQueue } from "../../_shared/waiters.ts";
import { als } from "../../_shared/thread_context.ts";
import { ProcessError } from "../errors.ts";
import type { Engine, Feed, Fn, Task } from "./_tasks.ts";
import { isThenable } from "../../_shared/thenable.ts";
import { runTask } from "./_tasks.ts";

/** A worker busy this long (ms) without a pause lets others run. */
const SWITCH_MS = 5;

function turn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

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
  #handler!: Thread;
  #endHandler!: () => void;
  #failedStarts = 0;
  /** Worker threads whose initializer has run. */
  #ready = 0;
  #broken: ProcessError | null = null;

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
    // After the workers, as CPython names its threads (workers are
    // Thread-1 to Thread-N); no task can finish before it exists.
    const handler = startResultHandler();
    this.#handler = handler.thread;
    this.#endHandler = handler.end;
  }

  /** Sets a task's outcome in the result handler thread. */
  #set(t: Task, ok: boolean, value: unknown): void {
    als.run(this.#handler, () => t.sink.set(t.index, ok, value));
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
      this.#ready++;
      try {
        await this.#work();
      } finally {
        this.#ready--;
      }
    } finally {
      // Its initializer's exception is reported as the thread's. As with
      // worker processes (_process_engine.ts), 2 x size threads in a row
      // whose initializer raises, with none working, stop the replacing:
      // waiting tasks fail.
      this.#threads.delete(self);
      if (ready) this.#failedStarts = 0;
      else if (
        ++this.#failedStarts >= 2 * this.size && this.#ready === 0 &&
        !this.#broken
      ) {
        this.#broken = new ProcessError(
          `pool workers keep ending before they run a task (the last, ` +
            `${self.name}, because its initializer raised): the pool ` +
            "stops replacing them",
        );
      }
      if (this.#broken !== null) this.#feed.failWaiting(this.#broken);
      else if (!this.#finished()) this.#spawn();
      const q = this.#joiners;
      for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
      if (this.#threads.size === 0 && this.#feed.state !== "RUN") {
        this.#endHandler();
      }
    }
  }

  async #work(): Promise<void> {
    let done = 0;
    const feed = this.#feed;
    let since = performance.now();
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
      this.#set(t, ok, value);
      if (this.#maxtasks !== null && ++done >= this.#maxtasks) break;
      if (performance.now() - since >= SWITCH_MS) {
        await turn();
        since = performance.now();
      }
    }
  }

  prepare(_fn: Fn): void {}

  wake(): void {
    const broken = this.#broken;
    if (broken !== null) queueMicrotask(() => this.#feed.failWaiting(broken));
    for (let w = this.#idle.shift(); w !== undefined; w = this.#idle.shift()) {
      w.wake(true);
    }
  }

  settle(): void {
    this.wake();
    if (this.#threads.size === 0 && this.#feed.state !== "RUN") {
      this.#endHandler();
    }
  }

  /**
   * Threads cannot be stopped: as CPython's ThreadPool, terminate() returns
   * at once; each worker ends after its current task.
   */
  terminate(): Promise<void> {
    this.wake();
    if (this.#threads.size === 0) this.#endHandler();
    return Promise.resolve();
  }

  async join(): Promise<void> {
    while (this.#threads.size > 0) await this.#joiners.park(null);
    if (this.#feed.state !== "RUN") this.#endHandler();
  }
}

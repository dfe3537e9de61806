// Pool's engine: the workers are daemonic Processes running poolWorker
// (_worker.ts), each with a duplex Pipe to the parent. The parent hands
// out tasks in batches sized to how long tasks take: one at a time while
// they are slow (so no task waits behind another while a worker is idle,
// as with CPython's shared task queue), up to MAX_BATCH while they are
// tiny (so a message carries many). Results come back in batches and are
// handled in a daemon thread, "_handle_results", as in CPython.
//
// Beyond CPython: a worker that dies mid-task does not hang the pool. The
// task it was running fails with ProcessError naming the worker and its
// exit code, the tasks it had not begun go back to the queue, and a new
// worker takes its place.

import { ProcessError } from "../errors.ts";
import type { Thread } from "../../threading/thread.ts";
import { startResultHandler } from "./_handler.ts";
import { als } from "../../_shared/thread_context.ts";
import { WaitQueue } from "../../_shared/waiters.ts";
import { Pipe } from "../connection/pipe.ts";
import type { Connection } from "../connection/connection.ts";
import type { Process } from "../process.ts";
import { sharedCells } from "../_atomics.ts";
import { dumps } from "../_serialize.ts";
import type { TargetRef } from "../_target.ts";
import { type Engine, type Feed, type Fn, RAISE, type Task } from "./_tasks.ts";
import { decodeError, encodeError, isEncodedError } from "./_remote.ts";
import { poolWorker } from "./_worker.ts";
import {
  isLinkAddress,
  type LinkAddress,
  LinkListener,
  SocketLink,
} from "./_socket_link.ts";

/** The most tasks one message carries. */
const MAX_BATCH = 1024;
/** A batch should take about this long to run (ms). */
const BATCH_MS = 20;

/** One worker process and what it holds. */
interface Slot {
  proc: Process;
  conn: Connection | SocketLink;
  progress: Int32Array | null;
  /** Tasks sent, in order; those from `head` on have no result yet. */
  tasks: (Task | undefined)[];
  head: number;
  /** Tasks per batch. */
  cap: number;
  /** Tasks it may still be sent (maxtasksperchild), or Infinity. */
  budget: number;
  /** Ids of the functions it has loaded. */
  known: Set<number>;
  /** Results received. */
  received: number;
  /** The sentinel was sent. */
  stopping: boolean;
}

function inflight(w: Slot): number {
  return w.tasks.length - w.head;
}

/** What the engine needs to start a worker. */
export interface WorkerSpec {
  /** Makes an unstarted Process with these options. */
  makeProcess(options: {
    target: unknown;
    args: unknown[];
    daemon: boolean;
  }): Process;
  initializer: TargetRef | null;
  initargs: unknown[];
  maxtasks: number | null;
  /** Whether workers share memory with the parent ('worker'). */
  sharesMemory: boolean;
}

/** Workers as processes. */
export class ProcessEngine implements Engine {
  readonly size: number;
  #feed: Feed;
  #spec: WorkerSpec;
  #slots = new Set<Slot>();
  #joiners = new WaitQueue();
  #handler: Thread;
  #endHandler!: () => void;
  #refs: (fnId: number) => TargetRef;
  #idOf: (fn: unknown) => number;
  #scheduled = false;
  #listener: LinkListener | null = null;
  #failedStarts = 0;
  #broken: ProcessError | null = null;
  /** Checks that a function can cross. */
  readonly prepare: (fn: Fn) => void;

  constructor(
    feed: Feed,
    size: number,
    spec: WorkerSpec,
    idOf: (fn: unknown) => number,
    refs: (fnId: number) => TargetRef,
    prepare: (fn: Fn) => void,
  ) {
    this.prepare = prepare;
    this.size = size;
    this.#feed = feed;
    this.#spec = spec;
    this.#idOf = idOf;
    this.#refs = refs;
    const handler = startResultHandler();
    this.#handler = handler.thread;
    this.#endHandler = handler.end;
    if (!spec.sharesMemory) {
      // Its sockets live in the daemon handler thread: they hold nothing
      // open.
      this.#listener = new LinkListener((f) => als.run(this.#handler, f));
    }
    for (let i = 0; i < size; i++) this.#spawn();
  }

  #spawn(): void {
    if (this.#listener === null) {
      this.#start(...Pipe(true));
      return;
    }
    // A 'spawn' worker connects to the parent's listener.
    this.#starting++;
    als.run(this.#handler, async () => {
      try {
        const [addr, link] = await this.#listener!.open();
        if (this.#feed.state === "TERMINATE") return;
        const w = this.#start(link, addr);
        w.proc.join().then(() => this.#listener?.abandon(addr));
      } catch (e) {
        // No worker can start: the waiting tasks fail with the reason.
        this.#feed.failWaiting(e as Error);
      } finally {
        this.#starting--;
      }
    });
  }

  #starting = 0;

  #start(
    mine: Connection | SocketLink,
    theirs: Connection | LinkAddress,
  ): Slot {
    const spec = this.#spec;
    const progress = spec.sharesMemory ? sharedCells(1) : null;
    // -1 until the worker is ready (its initializer has run).
    if (progress !== null) progress[0] = -1;
    const proc = spec.makeProcess({
      target: poolWorker,
      args: [
        theirs,
        progress,
        spec.initializer,
        spec.initargs,
        spec.maxtasks,
        progress === null,
      ],
      daemon: true,
    });
    // CPython's rule: the context's Process class name, with PoolWorker
    // for Process (SpawnPoolWorker-3).
    const cls = (proc.constructor as { name: string }).name;
    proc.name = cls.replace("Process", "PoolWorker") +
      proc.name.slice(proc.name.lastIndexOf("-"));
    try {
      proc.start();
    } finally {
      if (!isLinkAddress(theirs)) theirs.close();
    }
    const w: Slot = {
      proc,
      conn: mine,
      progress,
      tasks: [],
      head: 0,
      cap: 1,
      budget: spec.maxtasks ?? Infinity,
      known: new Set(),
      received: 0,
      stopping: false,
    };
    this.#slots.add(w);
    als.run(this.#handler, () => void this.#read(w));
    this.#dispatch();
    // The work may all be done already (a replacement for a worker that
    // ended with the last task): then this one may stop at once.
    this.settle();
    return w;
  }

  async #read(w: Slot): Promise<void> {
    for (;;) {
      let msg: unknown[];
      try {
        msg = await w.conn.recv() as unknown[];
      } catch {
        break;
      }
      this.#results(w, msg);
    }
    await this.#ended(w);
  }

  #results(w: Slot, msg: unknown[]): void {
    const n = (msg.length - 2) / 2;
    for (let j = 2; j < msg.length; j += 2) {
      const t = w.tasks[w.head]!;
      w.tasks[w.head++] = undefined;
      w.received++;
      const ok = msg[j] as boolean;
      let v = msg[j + 1];
      if (!ok && isEncodedError(v)) v = decodeError(v);
      t.sink.set(t.index, ok, v);
    }
    if (w.head === w.tasks.length) {
      w.tasks = [];
      w.head = 0;
    }
    // Batch size: about BATCH_MS of work, growing at most 4x a step.
    const per = Math.max((msg[0] as number) / n, 0.0005);
    w.cap = Math.max(
      1,
      Math.min(MAX_BATCH, w.cap * 4, Math.floor(BATCH_MS / per)),
    );
    this.#dispatch();
    this.settle();
  }

  /** Sends tasks to every worker with room. */
  #dispatch(): void {
    const feed = this.#feed;
    if (feed.state === "TERMINATE") return;
    if (this.#broken !== null) {
      feed.failWaiting(this.#broken);
      return;
    }
    // No worker takes more than its share of what waits, so none idles
    // while another holds tasks it has not begun.
    // An input of unknown length is read as far ahead as one round of
    // batches, to know when its end is near.
    let round = 0;
    for (const w of this.#slots) round += w.cap === 1 ? 1 : 2 * w.cap;
    const share = Math.ceil(
      feed.waiting(round) / Math.max(1, this.#slots.size),
    );
    for (const w of this.#slots) {
      if (!feed.hasTasks()) return;
      if (w.stopping || w.budget <= 0) continue;
      const busy = inflight(w);
      // Slow tasks: one at a time. Fast ones: a batch running, one waiting.
      if (w.cap === 1 ? busy >= 1 : busy > w.cap) continue;
      const room = Math.min(
        (w.cap === 1 ? 1 : 2 * w.cap) - busy,
        w.budget,
        Math.max(1, share),
      );
      this.#send(w, room);
    }
  }

  #send(w: Slot, room: number): void {
    const defs: unknown[] = [];
    const msg: unknown[] = [null];
    const batch: Task[] = [];
    const added: number[] = [];
    for (let k = 0; k < room; k++) {
      const t = this.#feed.take();
      if (t === null) break;
      const id = this.#idOf(t.fn);
      if (!w.known.has(id) && !added.includes(id)) {
        added.push(id);
        defs.push(id, this.#refs(id));
      }
      batch.push(t);
      // An input's exception crosses encoded, as a task's result would.
      const payload = t.kind === RAISE ? encodeError(t.payload) : t.payload;
      msg.push(0, t.index, id, t.kind, payload, t.kwds);
    }
    if (batch.length === 0) return;
    if (defs.length > 0) msg[0] = defs;
    let bytes: Uint8Array;
    try {
      bytes = dumps(msg);
    } catch {
      // Some task cannot cross: it fails with the error, the rest go.
      const good: Task[] = [];
      for (const t of batch) {
        try {
          dumps([t.payload, t.kwds]);
          good.push(t);
        } catch (e) {
          t.sink.set(t.index, false, e);
        }
      }
      this.#feed.requeue(good);
      if (good.length > 0) this.#send(w, good.length);
      return;
    }
    // The worker knows a function once a message defining it has gone.
    for (const id of added) w.known.add(id);
    for (const t of batch) w.tasks.push(t);
    w.budget -= batch.length;
    w.conn.send_bytes(bytes).catch(() => {});
  }

  async #ended(w: Slot): Promise<void> {
    await w.proc.join();
    this.#slots.delete(w);
    w.conn.close();
    const left = w.tasks.slice(w.head) as Task[];
    const feed = this.#feed;
    const ready = w.progress !== null
      ? Atomics.load(w.progress, 0) >= 0
      : !(w.conn instanceof SocketLink) || w.conn.connected;
    if (left.length > 0 && feed.state !== "TERMINATE" && !ready) {
      // It ended before it could run anything: another worker takes them.
      feed.requeue(left);
    } else if (left.length > 0 && feed.state !== "TERMINATE") {
      // With shared memory the worker counted what it finished; else its
      // results came as each task ended, so the first left was running.
      const finished = w.progress === null
        ? 0
        : Math.min(left.length, Atomics.load(w.progress, 0) - w.received);
      const who = `pool worker ${w.proc.name} (pid ${w.proc.pid}) ended ` +
        `with exit code ${w.proc.exitcode}`;
      for (let i = 0; i < finished; i++) {
        left[i]!.sink.set(
          left[i]!.index,
          false,
          new ProcessError(`${who} before sending this task's result`),
        );
      }
      if (finished < left.length) {
        const t = left[finished]!;
        t.sink.set(
          t.index,
          false,
          new ProcessError(`${who} while running this task`),
        );
      }
      feed.requeue(left.slice(finished + 1));
    }
    // Workers that end before giving any result, one after another (an
    // initializer that raises, a module that cannot load), would be
    // replaced forever, as CPython's are: after 2 x size of them in a row
    // the pool stops replacing them and the waiting tasks fail.
    const code = w.proc.exitcode;
    if (w.received > 0 || code === 0) this.#failedStarts = 0;
    else if (++this.#failedStarts >= 2 * this.size && !this.#broken) {
      this.#broken = new ProcessError(
        `pool workers keep ending before they run a task (the last, ` +
          `${w.proc.name}, with exit code ${code}): the pool stops ` +
          "replacing them",
      );
    }
    if (this.#broken !== null) {
      feed.failWaiting(this.#broken);
    } else if (
      feed.state === "RUN" ||
      (feed.state === "CLOSE" && (feed.hasTasks() || !feed.idle()))
    ) {
      this.#spawn();
    }
    this.#dispatch();
    this.settle();
    const q = this.#joiners;
    for (let j = q.shift(); j !== undefined; j = q.shift()) j.wake(true);
    if (
      this.#slots.size === 0 && this.#starting === 0 && feed.state !== "RUN"
    ) {
      this.#listener?.close();
      this.#endHandler();
    }
  }

  wake(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      // Sends wait (if they must) in the daemon handler thread, as
      // CPython's task handler thread does.
      als.run(this.#handler, () => this.#dispatch());
    });
  }

  settle(): void {
    const feed = this.#feed;
    if (feed.state === "RUN" || feed.hasTasks()) return;
    for (const w of this.#slots) {
      if (w.stopping || inflight(w) > 0) continue;
      w.stopping = true;
      als.run(this.#handler, () => w.conn.send(null)).catch(() => {});
    }
  }

  async terminate(): Promise<void> {
    for (const w of this.#slots) w.proc.terminate();
    await this.join();
  }

  async join(): Promise<void> {
    while (this.#slots.size > 0 || this.#starting > 0) {
      await this.#joiners.park(null);
    }
    this.#listener?.close();
    if (this.#feed.state !== "RUN") this.#endHandler();
  }
}

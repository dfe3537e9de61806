// The 'worker' start method: the child is a Worker (a Deno Worker or a
// node:worker_threads Worker) on another core, sharing SharedArrayBuffers
// with its parent. Its exit code travels through one shared cell, which the
// child sets before it ends and the parent sets when it stops the child or
// the runtime reports the Worker's end; the first value set wins.

import { processes as runtime } from "../_runtime/processes.ts";
import type { RawWorker } from "../_runtime/types.ts";
import { sharedCells } from "./_atomics.ts";
import { Ending, exitStatus, type Popen, SIGKILL, SIGTERM } from "./_popen.ts";
import { Spares } from "./_spares.ts";

/** The status cell's value for a running child. */
const RUNNING = 0;
/** Exit codes are stored offset so that every one is non-zero. */
const OFFSET = 1000;

/** Sets the status cell to `code` unless it is set; notifies. */
export function recordExit(status: Int32Array, code: number): boolean {
  const won = Atomics.compareExchange(status, 0, RUNNING, code + OFFSET) ===
    RUNNING;
  Atomics.notify(status, 0);
  return won;
}

/** Whether the child's exit is already recorded (the parent stopped it). */
export function exitRecorded(status: Int32Array): boolean {
  return Atomics.load(status, 0) !== RUNNING;
}

function childURL(): URL {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  // On Node, through _worker_boot (the compile cache, see there). Not on
  // Deno (its own cache; node: modules load slowly in a Worker) nor Bun (no
  // compile cache; and there a Pool's start message posted while the boot
  // module's dynamic import was pending was lost in 1 of 10 runs of the
  // multiprocessing tests, none of 6 without it). Node's parentPort queues
  // messages until the bootstrap listens.
  const g = globalThis as { Deno?: unknown; Bun?: unknown };
  const boot = g.Deno === undefined && g.Bun === undefined
    ? "_worker_boot"
    : "_worker_main";
  return new URL(`./${boot}${ext}`, import.meta.url);
}

// Workers kept warm (see _spares.ts): the next start() takes one.
const spares: Spares<RawWorker> = new Spares<RawWorker>({
  make(daemon) {
    const w = runtime.startWorker(childURL(), daemon);
    // A spare that ends while it waits (its load failed) is forgotten; the
    // Popen that takes a Worker sets its own end callback.
    w.onEnd(() => spares.remove(w));
    return w;
  },
  usable: () => true,
  drop: (w) => w.terminate(),
}, () => runtime.warmAfter);

/** A child started as a Worker. */
export class WorkerPopen implements Popen {
  readonly pid: number;
  readonly method = "worker" as const;
  readonly status: Int32Array = sharedCells(1);
  readonly #ending: Ending;
  readonly #worker;
  /** Tells the warm children this child has ended. */
  #spareEnded: () => void = () => {};

  /**
   * Starts the Worker and sends it `message` (built with `status`, and
   * told whether the Worker's environment is this process's).
   */
  constructor(
    pid: number,
    daemon: boolean,
    name: string,
    message: (status: Int32Array, sharesEnv: boolean) => unknown,
  ) {
    this.pid = pid;
    const w = spares.child(daemon);
    try {
      w.post(message(this.status, w.sharesEnv));
    } catch (e) {
      w.terminate();
      throw e;
    }
    this.#worker = w;
    this.#spareEnded = spares.started();
    this.#ending = new Ending(daemon);
    const status = this.status;
    w.onEnd((code, error) => {
      if (error !== undefined && error !== null) {
        const text = error instanceof Error
          ? error.stack ?? String(error)
          : String(error);
        if (Atomics.load(status, 0) === RUNNING) {
          console.error(`Process ${name}:\n${text}`);
        }
      }
      recordExit(status, code === null ? 1 : exitStatus(code));
    });
    this.#watch();
  }

  #watch(): void {
    const r = Atomics.waitAsync(this.status, 0, RUNNING);
    if (!r.async) this.#ended();
    else r.value.then(() => this.#ended());
  }

  #ended(): void {
    const v = Atomics.load(this.status, 0);
    if (v === RUNNING) return this.#watch();
    this.#spareEnded();
    this.#ending.end(v - OFFSET);
  }

  /** Calls `cb` once the child has ended. */
  whenEnded(cb: () => void): void {
    this.#ending.watch(0, cb);
  }

  get sentinel(): number {
    return this.#ending.fd;
  }

  poll(): number | null {
    const v = Atomics.load(this.status, 0);
    return v === RUNNING ? null : v - OFFSET;
  }

  async wait(timeout: number | null): Promise<number | null> {
    if (this.poll() === null) await this.#ending.wait(timeout);
    return this.poll();
  }

  #stop(signal: number): void {
    if (this.poll() !== null) return;
    recordExit(this.status, -signal);
    this.#worker.terminate();
  }

  terminate(): void {
    this.#stop(SIGTERM);
  }

  kill(): void {
    this.#stop(SIGKILL);
  }

  close(): void {
    this.#ending.close();
  }
}

// What a started Process holds: its child, however it was started. Python's
// Popen objects: poll() is the exit code or null, wait(timeout) waits,
// terminate()/kill() signal, and the sentinel is a descriptor that becomes
// readable when the child ends.

import { type FdEntry, fdTable, type Selectable } from "../_shared/fd_table.ts";
import { POLLHUP, POLLIN } from "../_shared/constants.ts";
import { hold, unhold } from "../_shared/thread_context.ts";
import { WaitQueue } from "../_shared/waiters.ts";
import "./_identity.ts";

/** Python's popen interface, the same for every start method. */
export interface Popen {
  readonly pid: number;
  readonly method: "worker" | "spawn";
  /** The sentinel's descriptor number. */
  readonly sentinel: number;
  /** The exit code once the child has ended, else null. */
  poll(): number | null;
  /** Waits at most `timeout` seconds (null: no limit); resolves poll(). */
  wait(timeout: number | null): Promise<number | null>;
  terminate(): void;
  kill(): void;
  /** Frees the sentinel. */
  close(): void;
}

/** SIGTERM and SIGKILL, as exit codes show them (negated). */
export const SIGTERM = 15, SIGKILL = 9;

/** An exit status as the OS would report it: 0..255, or -signal. */
export function exitStatus(code: unknown): number {
  if (typeof code !== "number" || !Number.isInteger(code)) return 1;
  return code & 0xff;
}

/**
 * The end of one child: who waits for it, and its sentinel. A non-daemon
 * child holds the parent process open until it ends, as Python's parent
 * joins its non-daemon children at exit.
 */
export class Ending implements Selectable {
  code: number | null = null;
  #watchers: (() => void)[] = [];
  #waiters = new WaitQueue();
  #entry: FdEntry<Selectable> | null;
  #held: boolean;

  constructor(daemon: boolean) {
    this.#entry = fdTable.open(this);
    this.#held = !daemon;
    if (this.#held) hold();
  }

  get fd(): number {
    return this.#entry?.fd ?? -1;
  }

  /** Records the exit code (the first one given wins) and wakes everyone. */
  end(code: number): void {
    if (this.code !== null) return;
    this.code = code;
    if (this.#held) {
      this.#held = false;
      unhold();
    }
    const ws = this.#watchers.splice(0);
    for (const w of ws) w();
    const q = this.#waiters;
    for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
  }

  /** Resolves when the child has ended or `timeout` seconds passed. */
  async wait(timeout: number | null): Promise<void> {
    if (this.code !== null || timeout === 0) return;
    await this.#waiters.park(timeout);
  }

  pollEvents(): number {
    return this.code === null ? 0 : POLLIN | POLLHUP;
  }

  watch(_events: number, cb: () => void): () => void {
    if (this.code !== null) {
      queueMicrotask(cb);
      return () => {};
    }
    this.#watchers.push(cb);
    return () => {
      const i = this.#watchers.indexOf(cb);
      if (i >= 0) this.#watchers.splice(i, 1);
    };
  }

  /** Frees the sentinel's number. */
  close(): void {
    if (this.#entry !== null) {
      fdTable.close(this.#entry);
      this.#entry = null;
    }
  }
}

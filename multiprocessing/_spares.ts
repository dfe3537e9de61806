// Children made ahead of time, as Python's forkserver keeps a server ready
// to fork: each start method keeps warm children that load the child's
// bootstrap while nothing waits for them, and start() takes one.
//
// How many: as many as the last burst of starts took, the starts that came
// before the warm ones could be made again (a Pool's workers), at least one
// and at most min(cpu_count(), MOST).
// They are made unref'd one at a time, `delay` ms after the last start and
// then `delay` ms apart, so the making (on Deno a node:worker_threads
// Worker blocks the main thread ~30 ms) does not fall on the starts it
// serves. Those beyond the first are made only once the last group's
// children have all ended: they serve the next group, and loading one
// takes a CPU core for tens of ms, which a Pool's running workers would
// lose. (Children of earlier groups, such as a Manager's server, do not
// hold them back.) Beyond the first, spares left unused for KEEP_MS are
// dropped.

import { cpu_count } from "./cpu_count.ts";

/** The most spares kept, whatever the CPU count (each costs a runtime's memory). */
const MOST = 4;
/** Spares beyond the first that stay unused this long are dropped. */
const KEEP_MS = 5000;

/** What a kind of spare is made, checked and dropped with. */
export interface SpareKind<T> {
  /**
   * Makes one: a spare (daemon true, unref'd; what it throws is dropped,
   * start() reports its own), or a child for a start that found none.
   */
  make(daemon: boolean): T;
  /** Whether it can still be used (alive, made under today's conditions). */
  usable(spare: T): boolean;
  /** Ends one that is not used. */
  drop(spare: T): void;
}

/** The warm children of one start method. */
export class Spares<T extends { setRef(on: boolean): void }> {
  readonly #kind: SpareKind<T>;
  readonly #delay: () => number;
  readonly #ready: T[] = [];
  /** The starts since the last making began. */
  #burst = 0;
  /** How many to keep: the last group of starts' size, within the limits. */
  #target = 1;
  /** The last group's children that still run. */
  #running = 0;
  /** Which group that is: a child of an earlier one does not count. */
  #group = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #trim: ReturnType<typeof setTimeout> | null = null;

  /** `delay()` is how long after a start (and between makings) to wait. */
  constructor(kind: SpareKind<T>, delay: () => number) {
    this.#kind = kind;
    this.#delay = delay;
  }

  /** How many are ready. */
  get size(): number {
    return this.#ready.length;
  }

  /** Every one ready, for an exit hook that ends them. */
  all(): readonly T[] {
    return this.#ready;
  }

  /** Forgets one that ended by itself. */
  remove(spare: T): void {
    const i = this.#ready.indexOf(spare);
    if (i >= 0) this.#ready.splice(i, 1);
  }

  /**
   * A child of this method started (right after its take()); returns what
   * to call once when it has ended, after which the extra spares may be
   * made.
   */
  started(): () => void {
    const group = this.#group;
    this.#running++;
    let done = false;
    return () => {
      if (done || group !== this.#group) return;
      done = true;
      if (--this.#running > 0 || this.#timer !== null) return;
      if (this.#ready.length < this.#target) this.#schedule(this.#delay());
    };
  }

  /**
   * The child for a start now: a warm one (kept alive by this process
   * unless `daemon`), or a new one.
   */
  child(daemon: boolean): T {
    const warm = this.take();
    if (warm === null) return this.#kind.make(daemon);
    if (!daemon) warm.setRef(true);
    return warm;
  }

  /**
   * A spare for a start now, or null (the caller makes a child itself);
   * schedules the next ones: at once when none was ready.
   */
  take(): T | null {
    let got: T | null = null;
    while (got === null && this.#ready.length > 0) {
      const s = this.#ready.shift()!;
      if (this.#kind.usable(s)) got = s;
      else this.#kind.drop(s);
    }
    if (this.#burst++ === 0) {
      // The first start of a new group.
      this.#group++;
      this.#running = 0;
    }
    this.#schedule(got === null ? 0 : this.#delay());
    return got;
  }

  #schedule(ms: number): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    if (this.#trim !== null) clearTimeout(this.#trim);
    this.#trim = null;
    this.#timer = setTimeout(() => this.#fill(), ms);
    this.#timer.unref();
  }

  #fill(): void {
    this.#timer = null;
    if (this.#burst > 0) {
      // The first making after a group of starts: that group sets how many.
      this.#target = Math.min(this.#burst, cpu_count(), MOST);
      this.#burst = 0;
    }
    this.#dropUnusable();
    if (this.#ready.length < this.#target) {
      // The extras wait until the group's children have ended.
      if (this.#ready.length >= 1 && this.#running > 0) return;
      let made = true;
      try {
        this.#ready.push(this.#kind.make(true));
      } catch {
        made = false; // The next start() makes its own and reports what fails.
      }
      if (made && this.#ready.length < this.#target) {
        this.#timer = setTimeout(() => this.#fill(), this.#delay());
        this.#timer.unref();
        return;
      }
    }
    this.#trim = setTimeout(() => {
      this.#trim = null;
      this.#dropUnusable();
      while (this.#ready.length > 1) this.#kind.drop(this.#ready.pop()!);
    }, KEEP_MS);
    this.#trim.unref();
  }

  #dropUnusable(): void {
    for (const s of [...this.#ready]) {
      if (!this.#kind.usable(s)) {
        this.remove(s);
        this.#kind.drop(s);
      }
    }
  }
}

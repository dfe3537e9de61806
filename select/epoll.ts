// Python's select.epoll: interest kept between calls, so a poll costs what
// is ready, not what is registered.

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { asTuple } from "../_shared/tuple.ts";
import { setImmediate } from "node:timers";
import { ValueError } from "../builtins/exceptions.ts";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { type FdEntry, fdTable, type Selectable } from "../_shared/fd_table.ts";
import { bind, index } from "../_shared/args.ts";
import { Waiter } from "../_shared/readiness.ts";
import { EBADF, EEXIST, EINVAL, ENOENT } from "../errno/constants.ts";
import { checkNotNaN, fdOf, lookup, waitAny } from "../_shared/readiness.ts";
import { settle } from "../_shared/settle.ts";
import {
  EPOLL_CLOEXEC,
  EPOLLERR,
  EPOLLET,
  EPOLLEXCLUSIVE,
  EPOLLHUP,
  EPOLLIN,
  EPOLLONESHOT,
  EPOLLOUT,
  EPOLLPRI,
} from "./constants.ts";

/** Python's keyword arguments of {@linkcode epoll.poll}. */
export interface EpollPollOptions {
  /** Seconds to wait (`null` or negative: forever). */
  timeout?: number | null;
  /** The most pairs to return (-1: no limit). */
  maxevents?: number;
}

const ALWAYS = EPOLLERR | EPOLLHUP;
/** Events that watch the read side: IN, PRI, RDNORM, RDBAND, RDHUP. */
const READ_BITS = EPOLLIN | EPOLLPRI | 0x0040 | 0x0080 | 0x2000;
const EPOLLWAKEUP = 1 << 29;

/**
 * An event mask as epoll_ctl takes it. `EPOLLIN | EPOLLET` is negative in
 * JavaScript (32-bit `|`), so masks are read as unsigned 32-bit values;
 * EPOLLEXCLUSIVE with bits Linux refuses beside it (as in -1) is EINVAL.
 */
function epollMask(eventmask: unknown): number {
  let m = index(eventmask, "tuple");
  if (m < 0 && m >= -(2 ** 31)) m >>>= 0;
  if (m < 0) throw errorFromErrno(EINVAL);
  m %= 2 ** 32;
  const exclusiveOk = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLEXCLUSIVE |
    EPOLLWAKEUP;
  if ((m & EPOLLEXCLUSIVE) !== 0 && (m & ~exclusiveOk) !== 0) {
    throw errorFromErrno(EINVAL);
  }
  return m;
}
const FLAGS = EPOLLET | EPOLLONESHOT;

interface Interest {
  fd: number;
  obj: Selectable;
  mask: number;
  /** Cancels the armed watch, or null when none is armed. */
  unwatch: (() => void) | null;
}

/**
 * Python's `select.epoll(sizehint=-1, flags=0)`: an edge of the Linux epoll
 * interface. `register` descriptors with an event mask, then
 * `await ep.poll(timeout, maxevents)` returns `[fd, events]` for the ready
 * ones. Interest is remembered between calls, so each poll costs what is
 * ready. A descriptor that is closed while registered is forgotten, as on
 * Linux. `EPOLLONESHOT` disables a descriptor after one report until
 * `modify`; `EPOLLET` is accepted and reported like level-triggered
 * readiness (a program that drains until BlockingIOError, as edge-triggered
 * code must, sees no difference). An epoll is disposable (`using`).
 *
 * @example
 * ```ts
 * import * as select from "@pyport/std/select";
 * import { socketpair } from "@pyport/std/socket";
 * import { b, repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * using ep = new select.epoll();
 * ep.register(c.fileno(), select.EPOLLIN);
 * await a.sendall(b("hi"));
 * assert.equal(repr(await ep.poll(5)), `[(${c.fileno()}, 1)]`); // EPOLLIN is 1
 * a.close();
 * c.close();
 * ```
 */
export class epoll {
  #interest = new Map<number, Interest>();
  /** Descriptors to look at on the next poll: woken ones and last poll's ready ones. */
  #candidates = new Set<number>();
  #woken = new Waiter();
  #wakeQueued = false;
  #entry: FdEntry<Selectable> | null;

  /**
   * Makes the epoll object.
   *
   * @param sizehint Ignored, as on Linux (must be -1 or positive); or the
   *   keyword object.
   * @param flags 0 or `EPOLL_CLOEXEC`; or the keyword object.
   * @param kwargs `{ sizehint, flags }` after positional arguments.
   */
  constructor(
    sizehint?: number | { sizehint?: number; flags?: number },
    flags?: number | { flags?: number },
    kwargs?: { flags?: number },
  ) {
    const [h = -1, fl = 0] = bind("epoll", ["sizehint", "flags"], [
      sizehint,
      flags,
      kwargs,
    ]);
    const hint = index(h, "tuple");
    const f = index(fl, "tuple");
    if (hint === 0 || hint < -1) throw new ValueError("negative sizehint");
    if (f !== 0 && f !== EPOLL_CLOEXEC) throw new OSError("invalid flags");
    this.#entry = fdTable.open({
      pollEvents: () => (this.#anyReady() ? EPOLLIN : 0),
      watch: (_events, cb) => this.#watchSelf(cb),
    });
  }

  #open(): void {
    if (this.#entry === null) {
      throw new ValueError("I/O operation on closed epoll object");
    }
  }

  /** Python's `closed`: whether `close()` was called. */
  get closed(): boolean {
    return this.#entry === null;
  }

  /**
   * Python's `fileno()`: the epoll's own descriptor, itself readable when
   * a registered descriptor is ready (so epolls nest).
   *
   * @returns The descriptor number.
   */
  fileno(): number {
    this.#open();
    return this.#entry!.fd;
  }

  /** Python's `close()`: releases the epoll; later calls raise ValueError. */
  close(): void {
    if (this.#entry === null) return;
    for (const i of this.#interest.values()) i.unwatch?.();
    this.#interest.clear();
    this.#candidates.clear();
    fdTable.close(this.#entry);
    this.#entry = null;
    this.#woken.wake();
  }

  /** Closes the epoll when a `using` block ends. */
  [Symbol.dispose](): void {
    this.close();
  }

  #target(fd: unknown): [number, Selectable] {
    this.#open();
    const n = fdOf(fd);
    const obj = lookup(n);
    if (obj === undefined) throw errorFromErrno(EBADF);
    return [n, obj];
  }

  /**
   * Python's `register(fd, eventmask=EPOLLIN|EPOLLPRI|EPOLLOUT)`:
   * FileExistsError (EEXIST) when `fd` is registered already.
   *
   * @param fd A descriptor or an object with `fileno()`.
   * @param eventmask The events of interest, or the keyword object.
   * @param kwargs `{ eventmask }` after positional arguments.
   */
  register(
    fd: unknown,
    eventmask?: number | { eventmask?: number },
    kwargs?: { eventmask?: number },
  ): void {
    const [mask = EPOLLIN | EPOLLPRI | EPOLLOUT] = bind("register", [
      "eventmask",
    ], [eventmask, kwargs]) as (number | undefined)[];
    const [n, obj] = this.#target(fd);
    const existing = this.#interest.get(n);
    if (existing !== undefined && existing.obj === obj) {
      throw errorFromErrno(EEXIST);
    }
    existing?.unwatch?.();
    this.#interest.set(n, {
      fd: n,
      obj,
      mask: epollMask(mask),
      unwatch: null,
    });
    this.#candidates.add(n);
    this.#woken.wake();
  }

  /**
   * Python's `modify(fd, eventmask)`: FileNotFoundError (ENOENT) when `fd`
   * is not registered.
   *
   * @param fd A registered descriptor or object.
   * @param eventmask The new events of interest.
   */
  modify(fd: unknown, eventmask: number): void {
    const [n, obj] = this.#target(fd);
    const i = this.#interest.get(n);
    if (i === undefined || i.obj !== obj) throw errorFromErrno(ENOENT);
    const mask = epollMask(eventmask);
    i.unwatch?.();
    i.unwatch = null;
    i.mask = mask;
    this.#candidates.add(n);
    this.#woken.wake();
  }

  /**
   * Python's `unregister(fd)`: FileNotFoundError (ENOENT) when `fd` is not
   * registered.
   *
   * @param fd A registered descriptor or object.
   */
  unregister(fd: unknown): void {
    const [n, obj] = this.#target(fd);
    const i = this.#interest.get(n);
    if (i === undefined || i.obj !== obj) throw errorFromErrno(ENOENT);
    i.unwatch?.();
    this.#interest.delete(n);
    this.#candidates.delete(n);
  }

  /** Arms a watch on a descriptor that was not ready; its firing makes it a candidate. */
  #arm(i: Interest): void {
    if (i.unwatch !== null) return;
    const events = i.mask & ~FLAGS;
    if ((events & ~ALWAYS) === 0 && (i.mask & EPOLLONESHOT) !== 0) return;
    i.unwatch = i.obj.watch(events | ALWAYS, () => {
      i.unwatch = null;
      if (this.#interest.get(i.fd) === i) {
        this.#candidates.add(i.fd);
        this.#wakeSoon();
      }
    });
  }

  /**
   * Wakes the waiting poll() once the event loop has delivered this turn's
   * I/O, so one wake-up reports every socket that became ready in the same
   * turn (Node delivers ready sockets one event at a time, with microtasks
   * run in between).
   */
  #wakeSoon(): void {
    if (this.#wakeQueued) return;
    this.#wakeQueued = true;
    setImmediate(this.#wakeNow);
  }

  #wakeNow = (): void => {
    this.#wakeQueued = false;
    this.#woken.wake();
  };

  /** Whether a registered descriptor is ready; candidates found not ready get a watch instead. */
  #anyReady(): boolean {
    let ready = false;
    for (const fd of this.#candidates) {
      const i = this.#interest.get(fd);
      if (i !== undefined && lookup(fd) === i.obj) {
        if ((i.obj.pollEvents() & ((i.mask & ~FLAGS) | ALWAYS)) !== 0) {
          ready = true;
          continue;
        }
        this.#arm(i);
      }
      this.#candidates.delete(fd);
    }
    return ready;
  }

  #watchSelf(cb: () => void): () => void {
    this.#anyReady();
    return this.#woken.once(cb);
  }

  /** One look at the candidates; the ready ones stay candidates (level-triggered). */
  #collect(max: number): [number, number][] {
    const out: [number, number][] = [];
    for (const fd of this.#candidates) {
      const i = this.#interest.get(fd);
      const current = lookup(fd);
      if (i === undefined || current !== i.obj) {
        // Closed (or the number reused) since it was registered: Linux forgets it.
        if (i !== undefined) {
          i.unwatch?.();
          this.#interest.delete(fd);
        }
        this.#candidates.delete(fd);
        continue;
      }
      if (out.length >= max) break;
      const ev = i.obj.pollEvents() & ((i.mask & ~FLAGS) | ALWAYS);
      if (
        ev === 0 ||
        (i.mask & ~FLAGS & ~ALWAYS) === 0 && (i.mask & EPOLLONESHOT) !== 0
      ) {
        this.#candidates.delete(fd);
        this.#arm(i);
        continue;
      }
      out.push(asTuple([fd, ev]));
      if ((i.mask & EPOLLONESHOT) !== 0) {
        i.mask &= FLAGS;
        this.#candidates.delete(fd);
      }
    }
    return out;
  }

  /**
   * Python's `poll(timeout=None, maxevents=-1)`: waits up to `timeout`
   * seconds (`null` or negative: forever) and returns up to `maxevents`
   * `[fd, events]` pairs.
   *
   * @param timeout Seconds; or the keyword object.
   * @param maxevents The most pairs to return (-1: no limit); or the
   *   keyword object.
   * @param kwargs `{ timeout, maxevents }` after positional arguments.
   * @returns The ready descriptors and their events.
   */
  async poll(
    timeout?: number | null | EpollPollOptions,
    maxevents?: number | EpollPollOptions,
    kwargs?: EpollPollOptions,
  ): Promise<[number, number][]> {
    [timeout = null, maxevents = -1] = bind("poll", ["timeout", "maxevents"], [
      timeout,
      maxevents,
      kwargs,
    ]) as [number | null | undefined, number | undefined];
    this.#open();
    let t: number | null = null;
    if (timeout !== null && timeout !== undefined) {
      if (typeof timeout !== "number") {
        throw new TypeError("timeout must be an integer or None");
      }
      t = checkNotNaN(timeout) < 0 ? null : timeout;
    }
    let max = index(maxevents, "tuple");
    if (max === -1) max = Infinity;
    else if (max <= 0) {
      throw new ValueError(`maxevents must be greater than 0, got ${max}`);
    }
    // Several tasks may wait on one epoll at once, as threads may on Linux.
    const deadline = t === null ? null : performance.now() + t * 1000;
    // Before answering without waiting, let the runtime look at the OS:
    // bytes sent to a registered socket before the call are in its kernel
    // buffer, and Python reports them. (Looked at before collecting, which
    // takes one-shot events.)
    if (t === 0 || this.#anyReady()) {
      await settle(this.#readUnknown());
      this.#open();
    }
    for (;;) {
      const out = this.#collect(max);
      if (out.length > 0 || t === 0) return out;
      if (!(await waitAny([], deadline, (cb) => this.#watchSelf(cb)))) {
        return [];
      }
      this.#open();
    }
  }

  /** Whether a registered descriptor watched for reading is not readable. */
  #readUnknown(): boolean {
    for (const i of this.#interest.values()) {
      if (
        (i.mask & READ_BITS) !== 0 && lookup(i.fd) === i.obj &&
        (i.obj.pollEvents() & EPOLLIN) === 0
      ) return true;
    }
    return false;
  }
}

definedIn("select", epoll);
showAsPython(epoll, objectRepr);

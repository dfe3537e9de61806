// Python's select.poll().

import { definedIn, objectRepr, showAsPython } from "../_shared/pyrepr.ts";
import { asTuple } from "../_shared/tuple.ts";
import {
  KeyError,
  OverflowError,
  RuntimeError,
  ValueError,
} from "../builtins/exceptions.ts";
import { errorFromErrno } from "../builtins/os_error.ts";
import { ENOENT } from "../errno/constants.ts";
import type { Selectable } from "../_shared/fd_table.ts";
import { index } from "../_shared/args.ts";
import { checkNotNaN, fdOf, lookup, waitAny } from "../_shared/readiness.ts";
import { settle } from "../_shared/settle.ts";
import {
  POLLERR,
  POLLHUP,
  POLLIN,
  POLLNVAL,
  POLLOUT,
  POLLPRI,
} from "./constants.ts";

/** Events that watch the read side: IN, PRI, RDNORM, RDBAND, RDHUP. */
const READ_BITS = POLLIN | POLLPRI | 0x0040 | 0x0080 | 0x2000;

/** Python reads a poll mask as a C unsigned short. */
function ushort(mask: unknown): number {
  const m = index(mask, "tuple");
  if (m < 0) throw new ValueError("value must be positive");
  if (m > 0xffff) {
    throw new OverflowError("Python int too large for C unsigned short");
  }
  return m;
}

/**
 * Python's poll object, made by {@linkcode poll}: registers descriptors
 * with the events of interest, and `await p.poll(ms)` returns
 * `[fd, events]` pairs for the ready ones. POLLERR, POLLHUP and POLLNVAL
 * (a descriptor that is no longer open) are always reported.
 *
 * @example
 * ```ts
 * import * as select from "@pyport/std/select";
 * import { socketpair } from "@pyport/std/socket";
 * import { repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * const p = select.poll();
 * p.register(c, select.POLLOUT);
 * const ready = await p.poll(5000);
 * assert.equal(repr(ready), `[(${c.fileno()}, 4)]`); // POLLOUT is 4
 * a.close();
 * c.close();
 * ```
 */
export class Poll {
  #fds = new Map<number, number>();
  #polling = false;

  /**
   * Python's `register(fd, eventmask=POLLIN|POLLPRI|POLLOUT)`; registering
   * again changes the mask.
   *
   * @param fd A descriptor or an object with `fileno()`.
   * @param eventmask The events of interest.
   */
  register(fd: unknown, eventmask: number = POLLIN | POLLPRI | POLLOUT): void {
    const n = fdOf(fd);
    this.#fds.set(n, ushort(eventmask));
  }

  /**
   * Python's `modify(fd, eventmask)`: FileNotFoundError (ENOENT) when `fd`
   * is not registered.
   *
   * @param fd A registered descriptor or object.
   * @param eventmask The new events of interest.
   */
  modify(fd: unknown, eventmask: number): void {
    const n = fdOf(fd);
    if (!this.#fds.has(n)) throw errorFromErrno(ENOENT);
    this.#fds.set(n, ushort(eventmask));
  }

  /**
   * Python's `unregister(fd)`: KeyError when `fd` is not registered.
   *
   * @param fd A registered descriptor or object.
   */
  unregister(fd: unknown): void {
    const n = fdOf(fd);
    if (!this.#fds.delete(n)) throw new KeyError(n);
  }

  /**
   * Python's `poll([timeout])`: waits up to `timeout` milliseconds (`null`
   * or negative: forever) and returns `[fd, events]` for each ready
   * descriptor.
   *
   * @param timeout Milliseconds.
   * @returns The ready descriptors and their events.
   */
  async poll(timeout: number | null = null): Promise<[number, number][]> {
    if (
      timeout !== null && timeout !== undefined && typeof timeout !== "number"
    ) {
      throw new TypeError("timeout must be an integer or None");
    }
    const ms = timeout === null || timeout === undefined ||
        checkNotNaN(timeout) < 0
      ? null
      : Math.ceil(timeout);
    if (this.#polling) throw new RuntimeError("concurrent poll() invocation");
    this.#polling = true;
    try {
      const deadline = ms === null ? null : performance.now() + ms;
      let waited = false;
      for (;;) {
        const out: [number, number][] = [];
        const watches: [Selectable, number][] = [];
        let readUnknown = false;
        for (const [fd, mask] of this.#fds) {
          const s = lookup(fd);
          if (s === undefined) {
            out.push(asTuple([fd, POLLNVAL]));
            continue;
          }
          const all = s.pollEvents();
          if ((mask & READ_BITS) !== 0 && (all & POLLIN) === 0) {
            readUnknown = true;
          }
          const ev = all & (mask | POLLERR | POLLHUP);
          if (ev !== 0) out.push(asTuple([fd, ev]));
          else watches.push([s, mask]);
        }
        if (out.length > 0 || ms === 0) {
          if (waited) return out;
          // Before answering without waiting, let the runtime look at the
          // OS, then look again: bytes sent to a watched socket before the
          // call are in its kernel buffer, and Python reports them.
          await settle(readUnknown);
          waited = true;
          continue;
        }
        waited = true;
        if (!(await waitAny(watches, deadline))) return [];
      }
    } finally {
      this.#polling = false;
    }
  }
}

/**
 * Python's `select.poll()`: a new poll object.
 *
 * @example
 * ```ts
 * import { poll } from "@pyport/std/select";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(await poll().poll(0), []);
 * ```
 *
 * @returns The poll object.
 */
export function poll(): Poll {
  return new Poll();
}

definedIn("select", Poll, "poll");
showAsPython(Poll, objectRepr);

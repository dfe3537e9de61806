// The concrete selectors: over select(), poll() and epoll.

import { definedIn } from "../_shared/pyrepr.ts";
import * as sel from "../select/mod.ts";
import { BaseSelector, EVENT_READ, EVENT_WRITE } from "./base_selector.ts";
import type { SelectorKey } from "./selector_key.ts";

function fromPoll(ev: number, inBit: number, outBit: number): number {
  let events = 0;
  if ((ev & ~inBit) !== 0) events |= EVENT_WRITE;
  if ((ev & ~outBit) !== 0) events |= EVENT_READ;
  return events;
}

/**
 * Python's `selectors.SelectSelector`: a selector over `select.select()`.
 *
 * @example
 * ```ts
 * import { EVENT_WRITE, SelectSelector } from "@pyport/std/selectors";
 * import { socketpair } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * using s = new SelectSelector();
 * s.register(a, EVENT_WRITE);
 * const [key, events] = (await s.select(5))[0]!;
 * assert.equal(key.fileobj, a);
 * assert.equal(events, EVENT_WRITE);
 * a.close();
 * c.close();
 * ```
 */
export class SelectSelector extends BaseSelector {
  #readers = new Set<number>();
  #writers = new Set<number>();

  /** Starts watching a newly registered key. */
  protected override _added(key: SelectorKey): void {
    if (key.events & EVENT_READ) this.#readers.add(key.fd);
    if (key.events & EVENT_WRITE) this.#writers.add(key.fd);
  }

  /** Stops watching an unregistered key. */
  protected override _removed(key: SelectorKey): void {
    this.#readers.delete(key.fd);
    this.#writers.delete(key.fd);
  }

  /** Follows a key whose events changed. */
  protected override _changed(key: SelectorKey): void {
    this._removed(key);
    this._added(key);
  }

  /** Waits with the system interface. */
  protected override async _wait(
    timeout: number | null,
  ): Promise<[number, number][]> {
    const [r, w] = await sel.select(this.#readers, this.#writers, [], timeout);
    const ready = new Map<number, number>();
    for (const fd of r) ready.set(fd, EVENT_READ);
    for (const fd of w) ready.set(fd, (ready.get(fd) ?? 0) | EVENT_WRITE);
    return [...ready];
  }
}

/**
 * Python's `selectors.PollSelector`: a selector over `select.poll()`.
 *
 * @example
 * ```ts
 * import { EVENT_READ, PollSelector } from "@pyport/std/selectors";
 * import assert from "node:assert/strict";
 *
 * using s = new PollSelector();
 * assert.deepEqual(await s.select(0), []);
 * void EVENT_READ;
 * ```
 */
export class PollSelector extends BaseSelector {
  #poll = sel.poll();

  #mask(key: SelectorKey): number {
    return (key.events & EVENT_READ ? sel.POLLIN : 0) |
      (key.events & EVENT_WRITE ? sel.POLLOUT : 0);
  }

  /** Starts watching a newly registered key. */
  protected override _added(key: SelectorKey): void {
    this.#poll.register(key.fd, this.#mask(key));
  }

  /** Stops watching an unregistered key. */
  protected override _removed(key: SelectorKey): void {
    this.#poll.unregister(key.fd);
  }

  /** Follows a key whose events changed. */
  protected override _changed(key: SelectorKey): void {
    this.#poll.modify(key.fd, this.#mask(key));
  }

  /** Waits with the system interface. */
  protected override async _wait(
    timeout: number | null,
  ): Promise<[number, number][]> {
    const ms = timeout === null ? null : Math.ceil(timeout * 1000);
    const ready = await this.#poll.poll(ms);
    return ready.map(([fd, ev]) => [fd, fromPoll(ev, sel.POLLIN, sel.POLLOUT)]);
  }
}

/**
 * Python's `selectors.EpollSelector`: a selector over `select.epoll`, whose
 * cost per `select()` follows the ready objects, not the registered ones.
 *
 * @example
 * ```ts
 * import { EpollSelector } from "@pyport/std/selectors";
 * import assert from "node:assert/strict";
 *
 * using s = new EpollSelector();
 * assert.equal(typeof s.fileno(), "number");
 * ```
 */
export class EpollSelector extends BaseSelector {
  #ep = new sel.epoll();

  /**
   * Python's `fileno()`: the descriptor of the underlying epoll.
   *
   * @returns The descriptor number.
   */
  fileno(): number {
    return this.#ep.fileno();
  }

  #mask(key: SelectorKey): number {
    return (key.events & EVENT_READ ? sel.EPOLLIN : 0) |
      (key.events & EVENT_WRITE ? sel.EPOLLOUT : 0);
  }

  /** Starts watching a newly registered key. */
  protected override _added(key: SelectorKey): void {
    this.#ep.register(key.fd, this.#mask(key));
  }

  /** Stops watching an unregistered key. */
  protected override _removed(key: SelectorKey): void {
    try {
      this.#ep.unregister(key.fd);
    } catch { /* closed already: epoll forgot it, as Linux does */ }
  }

  /** Follows a key whose events changed. */
  protected override _changed(key: SelectorKey): void {
    this.#ep.modify(key.fd, this.#mask(key));
  }

  /** Releases the system object. */
  protected override _closed(): void {
    this.#ep.close();
  }

  /** Waits with the system interface. */
  protected override async _wait(
    timeout: number | null,
  ): Promise<[number, number][]> {
    const t = timeout === null
      ? -1
      : timeout <= 0
      ? 0
      : Math.ceil(timeout * 1000) / 1000;
    const ready = await this.#ep.poll(t);
    return ready.map((
      [fd, ev],
    ) => [fd, fromPoll(ev, sel.EPOLLIN, sel.EPOLLOUT)]);
  }
}

/**
 * Python's `selectors.DefaultSelector`: the most efficient selector of the
 * platform, `EpollSelector` as on Linux.
 *
 * @example
 * ```ts
 * import { DefaultSelector, EpollSelector } from "@pyport/std/selectors";
 * import assert from "node:assert/strict";
 *
 * using s = new DefaultSelector();
 * assert.ok(s instanceof EpollSelector);
 * ```
 */
export class DefaultSelector extends EpollSelector {}

definedIn("selectors", SelectSelector);
definedIn("selectors", PollSelector);
definedIn("selectors", EpollSelector);
// Python's DefaultSelector is EpollSelector itself on Linux.
definedIn("selectors", DefaultSelector, "EpollSelector");

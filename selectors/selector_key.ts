// Python's selectors.SelectorKey.

import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/**
 * Python's `SelectorKey`, the named tuple a selector keeps for each
 * registered file object: `fileobj`, `fd`, `events` and `data`. It unpacks
 * like the tuple: `const [fileobj, fd, events, data] = key`.
 *
 * @example
 * ```ts
 * import { DefaultSelector, EVENT_READ } from "@pyport/std/selectors";
 * import { socketpair } from "@pyport/std/socket";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * using sel = new DefaultSelector();
 * const key = sel.register(c, EVENT_READ, { data: "client" });
 * assert.equal(key.fileobj, c);
 * assert.equal(key.data, "client");
 * a.close();
 * c.close();
 * ```
 */
export class SelectorKey<F = unknown, D = unknown> {
  /** The registered object (a socket, or a descriptor number). */
  readonly fileobj: F;
  /** Its descriptor number. */
  readonly fd: number;
  /** The events of interest: `EVENT_READ`, `EVENT_WRITE` or both. */
  readonly events: number;
  /** The data given at registration. */
  readonly data: D;

  /**
   * Makes a key (selectors do; programs read them).
   *
   * @param fileobj The registered object.
   * @param fd Its descriptor.
   * @param events The events of interest.
   * @param data Attached data.
   */
  constructor(fileobj: F, fd: number, events: number, data: D) {
    this.fileobj = fileobj;
    this.fd = fd;
    this.events = events;
    this.data = data;
  }

  /** Unpacks as Python's named tuple: `[fileobj, fd, events, data]`. */
  *[Symbol.iterator](): Iterator<unknown> {
    yield this.fileobj;
    yield this.fd;
    yield this.events;
    yield this.data;
  }

  /** Python's `repr()`. */
  toString(): string {
    return `SelectorKey(fileobj=${
      pyRepr(this.fileobj)
    }, fd=${this.fd}, events=${this.events}, data=${pyRepr(this.data)})`;
  }
}

showAsPython(SelectorKey);

// Descriptor arguments as Python's select module reads them, and waiting
// for any of several objects with nothing left behind afterwards.

import { setImmediate } from "node:timers";
import { ValueError } from "../builtins/exceptions.ts";
import { fdTable, type Selectable } from "./fd_table.ts";

// The wake-everyone latch the runtime adapters signal readiness with; the
// modules that wait on readiness use it too.
export { pendingCallbacks, Waiter, Watchers } from "../_runtime/_waiter.ts";

/** Python's `PyObject_AsFileDescriptor`: an int, or an object's `fileno()`. */
export function fdOf(obj: unknown): number {
  let fd: unknown = obj;
  if (
    typeof obj === "object" && obj !== null &&
    typeof (obj as { fileno?: unknown }).fileno === "function"
  ) {
    fd = (obj as { fileno(): unknown }).fileno();
    if (typeof fd !== "number" || !Number.isInteger(fd)) {
      throw new TypeError(`fileno() returned a non-integer`);
    }
  } else if (typeof obj !== "number" || !Number.isInteger(obj)) {
    if (typeof obj === "boolean") return obj ? 1 : 0;
    throw new TypeError("argument must be an int, or have a fileno() method.");
  }
  const n = fd as number;
  if (n < 0) {
    throw new ValueError(`file descriptor cannot be a negative integer (${n})`);
  }
  return n;
}

/** The object behind an open descriptor, or undefined. */
export function lookup(fd: number): Selectable | undefined {
  return fdTable.get(fd)?.resource;
}

/**
 * Waits until one of the watched objects may have changed, or `deadline`
 * (performance.now() ms; null: none) passes. Resolves true on a change.
 * Every watch and the timer are cancelled before it resolves.
 */
export function waitAny(
  watches: ReadonlyArray<readonly [Selectable, number]>,
  deadline: number | null,
  extra?: (cb: () => void) => () => void,
): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const cancels: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = (changed: boolean) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const c of cancels) c();
      resolve(changed);
    };
    for (const [obj, events] of watches) {
      cancels.push(obj.watch(events, () => finish(true)));
      if (done) return;
    }
    if (extra !== undefined) cancels.push(extra(() => finish(true)));
    if (deadline !== null) {
      const ms = deadline - performance.now();
      if (ms <= 0) finish(false);
      else timer = setTimeout(finish, ms, false);
    }
  });
}

/**
 * One turn of the event loop. A select-like call that returns without
 * having waited takes one, so the runtime can deliver I/O: in Python the
 * kernel moves data while a program polls with timeout 0 (or loops over
 * always-writable sockets); here that happens only between macrotasks, and
 * a loop of calls that never yield would starve it. A check-phase callback,
 * not a timer: it costs about a microsecond and is never clamped.
 */
export function turn(): Promise<void> {
  return new Promise<void>((resolve) => {
    setImmediate(resolve);
  });
}

/** Python's error for a NaN timeout. */
export function checkNotNaN(timeout: number): number {
  if (Number.isNaN(timeout)) {
    throw new ValueError("Invalid value NaN (not a number)");
  }
  return timeout;
}

/** Checks a timeout in seconds as Python's select() does. */
export function checkSeconds(
  timeout: unknown,
  what = "timeout must be a float or None",
): number | null {
  if (timeout === null || timeout === undefined) return null;
  if (typeof timeout !== "number") throw new TypeError(what);
  checkNotNaN(timeout);
  if (timeout < 0) throw new ValueError("timeout must be non-negative");
  return timeout;
}

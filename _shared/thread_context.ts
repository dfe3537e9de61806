// Which thread is running, which threads are alive, and what keeps the
// process alive. A Thread is a task: AsyncLocalStorage (node:async_hooks, in
// Deno and Node) carries it across awaits; code outside every Thread runs in
// the main thread.
//
// Keeping the process alive, Python's rule: the program ends when the main
// thread and every non-daemon thread have ended. A started non-daemon thread
// and a blocking call made outside daemon threads each take a "hold"; while
// any hold exists one ref'd interval keeps the event loop running. Every
// timer of the package's own waits is unref'd, so daemon threads never keep
// the process alive.

import { AsyncLocalStorage } from "node:async_hooks";
import process from "node:process";
import { clearInterval, setInterval } from "node:timers";

/**
 * What the floor needs of a thread: threading's Thread is the one
 * implementation; the floor names only this shape, so it depends on no
 * public module.
 */
export interface TaskThread {
  readonly name: string;
  readonly daemon: boolean;
  readonly ident: number | null;
  readonly native_id: number | null;
  is_alive(): boolean;
}

/** The running Thread, for code inside one. */
export const als: AsyncLocalStorage<TaskThread> = new AsyncLocalStorage<
  TaskThread
>();

let main: TaskThread | null = null;

/** Called once by threading with the main thread object. */
export function setMainThread(t: TaskThread): void {
  main = t;
}

/** The main thread object. */
export function mainThread(): TaskThread {
  return main!;
}

/** The calling thread: the Thread whose task this is, else the main thread. */
export function current(): TaskThread {
  return als.getStore() ?? main!;
}

/** Started threads that have not ended, by ident, in start order (no main). */
export const active: Map<number, TaskThread> = new Map();

let lastIdent = 1; // the main thread's

/** A new thread identifier: unique for the life of the process. */
export function newIdent(): number {
  return ++lastIdent;
}

/** The main thread's ident. */
export const MAIN_IDENT = 1;

/** The native id pyport gives the thread `ident`: the main thread's is the pid. */
export function nativeIdOf(ident: number): number {
  return process.pid + ident - 1;
}

// ---- keeping the process alive ------------------------------------------------

let holds = 0;
let keeper: ReturnType<typeof setInterval> | null = null;
const noop = (): void => {};

/** Keeps the process alive until the matching `unhold()`. */
export function hold(): void {
  if (holds++ === 0) keeper = setInterval(noop, 1 << 30);
}

/** Releases one `hold()`. */
export function unhold(): void {
  if (--holds === 0 && keeper !== null) {
    clearInterval(keeper);
    keeper = null;
  }
}

/**
 * Whether the caller runs in a daemon thread (the main thread never is).
 * Sockets created in, or blocked on by, a daemon thread must not keep the
 * process alive either, so socket asks this.
 */
export function callerIsDaemon(): boolean {
  return als.getStore()?.daemon ?? false;
}

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
import { setInterval } from "node:timers";

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

/**
 * Keeps the process alive until the matching `unhold()`. One timer serves
 * every hold, ref'd while any is held (a manager proxy holds one per call,
 * so this stays cheap).
 */
export function hold(): void {
  if (holds++ !== 0) return;
  if (keeper === null) keeper = setInterval(noop, 1 << 30);
  else keeper.ref();
}

/** Releases one `hold()`. */
export function unhold(): void {
  if (--holds === 0 && keeper !== null) keeper.unref();
}

/**
 * Whether the caller runs in a daemon thread (the main thread never is).
 * Sockets created in, or blocked on by, a daemon thread must not keep the
 * process alive either, so socket asks this.
 */
export function callerIsDaemon(): boolean {
  return als.getStore()?.daemon ?? false;
}

/**
 * Runs `fn` as if from a daemon thread, so that sockets it uses do not
 * keep the process alive (a manager proxy's connection between calls).
 * The current thread is otherwise unchanged for code inside.
 */
export function asDaemon<T>(fn: () => T): T {
  const t = als.getStore() ?? main ?? NO_THREAD;
  if (t.daemon) return fn();
  let d = daemonViews.get(t);
  if (d === undefined) {
    d = Object.create(t, { daemon: { value: true } }) as TaskThread;
    daemonViews.set(t, d);
  }
  return als.run(d, fn);
}

const daemonViews = new WeakMap<TaskThread, TaskThread>();

/** What asDaemon stands on before threading has made the main thread. */
const NO_THREAD: TaskThread = {
  name: "MainThread",
  daemon: false,
  ident: null,
  native_id: null,
  is_alive: () => true,
};

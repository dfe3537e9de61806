// Python's threading.Thread as a task on the event loop (docs/porting.md §7).

import { AssertionError, RuntimeError } from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import {
  active,
  als,
  current,
  hold,
  MAIN_IDENT,
  nativeIdOf,
  newIdent,
  setMainThread,
  unhold,
} from "../_shared/thread_context.ts";
import { NONE, optTimeout, WaitQueue } from "../_shared/waiters.ts";
import { reportException } from "./_report.ts";
import { dropLocals } from "./_locals.ts";
import { showAsPython } from "../_shared/pyrepr.ts";
import { isThenable } from "../_shared/thenable.ts";

/** Keyword arguments of {@linkcode Thread}, with Python's names. */
export interface ThreadOptions {
  /** Must be `null`: reserved by Python for thread groups. */
  group?: null;
  /** The function `run()` calls, sync or async; `null` for none. */
  // deno-lint-ignore no-explicit-any
  target?: ((...args: any[]) => unknown) | null;
  /** The thread's name; by default `"Thread-N"` or `"Thread-N (target)"`. */
  name?: string | null;
  /** Positional arguments for the target. */
  args?: Iterable<unknown>;
  /** Keyword arguments for the target, passed as one trailing object. */
  kwargs?: Record<string, unknown> | null;
  /** Whether the thread is a daemon; by default the creating thread's. */
  daemon?: boolean | null;
}

const OPTION_NAMES = ["group", "target", "name", "args", "kwargs", "daemon"];
let counter = 0;
/** What run() resolves to, whatever the target's promise gave: None. */
const toNone = (): void => {};
/** The arguments of a thread whose run() has begun (shared, never changed). */
const NO_ARGS: unknown[] = [];
let initMain: (t: Thread) => void;
let ended: () => void;
let failed: (e: unknown) => void;

/**
 * Python's `threading.Thread`: runs `target(...args, kwargs)` (or an
 * overridden `run()`) as a concurrent task on the same event loop, so it
 * shares memory with every other thread as under CPython's GIL. Blocking
 * calls inside it are awaited; the target may be sync or async.
 *
 * `Thread(target=f, args=(1,))` becomes
 * `new Thread({ target: f, args: [1] })`; a subclass overrides `run()`,
 * which may be `async`. A started non-daemon thread keeps the program
 * alive until it ends; a daemon thread never does. An exception that
 * escapes `run()` goes to `threading.excepthook` and ends only that thread.
 *
 * @example Ten threads, each sleeping then reporting
 * ```ts
 * import { sleep, Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const done: number[] = [];
 * async function worker(i: number) {
 *   await sleep(0.01 * (10 - i));
 *   done.push(i);
 * }
 * const threads = [];
 * for (let i = 0; i < 10; i++) {
 *   const t = new Thread({ target: worker, args: [i] });
 *   t.start();
 *   threads.push(t);
 * }
 * for (const t of threads) await t.join();
 * assert.deepEqual(done, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
 * ```
 *
 * @example A subclass with run()
 * ```ts
 * import { Thread } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * class Adder extends Thread {
 *   total = 0;
 *   override async run() {
 *     for (let i = 1; i <= 4; i++) this.total += i;
 *   }
 * }
 * const t = new Adder();
 * t.start();
 * await t.join();
 * assert.equal(t.total, 10);
 * assert.equal(t.is_alive(), false);
 * ```
 */
export class Thread {
  // deno-lint-ignore no-explicit-any
  #target: ((...args: any[]) => unknown) | null;
  #args: unknown[];
  #kwargs: Record<string, unknown> | null;
  /** The name; null while it is the default one, made from #no and #tname. */
  #name: string | null = null;
  /** The N of a default name "Thread-N (target)". */
  #no = 0;
  /** The target's name in a default name, or null for "Thread-N". */
  #tname: string | null = null;
  #daemon: boolean;
  #started = false;
  #stopped = false;
  #ident: number | null = null;
  #joiners: WaitQueue | null = null;

  /**
   * Makes a thread; it runs once `start()` is called.
   *
   * @param options Python's keyword arguments: `group` (must be null),
   * `target`, `name`, `args`, `kwargs`, `daemon`.
   * @throws {TypeError} For an option Python's Thread does not have.
   */
  constructor(options: ThreadOptions = {}) {
    for (const k of Object.keys(options ?? {})) {
      if (!OPTION_NAMES.includes(k)) {
        throw new TypeError(
          `Thread.__init__() got an unexpected keyword argument '${k}'`,
        );
      }
    }
    const { group, target, name, args, kwargs, daemon } = options ?? {};
    if (group !== undefined && group !== null) {
      throw new AssertionError("group argument must be None for now");
    }
    if (!name) {
      // Python's `if name:`: no name, or an empty one, gets the default.
      // Made when asked for: a thread that is never named holds no string.
      this.#no = ++counter;
      if (target !== undefined && target !== null) {
        this.#tname = target.name || "<lambda>";
      }
    } else {
      this.#name = String(name);
    }
    this.#target = target ?? null;
    this.#args = args === undefined || args === null ? [] : Array.from(args);
    this.#kwargs = kwargs ?? null;
    this.#daemon = daemon === undefined || daemon === null
      ? current()?.daemon ?? false
      : Boolean(daemon);
  }

  static {
    initMain = (t) => {
      t.#started = true;
      t.#ident = MAIN_IDENT;
    };
  }

  /**
   * Python's `start()`: starts the thread. Its body begins once the caller
   * next awaits (or returns to the event loop), as a thread starts when
   * the running one yields the GIL; `is_alive()` is true at once.
   *
   * @throws {RuntimeError} "threads can only be started once".
   */
  start(): void {
    if (this.#started) {
      throw new RuntimeError("threads can only be started once");
    }
    this.#started = true;
    const ident = newIdent();
    this.#ident = ident;
    active.set(ident, this);
    if (!this.#daemon) hold();
    als.run(this, () => NONE.then(() => this.#begin()));
  }

  // The thread's life as promise steps rather than an async function. Its
  // last step, after the body, is one pair of functions shared by every
  // thread: each finds its thread as the current one (a promise step runs
  // in the context it was added in), so a thread waiting in its body holds
  // one promise reaction here and nothing else, which is what an idle
  // request thread of a server costs.
  static {
    const self = (): Thread => {
      const t = current() as Thread;
      // Were the step ever run outside its thread's context, it would end
      // another thread instead: fail loudly rather than silently.
      if (!(#ident in t) || t.#ident === MAIN_IDENT || t.#stopped) {
        throw new RuntimeError("a thread's last step ran outside its thread");
      }
      return t;
    };
    ended = () => self().#end(null, false);
    failed = (e) => self().#end(e, true);
  }

  #begin(): void {
    try {
      // run() not overridden: call the target itself, without run()'s
      // step that turns the result into None (it is dropped here anyway).
      const r = this.run === baseRun ? this.#call() : this.run();
      if (isThenable(r)) {
        Promise.resolve(r).then(ended, failed);
        return;
      }
    } catch (e) {
      this.#end(e, true);
      return;
    }
    this.#end(null, false);
  }

  #end(e: unknown, raised: boolean): void {
    try {
      if (raised) reportException(e, this);
    } finally {
      this.#stopped = true;
      active.delete(this.#ident!);
      dropLocals(this);
      if (!this.#daemon) unhold();
      const q = this.#joiners;
      if (q !== null) {
        for (let w = q.shift(); w !== undefined; w = q.shift()) w.wake(true);
      }
    }
  }

  /** The name (what repr shows, even when a subclass overrides `name`). */
  #nameText(): string {
    // Made at the first ask, then kept as a given name is.
    return this.#name ??= this.#tname === null
      ? `Thread-${this.#no}`
      : `Thread-${this.#no} (${this.#tname})`;
  }

  /** Calls the target once (run()'s body): its result as it returned it. */
  #call(): unknown {
    const target = this.#target;
    if (target === null) return undefined;
    const args = this.#args, kwargs = this.#kwargs;
    this.#target = null;
    this.#args = NO_ARGS;
    this.#kwargs = null;
    return kwargs !== null && Object.keys(kwargs).length > 0
      ? target(...args, kwargs)
      : target(...args);
  }

  /**
   * Python's `run()`: the thread's activity. By default calls the target
   * with `args` and, when given, `kwargs` as one trailing object. Override
   * it in a subclass; it may be `async`.
   *
   * @returns Nothing, or a promise when the target is async.
   */
  run(): void | Promise<void> {
    const r = this.#call();
    if (isThenable(r)) return Promise.resolve(r).then(toNone);
  }

  /**
   * Python's `join(timeout=None)`: waits until the thread ends, or until
   * `timeout` seconds have passed (then check `is_alive()`).
   *
   * @param timeout Seconds to wait at most; `null` waits without limit.
   * Also as `{ timeout }`.
   * @returns A promise resolved when the thread ended or time ran out.
   * @throws {RuntimeError} When the thread was not started, or is the
   * calling thread.
   */
  join(timeout?: number | null | { timeout?: number | null }): Promise<void> {
    try {
      const [t] = bind("join", ["timeout"], [timeout]);
      if (!this.#started) {
        throw new RuntimeError("cannot join thread before it is started");
      }
      if (this === current()) {
        throw new RuntimeError("cannot join current thread");
      }
      const secs = optTimeout(t);
      if (this.#stopped || (secs !== null && secs <= 0)) return NONE;
      return (this.#joiners ??= new WaitQueue()).park(secs).then(() => {});
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Python's `is_alive()`: started and not yet ended.
   *
   * @returns Whether the thread is running.
   */
  is_alive(): boolean {
    return this.#started && !this.#stopped;
  }

  /** Python's `name`: a label, not necessarily unique; settable. */
  get name(): string {
    return this.#nameText();
  }
  set name(v: string) {
    this.#name = String(v);
  }

  /** Python's `ident`: a positive number unique among threads; `null` before `start()`. */
  get ident(): number | null {
    return this.#ident;
  }

  /**
   * Python's `native_id`: pyport's number for the thread (the main thread's
   * is the process id; every thread runs on the one OS thread of the event
   * loop); `null` before `start()`.
   */
  get native_id(): number | null {
    return this.#ident === null ? null : nativeIdOf(this.#ident);
  }

  /**
   * Python's `daemon`: whether the program may end while this thread still
   * runs. Settable only before `start()` (RuntimeError after).
   */
  get daemon(): boolean {
    return this.#daemon;
  }
  set daemon(v: boolean) {
    if (this.#started) {
      throw new RuntimeError("cannot set daemon status of active thread");
    }
    this.#daemon = Boolean(v);
  }

  /**
   * Legacy `getName()`: the name.
   *
   * @returns `name`.
   */
  getName(): string {
    return this.name;
  }

  /**
   * Legacy `setName(name)`.
   *
   * @param name The new name.
   */
  setName(name: string): void {
    this.name = name;
  }

  /**
   * Legacy `isDaemon()`.
   *
   * @returns `daemon`.
   */
  isDaemon(): boolean {
    return this.daemon;
  }

  /**
   * Legacy `setDaemon(daemonic)`.
   *
   * @param daemonic The new daemon flag (before `start()` only).
   */
  setDaemon(daemonic: boolean): void {
    this.daemon = daemonic;
  }

  /**
   * Python's `repr()`: `<Thread(name, started daemon ident)>`.
   *
   * @returns The description.
   */
  toString(): string {
    const status = !this.#started
      ? "initial"
      : this.#stopped
      ? "stopped"
      : "started";
    return `<${this.constructor.name}(${this.#nameText()}, ${status}${
      this.#daemon ? " daemon" : ""
    }${this.#ident === null ? "" : ` ${this.#ident}`})>`;
  }
}

showAsPython(Thread);

const baseRun = Thread.prototype.run;

/** The thread that runs the program's top level and everything outside other threads. */
class _MainThread extends Thread {
  constructor() {
    super({ name: "MainThread", daemon: false });
  }
}

const mainThreadObject = new _MainThread();
initMain(mainThreadObject);
setMainThread(mainThreadObject);

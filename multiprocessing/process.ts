// Python's multiprocessing.Process, current_process, parent_process and
// active_children (docs/porting.md §7): a Process runs its target in a child with
// its own memory, a Worker ('worker', the default) or a new OS process
// ('spawn').

import {
  AssertionError,
  RuntimeError,
  ValueError,
} from "../builtins/exceptions.ts";
import { bind } from "../_shared/args.ts";
import { pyRepr, showAsPython } from "../_shared/pyrepr.ts";
import { optTimeout } from "../_shared/waiters.ts";
import { self } from "./_identity.ts";
import { type Popen, SIGKILL, SIGTERM } from "./_popen.ts";
import { startChild } from "./_start.ts";
import { defaultMethod, type StartMethod, state } from "./_state.ts";
import { type ChildView, processInternals } from "./_process_internals.ts";
import { callerModule } from "./_target.ts";

/** Keyword arguments of {@linkcode Process}, with Python's names. */
export interface ProcessOptions {
  /** Must be `null`: reserved by Python. */
  group?: null;
  /** The function `run()` calls in the child, sync or async; `null` for none. */
  // deno-lint-ignore no-explicit-any
  target?: ((...args: any[]) => unknown) | null;
  /** The process's name; by default `"Process-N"` (`"Process-N:M"` below a child). */
  name?: string | null;
  /** Positional arguments for the target. */
  args?: Iterable<unknown>;
  /** Keyword arguments for the target, passed as one trailing object. */
  kwargs?: Record<string, unknown> | null;
  /** Whether the process is daemonic; by default the creating process's. */
  daemon?: boolean | null;
}

const OPTION_NAMES = ["group", "target", "name", "args", "kwargs", "daemon"];

/** Made for a child's own Process object, which its parent sent. */
const REBUILD = Symbol("rebuild");

let counter = 0;
let currentProcess: () => Process;
const children = new Set<Process>();

function formatName(identity: number[]): string {
  return `Process-${identity.join(":")}`;
}

const exitcodeNames: Record<number, string> = {
  [-SIGTERM]: "-SIGTERM",
  [-SIGKILL]: "-SIGKILL",
  [-2]: "-SIGINT",
  [-1]: "-SIGHUP",
  [-6]: "-SIGABRT",
  [-11]: "-SIGSEGV",
};

/**
 * Python's `multiprocessing.Process`: runs `target(...args, kwargs)` (or an
 * overridden `run()`) in a child process with its own memory, in parallel
 * on another core. The default start method, 'worker', makes the child a
 * Worker; 'spawn' makes it a new OS process of the same runtime (see
 * {@linkcode get_context}).
 *
 * `Process(target=f, args=(1,))` becomes
 * `new Process({ target: f, args: [1] })`. The child finds the target by
 * importing its module, as Python's child unpickles it: the target must be
 * a function exported at the top level of its module (or a self-contained
 * function, which crosses as its source text), and a subclass overriding
 * `run()` must be exported too. The child does not run the parent's main
 * code: guard it with `if (import.meta.main)` (Python's
 * `if __name__ == "__main__":`; on Node 20, which lacks `import.meta.main`,
 * `if (import.meta.main ?? parent_process() === null)`). Arguments, and the
 * fields of a subclass, cross by structured clone; pyport's shared objects
 * (queues, pipes, locks, shared values) cross as themselves.
 *
 * `exitcode` is 0 after a normal end, 1 after an uncaught exception (its
 * traceback is printed to stderr), `n` after `throw new SystemExit(n)` (or
 * `process.exit(n)` / `Deno.exit(n)`), and -15 / -9 after `terminate()` /
 * `kill()`.
 *
 * @example Ten processes saying hi
 * ```ts ignore
 * // greet.ts
 * import { Process, Queue } from "@pyport/std/multiprocessing";
 *
 * export function greet(q: Queue, i: number) {
 *   q.put(`hi from process ${i}`);
 * }
 *
 * if (import.meta.main) {
 *   const q = new Queue();
 *   const ps = [];
 *   for (let i = 0; i < 10; i++) {
 *     const p = new Process({ target: greet, args: [q, i] });
 *     p.start();
 *     ps.push(p);
 *   }
 *   for (let i = 0; i < 10; i++) console.log(await q.get());
 *   for (const p of ps) await p.join();
 * }
 * ```
 *
 * @example What a Process is before it starts
 * ```ts
 * import { Process } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const p = new Process({ name: "worker-1" });
 * assert.equal(p.name, "worker-1");
 * assert.equal(p.exitcode, null);
 * assert.equal(p.is_alive(), false);
 * assert.match(String(p), /^<Process name='worker-1' parent=\d+ initial>$/);
 * ```
 */
export class Process {
  // deno-lint-ignore no-explicit-any
  #target: ((...args: any[]) => unknown) | null = null;
  #args: unknown[] = [];
  #kwargs: Record<string, unknown> | null = null;
  #name = "";
  #daemon: boolean | null = null;
  #identity: number[] = [];
  #parentPid = 0;
  #popen: Popen | null = null;
  #closed = false;
  #caller: string | null = null;
  /** This object stands for the running process itself (or its parent). */
  #self: "current" | "parent" | null = null;
  #selfPid = 0;
  /** The class Python's repr names: `_MainProcess`, `_ParentProcess`. */
  #pyClass: string | null = null;

  /** The start method of this class's processes; null: the default. */
  static _start_method: StartMethod | null = null;

  /**
   * Makes a process; it runs once `start()` is called.
   *
   * @param options Python's keyword arguments: `group` (must be null),
   * `target`, `name`, `args`, `kwargs`, `daemon`.
   * @throws {TypeError} For an option Python's Process does not have.
   * @throws {AssertionError} For a `group` other than null.
   */
  constructor(options: ProcessOptions = {}) {
    if ((options as unknown) === REBUILD) return;
    for (const k of Object.keys(options ?? {})) {
      if (!OPTION_NAMES.includes(k)) {
        throw new TypeError(
          `BaseProcess.__init__() got an unexpected keyword argument '${k}'`,
        );
      }
    }
    const { group, target, name, args, kwargs, daemon } = options ?? {};
    if (group !== undefined && group !== null) {
      throw new AssertionError("group argument must be None for now");
    }
    this.#identity = [...self.identity, ++counter];
    this.#parentPid = self.pid;
    this.#target = target ?? null;
    this.#args = args === undefined || args === null ? [] : Array.from(args);
    this.#kwargs = kwargs ?? null;
    this.#name = name === undefined || name === null
      ? formatName(this.#identity)
      : String(name);
    if (daemon !== undefined && daemon !== null) this.#daemon = !!daemon;
    this.#caller = callerModule();
  }

  static {
    let current: Process | null = null;
    Object.assign(processInternals, {
      rebuild(cls: typeof Process, v: ChildView): Process {
        const p = Reflect.construct(Process, [REBUILD], cls) as Process;
        p.#name = v.name;
        p.#daemon = v.daemon;
        p.#identity = v.identity;
        p.#parentPid = v.parentPid;
        p.#target = v.target;
        p.#args = v.args;
        p.#kwargs = v.kwargs;
        return p;
      },
      setCurrent(p: Process): void {
        p.#self = "current";
        p.#selfPid = self.pid;
        current = p;
      },
      describe(p: Process) {
        return {
          name: p.#name,
          daemon: p.daemon,
          identity: p.#identity,
          parentPid: p.#parentPid,
          target: p.#target,
          args: p.#args,
          kwargs: p.#kwargs,
          caller: p.#caller,
        };
      },
      parentView(pid: number, name: string): Process {
        const p = new Process({ name });
        counter--;
        p.#self = "parent";
        p.#pyClass = "_ParentProcess";
        p.#selfPid = pid;
        p.#parentPid = 0;
        return p;
      },
    });
    currentProcess = () => {
      if (current === null) {
        const main = new Process({ name: "MainProcess" });
        counter--;
        main.#identity = [];
        main.#parentPid = 0;
        main.#daemon = false;
        main.#self = "current";
        main.#pyClass = "_MainProcess";
        main.#selfPid = self.pid;
        current = main;
      }
      return current;
    };
  }

  #checkClosed(): void {
    if (this.#closed) throw new ValueError("process object is closed");
  }

  /**
   * Python's `run()`: the process's activity, in the child. By default
   * calls the target with `args` and, when given, `kwargs` as one trailing
   * object. Override it in an exported subclass; it may be `async`.
   *
   * @returns Nothing, or a promise when the target is async.
   */
  run(): unknown {
    const target = this.#target;
    if (target === null) return;
    const args = this.#kwargs === null || Object.keys(this.#kwargs).length === 0
      ? this.#args
      : [...this.#args, this.#kwargs];
    return target(...args);
  }

  /**
   * Python's `start()`: starts the child, which runs `run()`. Returns at
   * once.
   *
   * @throws {AssertionError} When started twice, when not made by this
   * process, or in a daemonic process ("daemonic processes are not allowed
   * to have children").
   * @throws {TypeError} When the target or an argument cannot reach the
   * child; the message says what to do.
   * @throws {RuntimeError} When a child starts processes while importing
   * its target's module (the main-module guard is missing).
   */
  start(): void {
    this.#checkClosed();
    if (this.#popen !== null) {
      throw new AssertionError("cannot start a process twice");
    }
    if (this.#self !== null || this.#parentPid !== self.pid) {
      throw new AssertionError(
        "can only start a process object created by current process",
      );
    }
    if (self.daemon) {
      throw new AssertionError(
        "daemonic processes are not allowed to have children",
      );
    }
    if (state.bootstrapping) throw new RuntimeError(BOOTSTRAP_MESSAGE);
    cleanup();
    const cls = this.constructor as typeof Process;
    const method = cls._start_method ?? defaultMethod();
    this.#popen = startChild(this, method);
    children.add(this);
  }

  /**
   * Python's `join(timeout=None)`: waits until the process ends, at most
   * `timeout` seconds. Check `exitcode` (null: still running) afterwards.
   *
   * @param timeout Seconds to wait at most; `null`/omitted waits until the
   * end. Also `{ timeout }`.
   * @returns Nothing, once the process ended or the time ran out.
   * @throws {AssertionError} Before `start()` ("can only join a started
   * process") or for a process this one did not start.
   * @throws {ValueError} After `close()`.
   */
  async join(
    timeout?: number | null | { timeout?: number | null },
  ): Promise<void> {
    // Python binds the arguments before the body runs.
    const [t] = bind("join", ["timeout"], [timeout]);
    this.#checkClosed();
    if (this.#self !== null || this.#parentPid !== self.pid) {
      throw new AssertionError("can only join a child process");
    }
    if (this.#popen === null) {
      throw new AssertionError("can only join a started process");
    }
    const secs = optTimeout(t);
    const r = await this.#popen.wait(secs === null ? null : Math.max(0, secs));
    if (r !== null) children.delete(this);
  }

  /**
   * Python's `is_alive()`: whether the process has started and not ended.
   *
   * @returns Whether it runs.
   * @throws {ValueError} After `close()`.
   */
  is_alive(): boolean {
    this.#checkClosed();
    if (this.#self !== null) return true;
    if (this.#parentPid !== self.pid) {
      throw new AssertionError("can only test a child process");
    }
    if (this.#popen === null) return false;
    if (this.#popen.poll() === null) return true;
    children.delete(this);
    return false;
  }

  /**
   * Python's `exitcode`: null while running (or before `start()`), else
   * the exit code: 0, 1 after an uncaught exception, n after an exit with
   * n, -N after signal N (terminate: -15, kill: -9).
   */
  get exitcode(): number | null {
    this.#checkClosed();
    return this.#popen === null ? null : this.#popen.poll();
  }

  /** Python's `pid`: the child's process id; null before `start()`. */
  get pid(): number | null {
    this.#checkClosed();
    if (this.#self !== null) return this.#selfPid;
    return this.#popen?.pid ?? null;
  }

  /** Python's `ident`: the same as `pid`. */
  get ident(): number | null {
    return this.pid;
  }

  /** Python's `name`: used only for identification. */
  get name(): string {
    return this.#name;
  }
  set name(v: string) {
    if (typeof v !== "string") {
      throw new AssertionError("name must be a string");
    }
    this.#name = v;
  }

  /**
   * Python's `daemon`: whether the process is daemonic. A daemonic child
   * is stopped when its parent exits and may not start children. Set it
   * before `start()`.
   */
  get daemon(): boolean {
    return this.#daemon ?? (this.#self === null ? self.daemon : false);
  }
  set daemon(v: boolean) {
    if (this.#popen !== null) {
      throw new AssertionError("process has already started");
    }
    this.#daemon = !!v;
  }

  /** Python's `authkey`: the process's authentication key (32 bytes). */
  get authkey(): Uint8Array {
    return self.authkey;
  }

  /**
   * Python's `sentinel`: a descriptor number that becomes readable when
   * the process ends (for `select` and `connection.wait()`).
   *
   * @throws {ValueError} Before `start()` ("process not started").
   */
  get sentinel(): number {
    this.#checkClosed();
    if (this.#popen === null) throw new ValueError("process not started");
    return this.#popen.sentinel;
  }

  /**
   * Python's `terminate()`: stops the child at once (SIGTERM for a
   * 'spawn' child); `exitcode` becomes -15. Exit work such as flushing
   * queues does not run, so shared objects it was using may be left
   * broken, as in Python.
   *
   * @throws {ValueError} After `close()`.
   * @throws {TypeError} Before `start()`, with Python's AttributeError text.
   */
  terminate(): void {
    this.#checkClosed();
    this.#started("terminate").terminate();
  }

  /**
   * Python's `kill()`: like `terminate()`, with SIGKILL; `exitcode`
   * becomes -9.
   *
   * @throws {ValueError} After `close()`.
   * @throws {TypeError} Before `start()`, with Python's AttributeError text.
   */
  kill(): void {
    this.#checkClosed();
    this.#started("kill").kill();
  }

  /** The popen of a started process; Python's AttributeError text before. */
  #started(method: string): Popen {
    if (this.#popen === null) {
      throw new TypeError(`'NoneType' object has no attribute '${method}'`);
    }
    return this.#popen;
  }

  /**
   * Python's `close()`: releases what the Process object holds. Most of
   * its methods then raise ValueError.
   *
   * @throws {ValueError} While the process still runs ("Cannot close a
   * process while it is still running. You should first call join() or
   * terminate().").
   */
  close(): void {
    if (this.#popen !== null) {
      if (this.#popen.poll() === null) {
        throw new ValueError(
          "Cannot close a process while it is still running. " +
            "You should first call join() or terminate().",
        );
      }
      this.#popen.close();
      this.#popen = null;
    }
    children.delete(this);
    this.#closed = true;
  }

  /**
   * Python's `repr()`, e.g. `<Process name='Process-1' pid=4194305
   * parent=812 stopped exitcode=0>`; `<_MainProcess name='MainProcess'
   * parent=None started>` for the main process. As in CPython, the pid
   * shows for a process this one started, not for `current_process()` or
   * `parent_process()`.
   *
   * @returns The description.
   */
  toString(): string {
    let status: string;
    let code: number | null = null;
    if (this.#self === "current") status = "started";
    else if (this.#closed) status = "closed";
    else if (this.#self === "parent" || this.#parentPid !== self.pid) {
      status = "unknown";
    } else if (this.#popen === null) status = "initial";
    else {
      code = this.#popen.poll();
      status = code === null ? "started" : "stopped";
    }
    const parts = [
      this.#pyClass ?? this.constructor.name,
      `name=${pyRepr(this.#name)}`,
    ];
    const pid = this.#self !== null ? undefined : this.#popen?.pid;
    if (pid !== undefined && !this.#closed) parts.push(`pid=${pid}`);
    parts.push(
      `parent=${
        this.#self === "current"
          ? self.parent?.pid ?? "None"
          : this.#parentPid || "None"
      }`,
    );
    parts.push(status);
    if (code !== null) parts.push(`exitcode=${exitcodeNames[code] ?? code}`);
    if (this.daemon) parts.push("daemon");
    return `<${parts.join(" ")}>`;
  }
}

showAsPython(Process);

/** Drops ended children from the active set, as Python's _cleanup. */
function cleanup(): void {
  for (const p of children) {
    if (!p.is_alive()) children.delete(p);
  }
}

const BOOTSTRAP_MESSAGE = `
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that the module with the target starts
        processes when it is imported: the child imports that module to
        find the target, and so runs its top-level code again.

        Guard the code that should run only in the main process, as
        Python's \`if __name__ == '__main__':\` does:

            if (import.meta.main) {
                ...
            }

        (on Node 20, \`if (import.meta.main ?? parent_process() === null)\`).`;

/**
 * Python's `multiprocessing.current_process()`: the Process object of the
 * process this code runs in (`name` is "MainProcess" in the main process).
 *
 * @returns This process.
 *
 * @example
 * ```ts
 * import { current_process } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(current_process().name, "MainProcess");
 * assert.equal(current_process().is_alive(), true);
 * ```
 */
export function current_process(): Process {
  return currentProcess();
}

let parentProcess: Process | null | undefined;

/**
 * Python's `multiprocessing.parent_process()`: the parent of this process,
 * or null in the main process.
 *
 * @returns The parent, or null.
 *
 * @example
 * ```ts
 * import { parent_process } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parent_process(), null);
 * ```
 */
export function parent_process(): Process | null {
  if (parentProcess === undefined) {
    parentProcess = self.parent === null
      ? null
      : processInternals.parentView(self.parent.pid, self.parent.name);
  }
  return parentProcess;
}

/**
 * Python's `multiprocessing.active_children()`: the children of this
 * process that are still running. Calling it also reaps ended children.
 *
 * @returns The live child processes.
 *
 * @example
 * ```ts
 * import { active_children } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(active_children(), []);
 * ```
 */
export function active_children(): Process[] {
  cleanup();
  return [...children];
}

// Python's threading.excepthook, __excepthook__ and ExceptHookArgs.

import { SystemExit } from "../builtins/exceptions.ts";
import { attrSetters } from "./_attrs.ts";
import type { Thread } from "./thread.ts";
import { addressOf, pyRepr, showAsPython } from "../_shared/pyrepr.ts";

/**
 * Python's `threading.ExceptHookArgs`: what `excepthook` is told about an
 * exception that escaped a thread's `run()`.
 *
 * @example
 * ```ts
 * import { ExceptHookArgs, main_thread } from "@pyport/std/threading";
 * import { ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new ValueError("boom");
 * const args = new ExceptHookArgs(e, main_thread());
 * assert.equal(args.exc_type, ValueError);
 * assert.equal(args.exc_value, e);
 * ```
 */
export class ExceptHookArgs {
  /** The exception's class (its constructor); `null` for `null`/`undefined`. */
  readonly exc_type: (abstract new (...args: never[]) => unknown) | null;
  /** The exception (any thrown value). */
  readonly exc_value: unknown;
  /** The traceback: the JavaScript stack of the exception, or `null`. */
  readonly exc_traceback: string | null;
  /** The thread that raised it. */
  readonly thread: Thread | null;

  /**
   * Makes the arguments.
   *
   * @param exc The thrown value.
   * @param thread The thread it escaped from.
   */
  constructor(exc: unknown, thread: Thread | null) {
    this.exc_value = exc;
    this.exc_type = exc === null || exc === undefined
      ? null
      : (Object(exc).constructor ?? null);
    const stack = exc instanceof Error ? exc.stack : undefined;
    this.exc_traceback = typeof stack === "string" ? stack : null;
    this.thread = thread;
  }

  /**
   * Python's `repr()`: `_thread._ExceptHookArgs(exc_type=<class
   * 'ValueError'>, exc_value=ValueError('x'), exc_traceback=<traceback
   * object at 0x...>, thread=<Thread(Thread-1, started 2)>)`.
   *
   * @returns The description.
   */
  toString(): string {
    const type = this.exc_type === null
      ? "None"
      : `<class '${(this.exc_type as { name: string }).name}'>`;
    const tb = this.exc_traceback === null
      ? "None"
      : `<traceback object at ${addressOf(this)}>`;
    return `_thread._ExceptHookArgs(exc_type=${type}, exc_value=${
      pyRepr(this.exc_value)
    }, exc_traceback=${tb}, thread=${pyRepr(this.thread)})`;
  }
}

showAsPython(ExceptHookArgs);

/** A function that may stand as `threading.excepthook`. */
export type ExceptHook = (args: ExceptHookArgs) => unknown;

/**
 * Python's `threading.__excepthook__`: the default `excepthook`. Prints
 * `Exception in thread NAME:` and the exception with its stack to stderr.
 *
 * @param args The exception and thread.
 *
 * @example
 * ```ts
 * import { __excepthook__, excepthook } from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * assert.equal(excepthook, __excepthook__);
 * ```
 */
export function __excepthook__(args: ExceptHookArgs): void {
  const v = args.exc_value;
  // Python's default hook ignores SystemExit silently.
  if (v instanceof SystemExit) return;
  const text = args.exc_traceback ??
    (v instanceof Error ? `${v.name}: ${v.message}` : String(v));
  const name = args.thread?.name ?? "<unknown>";
  console.error(`Exception in thread ${name}:\n${text}`);
}

/**
 * Python's `threading.excepthook`: called with an {@linkcode ExceptHookArgs}
 * for each exception that escapes a thread's `run()`; the exception then
 * ends only that thread. Python's `threading.excepthook = hook` is
 * `threading.setattr("excepthook", hook)`; reading it gives the current
 * hook.
 *
 * @example Collecting exceptions instead of printing them
 * ```ts
 * import * as threading from "@pyport/std/threading";
 * import assert from "node:assert/strict";
 *
 * const seen: unknown[] = [];
 * const old = threading.excepthook;
 * threading.setattr("excepthook", (args: threading.ExceptHookArgs) => {
 *   seen.push(args.exc_value);
 * });
 * try {
 *   const t = new threading.Thread({ target: () => { throw new Error("boom"); } });
 *   t.start();
 *   await t.join();
 * } finally {
 *   threading.setattr("excepthook", old);
 * }
 * assert.equal((seen[0] as Error).message, "boom");
 * ```
 */
export let excepthook: ExceptHook = __excepthook__;

attrSetters.set("excepthook", (v) => {
  if (typeof v !== "function") {
    throw new TypeError("threading.excepthook must be callable");
  }
  excepthook = v as ExceptHook;
});

// Python's built-in exception classes that the ported modules raise, other
// than OSError and its family (see os_error.ts). Python's TypeError is the
// JavaScript built-in TypeError.

import { pyRepr, strOfArgs } from "../_shared/pyrepr.ts";
import { tuple } from "./tuple.ts";

/**
 * Python's `BaseException`: the root of Python's exception classes. Only
 * {@linkcode SystemExit} derives from it directly; everything else a
 * program should catch derives from {@linkcode Exception}. Its `args` holds
 * the arguments it was made with, and its message is Python's `str()` of
 * them: nothing, the one argument, or the tuple of them.
 *
 * @example
 * ```ts
 * import { BaseException, Exception, SystemExit } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new Exception("x") instanceof BaseException);
 * assert.ok(!(new SystemExit(2) instanceof Exception));
 * assert.equal(new Exception(1, 2).message, "(1, 2)");
 * ```
 */
export class BaseException extends Error {
  /**
   * Python's `args`: the arguments the exception was made with, a
   * {@linkcode tuple} as in Python (`('bad',)`). Assign a new array to
   * change them, as Python assigns a new tuple.
   */
  args: unknown[];
  /**
   * Makes the exception.
   *
   * @param args The message, or Python's arguments.
   */
  constructor(...args: unknown[]) {
    super(strOfArgs(args));
    this.args = Object.freeze(Object.setPrototypeOf(args, tuple.prototype));
  }
}

/**
 * Python's `Exception`: the base of every exception class pyport defines
 * except {@linkcode SystemExit} (and TypeError, which is JavaScript's own).
 *
 * @example
 * ```ts
 * import { Exception, repr, ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new ValueError("bad value");
 * assert.ok(e instanceof Exception);
 * assert.deepEqual([...e.args], ["bad value"]);
 * assert.equal(repr(e.args), "('bad value',)"); // a tuple, as in Python
 * ```
 */
export class Exception extends BaseException {}

/**
 * Python's `SystemExit`, what `sys.exit(code)` raises: `sys.exit(3)` is
 * `throw new SystemExit(3)`. In a `multiprocessing` child it ends the
 * process with that exit code (`null`: 0; a non-number is printed and
 * gives 1), as in Python.
 *
 * @example
 * ```ts
 * import { SystemExit } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new SystemExit(3).code, 3);
 * assert.equal(new SystemExit().code, null);
 * ```
 */
export class SystemExit extends BaseException {
  /** The exit status: a number, `null` for 0, or a message (status 1). */
  readonly code: unknown;
  /**
   * Makes the exception.
   *
   * @param args The exit code (none: `null`).
   */
  constructor(...args: unknown[]) {
    super(...args);
    this.code = args.length === 0 ? null : args.length === 1 ? args[0] : args;
  }
}

/**
 * Python's `AssertionError`: an internal consistency check failed, such as
 * releasing a recursive lock another thread owns.
 *
 * @example
 * ```ts
 * import { AssertionError, Exception } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new AssertionError("x") instanceof Exception);
 * ```
 */
export class AssertionError extends Exception {}

/**
 * Base of Python's arithmetic errors, such as {@linkcode OverflowError}.
 *
 * @example Catching an overflow as an ArithmeticError
 * ```ts
 * import { ArithmeticError, OverflowError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new OverflowError("too big") instanceof ArithmeticError);
 * ```
 */
export class ArithmeticError extends Exception {}

/**
 * Python's `OverflowError`: a number is outside the range an operation
 * accepts, such as a port above 65535.
 *
 * @example
 * ```ts
 * import { OverflowError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new OverflowError("bind(): port must be 0-65535.");
 * assert.equal(e.name, "OverflowError");
 * ```
 */
export class OverflowError extends ArithmeticError {}

/**
 * Python's `ValueError`: an argument has the right type but a wrong value.
 *
 * @example
 * ```ts
 * import { ValueError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(new ValueError("negative buffersize in recv")),
 *   "ValueError: negative buffersize in recv");
 * ```
 */
export class ValueError extends Exception {}

/**
 * Python's `RuntimeError`: an operation is not allowed in the current state,
 * such as starting a thread twice.
 *
 * @example
 * ```ts
 * import { RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new RuntimeError("threads can only be started once").name, "RuntimeError");
 * ```
 */
export class RuntimeError extends Exception {}

/**
 * Python's `RecursionError`: a value nests too deeply (as when pickling a
 * structure deeper than the recursion limit).
 *
 * @example
 * ```ts
 * import { RecursionError, RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new RecursionError("too deep") instanceof RuntimeError);
 * ```
 */
export class RecursionError extends RuntimeError {}

/**
 * Python's `NotImplementedError`. pyport raises it, naming the runtime, for a
 * feature that the running JavaScript runtime cannot provide at all.
 *
 * @example
 * ```ts
 * import { NotImplementedError, RuntimeError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new NotImplementedError("x") instanceof RuntimeError);
 * ```
 */
export class NotImplementedError extends RuntimeError {}

/**
 * Base of Python's lookup errors ({@linkcode KeyError}, {@linkcode IndexError}).
 *
 * @example
 * ```ts
 * import { KeyError, LookupError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new KeyError(3) instanceof LookupError);
 * ```
 */
export class LookupError extends Exception {}

/**
 * Python's `KeyError`: a mapping has no such key.
 *
 * @example
 * ```ts
 * import { KeyError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...new KeyError(7).args], [7]);
 * assert.equal(new KeyError("missing-key").message, "'missing-key'");
 * ```
 */
export class KeyError extends LookupError {
  /**
   * Makes the exception. Its message is the key's repr(), as Python's
   * str() of a KeyError is: `'missing-key'`, quotes included.
   *
   * @param args The key, or Python's arguments.
   */
  constructor(...args: unknown[]) {
    super(...args);
    if (args.length === 1) this.message = pyRepr(args[0]);
  }
}

/**
 * Python's `IndexError`: a sequence index is out of range.
 *
 * @example
 * ```ts
 * import { IndexError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new IndexError("array index out of range").message, "array index out of range");
 * ```
 */
export class IndexError extends LookupError {}

/**
 * Python's `EOFError`: input ended, as when the other end of a pipe closed.
 *
 * @example
 * ```ts
 * import { EOFError } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new EOFError().name, "EOFError");
 * ```
 */
export class EOFError extends Exception {}

/**
 * Python's `StopIteration`: an iterator's `next()` has no more items (as
 * `multiprocessing.pool`'s imap iterators raise it from `next()`).
 *
 * @example
 * ```ts
 * import { Exception, StopIteration } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * assert.ok(new StopIteration() instanceof Exception);
 * ```
 */
export class StopIteration extends Exception {}

/**
 * Python's `AttributeError`: an object has no attribute of that name (as a
 * manager's proxy reports a method its referent does not expose).
 *
 * @example
 * ```ts
 * import { AttributeError, Exception } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const e = new AttributeError("'Namespace' object has no attribute 'x'");
 * assert.ok(e instanceof Exception);
 * assert.equal(e.name, "AttributeError");
 * ```
 */
export class AttributeError extends Exception {}

for (
  const cls of [
    BaseException,
    Exception,
    SystemExit,
    AssertionError,
    ArithmeticError,
    OverflowError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    RecursionError,
    LookupError,
    KeyError,
    IndexError,
    EOFError,
    StopIteration,
    AttributeError,
  ]
) {
  Object.defineProperty(cls.prototype, "name", {
    value: cls.name,
    writable: true,
    configurable: true,
  });
}

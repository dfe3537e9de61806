// Running a request handler's life: setup -> handle -> finish.

import { isThenable } from "../_shared/thenable.ts";
import { BaseException, Exception } from "../builtins/exceptions.ts";

/** What a server needs of a request handler object. */
export interface HandlerLike {
  setup?(): unknown;
  handle?(): unknown;
  finish?(): unknown;
}

/**
 * Python runs setup(), handle() and finish() inside the handler's
 * constructor; a JavaScript constructor can neither await nor call a
 * subclass's methods before the subclass's fields exist, so the server
 * runs them here, right after constructing the handler. finish() runs even
 * when handle() throws.
 *
 * Promise steps, not an async function: a handler waiting in handle()
 * holds one reaction here rather than a suspended frame, which is what an
 * idle connection of a threading server costs.
 */
export function runHandler(h: HandlerLike): Promise<void> {
  try {
    const s = h.setup?.();
    if (isThenable(s)) {
      return Promise.resolve(s).then(() => handleThenFinish(h));
    }
  } catch (e) {
    return Promise.reject(e);
  }
  return handleThenFinish(h);
}

function handleThenFinish(h: HandlerLike): Promise<void> {
  try {
    const r = h.handle?.();
    if (isThenable(r)) {
      return Promise.resolve(r).then(
        () => finish(h, null, false),
        (e) => finish(h, e, true),
      );
    }
  } catch (e) {
    return finish(h, e, true);
  }
  return finish(h, null, false);
}

function finish(h: HandlerLike, e: unknown, failed: boolean): Promise<void> {
  return afterwards(() => h.finish?.(), e, failed);
}

/**
 * `finally { await last() }` after a step that failed with `e` (when
 * `failed`) or succeeded: calls `last`, waits for it, then rejects with `e`
 * or resolves; what `last` throws wins, as in Python.
 */
export function afterwards(
  last: () => unknown,
  e: unknown,
  failed: boolean,
): Promise<void> {
  try {
    const f = last();
    if (isThenable(f)) {
      return Promise.resolve(f).then(() => {
        if (failed) throw e;
      });
    }
  } catch (e2) {
    return Promise.reject(e2);
  }
  return failed ? Promise.reject(e) : RESOLVED;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** `fn()` as a promise: what it returns, or what it throws as a rejection. */
export function attempt(fn: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * Whether Python's `except Exception:` catches `e`: everything but a
 * BaseException that is not an Exception (SystemExit), which passes
 * through. A plain JavaScript error counts as an Exception.
 */
export function isException(e: unknown): boolean {
  return !(e instanceof BaseException) || e instanceof Exception;
}

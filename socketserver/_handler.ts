// Running a request handler's life: setup -> handle -> finish.

import { isThenable } from "../_shared/thenable.ts";

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
  let s: unknown;
  try {
    s = h.setup?.();
  } catch (e) {
    return Promise.reject(e);
  }
  return isThenable(s)
    ? Promise.resolve(s).then(() => handleThenFinish(h))
    : handleThenFinish(h);
}

function handleThenFinish(h: HandlerLike): Promise<void> {
  let r: unknown;
  try {
    r = h.handle?.();
  } catch (e) {
    return afterwards(h.finish?.bind(h), e, true);
  }
  if (!isThenable(r)) return afterwards(h.finish?.bind(h), null, false);
  return Promise.resolve(r).then(
    () => afterwards(h.finish?.bind(h), null, false),
    (e) => afterwards(h.finish?.bind(h), e, true),
  );
}

/**
 * `finally { await last?.() }` after a step that failed with `e` (when
 * `failed`) or succeeded: calls `last`, waits for it, then rejects with `e`
 * or resolves; what `last` throws wins.
 */
export function afterwards(
  last: (() => unknown) | undefined,
  e: unknown,
  failed: boolean,
): Promise<void> {
  let f: unknown;
  try {
    f = last?.();
  } catch (e2) {
    return Promise.reject(e2);
  }
  if (isThenable(f)) {
    return Promise.resolve(f).then(() => failed ? Promise.reject(e) : void 0);
  }
  return failed ? Promise.reject(e) : RESOLVED;
}

const RESOLVED: Promise<void> = Promise.resolve();

// Binding a Unix stream socket so that its file outlives it, as on Linux.
// Closing a bound AF_UNIX socket leaves its file; Python programs remove it
// themselves (os.unlink), and a second bind() to the path fails with
// EADDRINUSE until they do. Both runtimes instead remove the path they
// bound when the socket closes: libuv when the handle closes, Deno when
// the listener resource is dropped, which with an accept in flight is a
// moment after close() returns. So the socket is bound at a fresh name
// beside the path, the path is made a second name of the same socket
// (link(2); socket files link like any file), and the fresh name is
// removed at once: what a runtime removes on close is then a name that is
// no longer there, and the program's path behaves as under Python.

import { linkSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { errorFromErrno, OSError } from "../builtins/os_error.ts";
import { EACCES, EADDRINUSE, EEXIST } from "../errno/constants.ts";
import { mapError } from "./map_error.ts";

/** The longest path sun_path holds, with its terminating NUL. */
const SUN_PATH_MAX = 107;

/**
 * Binds with `bind` at a fresh name beside `path`, then gives the socket
 * the name `path`; `unbind` releases what `bind` made when that fails.
 * Falls back to binding `path` itself where that cannot be done (an
 * abstract address, a fresh name too long, no permission for it): the
 * runtime then removes the file on close.
 */
export function bindKeepingPath<T>(
  path: string,
  bind: (path: string) => T,
  unbind: (bound: T) => void,
): T {
  if (path === "" || path.startsWith("\0")) return bind(path);
  const fresh = join(
    dirname(path),
    `.pyport-${Math.random().toString(36).slice(2, 10)}`,
  );
  if (new TextEncoder().encode(fresh).length > SUN_PATH_MAX) return bind(path);
  let bound: T;
  try {
    bound = bind(fresh);
  } catch (e) {
    // Permission for the path only (Deno's --allow-write=PATH), say.
    if (e instanceof OSError && e.errno === EACCES) return bind(path);
    throw e;
  }
  try {
    linkSync(fresh, path);
  } catch (e) {
    unbind(bound);
    const err = mapError(e);
    // bind(2) on a path that exists fails with EADDRINUSE.
    throw err.errno === EEXIST ? errorFromErrno(EADDRINUSE) : err;
  } finally {
    try {
      unlinkSync(fresh);
    } catch { /* already gone (the runtime's unbind removed it) */ }
  }
  return bound;
}

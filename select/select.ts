// Python's select.select.

import { asTuple } from "../_shared/tuple.ts";
import { ValueError } from "../builtins/exceptions.ts";
import { errorFromErrno } from "../builtins/os_error.ts";
import { EBADF } from "../errno/constants.ts";
import { checkSeconds, fdOf, lookup, waitAny } from "../_shared/readiness.ts";
import { settle } from "../_shared/settle.ts";
import type { Selectable } from "../_shared/fd_table.ts";

// Linux's select(2): which poll events count as readable, writable, exceptional.
const IN_SET = 0x0001 | 0x0040 | 0x0080 | 0x0010 | 0x0008; // IN RDNORM RDBAND HUP ERR
const OUT_SET = 0x0004 | 0x0100 | 0x0200 | 0x0008; // OUT WRNORM WRBAND ERR
const EX_SET = 0x0002; // PRI
const FD_SETSIZE = 1024;

/** Python's `select.error`: the same class as `OSError`. */
export { OSError as error } from "../builtins/os_error.ts";

interface Entry<T> {
  obj: T;
  fd: number;
}

function entries<T>(list: Iterable<T>): Entry<T>[] {
  if (
    list === null || list === undefined ||
    typeof (list as { [Symbol.iterator]?: unknown })[Symbol.iterator] !==
      "function"
  ) {
    throw new TypeError("arguments 1-3 must be sequences");
  }
  const out: Entry<T>[] = [];
  for (const obj of list) {
    const fd = fdOf(obj);
    if (fd >= FD_SETSIZE) {
      throw new ValueError("filedescriptor out of range in select()");
    }
    out.push({ obj, fd });
  }
  return out;
}

/**
 * The objects behind the descriptors, taken once per call as the kernel
 * does: one closed while the call waits stays in the set (never ready).
 */
function resolve<T>(list: Entry<T>[]): [Entry<T>, Selectable][] {
  return list.map((e) => {
    const s = lookup(e.fd);
    if (s === undefined) throw errorFromErrno(EBADF);
    return [e, s];
  });
}

/**
 * Python's `select.select(rlist, wlist, xlist[, timeout])`: waits until some
 * of the objects are ready and returns the ready ones, as the same objects,
 * in three arrays. A listening socket is readable when `accept()` would not
 * block; a connected one when `recv()` would not (data, EOF or an error);
 * writable when `send()` would not. `timeout` `null` waits forever, `0`
 * polls. Objects may be sockets (anything with `fileno()`) or pyport
 * descriptor numbers.
 *
 * @example Waiting for a socket to become readable
 * ```ts
 * import { select } from "@pyport/std/select";
 * import { socketpair } from "@pyport/std/socket";
 * import { b, repr } from "@pyport/std/builtins";
 * import assert from "node:assert/strict";
 *
 * const [a, c] = socketpair();
 * assert.equal(repr(await select([c], [], [], 0)), "([], [], [])");
 * await a.sendall(b("x"));
 * const [r] = await select([c], [], [], 5);
 * assert.equal(r[0], c);
 * a.close();
 * c.close();
 * ```
 *
 * @param rlist Objects to wait for reading.
 * @param wlist Objects to wait for writing.
 * @param xlist Objects to wait for an exceptional condition (urgent data).
 * @param timeout Seconds, or `null` to wait forever.
 * @returns The ready subsets of the three lists.
 */
export async function select<R, W, X>(
  rlist: Iterable<R>,
  wlist: Iterable<W>,
  xlist: Iterable<X>,
  timeout: number | null = null,
): Promise<[R[], W[], X[]]> {
  const t = checkSeconds(timeout);
  const r = entries(rlist), w = entries(wlist), x = entries(xlist);
  const rs = resolve(r), ws = resolve(w), xs = resolve(x);
  const deadline = t === null ? null : performance.now() + t * 1000;
  let waited = false;
  for (;;) {
    const rr: R[] = [], wr: W[] = [], xr: X[] = [];
    const watches: [Selectable, number][] = [];
    const scan = <T>(list: [Entry<T>, Selectable][], set: number, out: T[]) => {
      for (const [e, s] of list) {
        if ((s.pollEvents() & set) !== 0) out.push(e.obj);
        else watches.push([s, set]);
      }
    };
    scan(rs, IN_SET, rr);
    scan(ws, OUT_SET, wr);
    scan(xs, EX_SET, xr);
    const ready = rr.length > 0 || wr.length > 0 || xr.length > 0;
    if (ready || t === 0) {
      if (waited) return asTuple([rr, wr, xr]);
      // Before answering without waiting, let the runtime look at the OS,
      // then look again: bytes sent to a watched socket before the call
      // are in its kernel buffer, and Python reports it readable.
      await settle(rr.length < rs.length);
      waited = true;
      continue;
    }
    waited = true;
    if (!(await waitAny(watches, deadline))) return asTuple([[], [], []]);
  }
}

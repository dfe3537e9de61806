// Python's multiprocessing.Pipe.

import { asTuple } from "../../_shared/tuple.ts";
import { bind } from "../../_shared/args.ts";
import { rebuildValue, reduced } from "../../_shared/reduce.ts";
import { Ring, type RingHolds } from "../_ring.ts";
import type { Connection } from "./connection.ts";
import "./connection.ts";

/** Keyword arguments of {@linkcode Pipe}, with Python's names. */
export interface PipeOptions {
  /** Both ends send and receive (default true); false: [reader, writer]. */
  duplex?: boolean;
}

// Buffer sizes as Linux gives Python's pipes: a duplex Pipe is a socket
// pair (about 200 KiB each way), a one-way Pipe an OS pipe (64 KiB).
const DUPLEX_CAPACITY = 1 << 18, SIMPLEX_CAPACITY = 1 << 16;

/** A Connection over `inRing` / `outRing`, made as a child rebuilds one. */
function connection(inRing: Ring | null, outRing: Ring | null): Connection {
  const ends: [SharedArrayBuffer, boolean][] = [];
  if (inRing !== null) ends.push([inRing.buffer, true]);
  if (outRing !== null) ends.push([outRing.buffer, false]);
  const token = new Int32Array(new SharedArrayBuffer(4));
  token[0] = 1;
  const holds: RingHolds = {
    rings: ends.map(([b]) => b),
    ends,
    token,
  };
  return rebuildValue(
    reduced("Connection", {
      readable: inRing !== null,
      writable: outRing !== null,
      holds,
    }),
  ) as Connection;
}

/**
 * Python's `multiprocessing.Pipe(duplex=True)`: a pair of connected
 * {@linkcode Connection} objects. With `duplex` both ends send and
 * receive; with `duplex` false the first only receives and the second
 * only sends. The pipe lives in shared memory; its ends cross to child
 * processes (the 'worker' start method) as Process arguments. Messages of
 * any size pass: one larger than the pipe's buffer (256 KiB each way for
 * a duplex pipe, 64 KiB for a one-way one, as Linux gives Python) streams
 * through while the other end reads; as in Python, a send of more than
 * that waits until the other end reads.
 *
 * @example Parent and child talk through a pipe (here both ends in one process)
 * ```ts
 * import { Pipe } from "@pyport/std/multiprocessing";
 * import assert from "node:assert/strict";
 *
 * const [parentConn, childConn] = Pipe();
 * await childConn.send([42, null, "hello"]);
 * assert.deepEqual(await parentConn.recv(), [42, null, "hello"]);
 *
 * const [reader, writer] = Pipe(false);
 * assert.equal(reader.writable, false);
 * await writer.send_bytes(new Uint8Array([1, 2, 3]));
 * assert.deepEqual(await reader.recv_bytes(), new Uint8Array([1, 2, 3]));
 * for (const c of [parentConn, childConn, reader, writer]) c.close();
 * ```
 *
 * @param duplex Two-way (default true), or `{ duplex }`.
 * @returns The two ends: `[conn1, conn2]`, or `[reader, writer]`.
 */
export function Pipe(duplex?: boolean | PipeOptions): [Connection, Connection] {
  const [d] = bind("Pipe", ["duplex"], [duplex]);
  if (d === undefined || d) {
    const a = Ring.create(DUPLEX_CAPACITY), b = Ring.create(DUPLEX_CAPACITY);
    return asTuple([connection(b, a), connection(a, b)]);
  }
  const r = Ring.create(SIMPLEX_CAPACITY);
  return asTuple([connection(r, null), connection(null, r)]);
}

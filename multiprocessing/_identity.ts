// Who this process is: its pid, name, parent and the counters its own
// children are named and numbered from. The main process fills it from the
// OS; a child's bootstrap fills it from what its parent sent.

import process from "node:process";
import { current } from "../_shared/thread_context.ts";
// The main thread object must exist before anyone asks who is calling.
import "../threading/thread.ts";

/** The first pid given to a 'worker' process: above Linux's pid_max (2**22). */
export const FIRST_WORKER_PID = 2 ** 22 + 1;

/** This process as its children and its own code see it. */
export interface Identity {
  /** Python's pid: the OS pid, or a number above pid_max for a Worker. */
  pid: number;
  /** `current_process().name`: "MainProcess" in the main process. */
  name: string;
  /** Whether this process is daemonic. */
  daemon: boolean;
  /** Python's `_identity`: [] in the main process, [1], [1, 2] ... below. */
  identity: number[];
  /** The parent, null in the main process. */
  parent: { pid: number; name: string } | null;
  /** The start method that made this process, null in the main process. */
  method: "worker" | "spawn" | null;
  /** Shared counter for 'worker' pids, passed down the tree of Workers. */
  pidCounter: Int32Array;
  /** Python's authkey (32 random bytes, inherited by children). */
  authkey: Uint8Array;
}

function randomKey(): Uint8Array {
  const k = new Uint8Array(32);
  crypto.getRandomValues(k);
  return k;
}

/** This process. The bootstrap of a child replaces the fields. */
export const self: Identity = {
  pid: process.pid,
  name: "MainProcess",
  daemon: false,
  identity: [],
  parent: null,
  method: null,
  pidCounter: new Int32Array(new SharedArrayBuffer(4)),
  authkey: randomKey(),
};

/** A pid for a new 'worker' process, unique in this tree of Workers. */
export function newWorkerPid(): number {
  return FIRST_WORKER_PID + Atomics.add(self.pidCounter, 0, 1);
}

/** The calling thread's ident (threading.get_ident()), for lock owners. */
export function threadIdent(): number {
  return current().ident!;
}

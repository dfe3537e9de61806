// start(): what a child is told, and by which start method it is made.

import { pyTypeName } from "../_shared/type_name.ts";
import v8 from "node:v8";
import { processes as runtime } from "../_runtime/processes.ts";
import { NotImplementedError } from "../builtins/exceptions.ts";
import { newWorkerPid, self } from "./_identity.ts";
import { inheritance } from "./_inherit.ts";
import type { Popen } from "./_popen.ts";
import { SpawnPopen } from "./_popen_spawn.ts";
import { WorkerPopen } from "./_popen_worker.ts";
import { reduceValue } from "../_shared/reduce.ts";
import { releaseDeadHolder } from "./_ring.ts";
import { type StartMethod, state } from "./_state.ts";
import { locate, type TargetRef } from "./_target.ts";
import type { Process } from "./process.ts";
import { processInternals } from "./_process_internals.ts";

/** Everything a child needs to become the Process its parent made. */
export interface StartMessage {
  name: string;
  daemon: boolean;
  identity: number[];
  pid: number;
  parent: { pid: number; name: string };
  method: StartMethod;
  defaultMethod: StartMethod;
  authkey: Uint8Array;
  pidCounter: Int32Array | null;
  status: Int32Array | null;
  target: TargetRef | null;
  cls: TargetRef | null;
  fields: unknown;
  args: unknown;
  kwargs: unknown;
  inherit: Record<string, unknown>;
  /**
   * The parent's environment and working directory at start() (null: not
   * to be changed): a child made ahead of time (a warm Worker or process)
   * takes them on, as a forked child has the parent's of that moment.
   */
  env: Record<string, string | undefined> | null;
  cwd: string | null;
}

/** Classes of the package itself: a child needs no import to make them. */
export const builtinClasses: Set<unknown> = new Set();

/**
 * What a child of `method` is to take on: this process's environment and
 * directory, where it may read them. A Worker shares its process's
 * directory (and a Deno web Worker its environment, see WorkerPopen).
 */
function environmentFor(method: StartMethod): {
  env: Record<string, string | undefined> | null;
  cwd: string | null;
} {
  const here = runtime.environment();
  return method === "worker" ? { env: here.env, cwd: null } : here;
}

function build(p: Process, method: StartMethod, pid: number): StartMessage {
  const d = processInternals.describe(p);
  const cls = p.constructor;
  const ctx = (path: string) => ({ method, path });
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(p)) {
    fields[k] = (p as unknown as Record<string, unknown>)[k];
  }
  return {
    name: d.name,
    daemon: d.daemon,
    identity: d.identity,
    pid,
    parent: { pid: self.pid, name: self.name },
    method,
    defaultMethod: state.method ?? method,
    authkey: self.authkey,
    pidCounter: method === "worker" ? self.pidCounter : null,
    status: null,
    target: d.target === null ? null : locate(d.target, d.caller, "target"),
    cls: builtinClasses.has(cls) ? null : locate(cls, d.caller, "class"),
    fields: reduceValue(fields, ctx("self")),
    args: reduceValue(d.args, ctx("args")),
    kwargs: reduceValue(d.kwargs, ctx("kwargs")),
    inherit: inheritance(method),
    ...environmentFor(method),
  };
}

/**
 * Whether posting failed for a value that cannot be cloned: a
 * DataCloneError, or on Deno a node:worker_threads Worker's TypeError.
 */
function isCloneError(e: unknown): boolean {
  return e instanceof Error && (e.name === "DataCloneError" ||
    (e instanceof TypeError && / could not be cloned/.test(e.message)));
}

/** Finds which part of `m` cannot be cloned; TypeError naming it. */
function uncloneable(m: StartMessage, e: unknown): TypeError {
  const parts: [string, unknown][] = [];
  (m.args as unknown[]).forEach((a, i) => parts.push([`args[${i}]`, a]));
  for (const [k, v] of Object.entries(m.kwargs ?? {})) {
    parts.push([`kwargs.${k}`, v]);
  }
  for (const [k, v] of Object.entries(m.fields ?? {})) {
    parts.push([`self.${k}`, v]);
  }
  for (const [path, v] of parts) {
    try {
      if (m.method === "spawn") v8.serialize(v);
      else structuredClone(v);
    } catch {
      return new TypeError(
        `cannot pickle '${pyTypeName(v)}' object (${path}): arguments cross ` +
          "to the child by structured clone",
      );
    }
  }
  return e instanceof TypeError ? e : new TypeError(String(e));
}

/**
 * Processes that must not hold their parent open at exit although they
 * are not daemonic (they may have children): a manager's server process,
 * which Python's parent shuts down at exit instead of joining.
 */
const detached = new WeakSet<Process>();

/** Marks `p` (before start()) as ended, not joined, when its parent exits. */
export function detachAtExit(p: Process): void {
  detached.add(p);
}

/** Starts the child for `p` by `method`. */
export function startChild(p: Process, method: StartMethod): Popen {
  const unheld = detached.has(p);
  if (method === "worker") {
    const pid = newWorkerPid();
    const m = build(p, method, pid);
    // What the child holds of pipes and queues is given up when it ends,
    // however it ends (a killed child runs no exit work).
    const release = () => releaseDeadHolder([m.fields, m.args, m.kwargs], pid);
    let popen: WorkerPopen;
    try {
      popen = new WorkerPopen(
        pid,
        m.daemon || unheld,
        m.name,
        (status, sharesEnv) => {
          m.status = status;
          // Its environment is this process's: nothing to take on.
          if (sharesEnv) m.env = null;
          return m;
        },
      );
    } catch (e) {
      release();
      if (isCloneError(e)) throw uncloneable(m, e);
      throw e;
    }
    popen.whenEnded(release);
    return popen;
  }
  if (method === "spawn") {
    const m = build(p, method, 0);
    let data: Uint8Array;
    try {
      data = v8.serialize(m);
    } catch (e) {
      throw uncloneable(m, e);
    }
    return new SpawnPopen(m.daemon || unheld, data);
  }
  throw new NotImplementedError(`start method ${method}`);
}

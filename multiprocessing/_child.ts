// A child's side of start(), for every start method: become the Process
// the parent made, import the target's module, run, finish the exit work,
// and give the exit code.

import process from "node:process";
import { SystemExit } from "../builtins/exceptions.ts";
import { hold, unhold } from "../_shared/thread_context.ts";
import { enumerate } from "../threading/enumerate.ts";
import { main_thread } from "../threading/current_thread.ts";
import { runExitHooks } from "./_exit_hooks.ts";
import { self } from "./_identity.ts";
import { adoptInheritance } from "./_inherit.ts";
import { exitStatus } from "./_popen.ts";
import { exitRecorded } from "./_popen_worker.ts";
import { KIND_MODULES } from "./_kind_modules.ts";
import { loadKinds, rebuildValue } from "../_shared/reduce.ts";
import type { StartMessage } from "./_start.ts";
import { state } from "./_state.ts";
import { loadTarget } from "./_target.ts";
import { formatException } from "./_traceback.ts";
import { active_children, Process } from "./process.ts";
import { processInternals } from "./_process_internals.ts";

/** The exit code a SystemExit asks for, printing a message code. */
function systemExitCode(e: SystemExit): number {
  const c = e.code;
  if (c === null || c === undefined) return 0;
  if (typeof c === "number" && Number.isInteger(c)) return c;
  console.error(String(c));
  return 1;
}

async function finish(): Promise<void> {
  // Python's exit function: daemonic children are stopped, the others
  // joined; then queues flush; then non-daemon threads are joined.
  for (const p of active_children()) if (p.daemon) p.terminate();
  for (const p of active_children()) await p.join();
  await runExitHooks();
  for (;;) {
    const main = main_thread();
    const t = enumerate().find((t) => t !== main && !t.daemon && t.is_alive());
    if (t === undefined) break;
    await t.join();
  }
}

/**
 * Takes on the parent's environment and directory of start() time (a
 * child made ahead of time has those of when it was made); null: leave
 * it (a Worker shares its process's directory, and a Deno web Worker its
 * environment).
 */
function adoptEnvironment(
  env: Record<string, string | undefined> | null,
  cwd: string | null,
): void {
  if (cwd !== null) {
    try {
      if (cwd !== process.cwd()) process.chdir(cwd);
    } catch {
      // Gone since, or not ours to read: the child stays where it started.
    }
  }
  if (env === null) return;
  for (const k of Object.keys(process.env)) {
    if (!Object.hasOwn(env, k)) delete process.env[k];
  }
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && process.env[k] !== v) process.env[k] = v;
  }
}

/** Runs the child described by `m`; resolves with its exit status. */
export async function runChild(m: StartMessage): Promise<number> {
  self.pid = m.pid;
  self.name = m.name;
  self.daemon = m.daemon;
  self.identity = m.identity;
  self.parent = m.parent;
  self.method = m.method;
  self.authkey = m.authkey;
  if (m.pidCounter !== null) self.pidCounter = m.pidCounter;
  state.method = m.defaultMethod;
  adoptEnvironment(m.env, m.cwd);
  let proc: Process;
  let code = 0;
  try {
    adoptInheritance(m.inherit);
    await loadKinds([m.args, m.kwargs, m.fields], KIND_MODULES);
    // As in CPython, the child has its name before it imports the target's
    // module, so module-level code guarded by
    // `current_process().name === "MainProcess"` does not run again here.
    const view = {
      name: m.name,
      daemon: m.daemon,
      identity: m.identity,
      parentPid: m.parent.pid,
    };
    processInternals.setCurrent(
      processInternals.rebuild(Process, {
        ...view,
        target: null,
        args: [],
        kwargs: null,
      }),
    );
    state.bootstrapping = true;
    let target: unknown = null, cls: unknown = null;
    try {
      if (m.target !== null) target = await loadTarget(m.target);
      if (m.cls !== null) cls = await loadTarget(m.cls);
    } finally {
      state.bootstrapping = false;
    }
    proc = processInternals.rebuild((cls ?? Process) as typeof Process, {
      ...view,
      target: target as (...a: unknown[]) => unknown,
      args: rebuildValue(m.args) as unknown[],
      kwargs: rebuildValue(m.kwargs) as Record<string, unknown> | null,
    });
    Object.assign(proc, rebuildValue(m.fields));
    processInternals.setCurrent(proc);
    // The child lives until run() returns, whatever it awaits.
    hold();
    try {
      await proc.run();
    } finally {
      unhold();
    }
  } catch (e) {
    if (e instanceof SystemExit) code = systemExitCode(e);
    else if (m.status && exitRecorded(m.status)) {
      // The parent stopped this Worker (terminate()) while its code ran on
      // (Deno lets a busy Worker finish its synchronous work): say nothing,
      // as a process ended by SIGTERM says nothing.
      return exitStatus(1);
    } else {
      console.error(`Process ${m.name}:\n${formatException(e)}`);
      code = 1;
    }
  }
  // Stopped by the parent: no exit work, as after SIGTERM.
  if (m.status && exitRecorded(m.status)) return exitStatus(code);
  // The exit work (children, queue flushes, threads) keeps the child alive.
  hold();
  try {
    await finish();
  } catch (e) {
    console.error(formatException(e));
  } finally {
    unhold();
  }
  return exitStatus(code);
}

// Workers and child processes on Node: node:worker_threads and
// node:child_process.

import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { spawn } from "node:child_process";
import os from "node:os";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type {
  ParentChannel,
  ProcessRuntime,
  RawChild,
  RawWorker,
} from "./types.ts";

/** Starts a worker_threads Worker; a daemon one is unref'd. */
export function startWorker(url: URL, daemon: boolean): RawWorker {
  const w = new Worker(url);
  if (daemon) w.unref();
  let error: unknown = undefined;
  let done: ((code: number | null, error: unknown) => void) | null = null;
  let ended: [number | null] | null = null;
  w.on("error", (e) => (error = e));
  w.on("exit", (code) => {
    ended = [code];
    done?.(code, error);
  });
  return {
    post: (msg) => w.postMessage(msg),
    onEnd(cb) {
      if (ended !== null) cb(ended[0], error);
      else done = cb;
    },
    terminate() {
      w.terminate().catch(() => {});
    },
    setRef(on) {
      if (on) w.ref();
      else w.unref();
    },
    sharesEnv: false,
  };
}

/** The worker_threads parent port, or null on the main thread. */
export function parentChannel(): ParentChannel | null {
  if (isMainThread || parentPort === null) return null;
  const port = parentPort;
  return {
    onFirstMessage(cb) {
      port.once("message", cb);
    },
    exit(code) {
      process.exit(code);
    },
  };
}

/**
 * The environment of a 'spawn' child: this process's, with Node's module
 * compile cache on (Node 22.1+; others ignore it). A child loads the
 * package's modules afresh, and from the sources Node 24 strips their types
 * each time: with the cache, what one child compiled the next one reuses
 * (a start and join went from ~210 ms to ~60 ms here). The cache lives where
 * Node keeps it by default, unless the program chose a place already.
 */
function childEnv(): NodeJS.ProcessEnv {
  if (process.versions.bun !== undefined) return process.env;
  return {
    ...process.env,
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ??
      join(os.tmpdir(), "node-compile-cache"),
  };
}

// Flags of this process that must not reach a child running a module.
const DROP = /^--(test|watch|eval|print|input-type|inspect|check|interactive)/;

/** Starts `node <flags> <file>` with stdin a pipe. */
export function spawnChild(url: URL, daemon: boolean): RawChild {
  const flags = process.execArgv.filter((a) => !DROP.test(a) && a !== "-e");
  const child = spawn(process.execPath, [...flags, fileURLToPath(url)], {
    stdio: ["pipe", "inherit", "inherit"],
    env: childEnv(),
  });
  if (daemon) child.unref();
  const stdin = child.stdin!;
  stdin.on("error", () => {});
  const ended = new Promise<number>((resolve) => {
    child.on("exit", (code, signal) => {
      const signals = os.constants.signals as Record<string, number>;
      resolve(signal !== null ? -(signals[signal] ?? 0) : code ?? 1);
    });
    child.on("error", () => resolve(1));
  });
  return {
    pid: child.pid ?? 0,
    send(data) {
      return new Promise<void>((resolve) => {
        stdin.end(data, () => resolve());
      });
    },
    ended,
    kill(signal) {
      child.kill(signal);
    },
    setRef(on) {
      if (on) child.ref();
      else child.unref();
    },
    current: () => true,
  };
}

/** Reads this process's stdin to its end. */
export async function readStdin(): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Uint8Array);
  return Buffer.concat(parts);
}

/**
 * Calls `cb` on `process.exit()` (in a worker_threads Worker, its 'exit'
 * event comes before the Worker ends).
 */
export function onExit(cb: (code: number) => void): void {
  process.on("exit", (code) => cb(code));
}

/** The Node implementation of the process interface. */
export const nodeProcesses: ProcessRuntime = {
  startWorker,
  warmAfter: 0,
  environment: () => ({ env: { ...process.env }, cwd: process.cwd() }),
  parentChannel,
  spawnChild,
  readStdin,
  onExit,
};

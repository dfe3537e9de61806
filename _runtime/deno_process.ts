// Workers and child processes on Deno: the web Worker (a daemon one through
// node:worker_threads, the only Deno Worker that can be unref'd) and
// Deno.Command.

import {
  onExit as nodeOnExit,
  parentChannel as nodeParentChannel,
  startWorker as nodeStartWorker,
} from "./node_process.ts";
import type {
  ParentChannel,
  ProcessRuntime,
  RawChild,
  RawWorker,
} from "./types.ts";
import { OSError } from "../builtins/os_error.ts";
import { EACCES } from "../errno/constants.ts";

// deno-lint-ignore no-explicit-any
const Deno = (globalThis as any).Deno;

/** The web Worker and its events, as far as this file uses them. */
interface WebWorker {
  onerror: ((e: WebErrorEvent) => void) | null;
  postMessage(msg: unknown): void;
  terminate(): void;
}
interface WebErrorEvent {
  error: unknown;
  message: string;
  preventDefault(): void;
}
const WebWorker = (globalThis as unknown as {
  Worker: new (url: URL, opts: { type: "module" }) => WebWorker;
}).Worker;

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/**
 * Python's PermissionError, with Deno's hint, when this program may not
 * `name` (`path`): a child that cannot load its bootstrap would otherwise
 * fail only after start() returned.
 */
function requirePermission(name: "read" | "run", path?: string): void {
  const desc = path === undefined ? { name } : { name, path };
  if (Deno.permissions.querySync(desc).state === "granted") return;
  const what = path === undefined
    ? `${name} access`
    : `${name} access to "${path}"`;
  throw new OSError(
    EACCES,
    `Requires ${what}, run again with the --allow-${name} flag`,
  );
}

/** The file path of a file: URL, or undefined for another kind of URL. */
function filePath(url: URL): string | undefined {
  return url.protocol === "file:"
    ? decodeURIComponent(url.pathname)
    : undefined;
}

/** Starts a web Worker (non-daemon) or an unref'd worker_threads Worker. */
export function startWorker(url: URL, daemon: boolean): RawWorker {
  const path = filePath(url);
  if (path !== undefined) requirePermission("read", path);
  if (daemon) return nodeStartWorker(url, true);
  const w = new WebWorker(url, { type: "module" });
  let done: ((code: number | null, error: unknown) => void) | null = null;
  let ended: unknown[] | null = null;
  w.onerror = (e: WebErrorEvent) => {
    e.preventDefault();
    w.terminate();
    ended = [null, e.error ?? new Error(e.message)];
    done?.(null, ended[1]);
  };
  return {
    post: (msg) => w.postMessage(msg),
    onEnd(cb) {
      if (ended !== null) cb(null, ended[1]);
      else done = cb;
    },
    terminate() {
      w.terminate();
    },
    setRef() {},
    sharesEnv: true,
  };
}

/** The parent of this Worker, whichever kind of Worker this is. */
export function parentChannel(): ParentChannel | null {
  const node = nodeParentChannel();
  if (node !== null) return node;
  const scope = globalThis as unknown as {
    WorkerGlobalScope?: unknown;
    close?: () => void;
    addEventListener(
      type: "message",
      cb: (e: { data: unknown }) => void,
      opts: { once: boolean },
    ): void;
  };
  if (scope.WorkerGlobalScope === undefined) return null;
  return {
    onFirstMessage(cb) {
      scope.addEventListener("message", (e) => cb(e.data), {
        once: true,
      });
    },
    exit(_code) {
      scope.close!();
    },
  };
}

function permissionFlags(): string[] {
  const flags: string[] = [];
  for (const name of ["read", "write", "net", "env", "run", "sys", "ffi"]) {
    if (Deno.permissions.querySync({ name }).state === "granted") {
      flags.push(`--allow-${name}`);
    }
  }
  if (typeof Deno.listenDatagram === "function") flags.push("--unstable-net");
  return flags;
}

/** Whether `name` (all of it) is granted: asking never prompts. */
function granted(name: "env" | "read"): boolean {
  return Deno.permissions.querySync({ name }).state === "granted";
}

/** The environment and directory, where this program may read them. */
function environment(): {
  env: Record<string, string> | null;
  cwd: string | null;
} {
  return {
    env: granted("env") ? Deno.env.toObject() : null,
    cwd: granted("read") ? Deno.cwd() : null,
  };
}

/** Starts `deno run <permissions> <url>` with stdin a pipe. */
export function spawnChild(url: URL, daemon: boolean): RawChild {
  requirePermission("run");
  const path = filePath(url);
  if (path !== undefined) requirePermission("read", path);
  const flags = permissionFlags();
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", ...flags, url.href],
    stdin: "piped",
    stdout: "inherit",
    stderr: "inherit",
  });
  const child = cmd.spawn();
  if (daemon) child.unref();
  const ended: Promise<number> = child.status.then(
    (s: { code: number; signal: string | null }) =>
      s.signal !== null ? -(SIGNALS[s.signal] ?? 0) : s.code,
  );
  return {
    pid: child.pid,
    async send(data) {
      const w = child.stdin.getWriter();
      try {
        await w.write(data);
        await w.close();
      } catch {
        // The child ended first; its exit code tells the rest.
      }
    },
    ended,
    kill(signal) {
      try {
        child.kill(signal);
      } catch {
        // Already gone.
      }
    },
    setRef(on) {
      if (on) child.ref();
      else child.unref();
    },
    current: () => permissionFlags().join(" ") === flags.join(" "),
  };
}

/** Reads this process's stdin to its end. */
export async function readStdin(): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of Deno.stdin.readable) {
    parts.push(chunk);
    n += chunk.length;
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Calls `cb` on `Deno.exit()`, which ends a Worker without node:process's
 * 'exit' event: it is wrapped to call `cb` first. The 'exit' event is
 * listened to as well, for `process.exit()`.
 */
export function onExit(cb: (code: number) => void): void {
  const exit: (code?: number) => never = Deno.exit.bind(Deno);
  Deno.exit = (code?: number): never => {
    cb(code ?? 0);
    return exit(code);
  };
  nodeOnExit(cb);
}

/** The Deno implementation of the process interface. */
export const denoProcesses: ProcessRuntime = {
  startWorker,
  // Deno's only Worker that can be unref'd (node:worker_threads') blocks
  // the main thread ~30 ms while it is made (Deno 2.9): the spare is made
  // when starts pause, not right after one, whose child's first messages
  // would wait for it.
  warmAfter: 50,
  environment,
  parentChannel,
  spawnChild,
  readStdin,
  onExit,
};

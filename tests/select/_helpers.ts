// Shared helpers of the select and selectors tests: filling a send buffer
// the way a Python program finds it full, and running python3 peers.

import { type ChildProcess, spawn } from "node:child_process";
import * as select from "../../select/mod.ts";
import type * as socket from "../../socket/mod.ts";
import { BlockingIOError } from "../../builtins/mod.ts";

/** How long select() must keep saying "not writable" for a buffer to count as full. */
const FULL_FOR = 0.3;

/**
 * Sends 64 KiB chunks on `s` (made non-blocking) until send() raises
 * BlockingIOError and select() then keeps it unwritable for a while, as a
 * Python program finds a full send buffer. Returns the bytes accepted.
 * Bounded by 5000 sends and 20 seconds.
 */
export async function fillSendBuffer(s: socket.socket): Promise<number> {
  s.setblocking(false);
  const chunk = new Uint8Array(64 * 1024);
  let total = 0;
  const deadline = performance.now() + 20_000;
  for (let i = 0; i < 5000 && performance.now() < deadline; i++) {
    try {
      total += await s.send(chunk);
    } catch (e) {
      if (!(e instanceof BlockingIOError)) throw e;
      const [, w] = await select.select([], [s], [], FULL_FOR);
      if (w.length === 0) return total;
    }
  }
  throw new Error(`the send buffer never filled (${total} bytes sent)`);
}

/** A python3 child running `code` with `args`, its output collected. */
export interface PyProc {
  child: ChildProcess;
  /** Resolves when it exits, with its status and output. */
  done: Promise<{ code: number | null; out: string; err: string }>;
  /** The first line it prints. */
  firstLine: Promise<string>;
}

/** Starts `python3 -c code args...`; kill it in `finally` with {@linkcode stopPython}. */
export function startPython(code: string, args: string[] = []): PyProc {
  const child = spawn("python3", ["-c", code, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "", err = "";
  let resolveLine!: (l: string) => void;
  const firstLine = new Promise<string>((r) => resolveLine = r);
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    out += d;
    const nl = out.indexOf("\n");
    if (nl >= 0) resolveLine(out.slice(0, nl));
  });
  child.stderr!.on("data", (d: string) => err += d);
  const done = new Promise<{ code: number | null; out: string; err: string }>(
    (resolve) => {
      child.on("close", (code) => {
        resolveLine(out);
        resolve({ code, out, err });
      });
    },
  );
  return { child, done, firstLine };
}

/** Kills `p` if it still runs and waits for it to end. */
export async function stopPython(p: PyProc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill("SIGKILL");
  }
  await p.done;
}

/** Milliseconds since `t0` (a performance.now() time). */
export function since(t0: number): number {
  return performance.now() - t0;
}

// Picks the process adapter once, at import. Apart from mod.ts so that a
// multiprocessing child loads no socket adapter (node:net, node:dgram ...).

import type { ProcessRuntime } from "./types.ts";
import { nodeProcesses } from "./node_process.ts";
import { denoProcesses } from "./deno_process.ts";

/**
 * The process interface: ProcessRuntime and what a Worker child needs to
 * know of its own end.
 */
export interface Processes extends ProcessRuntime {
  /**
   * Calls `cb` with the exit code when this process or Worker ends by an
   * explicit exit (Node's `process.exit()`, `Deno.exit()`), before it ends:
   * the one moment a Worker child can still hand its code to its parent.
   */
  onExit(cb: (code: number) => void): void;
}

/** Workers and child processes for the runtime this program runs on. */
export const processes: Processes =
  typeof (globalThis as { Deno?: { version?: unknown } }).Deno?.version ===
      "object"
    ? denoProcesses
    : nodeProcesses;

// Picks the process adapter once, at import. Apart from mod.ts so that a
// multiprocessing child loads no socket adapter (node:net, node:dgram ...).

import type { ProcessRuntime } from "./types.ts";
import { nodeProcesses } from "./node_process.ts";
import { denoProcesses } from "./deno_process.ts";

/** Workers and child processes for the runtime this program runs on. */
export const processes: ProcessRuntime =
  typeof (globalThis as { Deno?: { version?: unknown } }).Deno?.version ===
      "object"
    ? denoProcesses
    : nodeProcesses;

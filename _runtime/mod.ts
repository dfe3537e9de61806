// Picks the runtime adapter once, at import.

import type { Runtime } from "./types.ts";
import { nodeRuntime } from "./node.ts";
import { denoRuntime } from "./deno.ts";

/** The adapter for the runtime this program runs on. */
export const runtime: Runtime =
  typeof (globalThis as { Deno?: { version?: unknown } }).Deno?.version ===
      "object"
    ? denoRuntime
    : nodeRuntime;

export type * from "./types.ts";
export { gaierror } from "./gaierror.ts";
export { mapError } from "./map_error.ts";

// What a select-like call does before it answers without having waited.
// (Apart from readiness.ts, which multiprocessing children load, so that
// they do not load the socket adapters.)

import { runtime } from "../_runtime/mod.ts";
import { turn } from "./readiness.ts";

/**
 * Lets the event loop turn before a select-like call answers without
 * having waited, so that the answer includes what the OS had before the
 * call. The runtimes learn that a socket became readable only when they
 * poll the OS, which a call answering at once never gives them a chance
 * to do: with `readUnknown` (some object watched for reading is not ready
 * as far as the runtime knows), it waits until the runtime has polled the
 * OS once; otherwise one turn, so that a loop of calls that never wait
 * does not starve the runtime's I/O.
 */
export function settle(readUnknown: boolean): Promise<void> {
  return readUnknown ? runtime.settle() : turn();
}

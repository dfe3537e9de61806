// Waiting with Python's timeout rules: null blocks, 0 never waits, t > 0
// raises TimeoutError("timed out") once t seconds have passed.

import { clearTimeout, setTimeout } from "node:timers";
import { errorFromErrno, TimeoutError } from "../builtins/os_error.ts";
import type { OSError } from "../builtins/os_error.ts";
import { callerIsDaemon } from "../_shared/thread_context.ts";
import { EAGAIN } from "../errno/constants.ts";

/** `BlockingIOError: [Errno 11] Resource temporarily unavailable`. */
export function wouldBlock(): OSError {
  return errorFromErrno(EAGAIN);
}

/** `TimeoutError: timed out`, as a socket raises it. */
export function timedOut(): OSError {
  return new TimeoutError("timed out");
}

/**
 * Waits for `ready` until `deadline` (a performance.now() time in ms, or
 * null for no limit). Resolves true when ready, false when time ran out.
 * One timer, armed only when there is a deadline, cleared on return.
 */
export async function waitUntil(
  ready: Promise<void>,
  deadline: number | null,
): Promise<boolean> {
  if (deadline === null) {
    await ready;
    return true;
  }
  const ms = deadline - performance.now();
  if (ms <= 0) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(resolve, ms, false);
  });
  // A daemon thread's timeout must not hold the process open.
  if (callerIsDaemon()) timer!.unref();
  try {
    return await Promise.race([ready.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The deadline for a call on a socket with `timeout` seconds (null: none). */
export function deadlineFor(timeout: number | null): number | null {
  return timeout === null ? null : performance.now() + timeout * 1000;
}

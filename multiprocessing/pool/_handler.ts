// A pool's result handler: a daemon thread named as CPython's
// ("Thread-N (_handle_results)") in which results are set and callbacks
// run. It lives until the pool ends it.

import { Thread } from "../../threading/thread.ts";

/** Starts the handler thread; `end()` lets it finish. */
export function startResultHandler(): { thread: Thread; end: () => void } {
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  const thread = new Thread({
    target: async function _handle_results(): Promise<void> {
      await ended;
    },
    daemon: true,
  });
  thread.start();
  return { thread, end };
}

// Work a process must finish before it exits (queues flushing what they
// buffered, connections giving up their holds), run by a child's bootstrap
// after run() returns, in the order it was added.

const hooks: (() => Promise<void> | void)[] = [];

/** Adds work to finish before this process exits. */
export function atExit(hook: () => Promise<void> | void): void {
  hooks.push(hook);
}

/** Takes back work added with `atExit` (no longer needed). */
export function cancelAtExit(hook: () => Promise<void> | void): void {
  const i = hooks.indexOf(hook);
  if (i >= 0) hooks.splice(i, 1);
}

/** Runs the exit work, in order, each once; errors are printed. */
export async function runExitHooks(): Promise<void> {
  while (hooks.length > 0) {
    const h = hooks.shift()!;
    try {
      await h();
    } catch (e) {
      console.error(e);
    }
  }
}

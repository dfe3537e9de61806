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

const lastWords: (() => void)[] = [];

/**
 * Adds work to do at once, synchronously, when the process is ended by an
 * explicit exit (`os._exit()`, or `sys.exit()` in a 'worker' child) before
 * its exit work could run.
 */
export function atHardExit(hook: () => void): void {
  lastWords.push(hook);
}

/** Takes back work added with `atHardExit`. */
export function cancelAtHardExit(hook: () => void): void {
  const i = lastWords.indexOf(hook);
  if (i >= 0) lastWords.splice(i, 1);
}

/** Runs the work added with `atHardExit`, each once; errors are ignored. */
export function runHardExitHooks(): void {
  while (lastWords.length > 0) {
    try {
      lastWords.shift()!();
    } catch {
      // The process is ending: nothing more can be done.
    }
  }
}

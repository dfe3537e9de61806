// Package-internal access to a Process's private state, filled in by a
// static block of the class (which may read its #private fields); the
// child's bootstrap and start() use it. Not exported from the module.

import type { Process } from "./process.ts";

/** What the bootstrap of a child sets on the Process it rebuilt. */
export interface ChildView {
  name: string;
  daemon: boolean;
  identity: number[];
  parentPid: number;
  target: ((...args: unknown[]) => unknown) | null;
  args: unknown[];
  kwargs: Record<string, unknown> | null;
}

/** Package-internal access to a Process's private state. */
export const processInternals: {
  /** A Process object of class `cls` without running its constructor. */
  rebuild(cls: typeof Process, view: ChildView): Process;
  /** Makes `p` the current process (a child's, or the main one). */
  setCurrent(p: Process): void;
  /** What start() sends: target, args, kwargs, name, daemon, identity. */
  describe(p: Process): ChildView & { caller: string | null };
  /** A stand-in for the parent process, as parent_process() returns. */
  parentView(pid: number, name: string): Process;
} = {} as never;

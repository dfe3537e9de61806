// Process-wide state of multiprocessing shared by process.ts, context.ts
// and the child's bootstrap.

/** The start methods pyport has. */
export type StartMethod = "worker" | "spawn";

/** The start methods, the default first. */
export const START_METHODS: readonly StartMethod[] = ["worker", "spawn"];

export const state: {
  /** The default context's start method; null until fixed. */
  method: StartMethod | null;
  /** True while a child imports its target's module. */
  bootstrapping: boolean;
} = { method: null, bootstrapping: false };

/** The default context's start method, fixed on first use. */
export function defaultMethod(): StartMethod {
  return state.method ??= START_METHODS[0]!;
}

// Pool task functions for tests/multiprocessing/pool.test.ts: exported so
// that worker processes can import them.

import { current_process } from "../../multiprocessing/mod.ts";
import { FileNotFoundError, ValueError } from "../../builtins/mod.ts";

export function square(x: number): number {
  return x * x;
}

export function add(a: number, b: number, { c = 0 }: { c?: number } = {}) {
  return a + b + c;
}

export async function sleepy(x: number, ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
  return x;
}

export function fails(x: number): number {
  throw new ValueError(`bad ${x}`);
}

export function whoami(): string {
  return current_process().name;
}

export function pid(): number | null {
  return current_process().pid;
}

let initialized: unknown = null;
export function init(v: unknown): void {
  initialized = v;
}
export function initValue(): unknown {
  return initialized;
}

export function returnsFunction(): unknown {
  return () => 1;
}

export function exitNow(code: number): void {
  // The runtime's own exit, as a crash or os._exit would end the worker.
  // deno-lint-ignore no-explicit-any
  const g = globalThis as any;
  if (g.Deno) g.Deno.exit(code);
  else g.process.exit(code);
}

export function spin(ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}

/** Spins `ms` ms, then gives the name of the process that did. */
export function spinName(ms: number): string {
  spin(ms);
  return current_process().name;
}

/** One argument, [value, delay ms]: resolves the value after the delay. */
export async function sleepyPair([v, ms]: [number, number]): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
  return v;
}

/** The initializer's value, whatever the argument. */
export function initValueOf(_: unknown): unknown {
  return initValue();
}

/** An initializer that raises. */
export function badInit(): void {
  throw new ValueError("no init");
}

/** x, except for 2, which raises ValueError("two"). */
export function failsOn2(x: number): number {
  if (x === 2) throw new ValueError("two");
  return x;
}

/** x, except that the worker exits (code 3) at x % 50 === 5. */
export function exitEvery50(x: number): number {
  if (x % 50 === 5) exitNow(3);
  return x;
}

/** Raises FileNotFoundError about `name`. */
export function missingFile(name: string): never {
  throw new FileNotFoundError(2, "No such file or directory", name);
}

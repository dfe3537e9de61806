// Targets for the Process tests: exported top-level functions and a
// Process subclass, which children find by importing this module.

import process from "node:process";
import { SystemExit, ValueError } from "../../builtins/exceptions.ts";
import {
  current_process,
  parent_process,
  Process,
} from "../../multiprocessing/mod.ts";

/** Writes `value` at `index` of a shared Int32Array. */
export function store(cells: Int32Array, index: number, value: number): void {
  Atomics.store(cells, index, value);
  Atomics.notify(cells, index);
}

/** Writes this process's pid and whether names are right. */
export function whoami(cells: Int32Array): void {
  const me = current_process();
  Atomics.store(cells, 0, me.pid!);
  Atomics.store(cells, 1, parent_process()!.pid!);
  Atomics.store(cells, 2, me.name === "Process-x" ? 1 : 2);
}

/** Throws ValueError. */
export function boom(): void {
  throw new ValueError("boom");
}

/**
 * Ends with exit code 0 if this child sees `name` set to `value` (null:
 * unset) and `cwd` as its directory; else 1, saying what it saw.
 */
export function checkEnvironment(
  name: string,
  value: string | null,
  cwd: string,
): void {
  const seen = process.env[name] ?? null;
  if (seen !== value || process.cwd() !== cwd) {
    throw new SystemExit(`saw ${name}=${seen} in ${process.cwd()}`);
  }
}

/** Ends with SystemExit(code). */
export function exitWith(code: unknown): void {
  throw new SystemExit(code);
}

/** Waits on a cell that is never notified (until terminated). */
export async function block(cells: Int32Array): Promise<void> {
  Atomics.store(cells, 0, 1);
  Atomics.notify(cells, 0);
  await Atomics.waitAsync(cells, 1, 0).value;
}

/** Sums its arguments and keyword object into cells[0]. */
export async function sum(
  cells: Int32Array,
  a: number,
  b: number,
  kw: { c: number },
): Promise<void> {
  await new Promise((r) => setTimeout(r, 5));
  Atomics.store(cells, 0, a + b + kw.c);
}

/** A Process subclass with its own run() and a field. */
export class Doubler extends Process {
  cells: Int32Array;
  constructor(cells: Int32Array) {
    super();
    this.cells = cells;
  }
  override run(): void {
    Atomics.store(this.cells, 0, 2 * Atomics.load(this.cells, 0));
  }
}

/** Ends with process.exit(code) / Deno.exit(code), the runtime's own exit. */
export function nativeExit(code: number): void {
  const deno = (globalThis as { Deno?: { exit(c: number): never } }).Deno;
  if (deno !== undefined) deno.exit(code);
  else {(globalThis as unknown as { process: { exit(c: number): never } })
      .process.exit(code);}
}

/** Adds 1 to cells[0] atomically. */
export function increment(cells: Int32Array): void {
  Atomics.add(cells, 0, 1);
}

/** Tries to start a grandchild from a daemonic child; records the error. */
export function startGrandchild(cells: Int32Array): void {
  try {
    new Process({ target: increment, args: [cells] }).start();
    Atomics.store(cells, 0, 1);
  } catch (e) {
    Atomics.store(cells, 0, (e as Error).name === "AssertionError" ? 2 : 3);
  }
}

/** Starts a child of its own and joins it: names nest as Process-N:M. */
export async function nest(cells: Int32Array): Promise<void> {
  const p = new Process({ target: increment, args: [cells] });
  Atomics.store(
    cells,
    1,
    p.name === `${current_process().name.replace("Process-", "Process-")}:1`
      ? 1
      : 0,
  );
  p.start();
  await p.join();
  Atomics.store(cells, 2, p.exitcode === 0 ? 1 : 0);
}

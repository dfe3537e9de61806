// Targets for the repr tests: a child reports its own reprs.

import type { Connection } from "../../multiprocessing/connection/mod.ts";
import { current_process, parent_process } from "../../multiprocessing/mod.ts";
import { repr, SystemExit } from "../../builtins/mod.ts";

/** Sends back repr(current_process()) and repr(parent_process()). */
export async function sendReprs(conn: Connection): Promise<void> {
  await conn.send([repr(current_process()), repr(parent_process())]);
  conn.close();
}

/** Returns its argument. */
export function identity(x: unknown): unknown {
  return x;
}

/** Sends back repr() of each argument as the child received it. */
export async function sendArgReprs(
  conn: Connection,
  ...args: unknown[]
): Promise<void> {
  await conn.send(args.map((a) => repr(a)));
  conn.close();
}

/**
 * Ends the child with exit code 0 when repr() of each argument is the
 * matching one of `expected`, else 1 (the check for 'spawn', where no
 * Connection can come back).
 */
export function exitUnlessReprs(expected: string[], ...args: unknown[]): void {
  const got = args.map((a) => repr(a));
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new SystemExit(1);
  }
}

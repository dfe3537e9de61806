// Targets for the repr tests: a child reports its own reprs.

import type { Connection } from "../../multiprocessing/connection/mod.ts";
import { current_process, parent_process } from "../../multiprocessing/mod.ts";
import { repr } from "../../builtins/mod.ts";

/** Sends back repr(current_process()) and repr(parent_process()). */
export async function sendReprs(conn: Connection): Promise<void> {
  await conn.send([repr(current_process()), repr(parent_process())]);
  conn.close();
}

/** Returns its argument. */
export function identity(x: unknown): unknown {
  return x;
}

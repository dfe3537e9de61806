// A program for exit.test.ts, run on Deno with too few permissions: start()
// must raise Python's PermissionError, never let the child vanish.
//
//   deno run [--allow-read] tests/multiprocessing/_no_permission_child.ts <method>

import { PermissionError } from "../../builtins/mod.ts";
import { get_context } from "../../multiprocessing/mod.ts";

/** The target, which must not run. */
export function work(): void {
  console.log("the work ran");
}

if (import.meta.main) {
  const { Deno } = globalThis as unknown as { Deno: { args: string[] } };
  const method = Deno.args[0] as "worker" | "spawn";
  const p = new (get_context(method).Process)({ target: work });
  try {
    p.start();
    await p.join();
    console.log(`started; exitcode ${p.exitcode}`);
  } catch (e) {
    console.log(
      e instanceof PermissionError ? `PermissionError ${e.errno}` : String(e),
    );
    console.log((e as Error).message);
  }
}

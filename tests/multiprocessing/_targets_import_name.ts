// A target module with module-level code behind Python's other common guard,
// `if current_process().name == "MainProcess":`. A child imports this module
// to find its target, and must already have its own name while it does.

import { SystemExit } from "../../builtins/exceptions.ts";
import { current_process } from "../../multiprocessing/mod.ts";

/** The process's name while this module was imported. */
const nameAtImport = current_process().name;

/** Whether the guarded block ran in this process. */
let guardedRan = false;
if (current_process().name === "MainProcess") {
  guardedRan = true;
}

/**
 * Exits 0 when the guarded block did not run and the import saw `expected`
 * as the name; 3 when the guarded block ran; 4 when the name was another.
 */
export function checkImportName(expected: string): void {
  if (guardedRan) throw new SystemExit(3);
  if (nameAtImport !== expected) throw new SystemExit(4);
}

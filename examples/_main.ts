// Python's `if __name__ == "__main__":` for the examples: true when the
// module is the program's entry point, on Deno and on Node 20 and newer,
// and false in a multiprocessing child that imports the module to find its
// target.

import process from "node:process";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { parent_process } from "../multiprocessing/mod.ts";

/**
 * Whether the module with this `import.meta` is the entry point.
 *
 * @param meta The caller's `import.meta`.
 * @returns True when run directly.
 */
export function isMain(meta: ImportMeta): boolean {
  const m = (meta as { main?: boolean }).main;
  if (typeof m === "boolean") return m;
  // Node 20 has no import.meta.main; a Worker sees its parent's argv.
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(meta.url) &&
    parent_process() === null;
}

// A program for exit.test.ts that forgets the main-module guard: its
// top-level code starts a Process whose target is in this module, so the
// child, importing the module to find the target, tries to start a process
// too, and gets Python's RuntimeError.
//
//   <runtime> tests/multiprocessing/_unguarded_child.ts

import { Process } from "../../multiprocessing/mod.ts";

/** The target. */
export function hello(): void {
  console.log("hello from the child");
}

const p = new Process({ target: hello });
p.start();
await p.join();
console.log(`exitcode ${p.exitcode}`);

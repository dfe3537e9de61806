// A program for pool.test.ts that forgets close() and join(): it submits
// a long task and ends its main code. As in Python, the program ends (the
// pool's workers are daemonic) instead of waiting for the task.
//
//   <runtime> tests/multiprocessing/_pool_forgotten.ts METHOD

import process from "node:process";
import { get_context, parent_process } from "../../multiprocessing/mod.ts";
import { sleepy, square } from "./_targets_pool.ts";

if ((import.meta as { main?: boolean }).main ?? parent_process() === null) {
  const method = process.argv[process.argv.length - 1]!;
  const pool = new (get_context(method).Pool)(2);
  console.log(await pool.apply(square, [4]));
  pool.apply_async(sleepy, [1, 30_000], {
    callback: () => console.log("callback ran"),
  });
  console.log("end");
}

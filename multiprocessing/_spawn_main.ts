// The module a 'spawn' child process runs: it reads the start message from
// stdin, runs the child and exits with the exit code.

import process from "node:process";
import v8 from "node:v8";
import { processes as runtime } from "../_runtime/processes.ts";
import { runChild } from "./_child.ts";
import type { StartMessage } from "./_start.ts";

// The package loads while the start message is awaited: a child made ahead
// of time (_popen_spawn.ts) has it ready, as the target's module almost
// always imports it; a child made at start() needed it anyway.
import("./mod.ts").catch(() => {});
const data = await runtime.readStdin();
// A child made ahead of time that its parent never used (_popen_spawn.ts).
if (data.length === 0) process.exit(0);
const m = v8.deserialize(data) as StartMessage;
// The parent does not know the pid before the OS gives it: it is this one.
m.pid = process.pid;
const code = await runChild(m);
process.exitCode = code;
process.exit(code);

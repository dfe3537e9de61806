// The module a 'spawn' child process runs: it reads the start message from
// stdin, runs the child and exits with the exit code.

import process from "node:process";
import v8 from "node:v8";
import { processes as runtime } from "../_runtime/processes.ts";
import { runChild } from "./_child.ts";
import type { StartMessage } from "./_start.ts";

const data = await runtime.readStdin();
const m = v8.deserialize(data) as StartMessage;
// The parent does not know the pid before the OS gives it: it is this one.
m.pid = process.pid;
const code = await runChild(m);
process.exitCode = code;
process.exit(code);

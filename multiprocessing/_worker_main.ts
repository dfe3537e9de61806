// The module a 'worker' child's Worker runs: it waits for the start
// message, runs the child and ends the Worker with the exit code.

import { processes as runtime } from "../_runtime/processes.ts";
// Loaded before the start message comes: the target's module almost
// always imports the package, and a warm Worker has it ready.
import "./mod.ts";
import { runChild } from "./_child.ts";
import { exitStatus } from "./_popen.ts";
import { recordExit } from "./_popen_worker.ts";
import { runHardExitHooks } from "./_exit_hooks.ts";
import type { StartMessage } from "./_start.ts";

const channel = runtime.parentChannel();
if (channel !== null) {
  channel.onFirstMessage(async (msg) => {
    const m = msg as StartMessage;
    const status = m.status!;
    // An explicit exit ends the Worker: its code goes to the parent first.
    runtime.onExit((code) => {
      runHardExitHooks();
      recordExit(status, exitStatus(code));
    });
    const code = await runChild(m);
    recordExit(status, code);
    channel.exit(code);
  });
}

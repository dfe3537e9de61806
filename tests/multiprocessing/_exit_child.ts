// A program for exit.test.ts: starts a child process and ends its main code
// at once; prints what happens. Python's rule: the program waits for its
// non-daemonic children and stops its daemonic ones.
//
//   <runtime> tests/multiprocessing/_exit_child.ts SCENARIO

import process from "node:process";
import { ValueError } from "../../builtins/exceptions.ts";
import {
  cpu_count,
  get_context,
  parent_process,
} from "../../multiprocessing/mod.ts";
import { marked } from "./_run_program.ts";

/** A child that throws. */
export function boom(): void {
  throw new ValueError("boom");
}

/**
 * A 'worker' child that starts a 'spawn' one, then pauses: a 'spawn' child
 * is made ahead of time in this Worker, which then ends.
 */
export async function startsSpawn(): Promise<void> {
  const p = new (get_context("spawn").Process)({ target: late, args: [0] });
  p.start();
  await p.join();
  await new Promise((r) => setTimeout(r, 500));
}

/** The child: sleeps, then says so. */
export async function late(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  console.log("child done");
}

if ((import.meta as { main?: boolean }).main ?? parent_process() === null) {
  const [scenario, method] = process.argv.slice(-2) as [string, string];
  const ctx = get_context(method);
  if (scenario === "warm-nested") {
    // The 'spawn' child kept warm by a 'worker' child is gone when that
    // child has ended, while this program still runs.
    const p = new ctx.Process({ target: startsSpawn });
    p.start();
    await p.join();
    const mark = process.env.PYPORT_TEST_MARK!;
    let left = marked(mark).filter((pid) => pid !== process.pid);
    for (let i = 0; i < 30 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = marked(mark).filter((pid) => pid !== process.pid);
    }
    console.log(`exitcode ${p.exitcode}, left ${left.length}`);
  } else if (scenario === "warm-burst") {
    // Starts that come together (a Pool's workers) leave as many children
    // made ahead of time (up to the CPU count), which the next burst takes;
    // unused ones beyond the first are dropped after a while.
    const mark = process.env.PYPORT_TEST_MARK!;
    const others = () => marked(mark).filter((pid) => pid !== process.pid);
    const until = async (ok: (n: number) => boolean, seconds: number) => {
      for (let i = 0; i < seconds * 10 && !ok(others().length); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return others();
    };
    const want = Math.min(2, cpu_count());
    const burst = async () => {
      const ps = Array.from(
        { length: want },
        () => new ctx.Process({ target: late, args: [0] }),
      );
      for (const p of ps) p.start();
      for (const p of ps) await p.join();
      return ps.map((p) => p.pid!);
    };
    await burst();
    const ready = await until((n) => n >= want, 20);
    console.log(`ready ${ready.length === want}`);
    const used = await burst();
    console.log(`taken ${used.every((pid) => ready.includes(pid))}`);
    const kept = await until((n) => n === want, 20);
    const left = await until((n) => n <= 1, 20);
    console.log(`refilled ${kept.length === want}, later ${left.length}`);
  } else if (scenario === "warm") {
    // A start, then a pause in which a child is made ahead of time for the
    // next start, which never comes.
    const p = new ctx.Process({ target: late, args: [0] });
    p.start();
    await p.join();
    await new Promise((r) => setTimeout(r, 500));
    console.log("main done");
  } else if (scenario === "throws") {
    const p = new ctx.Process({ target: boom });
    p.start();
    await p.join();
    console.log(`exitcode ${p.exitcode}`);
  } else {
    const p = new ctx.Process({
      target: late,
      args: [600],
      daemon: scenario === "daemon",
    });
    p.start();
    console.log("main done");
  }
}

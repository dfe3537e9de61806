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
    // made ahead of time (up to the CPU count), which the next group takes;
    // unused ones beyond the first are dropped after a while.
    const mark = process.env.PYPORT_TEST_MARK!;
    // The warm children: this program's other processes, not `busy`.
    const warm = (busy: number[]) =>
      marked(mark).filter((pid) => pid !== process.pid && !busy.includes(pid));
    const until = async (
      busy: number[],
      ok: (n: number) => boolean,
      seconds: number,
    ) => {
      for (let i = 0; i < seconds * 10 && !ok(warm(busy).length); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return warm(busy);
    };
    const want = Math.min(2, cpu_count());
    const group = () => {
      const ps = Array.from(
        { length: want },
        () => new ctx.Process({ target: late, args: [0] }),
      );
      for (const p of ps) p.start();
      return ps;
    };
    const first = group();
    for (const p of first) await p.join();
    // The extra ones are made once the group has ended; they stay 5 s.
    const ready = await until(first.map((p) => p.pid!), (n) => n >= want, 4);
    console.log(`ready ${ready.length === want}`);
    const second = group();
    const used = second.map((p) => p.pid!);
    console.log(`taken ${used.every((pid) => ready.includes(pid))}`);
    for (const p of second) await p.join();
    const kept = await until(used, (n) => n === want, 4);
    const left = await until(used, (n) => n <= 1, 20);
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

// A program for queue.test.ts: runs one scenario, printing what happens,
// and ends (or not) by Python's rule: when the main thread and every
// non-daemon thread have ended.
//
//   <runtime> tests/queue/_exit_child.ts SCENARIO

import process from "node:process";
import * as queue from "../../queue/mod.ts";
import * as threading from "../../threading/mod.ts";

const scenario = process.argv[process.argv.length - 1];

function say(s: string): void {
  process.stdout.write(s + "\n");
}

switch (scenario) {
  case "answered": {
    // Timed and untimed waits of the main thread, each answered by a
    // thread; none may be left holding the program open.
    const q = new queue.Queue<number>(1);
    const t = new threading.Thread({
      target: async () => {
        await threading.sleep(0.05);
        await q.put(1);
        await threading.sleep(0.05);
        say(`got ${await q.get()}`);
        q.task_done();
        await threading.sleep(0.05);
        await q.get({ timeout: 60 });
        q.task_done();
      },
    });
    t.start();
    say(`got ${await q.get({ timeout: 60 })}`);
    q.task_done();
    await q.put(2, { timeout: 60 });
    say("put 2");
    await q.put(3, { timeout: 60 });
    await q.join();
    say("joined");
    await t.join();
    say("main done");
    break;
  }
  case "daemon-blocked": {
    // A daemon thread's wait never keeps the program alive.
    const q = new queue.Queue();
    const t = new threading.Thread({
      target: async () => {
        await q.get();
        say("daemon got an item");
      },
      daemon: true,
    });
    t.start();
    await threading.sleep(0.05);
    say("main done");
    break;
  }
  case "shutdown-ends-consumer": {
    // The consumer drains the queue after shutdown(), then gets ShutDown.
    const q = new queue.Queue<number>();
    const t = new threading.Thread({
      target: async () => {
        await threading.sleep(0.1);
        for (let i = 0; i < 10; i++) {
          try {
            say(`consumer got ${await q.get()}`);
          } catch (e) {
            if (!(e instanceof queue.ShutDown)) throw e;
            say("consumer: ShutDown");
            return;
          }
        }
      },
    });
    t.start();
    await q.put(1);
    q.shutdown();
    say("main done");
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}

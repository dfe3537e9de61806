// A program for managers.test.ts: uses a manager and ends its main code
// without shutting it down; the program must end at once, as Python's
// does. Scenarios:
//   plain      Manager(), a dict, a child that uses it
//   daemon     a daemon thread blocked in q.get() on a manager's queue
//   tcp-burst  a TCP manager, 200 dict iterators made and dropped at once
//
//   <runtime> tests/multiprocessing/_manager_exit_child.ts SCENARIO METHOD

import process from "node:process";
import { get_context, parent_process } from "../../multiprocessing/mod.ts";
import {
  type DictProxy,
  SyncManager,
} from "../../multiprocessing/managers/mod.ts";
import { Thread } from "../../threading/mod.ts";

/** The child: sets one key. */
export async function setKey(d: DictProxy): Promise<void> {
  await d.__setitem__("child", true);
}

if ((import.meta as { main?: boolean }).main ?? parent_process() === null) {
  const [scenario, method] = process.argv.slice(-2) as [string, string];
  const ctx = get_context(method);
  if (scenario === "plain") {
    const m = new ctx.Manager();
    const d = await m.dict();
    const p = new ctx.Process({ target: setKey, args: [d] });
    p.start();
    await p.join();
    console.log(`child ${await d.get("child")}`);
  } else if (scenario === "daemon") {
    const m = new ctx.Manager();
    const q = await m.Queue();
    const t = new Thread({ target: () => q.get(), daemon: true });
    t.start();
    await new Promise((r) => setTimeout(r, 200));
    console.log("main done");
  } else if (scenario === "tcp-burst") {
    const m = new SyncManager(["127.0.0.1", 0], null, "pickle", ctx);
    await m.start();
    const d = await m.dict([["a", 1]]);
    const its = await Promise.all(
      Array.from({ length: 200 }, () => d.__iter__()),
    );
    await Promise.all(its.map((it) => it._decref()));
    console.log(`objects ${await m._number_of_objects()}`);
  }
}

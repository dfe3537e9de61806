// Thread, current_thread, enumerate and friends: the cases of CPython's
// test_threading that apply to threads as tasks, with sync and async targets.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import * as threading from "../../threading/mod.ts";
import {
  AssertionError,
  RuntimeError,
  ValueError,
} from "../../builtins/mod.ts";
import {
  joinAll,
  KINDS,
  since,
  startThreads,
  target,
  withHook,
} from "./_helpers.ts";

describe("Thread basics", () => {
  for (const kind of KINDS) {
    test(`a ${kind} target runs with args and kwargs once started`, async () => {
      const calls: unknown[][] = [];
      const t = new threading.Thread({
        target: target(kind, () => {}),
      });
      const u = new threading.Thread({
        target: (...a: unknown[]) => void calls.push(a),
        args: [1, "two"],
        kwargs: { three: 3 },
      });
      t.start();
      u.start();
      await t.join();
      await u.join();
      assert.deepEqual(calls, [[1, "two", { three: 3 }]]);
    });

    test(`is_alive() is true from start() until a ${kind} target returns`, async () => {
      const ev = new threading.Event();
      const t = new threading.Thread({
        target: kind === "sync" ? () => {} : async () => void await ev.wait(),
      });
      assert.equal(t.is_alive(), false);
      t.start();
      assert.equal(t.is_alive(), true);
      ev.set();
      await t.join();
      assert.equal(t.is_alive(), false);
    });

    test(`current_thread() is the thread itself in a ${kind} target, across awaits`, async () => {
      const seen: threading.Thread[] = [];
      const threads = startThreads(5, async () => {
        seen.push(threading.current_thread());
        if (kind === "async") {
          await threading.sleep(0.001);
          seen.push(threading.current_thread());
          await Promise.resolve();
          seen.push(threading.current_thread());
        }
      });
      await joinAll(threads);
      for (const t of threads) {
        assert.equal(
          seen.filter((x) => x === t).length,
          kind === "async" ? 3 : 1,
        );
      }
      assert.equal(threading.current_thread(), threading.main_thread());
    });
  }

  test("the body starts only when the starting thread awaits", async () => {
    const order: string[] = [];
    const t = new threading.Thread({ target: () => order.push("thread") });
    t.start();
    order.push("after start");
    await t.join();
    assert.deepEqual(order, ["after start", "thread"]);
  });

  test("start() twice raises RuntimeError", async () => {
    const t = new threading.Thread({ target: () => {} });
    t.start();
    assert.throws(() => t.start(), {
      name: "RuntimeError",
      message: "threads can only be started once",
    });
    await t.join();
    assert.throws(() => t.start(), RuntimeError);
  });

  test("join() before start() and join() of the current thread raise RuntimeError", async () => {
    const t = new threading.Thread({ target: () => {} });
    await assert.rejects(t.join(), {
      message: "cannot join thread before it is started",
    });
    await assert.rejects(threading.main_thread().join(), {
      message: "cannot join current thread",
    });
    const self = new threading.Thread({
      target: async () => {
        await assert.rejects(threading.current_thread().join(), RuntimeError);
      },
    });
    self.start();
    await self.join();
  });

  test("join(timeout) returns after the timeout with the thread still alive", async () => {
    const ev = new threading.Event();
    const t = new threading.Thread({ target: () => ev.wait() });
    t.start();
    const t0 = performance.now();
    await t.join(0.05);
    assert.ok(since(t0) >= 0.05, `returned after ${since(t0)} s`);
    assert.equal(t.is_alive(), true);
    await t.join({ timeout: 0 });
    assert.equal(t.is_alive(), true);
    ev.set();
    await t.join();
    assert.equal(t.is_alive(), false);
  });

  test("a subclass's run(), sync or async, is what runs", async () => {
    const out: string[] = [];
    class Sync extends threading.Thread {
      override run() {
        out.push(`sync ${this.name}`);
      }
    }
    class Async extends threading.Thread {
      override async run() {
        await threading.sleep(0.001);
        out.push(`async ${this.name}`);
      }
    }
    const a = new Sync({ name: "a" });
    const b = new Async({ name: "b" });
    a.start();
    b.start();
    await a.join();
    await b.join();
    assert.deepEqual(out.sort(), ["async b", "sync a"]);
  });
});

describe("Thread attributes", () => {
  test('default names are "Thread-N" and "Thread-N (target)", counting up', () => {
    function work() {}
    const a = new threading.Thread({ target: work });
    const b = new threading.Thread();
    const c = new threading.Thread({ target: () => {} });
    const m = /^Thread-(\d+) \(work\)$/.exec(a.name);
    assert.ok(m, a.name);
    const n = Number(m[1]);
    assert.equal(b.name, `Thread-${n + 1}`);
    assert.equal(c.name, `Thread-${n + 2} (target)`);
    assert.equal(new threading.Thread({ name: "x" }).name, "x");
    // Python's `if name:`: an empty name gets the default one.
    assert.match(new threading.Thread({ name: "" }).name, /^Thread-\d+$/);
    // repr shows the thread's own name, whatever a subclass's `name` says.
    class Renamed extends threading.Thread {
      override get name(): string {
        return "other";
      }
    }
    assert.equal(
      String(new Renamed({ name: "real" })),
      "<Renamed(real, initial)>",
    );
    assert.equal(
      String(new threading.Thread({ name: "x" })),
      "<Thread(x, initial)>",
    );
  });

  test("name is settable; getName/setName are the legacy spellings", () => {
    const t = new threading.Thread({ name: "one" });
    t.name = "two";
    assert.equal(t.getName(), "two");
    t.setName("three");
    assert.equal(t.name, "three");
  });

  test("ident and native_id are null before start and unique per thread after", async () => {
    const t = new threading.Thread({ target: () => {} });
    assert.equal(t.ident, null);
    assert.equal(t.native_id, null);
    const threads = startThreads(20, () => {});
    const idents = new Set(threads.map((x) => x.ident));
    const natives = new Set(threads.map((x) => x.native_id));
    idents.add(threading.main_thread().ident);
    natives.add(threading.main_thread().native_id);
    assert.equal(idents.size, 21);
    assert.equal(natives.size, 21);
    for (const x of threads) assert.ok(x.ident! > 0);
    await joinAll(threads);
  });

  test("get_ident() and get_native_id() are the calling thread's", async () => {
    assert.equal(threading.get_ident(), threading.main_thread().ident);
    assert.equal(threading.get_native_id(), process.pid);
    let got: [number, number] = [0, 0];
    const t = new threading.Thread({
      target: async () => {
        await threading.sleep(0);
        got = [threading.get_ident(), threading.get_native_id()];
      },
    });
    t.start();
    await t.join();
    assert.deepEqual(got, [t.ident, t.native_id]);
  });

  test("daemon is inherited from the creating thread and settable only before start", async () => {
    assert.equal(new threading.Thread().daemon, false);
    let inner: threading.Thread | null = null;
    const d = new threading.Thread({
      daemon: true,
      target: () => {
        inner = new threading.Thread();
      },
    });
    d.start();
    await d.join();
    assert.equal(inner!.daemon, true);
    const t = new threading.Thread({ target: () => {} });
    t.daemon = true;
    assert.equal(t.isDaemon(), true);
    t.setDaemon(false);
    assert.equal(t.daemon, false);
    t.start();
    assert.throws(() => (t.daemon = true), {
      message: "cannot set daemon status of active thread",
    });
    await t.join();
    assert.throws(() => t.setDaemon(true), RuntimeError);
  });

  test("the main thread is a started, non-daemon Thread named MainThread", () => {
    const m = threading.main_thread();
    assert.ok(m instanceof threading.Thread);
    assert.equal(m.name, "MainThread");
    assert.equal(m.daemon, false);
    assert.equal(m.is_alive(), true);
    assert.match(String(m), /^<_MainThread\(MainThread, started \d+\)>$/);
    assert.equal(threading.currentThread(), m);
  });

  test("Thread rejects unknown keyword arguments and a group", () => {
    assert.throws(
      () => new threading.Thread({ bogus: 1 } as threading.ThreadOptions),
      { name: "TypeError", message: /unexpected keyword argument 'bogus'/ },
    );
    assert.throws(
      () => new threading.Thread({ group: 1 as unknown as null }),
      AssertionError,
    );
  });
});

describe("enumerate and active_count", () => {
  test("list the main thread and every live thread, and forget ended ones", async () => {
    const ev = new threading.Event();
    const threads = startThreads(3, () => ev.wait());
    assert.equal(threading.active_count(), 4);
    assert.equal(threading.activeCount(), 4);
    assert.deepEqual(threading.enumerate(), [
      threading.main_thread(),
      ...threads,
    ]);
    ev.set();
    await joinAll(threads);
    assert.equal(threading.active_count(), 1);
    assert.deepEqual(threading.enumerate(), [threading.main_thread()]);
  });

  test("10,000 threads are started and joined", async () => {
    let ran = 0;
    const threads = startThreads(10_000, async (i: unknown) => {
      if ((i as number) % 2) await threading.sleep(0);
      ran++;
    });
    assert.equal(threading.active_count(), 10_001);
    await joinAll(threads);
    assert.equal(ran, 10_000);
    assert.equal(threading.active_count(), 1);
  });
});

describe("excepthook", () => {
  test("an exception escaping a subclass's run(), sync or async, goes to excepthook", async () => {
    const err = new ValueError("from run");
    class Sync extends threading.Thread {
      override run(): void {
        throw err;
      }
    }
    class Async extends threading.Thread {
      override async run(): Promise<void> {
        await threading.sleep(0.001);
        throw err;
      }
    }
    const threads = [new Sync({ name: "s" }), new Async({ name: "a" })];
    const seen = await withHook(async () => {
      for (const t of threads) t.start();
      for (const t of threads) await t.join();
    });
    assert.deepEqual(seen.map((s) => s.thread?.name).sort(), ["a", "s"]);
    for (const s of seen) assert.equal(s.exc_value, err);
    for (const t of threads) assert.equal(t.is_alive(), false);
    assert.equal(threading.enumerate().includes(threads[0]!), false);
  });

  for (const kind of KINDS) {
    test(`an exception escaping a ${kind} target goes to excepthook and ends only that thread`, async () => {
      let t!: threading.Thread;
      const err = new ValueError("boom");
      const seen = await withHook(async () => {
        t = new threading.Thread({
          name: "bad",
          target: target(kind, () => {
            throw err;
          }),
        });
        t.start();
        await t.join();
      });
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.exc_type, ValueError);
      assert.equal(seen[0]!.exc_value, err);
      assert.equal(seen[0]!.thread, t);
      assert.match(seen[0]!.exc_traceback!, /ValueError: boom/);
      assert.equal(t.is_alive(), false);
    });
  }

  test("the default hook prints 'Exception in thread NAME:' and the stack", () => {
    const lines: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void lines.push(a.join(" "));
    try {
      threading.__excepthook__(
        new threading.ExceptHookArgs(
          new ValueError("bad"),
          threading.main_thread(),
        ),
      );
    } finally {
      console.error = orig;
    }
    assert.match(
      lines.join("\n"),
      /^Exception in thread MainThread:\nValueError: bad\n/,
    );
  });

  test("a failing excepthook is reported and the program goes on", async () => {
    const lines: string[] = [];
    const orig = console.error;
    const old = threading.excepthook;
    console.error = (...a: unknown[]) => void lines.push(a.join(" "));
    threading.setattr("excepthook", () => {
      throw new Error("hook broke");
    });
    try {
      const t = new threading.Thread({
        target: () => {
          throw new Error("x");
        },
      });
      t.start();
      await t.join();
    } finally {
      console.error = orig;
      threading.setattr("excepthook", old);
    }
    assert.match(
      lines.join("\n"),
      /Exception in threading\.excepthook:\nError: hook broke/,
    );
  });

  test("setattr assigns excepthook and rejects other names", () => {
    const old = threading.excepthook;
    assert.equal(old, threading.__excepthook__);
    const f = () => {};
    threading.setattr("excepthook", f);
    assert.equal(threading.excepthook, f);
    threading.setattr("excepthook", old);
    assert.throws(
      () => threading.setattr("nope" as "excepthook", f),
      TypeError,
    );
  });
});

describe("Timer", () => {
  test("calls the function after the interval, with args and kwargs", async () => {
    const got: unknown[] = [];
    const t0 = performance.now();
    const t = new threading.Timer(
      0.05,
      (...a: unknown[]) => void got.push(...a),
      [1],
      { k: 2 },
    );
    t.start();
    await t.join();
    assert.ok(since(t0) >= 0.05);
    assert.deepEqual(got, [1, { k: 2 }]);
    assert.match(t.name, /^Thread-\d+$/);
  });

  test("cancel() before the interval stops the call", async () => {
    let called = false;
    const t = new threading.Timer(5, () => (called = true));
    t.start();
    await threading.sleep(0.01);
    t.cancel();
    const t0 = performance.now();
    await t.join();
    assert.ok(since(t0) < 1);
    assert.equal(called, false);
  });

  test("takes args and kwargs as keywords", async () => {
    const got: unknown[] = [];
    const t = new threading.Timer(0, (...a: unknown[]) => void got.push(...a), {
      args: [7],
    });
    t.start();
    await t.join();
    assert.deepEqual(got, [7]);
  });
});

describe("sleep", () => {
  test("waits at least the time asked and rejects negative lengths", async () => {
    const t0 = performance.now();
    await threading.sleep(0.03);
    assert.ok(since(t0) >= 0.03);
    await assert.rejects(threading.sleep(-1), {
      name: "ValueError",
      message: "sleep length must be non-negative",
    });
  });

  test("sleep(0) lets other threads run", async () => {
    const order: string[] = [];
    const t = new threading.Thread({ target: () => order.push("t") });
    t.start();
    await threading.sleep(0);
    order.push("main");
    await t.join();
    assert.deepEqual(order, ["t", "main"]);
  });
});

describe("module functions", () => {
  test("stack_size keeps 0 or at least 32 KiB and rejects other sizes", () => {
    assert.equal(threading.stack_size(), 0);
    assert.throws(() => threading.stack_size(100), {
      name: "ValueError",
      message: "size not valid: 100 bytes",
    });
    assert.equal(threading.stack_size(65536), 0);
    assert.equal(threading.stack_size(0), 65536);
  });

  test("settrace and setprofile record their function", () => {
    const f = () => {};
    threading.settrace(f);
    threading.setprofile(f);
    assert.equal(threading.gettrace(), f);
    assert.equal(threading.getprofile(), f);
    threading.settrace(null);
    threading.setprofile(null);
  });

  test("TIMEOUT_MAX is CPython's and ThreadError is RuntimeError", () => {
    assert.equal(threading.TIMEOUT_MAX, 9223372036);
    assert.equal(threading.ThreadError, RuntimeError);
  });
});

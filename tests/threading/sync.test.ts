// Condition, Semaphore, BoundedSemaphore, Event, Barrier: the cases of
// CPython's lock_tests that apply, with sync and async thread bodies.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as threading from "../../threading/mod.ts";
import { RuntimeError, ValueError } from "../../builtins/mod.ts";
import { joinAll, KINDS, since, startThreads, target } from "./_helpers.ts";

describe("Condition", () => {
  for (
    const [name, make] of [
      ["an RLock (the default)", () => new threading.Condition()],
      ["a Lock", () => new threading.Condition(new threading.Lock())],
    ] as const
  ) {
    test(`over ${name}: wait() and notify() without the lock raise RuntimeError`, async () => {
      const cond = make();
      await assert.rejects(cond.wait(), {
        name: "RuntimeError",
        message: "cannot wait on un-acquired lock",
      });
      assert.throws(() => cond.notify(), {
        name: "RuntimeError",
        message: "cannot notify on un-acquired lock",
      });
      assert.throws(() => cond.notify_all(), RuntimeError);
    });

    test(`over ${name}: notify(n) wakes n waiters in FIFO order, notify_all the rest`, async () => {
      const cond = make();
      const woke: number[] = [];
      let ready = 0;
      const threads = startThreads(5, async (i) => {
        using _ = await cond.enter();
        ready++;
        assert.equal(await cond.wait(), true);
        woke.push(i as number);
      });
      for (let i = 0; i < 100 && ready < 5; i++) await threading.sleep(0.001);
      {
        using _ = await cond.enter();
        cond.notify(2);
      }
      await threading.sleep(0.01);
      assert.deepEqual(woke, [0, 1]);
      {
        using _ = await cond.enter();
        cond.notify();
      }
      await threading.sleep(0.01);
      assert.deepEqual(woke, [0, 1, 2]);
      {
        using _ = await cond.enter();
        cond.notifyAll();
      }
      await joinAll(threads);
      assert.deepEqual(woke, [0, 1, 2, 3, 4]);
    });

    test(`over ${name}: wait(timeout) returns false after the timeout, holding the lock again`, async () => {
      const cond = make();
      using _ = await cond.enter();
      const t0 = performance.now();
      assert.equal(await cond.wait(0.05), false);
      assert.ok(since(t0) >= 0.05);
      cond.notify(); // still held: no RuntimeError
      assert.equal(await cond.wait(0), false);
    });
  }

  test("wait() on an RLock held twice releases it fully and restores the level", async () => {
    const lock = new threading.RLock();
    const cond = new threading.Condition(lock);
    await lock.acquire();
    await lock.acquire();
    let otherGot = false;
    const t = new threading.Thread({
      target: async () => {
        using _ = await cond.enter();
        otherGot = true;
        cond.notify();
      },
    });
    t.start();
    assert.equal(await cond.wait(5), true);
    assert.equal(otherGot, true);
    assert.match(String(lock), /count=2 at 0x[0-9a-f]+>$/);
    lock.release();
    lock.release();
    await t.join();
  });

  for (const kind of KINDS) {
    test(`wait_for waits until the predicate holds (${kind} predicate)`, async () => {
      const cond = new threading.Condition();
      let state = 0;
      const t = new threading.Thread({
        target: async () => {
          for (let i = 0; i < 4; i++) {
            await threading.sleep(0.002);
            using _ = await cond.enter();
            state++;
            cond.notify();
          }
        },
      });
      t.start();
      using _ = await cond.enter();
      const result = await cond.wait_for(
        kind === "sync" ? () => state === 4 : async () => {
          await Promise.resolve();
          return state === 4;
        },
      );
      assert.equal(result, true);
      assert.equal(state, 4);
      await t.join();
    });
  }

  test("wait_for gives up after the timeout with the predicate's last value", async () => {
    const cond = new threading.Condition();
    using _ = await cond.enter();
    const t0 = performance.now();
    assert.equal(await cond.wait_for(() => 0, 0.05), 0);
    assert.ok(since(t0) >= 0.05);
  });
});

describe("Semaphore", () => {
  test("rejects a negative initial value and release(n) with n < 1", () => {
    assert.throws(() => new threading.Semaphore(-1), {
      name: "ValueError",
      message: "semaphore initial value must be >= 0",
    });
    assert.throws(() => new threading.Semaphore(1).release(0), {
      message: "n must be one or more",
    });
  });

  test("acquire counts down to 0, then non-blocking acquire fails", async () => {
    const sem = new threading.Semaphore(2);
    assert.equal(await sem.acquire(), true);
    assert.equal(await sem.acquire(false), true);
    assert.equal(await sem.acquire(false), false);
    assert.equal(await sem.acquire({ timeout: 0.01 }), false);
    await assert.rejects(sem.acquire(false, 1), {
      message: "can't specify timeout for non-blocking acquire",
    });
    sem.release(2);
    assert.equal(await sem.acquire(false), true);
  });

  for (const kind of KINDS) {
    test(`release(n) wakes n ${kind} waiters, first come first served`, async () => {
      const sem = new threading.Semaphore(0);
      const got: number[] = [];
      const threads = startThreads(6, (i) =>
        target(kind, async () => {
          await sem.acquire();
          got.push(i as number);
        })());
      await threading.sleep(0.01);
      sem.release(2);
      await threading.sleep(0.01);
      assert.deepEqual(got, [0, 1]);
      sem.release(4);
      await joinAll(threads);
      assert.deepEqual(got, [0, 1, 2, 3, 4, 5]);
    });
  }

  test("using _ = await sem.enter() limits how many are inside", async () => {
    const sem = new threading.Semaphore(3);
    let inside = 0, most = 0;
    const threads = startThreads(10, async () => {
      for (let i = 0; i < 5; i++) {
        using _ = await sem.enter();
        most = Math.max(most, ++inside);
        await threading.sleep(0);
        inside--;
      }
    });
    await joinAll(threads);
    assert.equal(most, 3);
    assert.match(
      String(sem),
      /^<threading\.Semaphore at 0x[0-9a-f]+: value=3>$/,
    );
  });

  test("a timed acquire waits the timeout, never less", async () => {
    const sem = new threading.Semaphore(0);
    const t0 = performance.now();
    assert.equal(await sem.acquire(true, 0.05), false);
    assert.ok(since(t0) >= 0.05);
  });

  test("BoundedSemaphore raises ValueError when released too often", async () => {
    const sem = new threading.BoundedSemaphore(2);
    assert.throws(() => sem.release(), {
      name: "ValueError",
      message: "Semaphore released too many times",
    });
    await sem.acquire();
    await sem.acquire();
    assert.throws(() => sem.release(3), ValueError);
    sem.release(2);
    assert.throws(() => sem.release(), ValueError);
  });
});

describe("Event", () => {
  test("is_set, set, clear and wait without waiting when set", async () => {
    const ev = new threading.Event();
    assert.equal(ev.is_set(), false);
    ev.set();
    assert.equal(ev.isSet(), true);
    assert.equal(await ev.wait(), true);
    assert.equal(await ev.wait(0), true);
    ev.clear();
    assert.equal(ev.is_set(), false);
    assert.match(String(ev), /^<threading\.Event at 0x[0-9a-f]+: unset>$/);
  });

  for (const kind of KINDS) {
    test(`set() wakes every ${kind} waiter`, async () => {
      const ev = new threading.Event();
      const got: boolean[] = [];
      const threads = startThreads(
        5,
        target(kind, async () => {
          got.push(await ev.wait());
        }),
      );
      await threading.sleep(0.01);
      assert.equal(got.length, 0);
      ev.set();
      await joinAll(threads);
      assert.deepEqual(got, [true, true, true, true, true]);
    });
  }

  test("wait(timeout) returns false after the timeout, never earlier", async () => {
    const ev = new threading.Event();
    const t0 = performance.now();
    assert.equal(await ev.wait(0.05), false);
    assert.ok(since(t0) >= 0.05);
    assert.equal(await ev.wait({ timeout: -1 }), false);
  });
});

describe("Barrier", () => {
  test("releases all parties together with indexes 0..n-1, several rounds", async () => {
    const b = new threading.Barrier(4);
    assert.equal(b.parties, 4);
    const rounds: number[][] = [[], [], []];
    const threads = startThreads(4, async () => {
      for (let r = 0; r < 3; r++) rounds[r]!.push(await b.wait());
    });
    await joinAll(threads);
    for (const r of rounds) assert.deepEqual(r.sort(), [0, 1, 2, 3]);
    assert.equal(b.n_waiting, 0);
    assert.equal(b.broken, false);
  });

  test("the action runs once per round before anyone leaves", async () => {
    let actions = 0;
    const seen: number[] = [];
    const b = new threading.Barrier(3, () => void actions++);
    const threads = startThreads(3, async () => {
      await b.wait();
      seen.push(actions);
    });
    await joinAll(threads);
    assert.deepEqual(seen, [1, 1, 1]);
    assert.equal(typeof b.action, "function");
  });

  test("a timed-out wait breaks the barrier for every waiter", async () => {
    const b = new threading.Barrier(3);
    const errors: unknown[] = [];
    const threads = startThreads(2, async (i) => {
      try {
        await b.wait(i === 0 ? 0.05 : null);
      } catch (e) {
        errors.push(e);
      }
    });
    await joinAll(threads);
    assert.equal(errors.length, 2);
    for (const e of errors) {
      assert.ok(e instanceof threading.BrokenBarrierError);
    }
    assert.equal(b.broken, true);
    await assert.rejects(b.wait(), threading.BrokenBarrierError);
  });

  test("abort() breaks waiters; reset() makes it usable again", async () => {
    const b = new threading.Barrier(2, { timeout: 5 });
    assert.equal(b.timeout, 5);
    const errors: unknown[] = [];
    const t = new threading.Thread({
      target: async () => {
        try {
          await b.wait();
        } catch (e) {
          errors.push(e);
        }
      },
    });
    t.start();
    for (let i = 0; i < 100 && b.n_waiting < 1; i++) {
      await threading.sleep(0.001);
    }
    assert.equal(b.n_waiting, 1);
    await b.abort();
    await t.join();
    assert.ok(errors[0] instanceof threading.BrokenBarrierError);
    await b.reset();
    assert.equal(b.broken, false);
    const threads = startThreads(2, () => b.wait());
    await joinAll(threads);
  });

  test("reset() while threads wait raises BrokenBarrierError in them", async () => {
    const b = new threading.Barrier(3);
    const errors: unknown[] = [];
    const threads = startThreads(2, async () => {
      try {
        await b.wait();
      } catch (e) {
        errors.push(e);
      }
    });
    for (let i = 0; i < 100 && b.n_waiting < 2; i++) {
      await threading.sleep(0.001);
    }
    await b.reset();
    await joinAll(threads);
    assert.equal(errors.length, 2);
    assert.equal(b.broken, false);
  });

  test("the default timeout applies, and a single party passes at once", async () => {
    assert.equal(await new threading.Barrier(1).wait(), 0);
    const b = new threading.Barrier(2, null, 0.03);
    const t0 = performance.now();
    await assert.rejects(b.wait(), threading.BrokenBarrierError);
    assert.ok(since(t0) >= 0.03);
    assert.throws(() => new threading.Barrier(0), ValueError);
  });
});

describe("local", () => {
  test("attributes are separate per thread and follow each across awaits", async () => {
    const data = new threading.local() as threading.local & { x?: number };
    data.x = 0;
    const seen: (number | undefined)[] = [];
    const threads = startThreads(5, async (i) => {
      seen.push(data.x);
      data.x = i as number;
      await threading.sleep(0.001 * (5 - (i as number)));
      assert.equal(data.x, i);
      assert.ok("x" in data);
      assert.deepEqual(Object.keys(data), ["x"]);
    });
    await joinAll(threads);
    assert.deepEqual(seen, [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    assert.equal(data.x, 0);
    delete data.x;
    assert.equal("x" in data, false);
  });

  test("a subclass's constructor runs again, with its arguments, in each thread", async () => {
    let inits = 0;
    class MyLocal extends threading.local {
      color: string;
      items: number[] = [];
      constructor(color: string) {
        super(color);
        this.color = color;
        inits++;
      }
      add(n: number) {
        this.items.push(n);
        return this.items.length;
      }
    }
    const mine = new MyLocal("red");
    mine.add(1);
    mine.color = "blue";
    const got: [string, number][] = [];
    const threads = startThreads(3, () => {
      got.push([mine.color, mine.add(2)]);
    });
    await joinAll(threads);
    assert.deepEqual(got, [["red", 1], ["red", 1], ["red", 1]]);
    assert.equal(inits, 4);
    assert.equal(mine.color, "blue");
    assert.ok(mine instanceof MyLocal);
  });

  test("a subclass constructor that takes arguments but passes none to super() raises TypeError saying so", () => {
    class MyLocal extends threading.local {
      x: number;
      constructor(x: number) {
        super();
        this.x = x;
      }
    }
    assert.throws(() => new MyLocal(5), {
      name: "TypeError",
      message:
        /^MyLocal's constructor takes arguments but passes none to super\(\).*super\(\.\.\.arguments\)$/,
    });
    // Defaulted parameters count too (Function.length misses them), and a
    // subclass without a constructor of its own inherits the problem.
    class Options extends threading.local {
      constructor(kw: Record<string, unknown> = {}) {
        super();
        Object.assign(this, kw);
      }
    }
    class Child extends Options {}
    assert.throws(() => new Options({ color: "red" }), /^TypeError: Options's/);
    assert.throws(() => new Child({ color: "red" }), /^TypeError: Options's/);
  });

  test("a subclass constructor that passes its arguments on runs again with them in each thread", async () => {
    class MyLocal extends threading.local {
      x: number;
      seen: string[] = [];
      constructor(x: number, _label = "/* ) */ 'x'") {
        super(...arguments);
        this.x = x;
      }
    }
    const mine = new MyLocal(5);
    mine.seen.push("main");
    const got: [number, number][] = [];
    const threads = startThreads(2, () => {
      got.push([mine.x, mine.seen.length]);
    });
    await joinAll(threads);
    assert.deepEqual(got, [[5, 0], [5, 0]]);
  });

  test("a subclass constructor without parameters needs no arguments", async () => {
    class Counter extends threading.local {
      // A string and a comment that look like a constructor with parameters.
      note = "constructor(x) {";
      n: number;
      constructor(/* none */) {
        super();
        this.n = 0;
      }
    }
    const c = new Counter();
    c.n = 3;
    const got: number[] = [];
    await joinAll(startThreads(2, () => {
      c.n++;
      got.push(c.n);
    }));
    assert.deepEqual(got, [1, 1]);
    assert.equal(c.n, 3);
  });

  test("local() itself takes no arguments", () => {
    assert.throws(() => new threading.local(1), {
      name: "TypeError",
      message: "Initialization arguments are not supported",
    });
  });
});

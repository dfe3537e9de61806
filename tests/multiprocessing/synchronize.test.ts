// multiprocessing's Lock, RLock, Semaphore, BoundedSemaphore, Condition,
// Event and Barrier within one process: Python's behaviour and messages,
// many threads at once, timeouts, and no lost wake-ups. The cross-process
// cases are in synchronize_process.test.ts.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AssertionError,
  OSError,
  OverflowError,
  ValueError,
} from "../../builtins/mod.ts";
import * as threading from "../../threading/mod.ts";
import { Barrier } from "../../multiprocessing/barrier.ts";
import { BoundedSemaphore } from "../../multiprocessing/bounded_semaphore.ts";
import { Condition } from "../../multiprocessing/condition.ts";
import { Event } from "../../multiprocessing/event.ts";
import { Lock } from "../../multiprocessing/lock.ts";
import { RLock } from "../../multiprocessing/rlock.ts";
import { Semaphore } from "../../multiprocessing/semaphore.ts";

/** Seconds since `t0` (a performance.now() time). */
function since(t0: number): number {
  return (performance.now() - t0) / 1000;
}

/** Starts `n` threads running `fn(i)`. */
function start(n: number, fn: (i: number) => unknown): threading.Thread[] {
  const out: threading.Thread[] = [];
  for (let i = 0; i < n; i++) {
    const t = new threading.Thread({ target: fn, args: [i] });
    t.start();
    out.push(t);
  }
  return out;
}

/** Joins every thread, at most 20 s each, and checks they ended. */
async function joinAll(threads: threading.Thread[]): Promise<void> {
  for (const t of threads) {
    await t.join(20);
    assert.equal(t.is_alive(), false, `${t.name} still runs`);
  }
}

/** Yields until `cond()` holds, at most 5 s. */
async function until(cond: () => boolean): Promise<void> {
  const end = performance.now() + 5000;
  while (!cond()) {
    assert.ok(performance.now() < end, "timed out waiting");
    await threading.sleep(0.001);
  }
}

/** Runs `fn` in a new thread and returns what it returns. */
async function inThread<T>(fn: () => T | Promise<T>): Promise<T> {
  let out: T | undefined;
  const t = new threading.Thread({ target: async () => (out = await fn()) });
  t.start();
  await t.join(20);
  return out as T;
}

describe("callable classes (docs/porting.md §1)", () => {
  test("each is used with new or called, and instanceof holds both ways", () => {
    const pairs = [
      [Lock, () => new Lock(), () => Lock()],
      [RLock, () => new RLock(), () => RLock()],
      [Semaphore, () => new Semaphore(2), () => Semaphore(2)],
      [
        BoundedSemaphore,
        () => new BoundedSemaphore(2),
        () => BoundedSemaphore(2),
      ],
      [Condition, () => new Condition(), () => Condition()],
      [Event, () => new Event(), () => Event()],
      [Barrier, () => new Barrier(2), () => Barrier(2)],
    ] as const;
    for (const [cls, withNew, called] of pairs) {
      const a = withNew(), b = called();
      assert.ok(
        a instanceof (cls as unknown as typeof Lock),
        `new ${cls.name}()`,
      );
      assert.ok(b instanceof (cls as unknown as typeof Lock), `${cls.name}()`);
      assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b));
      assert.equal(a.constructor, cls);
    }
    assert.deepEqual(
      pairs.map(([c]) => c.name),
      [
        "Lock",
        "RLock",
        "Semaphore",
        "BoundedSemaphore",
        "Condition",
        "Event",
        "Barrier",
      ],
    );
    assert.ok(BoundedSemaphore(1) instanceof Semaphore);
    assert.ok(!(Semaphore(1) instanceof BoundedSemaphore));
  });

  test("a subclass works and keeps its own methods", async () => {
    class Counted extends Lock {
      n = 0;
      override acquire(): Promise<boolean> {
        this.n++;
        return super.acquire();
      }
    }
    const l = new Counted();
    assert.equal(await l.acquire(), true);
    assert.equal(l.n, 1);
    assert.ok(l instanceof Lock);
    assert.equal(l.locked(), true);
    l.release();
  });
});

describe("Lock", () => {
  test("acquire(block, timeout) as multiprocessing's, with keyword objects", async () => {
    const lock = new Lock();
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.acquire(false), false);
    assert.equal(await lock.acquire({ block: false }), false);
    assert.equal(
      await lock.acquire(false, 5),
      false,
      "block=false ignores the timeout",
    );
    assert.equal(
      await lock.acquire(true, -1),
      false,
      "a negative timeout is 0",
    );
    assert.equal(await lock.acquire({ timeout: 0 }), false);
    assert.equal(await lock.acquire(true, { timeout: 0 }), false);
    await assert.rejects(lock.acquire(true, "x" as unknown as number), {
      name: "TypeError",
      message: "must be real number, not str",
    });
    await assert.rejects(
      lock.acquire({ block: true, blocking: false } as never),
      {
        name: "TypeError",
        message: "acquire() got an unexpected keyword argument 'blocking'",
      },
    );
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test("release() of a free lock raises ValueError; any thread may release", async () => {
    const lock = Lock();
    assert.throws(() => lock.release(), {
      name: "ValueError",
      message: "semaphore or lock released too many times",
    });
    assert.throws(() => lock.release(), ValueError);
    await lock.acquire();
    await inThread(() => lock.release());
    assert.equal(lock.locked(), false);
  });

  test("repr names the owner as Python does", async () => {
    const lock = new Lock();
    assert.equal(String(lock), "<Lock(owner=None)>");
    await lock.acquire();
    assert.equal(String(lock), "<Lock(owner=MainProcess)>");
    assert.equal(
      await inThread(() => String(lock)),
      "<Lock(owner=SomeOtherThread)>",
    );
    lock.release();
    const seen = await inThread(async () => {
      await lock.acquire();
      const s = String(lock);
      lock.release();
      return [s, threading.current_thread().name];
    });
    assert.equal(seen[0], `<Lock(owner=MainProcess|${seen[1]})>`);
  });

  test("the first waiter gets a released lock; a timeout is honoured", async () => {
    const lock = new Lock();
    await lock.acquire();
    const t0 = performance.now();
    assert.equal(await lock.acquire({ timeout: 0.1 }), false);
    const took = since(t0);
    assert.ok(took >= 0.099 && took < 0.5, `waited ${took}s`);
    let got = false;
    const [t] = start(1, async () => (got = await lock.acquire(true, 10)));
    await threading.sleep(0.02);
    assert.equal(got, false);
    lock.release();
    await joinAll([t!]);
    assert.equal(got, true);
    assert.equal(lock.locked(), true);
    lock.release();
  });

  test("50 threads incrementing under the lock across awaits lose nothing", async () => {
    const lock = new Lock();
    let counter = 0, inside = 0, most = 0;
    const threads = start(50, async () => {
      for (let i = 0; i < 20; i++) {
        using _ = await lock.enter();
        most = Math.max(most, ++inside);
        const c = counter;
        await threading.sleep(0);
        counter = c + 1;
        inside--;
      }
    });
    await joinAll(threads);
    assert.equal(counter, 1000);
    assert.equal(most, 1);
    assert.equal(String(lock), "<Lock(owner=None)>");
  });
});

describe("RLock", () => {
  test("the owner re-enters; repr shows the level; released as often as taken", async () => {
    const lock = new RLock();
    assert.equal(String(lock), "<RLock(None, 0)>");
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.acquire({ block: false }), true);
    assert.equal(String(lock), "<RLock(MainProcess, 2)>");
    assert.equal(
      await inThread(() => String(lock)),
      "<RLock(SomeOtherThread, nonzero)>",
    );
    assert.equal(await inThread(() => lock.acquire(false)), false);
    lock.release();
    assert.equal(lock.locked(), true);
    lock.release();
    assert.equal(lock.locked(), false);
    assert.equal(
      await inThread(async () => {
        const ok = await lock.acquire(false);
        lock.release();
        return ok;
      }),
      true,
    );
  });

  test("release by a thread that does not own it is Python's AssertionError", async () => {
    const lock = new RLock();
    assert.throws(() => lock.release(), {
      name: "AssertionError",
      message: "attempt to release recursive lock not owned by thread",
    });
    await lock.acquire();
    const e = await inThread(() => {
      try {
        lock.release();
        return null;
      } catch (e) {
        return e;
      }
    });
    assert.ok(e instanceof AssertionError);
    assert.equal(lock.locked(), true);
    lock.release();
  });

  test("a waiter gets it only once the owner released every level", async () => {
    const lock = new RLock();
    await lock.acquire();
    await lock.acquire();
    let got = false, repr = "", name = "";
    const [t] = start(1, async () => {
      got = await lock.acquire({ timeout: 10 });
      repr = String(lock);
      name = threading.current_thread().name;
      lock.release();
    });
    await threading.sleep(0.02);
    lock.release(); // one level of two
    await threading.sleep(0.02);
    assert.equal(got, false);
    lock.release();
    await joinAll([t!]);
    assert.equal(got, true);
    assert.equal(repr, `<RLock(MainProcess|${name}, 1)>`);
  });
});

describe("Semaphore and BoundedSemaphore", () => {
  test("value, get_value, repr; a Semaphore's release never fails", async () => {
    const sem = new Semaphore();
    assert.equal(sem.get_value(), 1);
    const s3 = Semaphore({ value: 3 });
    assert.equal(String(s3), "<Semaphore(value=3)>");
    assert.equal(await s3.acquire(), true);
    assert.equal(s3.get_value(), 2);
    for (let i = 0; i < 5; i++) s3.release();
    assert.equal(s3.get_value(), 7);
    const z = new Semaphore(0);
    assert.equal(await z.acquire(false), false);
    const t0 = performance.now();
    assert.equal(await z.acquire({ timeout: 0.05 }), false);
    assert.ok(since(t0) >= 0.049);
  });

  test("bad values fail as in CPython on Linux", () => {
    for (const make of [Semaphore, BoundedSemaphore]) {
      assert.throws(() => make(-1), (e: unknown) => {
        assert.ok(e instanceof OSError);
        assert.equal(e.errno, 22);
        assert.equal(e.message, "[Errno 22] Invalid argument");
        return true;
      });
      assert.throws(() => make(2 ** 31), OverflowError);
      assert.throws(() => make(1.5), {
        name: "TypeError",
        message: "'float' object cannot be interpreted as an integer",
      });
      assert.throws(
        () => (make as (...a: unknown[]) => unknown)(1, 2),
        TypeError,
      );
    }
  });

  test("a BoundedSemaphore raises ValueError above its initial value", async () => {
    const sem = new BoundedSemaphore(2);
    assert.equal(String(sem), "<BoundedSemaphore(value=2, maxvalue=2)>");
    assert.throws(() => sem.release(), {
      name: "ValueError",
      message: "semaphore or lock released too many times",
    });
    await sem.acquire();
    assert.equal(String(sem), "<BoundedSemaphore(value=1, maxvalue=2)>");
    sem.release();
    assert.equal(sem.get_value(), 2);
  });

  test("limits 30 threads to the value at once; every waiter gets a turn", async () => {
    const sem = new Semaphore(3);
    let inside = 0, most = 0, done = 0;
    const threads = start(30, async () => {
      using _ = await sem.enter();
      most = Math.max(most, ++inside);
      await threading.sleep(0.002);
      inside--;
      done++;
    });
    await joinAll(threads);
    assert.equal(done, 30);
    assert.equal(most, 3);
    assert.equal(sem.get_value(), 3);
  });
});

describe("Condition", () => {
  for (
    const [name, make] of [
      ["an RLock (the default)", () => new Condition()],
      ["a Lock", () => Condition(new Lock())],
    ] as const
  ) {
    test(`over ${name}: wait() and notify() without the lock are AssertionError`, async () => {
      const cond = make();
      await assert.rejects(cond.wait(0), {
        name: "AssertionError",
        message: "must acquire() condition before using wait()",
      });
      assert.throws(() => cond.notify(), {
        name: "AssertionError",
        message: "lock is not owned",
      });
      assert.throws(() => cond.notify_all(), AssertionError);
      await assert.rejects(cond.wait_for(() => false, 0), AssertionError);
    });

    test(`over ${name}: wait(timeout) times out on time and gives the lock back`, async () => {
      const cond = make();
      using _ = await cond.enter();
      const t0 = performance.now();
      assert.equal(await cond.wait({ timeout: 0.1 }), false);
      const took = since(t0);
      assert.ok(took >= 0.099 && took < 0.5, `waited ${took}s`);
      assert.equal(await cond.wait(-1), false, "a negative timeout is 0");
      // The lock is held again: another thread cannot take it.
      assert.equal(await inThread(() => cond.acquire(false)), false);
      assert.match(
        String(cond),
        /^<Condition\(<(R?Lock)\(.*MainProcess.*\)>, 0\)>$/,
      );
    });

    test(`over ${name}: notify(n) wakes n waiters and notify_all the rest`, async () => {
      const cond = make();
      let ready = 0;
      const woke: number[] = [];
      const threads = start(5, async (i) => {
        using _ = await cond.enter();
        ready++;
        assert.equal(await cond.wait(20), true);
        woke.push(i);
      });
      await until(() => ready === 5);
      assert.match(String(cond), /, 5\)>$/);
      {
        using _ = await cond.enter();
        cond.notify(2);
      }
      await until(() => woke.length === 2);
      await threading.sleep(0.02);
      assert.equal(woke.length, 2);
      {
        using _ = await cond.enter();
        cond.notify({ n: 1 });
      }
      await until(() => woke.length === 3);
      {
        using _ = await cond.enter();
        cond.notify_all();
      }
      await joinAll(threads);
      assert.deepEqual(woke.sort(), [0, 1, 2, 3, 4]);
      assert.match(String(cond), /, 0\)>$/);
    });
  }

  test("wait() releases every level of an RLock and restores them", async () => {
    const lock = new RLock();
    const cond = new Condition({ lock });
    await lock.acquire();
    await lock.acquire();
    await lock.acquire();
    let got: boolean | undefined;
    const [t] = start(1, async () => {
      got = await lock.acquire({ timeout: 10 });
      cond.notify();
      lock.release();
    });
    assert.equal(await cond.wait(10), true);
    await joinAll([t!]);
    assert.equal(got, true);
    assert.equal(String(lock), "<RLock(MainProcess, 3)>");
    lock.release();
    lock.release();
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test("wait_for returns the predicate's value, or its last one at the timeout", async () => {
    const cond = new Condition();
    using _ = await cond.enter();
    assert.equal(await cond.wait_for(() => "now"), "now");
    const t0 = performance.now();
    assert.equal(await cond.wait_for(() => 0, { timeout: 0.05 }), 0);
    assert.ok(since(t0) >= 0.049);
    let value = 0;
    const [t] = start(1, async () => {
      for (let i = 1; i <= 3; i++) {
        await threading.sleep(0.005);
        using _ = await cond.enter();
        value = i;
        cond.notify();
      }
    });
    // An async predicate is awaited.
    assert.equal(
      await cond.wait_for(() => Promise.resolve(value >= 3 && value), 10),
      3,
    );
    await joinAll([t!]);
  });

  test("a new waiter does not take a wake-up given before it waited", async () => {
    const cond = new Condition();
    let first: boolean | undefined;
    let ready = false;
    const [t] = start(1, async () => {
      using _ = await cond.enter();
      ready = true;
      first = await cond.wait(10);
    });
    await until(() => ready);
    using _ = await cond.enter();
    cond.notify();
    // The main thread waits right away, before the first waiter ran.
    assert.equal(await cond.wait(0.05), false);
    await joinAll([t!]);
    assert.equal(first, true);
  });

  test("1000 notify/wait rounds between two threads lose no wake-up", async () => {
    const cond = new Condition();
    let turn = 0;
    const rounds = 1000;
    const player = (me: number) => async () => {
      using _ = await cond.enter();
      for (let i = 0; i < rounds; i++) {
        while (turn % 2 !== me) {
          assert.equal(await cond.wait(10), true, `round ${turn}: lost`);
        }
        turn++;
        cond.notify();
      }
    };
    const threads = [0, 1].map((me) => {
      const t = new threading.Thread({ target: player(me) });
      t.start();
      return t;
    });
    await joinAll(threads);
    assert.equal(turn, 2 * rounds);
  });

  test("many waiters, many notifiers: every notify(1) wakes exactly one", async () => {
    const cond = new Condition(new Lock());
    let tokens = 0, consumed = 0;
    const consumers = start(20, async () => {
      for (let i = 0; i < 50; i++) {
        using _ = await cond.enter();
        while (tokens === 0) assert.equal(await cond.wait(10), true);
        tokens--;
        consumed++;
      }
    });
    const producers = start(10, async () => {
      for (let i = 0; i < 100; i++) {
        using _ = await cond.enter();
        tokens++;
        cond.notify();
        if (i % 7 === 0) await threading.sleep(0);
      }
    });
    await joinAll([...producers, ...consumers]);
    assert.equal(consumed, 1000);
  });

  test("refuses a lock that is not multiprocessing's", () => {
    assert.throws(
      () => new Condition(new threading.Lock() as never),
      /Condition\(\) needs a lock of the multiprocessing module/,
    );
  });
});

describe("Event", () => {
  test("set, clear, is_set, repr; wait returns the flag", async () => {
    const ev = Event();
    assert.equal(ev.is_set(), false);
    assert.match(String(ev), /^<Event at 0x[0-9a-f]+ unset>$/);
    const t0 = performance.now();
    assert.equal(await ev.wait(0.05), false);
    assert.ok(since(t0) >= 0.049);
    assert.equal(await ev.wait(-5), false);
    ev.set();
    ev.set();
    assert.equal(ev.is_set(), true);
    assert.match(String(ev), /^<Event at 0x[0-9a-f]+ set>$/);
    assert.equal(await ev.wait(), true);
    assert.equal(await ev.wait({ timeout: 0 }), true);
    ev.clear();
    assert.equal(ev.is_set(), false);
    await assert.rejects(ev.wait("1" as never), TypeError);
  });

  test("set() wakes every waiter", async () => {
    const ev = new Event();
    const got: boolean[] = [];
    const threads = start(25, async () => got.push(await ev.wait(20)));
    await threading.sleep(0.02);
    assert.equal(got.length, 0);
    ev.set();
    await joinAll(threads);
    assert.deepEqual(got, new Array(25).fill(true));
  });

  test("a set() undone by clear() before the waiter ran ends its wait with false", async () => {
    const ev = new Event();
    let got: boolean | undefined;
    const [t] = start(1, async () => (got = await ev.wait(20)));
    await threading.sleep(0.02);
    ev.set();
    ev.clear();
    await joinAll([t!]);
    assert.equal(got, false);
  });
});

describe("Barrier", () => {
  test("parties, n_waiting, broken, repr; bad parties", async () => {
    const b = new Barrier(3);
    assert.equal(b.parties, 3);
    assert.equal(b.n_waiting, 0);
    assert.equal(b.broken, false);
    assert.match(
      String(b),
      /^<multiprocessing\.synchronize\.Barrier at 0x[0-9a-f]+: waiters=0\/3>$/,
    );
    const threads = start(2, () => b.wait(20));
    await until(() => b.n_waiting === 2);
    assert.match(
      String(b),
      /^<multiprocessing\.synchronize\.Barrier at 0x[0-9a-f]+: waiters=2\/3>$/,
    );
    assert.ok([0, 1, 2].includes(await b.wait()));
    await joinAll(threads);
    assert.throws(() => Barrier(0), {
      name: "ValueError",
      message: "parties must be >= 1",
    });
    assert.throws(() => Barrier("2" as never), TypeError);
    assert.throws(() => Barrier(2, 5 as never), TypeError);
  });

  test("five rounds of four threads: distinct indexes, the action once per round", async () => {
    let actions = 0, arrived = 0;
    const b = new Barrier(4, { action: () => void actions++, timeout: 20 });
    const early: number[] = [];
    const indexes: number[][] = [[], [], [], [], []];
    const threads = start(4, async () => {
      for (let r = 0; r < 5; r++) {
        arrived++;
        const i = await b.wait();
        if (arrived < 4 * (r + 1)) early.push(r);
        indexes[r]!.push(i);
      }
    });
    await joinAll(threads);
    assert.deepEqual(early, []);
    assert.equal(actions, 5);
    for (const round of indexes) assert.deepEqual(round.sort(), [0, 1, 2, 3]);
  });

  test("a wait that times out breaks the barrier for everyone", async () => {
    const b = Barrier(3, null, 0.05);
    const errors: string[] = [];
    const threads = start(2, async () => {
      try {
        await b.wait();
      } catch (e) {
        errors.push((e as Error).name);
      }
    });
    await joinAll(threads);
    assert.deepEqual(errors, ["BrokenBarrierError", "BrokenBarrierError"]);
    assert.equal(b.broken, true);
    assert.match(
      String(b),
      /^<multiprocessing\.synchronize\.Barrier at 0x[0-9a-f]+: broken>$/,
    );
    await assert.rejects(b.wait(), threading.BrokenBarrierError);
    await b.reset();
    assert.equal(b.broken, false);
  });

  test("abort() and reset() break the waits in progress", async () => {
    for (const how of ["abort", "reset"] as const) {
      const b = new Barrier(3);
      const errors: unknown[] = [];
      const threads = start(2, async () => {
        try {
          await b.wait(20);
        } catch (e) {
          errors.push(e);
        }
      });
      await until(() => b.n_waiting === 2);
      await b[how]();
      await joinAll(threads);
      assert.equal(errors.length, 2);
      for (const e of errors) {
        assert.ok(e instanceof threading.BrokenBarrierError);
      }
      assert.equal(b.broken, how === "abort");
      if (how === "abort") await b.reset();
      // Usable again.
      const again = start(2, () => b.wait(20));
      await b.wait(20);
      await joinAll(again);
    }
  });

  test("an action that throws breaks the barrier and the last thread gets the error", async () => {
    const b = new Barrier(2, () => {
      throw new ValueError("action failed");
    });
    const [t] = start(1, async () => {
      await assert.rejects(b.wait(20), threading.BrokenBarrierError);
    });
    await until(() => b.n_waiting === 1);
    await assert.rejects(b.wait(20), {
      name: "ValueError",
      message: "action failed",
    });
    await joinAll([t!]);
    assert.equal(b.broken, true);
  });
});

// Lock and RLock: the cases of CPython's lock_tests (BaseLockTests,
// LockTests, RLockTests) that apply, with sync and async thread bodies.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as threading from "../../threading/mod.ts";
import { OverflowError, RuntimeError, ValueError } from "../../builtins/mod.ts";
import { joinAll, KINDS, since, startThreads, target } from "./_helpers.ts";

for (
  const [name, make] of [
    ["Lock", () => new threading.Lock()],
    ["RLock", () => new threading.RLock()],
  ] as const
) {
  describe(`${name}: the lock tests both kinds pass`, () => {
    test("acquire() then release() frees it", async () => {
      const lock = make();
      assert.equal(await lock.acquire(), true);
      assert.match(String(lock), /^<locked/);
      lock.release();
      assert.match(String(lock), /^<unlocked/);
    });

    test("acquire(false) succeeds on a free lock", async () => {
      const lock = make();
      assert.equal(await lock.acquire(false), true);
      lock.release();
    });

    for (const kind of KINDS) {
      test(`a ${kind} thread cannot take a lock another thread holds without waiting`, async () => {
        const lock = make();
        await lock.acquire();
        const got: boolean[] = [];
        const threads = startThreads(
          1,
          target(kind, async () => {
            got.push(await lock.acquire(false));
            got.push(await lock.acquire({ blocking: false }));
            got.push(await lock.acquire(true, 0));
          }),
        );
        await joinAll(threads);
        assert.deepEqual(got, [false, false, false]);
        lock.release();
      });

      test(`${kind} threads waiting for the lock get it in FIFO order`, async () => {
        const lock = make();
        await lock.acquire();
        const order: number[] = [];
        const threads = startThreads(5, (i) =>
          target(kind, async () => {
            await lock.acquire();
            order.push(i as number);
            lock.release();
          })());
        await threading.sleep(0.01);
        assert.deepEqual(order, []);
        lock.release();
        await joinAll(threads);
        assert.deepEqual(order, [0, 1, 2, 3, 4]);
      });
    }

    test("using _ = await lock.enter() holds it for the block and releases on throw", async () => {
      const lock = make();
      {
        using _ = await lock.enter();
        assert.match(String(lock), /^<locked/);
      }
      assert.match(String(lock), /^<unlocked/);
      try {
        using _ = await lock.enter();
        throw new Error("inside");
      } catch { /* expected */ }
      assert.equal(await lock.acquire(false), true);
      lock.release();
    });

    test("a waiter in enter() gets the lock when it is released", async () => {
      const lock = make();
      await lock.acquire();
      let inside = false;
      const t = new threading.Thread({
        target: async () => {
          using _ = await lock.enter();
          inside = true;
        },
      });
      t.start();
      await threading.sleep(0.01);
      assert.equal(inside, false);
      lock.release();
      await t.join();
      assert.equal(inside, true);
    });

    test("timeouts: invalid values raise as in CPython", async () => {
      const lock = make();
      await assert.rejects(lock.acquire(false, 1), {
        name: "ValueError",
        message: "can't specify a timeout for a non-blocking call",
      });
      await assert.rejects(lock.acquire({ timeout: -100 }), ValueError);
      await assert.rejects(
        lock.acquire({ timeout: threading.TIMEOUT_MAX + 1 }),
        OverflowError,
      );
      assert.equal(
        await lock.acquire({ timeout: threading.TIMEOUT_MAX }),
        true,
      );
      lock.release();
      await assert.rejects(
        lock.acquire({ blocking: true, bogus: 1 } as unknown as boolean),
        TypeError,
      );
    });

    test("a timed acquire of a held lock gives up after the timeout, never before", async () => {
      const lock = make();
      await lock.acquire();
      const results: [boolean, number][] = [];
      const t = new threading.Thread({
        target: async () => {
          for (const secs of [0.03, 0.06]) {
            const t0 = performance.now();
            results.push([await lock.acquire({ timeout: secs }), since(t0)]);
          }
        },
      });
      t.start();
      await t.join();
      lock.release();
      assert.equal(results[0]![0], false);
      assert.ok(results[0]![1] >= 0.03, `${results[0]![1]}`);
      assert.ok(results[1]![1] >= 0.06, `${results[1]![1]}`);
      assert.ok(results[1]![1] < 2, "timed out on time");
    });

    test("a timed acquire succeeds when the lock is freed in time, and a timed-out waiter is skipped", async () => {
      const lock = make();
      await lock.acquire();
      const got: string[] = [];
      const quitter = new threading.Thread({
        target: async () =>
          void got.push(`q ${await lock.acquire(true, 0.01)}`),
      });
      const stayer = new threading.Thread({
        target: async () => {
          got.push(`s ${await lock.acquire(true, 5)}`);
          lock.release();
        },
      });
      quitter.start();
      stayer.start();
      await quitter.join();
      lock.release();
      await stayer.join();
      assert.deepEqual(got, ["q false", "s true"]);
    });

    test("10 threads contending 100 times each leave the lock free", async () => {
      const lock = make();
      let inside = 0;
      let bad = 0;
      const threads = startThreads(10, async () => {
        for (let i = 0; i < 100; i++) {
          using _ = await lock.enter();
          if (++inside !== 1) bad++;
          if (i % 7 === 0) await threading.sleep(0);
          inside--;
        }
      });
      await joinAll(threads);
      assert.equal(bad, 0);
      assert.equal(await lock.acquire(false), true);
      lock.release();
    });
  });
}

describe("Lock", () => {
  test("release() of an unlocked lock raises RuntimeError", () => {
    const lock = new threading.Lock();
    assert.throws(() => lock.release(), {
      name: "RuntimeError",
      message: "release unlocked lock",
    });
  });

  test("a lock acquired in one thread may be released by another", async () => {
    const lock = new threading.Lock();
    const t = new threading.Thread({ target: () => lock.acquire() });
    t.start();
    await t.join();
    assert.equal(lock.locked(), true);
    lock.release();
    assert.equal(lock.locked(), false);
  });

  test("a second acquire by the holder waits (no re-entry)", async () => {
    const lock = new threading.Lock();
    await lock.acquire();
    assert.equal(await lock.acquire(true, 0.01), false);
    lock.release();
  });

  test("locked() reports the state and repr says locked/unlocked", async () => {
    const lock = new threading.Lock();
    assert.equal(lock.locked(), false);
    assert.match(
      String(lock),
      /^<unlocked _thread\.lock object at 0x[0-9a-f]+>$/,
    );
    await lock.acquire();
    assert.equal(lock.locked(), true);
    assert.match(
      String(lock),
      /^<locked _thread\.lock object at 0x[0-9a-f]+>$/,
    );
    lock.release();
  });
});

describe("RLock", () => {
  test("the owner re-acquires it; it frees after as many releases", async () => {
    const lock = new threading.RLock();
    for (let i = 0; i < 3; i++) assert.equal(await lock.acquire(), true);
    assert.match(String(lock), /count=3 at 0x[0-9a-f]+>$/);
    lock.release();
    lock.release();
    assert.match(String(lock), /^<locked/);
    lock.release();
    assert.match(String(lock), /^<unlocked/);
    assert.throws(() => lock.release(), {
      name: "RuntimeError",
      message: "cannot release un-acquired lock",
    });
  });

  for (const kind of KINDS) {
    test(`release by a ${kind} thread that does not own it raises RuntimeError`, async () => {
      const lock = new threading.RLock();
      await lock.acquire();
      const errors: unknown[] = [];
      const threads = startThreads(
        1,
        target(kind, () => {
          try {
            lock.release();
          } catch (e) {
            errors.push(e);
          }
        }),
      );
      await joinAll(threads);
      assert.ok(errors[0] instanceof RuntimeError);
      lock.release();
    });
  }

  test("ownership follows the thread across awaits", async () => {
    const lock = new threading.RLock();
    const t = new threading.Thread({
      target: async () => {
        await lock.acquire();
        await threading.sleep(0.001);
        await Promise.resolve();
        assert.equal(await lock.acquire(false), true); // re-entry: still the owner
        lock.release();
        lock.release();
      },
    });
    t.start();
    await t.join();
    assert.match(String(lock), /^<unlocked/);
  });

  test("an RLock held by the main thread is not re-entrant for another thread", async () => {
    const lock = new threading.RLock();
    await lock.acquire();
    let got: boolean | null = null;
    const t = new threading.Thread({
      target: async () => void (got = await lock.acquire(false)),
    });
    t.start();
    await t.join();
    assert.equal(got, false);
    lock.release();
  });
});

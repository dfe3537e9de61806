// multiprocessing's synchronization primitives across processes (the
// 'worker' start method): children and parent share them through shared
// memory; the 'spawn' method refuses them with NotImplementedError.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { NotImplementedError } from "../../builtins/mod.ts";
import { get_context, Process } from "../../multiprocessing/mod.ts";
import { Barrier } from "../../multiprocessing/barrier.ts";
import { BoundedSemaphore } from "../../multiprocessing/bounded_semaphore.ts";
import { Condition } from "../../multiprocessing/condition.ts";
import { Event } from "../../multiprocessing/event.ts";
import { Lock } from "../../multiprocessing/lock.ts";
import { RLock } from "../../multiprocessing/rlock.ts";
import { Semaphore } from "../../multiprocessing/semaphore.ts";
import {
  addUnderLock,
  barrierWait,
  conditionSharesLock,
  countAction,
  holdSemaphore,
  pingPong,
  probeHeld,
  setLater,
  waitCondition,
  waitEvent,
} from "./_targets_sync.ts";

function cells(n = 16): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

/** Starts a child running `target(...args)`. */
function run(target: (...a: never[]) => unknown, ...args: unknown[]): Process {
  const p = new Process({ target, args });
  p.start();
  return p;
}

/** Joins each child (at most 30 s) and checks it exited with 0. */
async function joinAll(procs: Process[]): Promise<void> {
  for (const p of procs) {
    await p.join(30);
    if (p.exitcode === null) p.kill();
    assert.equal(p.exitcode, 0, `${p.name} exit code`);
  }
}

/** Yields until `cond()` holds, at most 20 s. */
async function until(cond: () => boolean): Promise<void> {
  const end = performance.now() + 20_000;
  while (!cond()) {
    assert.ok(performance.now() < end, "timed out waiting");
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe("across processes ('worker')", () => {
  test("a Lock keeps 4 children's read-await-write increments whole", async () => {
    const lock = new Lock();
    const c = cells();
    const procs = [0, 1, 2, 3].map(() => run(addUnderLock, lock, c, 100));
    await addUnderLock(lock, c, 100);
    await joinAll(procs);
    assert.equal(c[0], 500);
    assert.equal(String(lock), "<Lock(owner=None)>");
  });

  test("a lock or RLock the parent holds: the child cannot take it and sees SomeOtherProcess", async () => {
    for (const lock of [new Lock(), new RLock()]) {
      const c = cells();
      using _ = await lock.enter();
      await joinAll([run(probeHeld, lock, c)]);
      assert.deepEqual([...c.slice(0, 3)], [1, 1, 1], String(lock));
    }
  });

  test("an Event set in a child wakes the parent, and one set in the parent wakes children", async () => {
    const ev = new Event();
    const t0 = performance.now();
    const p = run(setLater, ev, 0.1);
    assert.equal(await ev.wait(20), true);
    assert.ok(performance.now() - t0 >= 99);
    await joinAll([p]);

    const ev2 = Event();
    const c = cells();
    const procs = [0, 1, 2].map((i) => run(waitEvent, ev2, c, i));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual([...c.slice(0, 3)], [0, 0, 0]);
    ev2.set();
    await joinAll(procs);
    assert.deepEqual([...c.slice(0, 3)], [1, 1, 1]);
  });

  test("a Barrier of 3 processes, 4 rounds: no one leaves early; indexes 0..2; the action runs once a round", async () => {
    const barrier = new Barrier(3, { action: countAction, timeout: 20 });
    const c = cells();
    const procs = [0, 1, 2].map(() => run(barrierWait, barrier, c, 4));
    await joinAll(procs);
    assert.equal(c[0], 12);
    assert.equal(c[1], 0, "a party left before all arrived");
    assert.equal(c[3], 4, "action calls");
    for (let r = 0; r < 4; r++) assert.equal(c[4 + r], 0b111, `round ${r}`);
    assert.equal(barrier.n_waiting, 0);
  });

  test("a Barrier shared by the parent and 2 children", async () => {
    const barrier = Barrier(3);
    const c = cells();
    const procs = [0, 1].map(() => run(barrierWait, barrier, c, 1));
    await until(() => barrier.n_waiting === 2);
    const index = await barrier.wait(20);
    await joinAll(procs);
    assert.equal(c[4]! | (1 << index), 0b111);
  });

  test("a Barrier whose action cannot reach a child fails at start()", () => {
    // A bound function is neither exported nor self-contained.
    const barrier = new Barrier(2, countAction.bind(null));
    const p = new Process({ target: barrierWait, args: [barrier, cells(), 1] });
    assert.throws(() => p.start(), {
      name: "TypeError",
      message: /args\[0\]: Can't pickle the Barrier action/,
    });
  });

  test("Condition: the parent's notify_all wakes waiters in 3 children", async () => {
    const cond = new Condition();
    const c = cells();
    const procs = [0, 1, 2].map((i) => run(waitCondition, cond, c, 1, i));
    await until(() => Atomics.load(c, 8) === 3);
    {
      using _ = await cond.enter();
      Atomics.store(c, 0, 1);
      cond.notify_all();
    }
    await joinAll(procs);
    assert.deepEqual([...c.slice(1, 4)], [1, 1, 1]);
  });

  test("Condition: 300 notify/wait rounds between parent and child lose nothing", async () => {
    const cond = Condition(new Lock());
    const c = cells();
    const rounds = 300;
    const p = run(pingPong, cond, c, rounds);
    {
      using _ = await cond.enter();
      for (let r = 1; r <= rounds; r++) {
        assert.ok(
          await cond.wait_for(() => Atomics.load(c, 0) >= r, 20),
          `round ${r}: no ping`,
        );
        Atomics.store(c, 1, r);
        cond.notify_all();
      }
    }
    await joinAll([p]);
  });

  test("a lock passed both inside a Condition and alone is one lock in the child", async () => {
    const lock = new RLock();
    const cond = new Condition(lock);
    const c = cells();
    await joinAll([run(conditionSharesLock, cond, lock, c)]);
    assert.deepEqual([c[0], c[1]], [1, 1]);
  });

  test("a Semaphore(2) lets at most 2 of 4 children in at once", async () => {
    for (const sem of [new Semaphore(2), new BoundedSemaphore(2)]) {
      const c = cells();
      const procs = [0, 1, 2, 3].map(() => run(holdSemaphore, sem, c));
      await until(() => Atomics.load(c, 0) === 2);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(Atomics.load(c, 0), 2, `${sem}: holders`);
      assert.equal(sem.get_value(), 0);
      Atomics.store(c, 2, 1); // open the gate
      Atomics.notify(c, 2);
      await joinAll(procs);
      assert.equal(c[1], 2, `${sem}: most inside at once`);
      assert.equal(c[3], 4);
      assert.equal(sem.get_value(), 2);
    }
  });
});

describe("across processes ('spawn')", () => {
  test("every primitive refuses to cross with NotImplementedError naming it", () => {
    const P = get_context("spawn").Process;
    const objs = [
      ["Lock", new Lock()],
      ["RLock", new RLock()],
      ["Semaphore", new Semaphore()],
      ["BoundedSemaphore", new BoundedSemaphore()],
      ["Condition", new Condition()],
      ["Event", new Event()],
      ["Barrier", new Barrier(2)],
    ] as const;
    for (const [name, obj] of objs) {
      const p = new P({ target: waitEvent, args: [obj] });
      assert.throws(() => p.start(), (e: unknown) => {
        assert.ok(e instanceof NotImplementedError, String(e));
        assert.match(
          e.message,
          new RegExp(
            `args\\[0\\]: a multiprocessing ${name} lives in shared memory.*'worker' start method`,
          ),
        );
        return true;
      });
    }
  });
});

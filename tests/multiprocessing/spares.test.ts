// The policy of the children kept warm for the next start() (a
// multiprocessing internal): how many, which are handed out, what a failure
// to make one does. The real children are exercised in exit.test.ts and
// process.test.ts; here the kind is a plain object so the policy can be
// watched step by step.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Spares } from "../../multiprocessing/_spares.ts";
import { cpu_count } from "../../multiprocessing/mod.ts";

interface Child {
  id: number;
  alive: boolean;
  setRef(on: boolean): void;
}

/** A kind whose children are numbered objects; `fail` makes make() throw. */
function kind() {
  const made: Child[] = [];
  const dropped: number[] = [];
  const k = {
    fail: false,
    made,
    dropped,
    make(): Child {
      if (k.fail) throw new Error("cannot make one");
      const c = { id: made.length + 1, alive: true, setRef() {} };
      made.push(c);
      return c;
    },
    usable: (c: Child) => c.alive,
    drop(c: Child) {
      c.alive = false;
      dropped.push(c.id);
    },
  };
  return k;
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Waits until `ok()` or `ms` have passed. */
async function until(ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await tick(5);
}

describe("children kept warm", () => {
  test("none at first; a group of starts leaves as many, which the next group takes", async () => {
    const k = kind();
    const spares = new Spares<Child>(k, () => 0);
    const n = Math.min(3, cpu_count());
    for (let i = 0; i < n; i++) assert.equal(spares.take(), null);
    await until(() => spares.size === n);
    assert.equal(spares.size, n);
    const got = Array.from({ length: n }, () => spares.take());
    assert.deepEqual(
      got.map((c) => c?.id),
      k.made.slice(0, n).map((c) => c.id),
    );
    // A single start afterwards wants one: the n - 1 left are enough, so
    // none is made (one is, when none is left).
    await until(() => spares.size === n);
    assert.ok(spares.take() !== null);
    await tick(50);
    assert.equal(spares.size, Math.max(n - 1, 1));
    assert.equal(k.made.length, n === 1 ? 3 : 2 * n);
  });

  test("the extra ones are made only once the group's children have ended", async () => {
    const k = kind();
    const spares = new Spares<Child>(k, () => 0);
    // A long-lived child of an earlier group (a Manager's server) does not
    // hold them back.
    spares.take();
    spares.started();
    await until(() => spares.size === 1);
    const n = Math.min(2, cpu_count());
    const ends: (() => void)[] = [];
    for (let i = 0; i < n; i++) {
      spares.take();
      ends.push(spares.started());
    }
    await until(() => spares.size === 1);
    await tick(50);
    // One is made at once; a second would take CPU from the running ones.
    assert.equal(spares.size, 1);
    for (const end of ends) end();
    await until(() => spares.size === n);
    assert.equal(spares.size, n);
  });

  test("one that can no longer be used is ended, not handed out", async () => {
    const k = kind();
    const spares = new Spares<Child>(k, () => 0);
    spares.take();
    await until(() => spares.size === 1);
    k.made[0]!.alive = false;
    assert.equal(spares.take(), null);
    assert.deepEqual(k.dropped, [1]);
  });

  test("a failure to make one is dropped; the next start still gets a fresh try", async () => {
    const k = kind();
    const spares = new Spares<Child>(k, () => 0);
    k.fail = true;
    assert.equal(spares.take(), null);
    await tick(20);
    assert.equal(spares.size, 0);
    k.fail = false;
    assert.equal(spares.take(), null);
    await until(() => spares.size === 1);
    assert.equal(spares.size, 1);
    assert.ok(spares.take() !== null);
  });
});

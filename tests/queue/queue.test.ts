// queue.Queue, LifoQueue, PriorityQueue and SimpleQueue for threads: the
// behaviour CPython 3.13 documents (and its test_queue checks), with
// threading.Thread tasks as the other threads.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as queue from "../../queue/mod.ts";
import * as threading from "../../threading/mod.ts";
import { Exception, OverflowError, ValueError } from "../../builtins/mod.ts";

const { Empty, Full, LifoQueue, PriorityQueue, Queue, ShutDown, SimpleQueue } =
  queue;

/** Seconds since `t0` (a performance.now() time). */
function since(t0: number): number {
  return (performance.now() - t0) / 1000;
}

// Every wait that needs another thread to end it runs in a daemon thread
// (whose waits never hold the program open), and the test polls for its
// outcome for a bounded time: an implementation that never wakes it fails
// the test instead of hanging the run.

/** Starts a daemon thread running `fn`. */
function spawn(fn: () => unknown): threading.Thread {
  const t = new threading.Thread({ target: fn, daemon: true });
  t.start();
  return t;
}

/** Joins `t`, failing if it is still running after `secs` seconds. */
async function joinThread(t: threading.Thread, secs = 10): Promise<void> {
  await t.join(secs);
  assert.equal(t.is_alive(), false, `${t.name} still blocked after ${secs} s`);
}

/** Lets other threads run until `cond()` holds, failing after `secs` seconds. */
async function until(
  cond: () => boolean,
  what: string,
  secs = 10,
): Promise<void> {
  const t0 = performance.now();
  while (!cond() && since(t0) < secs) await threading.sleep(0.001);
  assert.ok(cond(), `timed out waiting until ${what}`);
}

/** The outcome of a call made in a background thread, as it settles. */
interface Outcome<T> {
  state: "pending" | "resolved" | "rejected";
  value?: T;
  error?: unknown;
}

/**
 * Calls `fn` in a daemon thread (it starts at the caller's next await)
 * and records how its result settles.
 */
function bg<T>(fn: () => T | Promise<T>): Outcome<T> {
  const o: Outcome<T> = { state: "pending" };
  spawn(async () => {
    try {
      o.value = await fn();
      o.state = "resolved";
    } catch (e) {
      o.error = e;
      o.state = "rejected";
    }
  });
  return o;
}

/** Waits (bounded) until `o` has settled, and returns it. */
async function settled<T>(o: Outcome<T>, what: string): Promise<Outcome<T>> {
  await until(() => o.state !== "pending", what);
  return o;
}

/**
 * Asserts that `fn()`, called in a background thread, raises `E` after
 * about `timeout` seconds (never earlier; generously bounded above).
 */
async function raisesAfter(
  fn: () => Promise<unknown>,
  E: abstract new (...args: never[]) => Error,
  timeout: number,
): Promise<void> {
  let took = -1;
  const o = bg(async () => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      took = since(t0);
    }
  });
  await settled(o, `the call with timeout ${timeout} ended`);
  assert.ok(o.error instanceof E, `got ${String(o.error ?? o.value)}`);
  assert.ok(took >= timeout - 0.002, `took ${took} s, less than ${timeout} s`);
  assert.ok(took < timeout + 2, `took ${took} s, far more than ${timeout} s`);
}

/** Every item of `q` by get_nowait(), in the order it gives them. */
function drain<T>(q: { empty(): boolean; get_nowait(): T }): T[] {
  const out: T[] = [];
  for (let i = 0; i < 100_000 && !q.empty(); i++) out.push(q.get_nowait());
  return out;
}

describe("order", () => {
  test("Queue gives items out first in, first out, across the ring's growth and shrinking", async () => {
    const q = new Queue<number>();
    for (let i = 0; i < 10; i++) await q.put(i);
    const got: number[] = [];
    for (let i = 0; i < 5; i++) got.push(await q.get());
    for (let i = 10; i < 3000; i++) q.put_nowait(i);
    for (let i = 0; i < 2990; i++) got.push(await q.get());
    for (let i = 3000; i < 3010; i++) await q.put(i);
    got.push(...drain(q));
    assert.deepEqual(got, Array.from({ length: 3010 }, (_, i) => i));
    assert.equal(q.qsize(), 0);
  });

  test("LifoQueue gives the item put last first", async () => {
    const q = new LifoQueue<number>();
    for (const i of [1, 2, 3]) await q.put(i);
    assert.equal(await q.get(), 3);
    await q.put(4);
    assert.deepEqual(drain(q), [4, 2, 1]);
  });

  test("PriorityQueue gives the smallest first, as a heap sort would", async () => {
    const q = new PriorityQueue<number>();
    const values: number[] = [];
    let x = 12345;
    for (let i = 0; i < 500; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      values.push(x % 1000);
    }
    for (const v of values) await q.put(v);
    const got: number[] = [];
    for (let i = 0; i < 500; i++) got.push(await q.get());
    assert.deepEqual(got, [...values].sort((a, b) => a - b));
  });

  test("PriorityQueue gives equal entries out in the order CPython's heapq does", async () => {
    // From CPython: PriorityQueue of objects ordered by key alone, with
    // these keys, one get after every fourth put, then the rest.
    const keys = [3, 1, 2, 1, 3, 2, 1, 2, 3, 1, 2, 3, 1, 1, 2, 2, 3, 1];
    const expected = [
      1,
      3,
      6,
      9,
      12,
      17,
      13,
      2,
      7,
      14,
      5,
      15,
      10,
      8,
      16,
      0,
      11,
      4,
    ];
    const q = new PriorityQueue<number[]>();
    const tags = new Map<number[], number>();
    const out: number[] = [];
    for (const [i, k] of keys.entries()) {
      const entry = [k]; // equal to every other entry of the same key
      tags.set(entry, i);
      await q.put(entry);
      if (i % 4 === 3) out.push(tags.get(await q.get())!);
    }
    for (const e of drain(q)) out.push(tags.get(e)!);
    assert.deepEqual(out, expected);
  });

  test("PriorityQueue orders as Python's <: numbers, code points, bytes, tuples", async () => {
    const q = new PriorityQueue();
    for (const v of [2.5, 1n, true, 0, -1.5, 3n]) await q.put(v);
    assert.deepEqual(drain(q), [-1.5, 0, true, 1n, 2.5, 3n]);

    // U+FFFF is below U+10000, though JavaScript's < says otherwise.
    for (const v of ["\u{10000}", "\uffff", "b", "ab", "a", ""]) await q.put(v);
    assert.deepEqual(drain(q), ["", "a", "ab", "b", "\uffff", "\u{10000}"]);

    const bytes = [[2], [1, 9], [1], []].map((a) => new Uint8Array(a));
    for (const v of bytes) await q.put(v);
    assert.deepEqual(drain(q).map((b) => [...(b as Uint8Array)]), [
      [],
      [1],
      [1, 9],
      [2],
    ]);

    // Tuples: the first unequal pair decides; a prefix is smaller. Equal
    // dicts are compared by content, so they never reach `<`.
    const entries: unknown[][] = [
      [2, "a"],
      [1, "b", 0],
      [1, "b"],
      [1, "a", {}],
      [1, "a", {}],
      [1n, "0"], // 1 == 1n == true in Python
      [true, "00"],
    ];
    for (const v of entries) await q.put(v);
    assert.deepEqual(drain(q), [
      [1n, "0"],
      [true, "00"],
      [1, "a", {}],
      [1, "a", {}],
      [1, "b"],
      [1, "b", 0],
      [2, "a"],
    ]);
  });

  test("PriorityQueue raises Python's TypeError for entries Python cannot order", async () => {
    const cases: [unknown, unknown, string][] = [
      [1, "a", "'<' not supported between instances of 'str' and 'int'"],
      [
        null,
        null,
        "'<' not supported between instances of 'NoneType' and 'NoneType'",
      ],
      [{}, {}, "'<' not supported between instances of 'dict' and 'dict'"],
      [
        [1, 2],
        [1, "a"],
        "'<' not supported between instances of 'str' and 'int'",
      ],
      [
        new Date(1),
        new Date(2),
        "'<' not supported between instances of 'Date' and 'Date'",
      ],
    ];
    for (const [first, second, message] of cases) {
      const q = new PriorityQueue();
      await q.put(first);
      await assert.rejects(q.put(second), { name: "TypeError", message });
      // As in CPython, the entry stays in the heap though put raised.
      assert.equal(q.qsize(), 2);
      assert.throws(() => q.put_nowait(second), TypeError);
    }
  });

  test("the queues are Queue subclasses, and a subclass keeps its parent's order", async () => {
    class Stack extends LifoQueue<number> {}
    const s = new Stack();
    assert.ok(s instanceof LifoQueue && s instanceof Queue);
    assert.ok(new PriorityQueue() instanceof Queue);
    assert.ok(!(new SimpleQueue() instanceof Queue));
    await s.put(1);
    await s.put(2);
    assert.equal(await s.get(), 2);
  });
});

describe("size and the bound", () => {
  test("qsize, empty, full and maxsize follow the items", async () => {
    const q = new Queue(2);
    assert.equal(q.maxsize, 2);
    assert.equal(new Queue().maxsize, 0);
    assert.equal(q.empty(), true);
    assert.equal(q.full(), false);
    await q.put("a");
    assert.equal(q.qsize(), 1);
    assert.equal(q.empty(), false);
    assert.equal(q.full(), false);
    q.put_nowait("b");
    assert.equal(q.qsize(), 2);
    assert.equal(q.full(), true);
    q.maxsize = 3; // an attribute, read on each call, as in Python
    assert.equal(q.full(), false);
    await q.put("c");
    assert.equal(q.full(), true);
  });

  test("maxsize 0 or less means no bound", async () => {
    for (const m of [0, -1]) {
      const q = new Queue(m);
      for (let i = 0; i < 100; i++) q.put_nowait(i);
      await q.put(100, false);
      assert.equal(q.full(), false);
      assert.equal(q.qsize(), 101);
    }
  });

  test("put_nowait and put(x, false) raise Full, get_nowait and get(false) raise Empty", async () => {
    const q = new Queue(1);
    assert.throws(() => q.get_nowait(), Empty);
    await assert.rejects(q.get(false), Empty);
    await q.put(1);
    assert.throws(() => q.put_nowait(2), Full);
    await assert.rejects(q.put(2, false), Full);
    await assert.rejects(q.put(2, false, -1), Full); // timeout ignored
    assert.equal(q.qsize(), 1);
    assert.equal(q.get_nowait(), 1);
    assert.ok(
      new Empty() instanceof Exception && new Full() instanceof Exception,
    );
  });

  test("a put into a full queue waits until a get makes room", async () => {
    const q = new Queue<string>(1);
    await q.put("first");
    const put = bg(() => q.put("second"));
    await threading.sleep(0.02);
    assert.equal(put.state, "pending");
    assert.equal(q.qsize(), 1);
    const got = bg(() => q.get());
    assert.equal((await settled(got, "the get finished")).value, "first");
    assert.equal((await settled(put, "the put finished")).state, "resolved");
    assert.equal(q.get_nowait(), "second");
  });

  test("a get from an empty queue waits until a put", async () => {
    const q = new Queue<number>();
    const t0 = performance.now();
    const got = bg(() => q.get());
    await threading.sleep(0.02);
    assert.equal(got.state, "pending");
    await q.put(7);
    assert.equal((await settled(got, "the get finished")).value, 7);
    assert.ok(since(t0) >= 0.019);
  });

  test("put(timeout) raises Full and get(timeout) raises Empty after the timeout", async () => {
    const q = new Queue(1);
    await raisesAfter(() => q.get({ timeout: 0.1 }), Empty, 0.1);
    await q.put(1);
    await raisesAfter(() => q.put(2, true, 0.1), Full, 0.1);
    await raisesAfter(() => q.put(2, { timeout: 0 }), Full, 0);
    assert.equal(await q.get(true, 0), 1);
    await raisesAfter(() => q.get(true, 0), Empty, 0);
  });

  test("a timed get that an item reaches in time returns it, and the timeout does not fire later", async () => {
    const q = new Queue<string>();
    const t = spawn(async () => {
      await threading.sleep(0.02);
      q.put_nowait("x");
    });
    const t0 = performance.now();
    const got = await settled(bg(() => q.get({ timeout: 0.2 })), "get ended");
    assert.equal(got.value, "x");
    assert.ok(since(t0) < 0.2);
    await joinThread(t);
    // The old wait is over: a new one is not cut short by its timer.
    const next = bg(() => q.get());
    await threading.sleep(0.3);
    assert.equal(next.state, "pending");
    q.put_nowait("y");
    await until(() => next.state !== "pending", "the get finished");
    assert.equal(next.value, "y");
  });

  test("blocked getters are served in the order they began waiting", async () => {
    const q = new Queue<number>();
    const got: [number, number][] = [];
    let waiting = 0;
    const threads = [0, 1, 2].map((i) =>
      spawn(async () => {
        waiting++;
        got.push([i, await q.get()]);
      })
    );
    await until(() => waiting === 3, "three getters wait");
    for (const v of [10, 11, 12]) await q.put(v);
    for (const t of threads) await joinThread(t);
    assert.deepEqual(got, [[0, 10], [1, 11], [2, 12]]);
  });

  test("a woken getter whose item another thread took goes on waiting", async () => {
    const q = new Queue<number>();
    const get = bg(() => q.get());
    await threading.sleep(0.01);
    q.put_nowait(1);
    assert.equal(q.get_nowait(), 1); // taken before the waiter runs
    await threading.sleep(0.02);
    assert.equal(get.state, "pending");
    q.put_nowait(2);
    await until(() => get.state !== "pending", "the get finished");
    assert.equal(get.value, 2);
  });
});

describe("arguments", () => {
  test("a negative timeout is Python's ValueError where CPython checks it", async () => {
    const message = "'timeout' must be a non-negative number";
    const q = new Queue(1);
    await assert.rejects(q.get({ timeout: -1 }), {
      name: "ValueError",
      message,
    });
    await q.put(1);
    // get checks it even when an item is there.
    await assert.rejects(q.get(true, -0.5), ValueError);
    assert.equal(q.qsize(), 1);
    // put checks it in a bounded queue, room or not.
    q.get_nowait();
    await assert.rejects(q.put(1, { timeout: -1 }), {
      name: "ValueError",
      message,
    });
    // An unbounded queue never reads it, nor does a non-blocking call.
    await new Queue().put(1, { timeout: -1 });
    await assert.rejects(q.get(false, -1), Empty);
  });

  test("a timeout that is not a number is Python's TypeError", async () => {
    const q = new Queue();
    await assert.rejects(q.get(true, "1" as unknown as number), {
      name: "TypeError",
      message: "'<' not supported between instances of 'str' and 'int'",
    });
  });

  test("a timeout beyond threading.TIMEOUT_MAX raises OverflowError when it would wait", async () => {
    const q = new Queue();
    const full = new Queue(1);
    full.put_nowait(0);
    const calls = [
      bg(() => q.get({ timeout: 1e10 })),
      bg(() => q.get({ timeout: Infinity })),
      bg(() => full.put(1, { timeout: 1e10 })),
    ];
    for (const o of calls) {
      await settled(o, "the call raised");
      assert.ok(o.error instanceof OverflowError, String(o.error));
      assert.equal(o.error.message, "timeout value is too large");
    }
    await q.put(1);
    assert.equal(await q.get({ timeout: Infinity }), 1);
  });

  test("keyword forms: put(item, { block, timeout }), get({ block, timeout }), Queue({ maxsize })", async () => {
    const q = new Queue({ maxsize: 1 });
    assert.equal(q.maxsize, 1);
    await q.put(1, { block: false });
    await assert.rejects(q.put(2, { block: false }), Full);
    await raisesAfter(() => q.put(2, { timeout: 0.01 }), Full, 0.01);
    await raisesAfter(() => q.put(2, true, { timeout: 0.01 }), Full, 0.01);
    await raisesAfter(
      () => q.put(2, { block: true, timeout: 0.01 }),
      Full,
      0.01,
    );
    assert.equal(await q.get({ block: false }), 1);
    await assert.rejects(q.get({ block: false }), Empty);
    await raisesAfter(() => q.get({ timeout: 0.01 }), Empty, 0.01);
    await raisesAfter(() => q.get(true, { timeout: 0.01 }), Empty, 0.01);
  });

  test("the item comes first: put({ block: false }) puts that object", async () => {
    const q = new Queue(1);
    await q.put({ block: false });
    assert.deepEqual(q.get_nowait(), { block: false });
    q.put_nowait({ timeout: 5 });
    assert.deepEqual(await q.get(), { timeout: 5 });
    const s = new SimpleQueue();
    s.put({ block: false });
    assert.deepEqual(s.get_nowait(), { block: false });
  });

  test("unknown and repeated keywords raise Python's TypeError", async () => {
    const q = new Queue();
    await assert.rejects(
      q.get({ timeout: 1, x: 1 } as unknown as queue.GetOptions),
      {
        name: "TypeError",
        message: "get() got an unexpected keyword argument 'x'",
      },
    );
    await assert.rejects(
      q.put(1, { block: true, blocking: true } as unknown as queue.PutOptions),
      {
        name: "TypeError",
        message: "put() got an unexpected keyword argument 'blocking'",
      },
    );
    await assert.rejects(q.get(true, { block: false }), {
      name: "TypeError",
      message: "get() got multiple values for argument 'block'",
    });
    assert.throws(
      () => new Queue({ maxsize: 1, size: 2 } as unknown as queue.QueueOptions),
      {
        name: "TypeError",
        message: "Queue() got an unexpected keyword argument 'size'",
      },
    );
    assert.throws(
      () =>
        q.shutdown(
          { immediate: true, now: 1 } as unknown as queue.ShutdownOptions,
        ),
      TypeError,
    );
  });
});

describe("task_done and join", () => {
  test("join returns at once when no task is unfinished", async () => {
    const q = new Queue();
    await settled(bg(() => q.join()), "join returned");
    await q.put(1);
    q.get_nowait();
    q.task_done();
    await settled(bg(() => q.join()), "join returned");
  });

  test("join waits until task_done was called for every item put", async () => {
    const q = new Queue<number>();
    for (let i = 0; i < 3; i++) await q.put(i);
    const joins = [bg(() => q.join()), bg(() => q.join())];
    const worker = spawn(async () => {
      for (let i = 0; i < 3; i++) {
        await q.get();
        await threading.sleep(0.01);
        q.task_done();
        if (i < 2) {
          await threading.sleep(0.01);
          assert.ok(joins.every((j) => j.state === "pending"));
        }
      }
    });
    await joinThread(worker);
    await until(
      () => joins.every((j) => j.state === "resolved"),
      "both joins return",
    );
  });

  test("task_done called too many times is Python's ValueError", async () => {
    const q = new Queue();
    assert.throws(() => q.task_done(), {
      name: "ValueError",
      message: "task_done() called too many times",
    });
    await q.put(1);
    await q.get();
    q.task_done();
    assert.throws(() => q.task_done(), ValueError);
    // The failed calls did not drive the count below 0.
    await settled(bg(() => q.join()), "join returned");
    await q.put(2);
    const join = bg(() => q.join());
    await threading.sleep(0.01);
    assert.equal(join.state, "pending");
    q.task_done();
    await settled(join, "join returned");
  });
});

describe("shutdown", () => {
  test("after shutdown(), put raises ShutDown and get drains what is left, then raises ShutDown", async () => {
    const q = new Queue<number>();
    await q.put(1);
    await q.put(2);
    q.shutdown();
    await assert.rejects(q.put(3), ShutDown);
    assert.throws(() => q.put_nowait(3), ShutDown);
    assert.equal(await q.get(), 1);
    assert.equal(q.get_nowait(), 2);
    await assert.rejects(q.get(), ShutDown);
    await assert.rejects(q.get(false), ShutDown);
    assert.throws(() => q.get_nowait(), ShutDown);
    assert.ok(new ShutDown() instanceof Exception);
    q.shutdown(); // again: harmless
  });

  test("shutdown() wakes blocked getters and putters with ShutDown", async () => {
    const empty = new Queue();
    const full = new Queue(1);
    await full.put(0);
    const errors: unknown[] = [];
    const threads = [
      spawn(() => empty.get().catch((e) => void errors.push(e))),
      spawn(() => empty.get({ timeout: 30 }).catch((e) => void errors.push(e))),
      spawn(() => full.put(1).catch((e) => void errors.push(e))),
      spawn(() =>
        full.put(1, { timeout: 30 }).catch((e) => void errors.push(e))
      ),
    ];
    await threading.sleep(0.02);
    assert.equal(errors.length, 0);
    const t0 = performance.now();
    empty.shutdown();
    full.shutdown();
    for (const t of threads) await joinThread(t);
    assert.ok(since(t0) < 5);
    assert.equal(errors.length, 4);
    assert.ok(errors.every((e) => e instanceof ShutDown));
    // The full queue keeps its item for getters.
    assert.equal(full.get_nowait(), 0);
  });

  test("after shutdown(), join still waits for the tasks of the items left", async () => {
    const q = new Queue();
    await q.put("a");
    q.shutdown();
    const join = bg(() => q.join());
    await threading.sleep(0.02);
    assert.equal(join.state, "pending");
    await q.get();
    q.task_done();
    await until(() => join.state === "resolved", "join returned");
  });

  test("shutdown(true) drops the items, ends their tasks and wakes join and getters", async () => {
    const q = new Queue<number>();
    for (let i = 0; i < 5; i++) await q.put(i);
    const join = bg(() => q.join());
    const getter = new Queue();
    const errors: unknown[] = [];
    const t = spawn(() => getter.get().catch((e) => void errors.push(e)));
    await threading.sleep(0.02);
    assert.equal(join.state, "pending");
    q.shutdown(true);
    getter.shutdown({ immediate: true });
    assert.equal(q.qsize(), 0);
    assert.equal(q.empty(), true);
    await until(() => join.state === "resolved", "join returned");
    await joinThread(t);
    assert.ok(errors[0] instanceof ShutDown);
    await assert.rejects(q.get(), ShutDown);
    await assert.rejects(q.put(9), ShutDown);
    // Every task was ended by the drain.
    assert.throws(() => q.task_done(), ValueError);
  });

  test("shutdown(true) leaves join waiting for an item got but not done", async () => {
    const q = new Queue();
    await q.put("taken");
    await q.put("dropped");
    await q.get();
    const join = bg(() => q.join());
    q.shutdown(true);
    await threading.sleep(0.02);
    assert.equal(join.state, "pending");
    q.task_done();
    await until(() => join.state === "resolved", "join returned");
  });
});

describe("SimpleQueue", () => {
  test("put never waits and gives items out first in, first out", async () => {
    const q = new SimpleQueue<number>();
    for (let i = 0; i < 1000; i++) q.put(i, { block: true, timeout: -1 });
    q.put(1000, false, 0);
    q.put_nowait(1001);
    assert.equal(q.qsize(), 1002);
    assert.equal(q.empty(), false);
    const got: number[] = [];
    for (let i = 0; i < 1002; i++) {
      got.push(i % 2 === 0 ? await q.get() : q.get_nowait());
    }
    assert.deepEqual(got, Array.from({ length: 1002 }, (_, i) => i));
    assert.equal(q.empty(), true);
    assert.equal(q.qsize(), 0);
  });

  test("get waits for a put from another thread; get(false) and get_nowait raise Empty", async () => {
    const q = new SimpleQueue<string>();
    assert.throws(() => q.get_nowait(), Empty);
    await assert.rejects(q.get(false), Empty);
    await assert.rejects(q.get({ block: false, timeout: -1 }), Empty);
    const got = bg(() => q.get());
    await threading.sleep(0.02);
    assert.equal(got.state, "pending");
    q.put("hi");
    assert.equal((await settled(got, "the get finished")).value, "hi");
  });

  test("get(timeout) raises Empty after the timeout, or returns an item that came in time", async () => {
    const q = new SimpleQueue();
    await raisesAfter(() => q.get({ timeout: 0.1 }), Empty, 0.1);
    await raisesAfter(() => q.get(true, 0), Empty, 0);
    const got = bg(() => q.get(true, 5));
    await threading.sleep(0.02);
    q.put_nowait(1);
    assert.equal((await settled(got, "the get ended")).value, 1);
  });

  test("get reads its timeout as CPython's C code does", async () => {
    const q = new SimpleQueue();
    q.put(1);
    // Checked before looking for an item.
    await assert.rejects(q.get({ timeout: -1 }), {
      name: "ValueError",
      message: "'timeout' must be a non-negative number",
    });
    await assert.rejects(q.get(true, NaN), {
      name: "ValueError",
      message: "Invalid value NaN (not a number)",
    });
    await assert.rejects(q.get(true, "1" as unknown as number), {
      name: "TypeError",
      message: "'str' object cannot be interpreted as an integer",
    });
    await assert.rejects(q.get(true, 1e300), OverflowError);
    assert.equal(q.qsize(), 1);
    assert.equal(await q.get(true, 1e9), 1);
  });

  test("has only SimpleQueue's methods", () => {
    const q = new SimpleQueue() as unknown as Record<string, unknown>;
    for (const name of ["task_done", "join", "full", "shutdown", "maxsize"]) {
      assert.equal(name in q, false, name);
    }
  });
});

describe("threads", () => {
  test("producers and consumers on a bounded queue hand over every item once", async () => {
    const q = new Queue<[number, number] | null>(5);
    const consumed: string[] = [];
    let most = 0;
    const producers = [0, 1, 2].map((p) =>
      spawn(async () => {
        for (let i = 0; i < 50; i++) {
          await q.put([p, i]);
          most = Math.max(most, q.qsize());
          if (i % 7 === 0) await threading.sleep(0.001);
        }
      })
    );
    const consumers = [0, 1, 2, 3].map(() =>
      spawn(async () => {
        for (let n = 0; n < 1000; n++) {
          const item = await q.get();
          try {
            if (item === null) return;
            consumed.push(item.join(":"));
            if (n % 5 === 0) await threading.sleep(0.001);
          } finally {
            q.task_done();
          }
        }
        assert.fail("the consumer never got its sentinel");
      })
    );
    for (const t of producers) await joinThread(t);
    await settled(bg(() => q.join()), "every task was done");
    assert.equal(consumed.length, 150);
    for (let i = 0; i < 4; i++) await q.put(null, { timeout: 10 });
    for (const t of consumers) await joinThread(t);
    assert.equal(new Set(consumed).size, 150);
    assert.ok(most <= 5, `qsize reached ${most}`);
    // Each producer's items arrive in the order it put them.
    for (const p of [0, 1, 2]) {
      const mine = consumed.filter((s) => s.startsWith(`${p}:`));
      assert.deepEqual(mine, Array.from({ length: 50 }, (_, i) => `${p}:${i}`));
    }
  });

  test("a LifoQueue and a PriorityQueue work between threads", async () => {
    const lifo = new LifoQueue<number>();
    const prio = new PriorityQueue<[number, string]>();
    const t = spawn(async () => {
      for (const i of [1, 2, 3]) await lifo.put(i);
      for (const e of [[2, "b"], [1, "a"], [3, "c"]] as [number, string][]) {
        await prio.put(e);
      }
    });
    await joinThread(t);
    assert.deepEqual([await lifo.get(), await lifo.get(), await lifo.get()], [
      3,
      2,
      1,
    ]);
    assert.deepEqual((await prio.get())[1], "a");
    assert.deepEqual((await prio.get())[1], "b");
    assert.deepEqual((await prio.get())[1], "c");
  });
});

// The program's life, in a child process of the same runtime.
const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const child = fileURLToPath(new URL(`./_exit_child.${ext}`, import.meta.url));
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

function run(scenario: string): {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
} {
  const args = isDeno ? ["run", "-A", child, scenario] : [child, scenario];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    seconds: since(t0),
  };
}

describe("program exit", () => {
  test("waits that ended (timed or not) leave nothing that keeps the program alive", () => {
    const r = run("answered");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "got 1\nput 2\ngot 2\njoined\nmain done\n");
    assert.ok(r.seconds < 20, `took ${r.seconds} s`);
  });

  test("a daemon thread blocked on get does not keep the program alive", () => {
    const r = run("daemon-blocked");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\n");
    assert.ok(r.seconds < 20, `took ${r.seconds} s`);
  });

  test("a non-daemon consumer blocked on get ends with ShutDown, and then the program", () => {
    const r = run("shutdown-ends-consumer");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\nconsumer got 1\nconsumer: ShutDown\n");
  });
});

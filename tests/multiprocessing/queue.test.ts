// multiprocessing.Queue, SimpleQueue and JoinableQueue: FIFO order,
// Full/Empty with timeouts, the feeder, closing, Python's errors, in one
// process and across processes (the 'worker' start method).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  AssertionError,
  NotImplementedError,
  OSError,
  OverflowError,
  RuntimeError,
  ValueError,
} from "../../builtins/mod.ts";
import { Empty, Full } from "../../queue/mod.ts";
import { get_context, Lock, Process } from "../../multiprocessing/mod.ts";
import { Queue } from "../../multiprocessing/queue.ts";
import { SimpleQueue } from "../../multiprocessing/simple_queue.ts";
import { JoinableQueue } from "../../multiprocessing/joinable_queue.ts";
import { Pipe } from "../../multiprocessing/connection/mod.ts";
import * as mp from "../../multiprocessing/mod.ts";
import * as queues from "../../multiprocessing/queues/mod.ts";
import * as queue from "../../queue/mod.ts";
import {
  blockInGet,
  consumeJoinable,
  joinThreadCancelled,
  produce,
  produceNumbers,
  putBig,
  putCancelled,
  simplePut,
  sumItems,
} from "./_targets_queue.ts";

/** Starts a child running `target(...args)`. */
function run(target: (...a: never[]) => unknown, ...args: unknown[]): Process {
  const p = new Process({ target, args });
  p.start();
  return p;
}

/** Joins the child (at most 30 s) and checks its exit code. */
async function joined(p: Process, code = 0): Promise<void> {
  await p.join(30);
  if (p.exitcode === null) p.kill();
  assert.equal(p.exitcode, code, `${p.name} exit code`);
}

/** Rejects after `ms` unless `p` settles first. */
function bounded<T>(p: Promise<T>, ms = 20_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${ms} ms`)),
        ms,
      );
    }),
  ]);
}

async function elapsed(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

describe("Queue in one process", () => {
  test("put() and get() keep FIFO order; qsize, empty and full follow", async () => {
    const q = new Queue();
    assert.equal(q.empty(), true);
    assert.equal(q.full(), false);
    assert.equal(q.qsize(), 0);
    for (const v of [1, "two", [3], { four: 4 }, null]) await q.put(v);
    assert.equal(q.qsize(), 5);
    assert.equal(q.empty(), false);
    for (const v of [1, "two", [3], { four: 4 }, null]) {
      assert.deepEqual(await q.get(), v);
    }
    assert.equal(q.qsize(), 0);
    assert.equal(q.empty(), true);
    q.close();
  });

  test("a producer task and a consumer task pass 20000 items in order", async () => {
    const q = new Queue();
    const n = 20_000;
    const producer = (async () => {
      for (let i = 0; i < n; i++) await q.put({ i, s: `item-${i}` });
    })();
    for (let i = 0; i < n; i++) {
      assert.deepEqual(await q.get(), { i, s: `item-${i}` });
    }
    await producer;
    q.close();
  });

  test("puts that are not awaited, more than the pipe holds, arrive in order", async () => {
    const q = new Queue();
    const n = 50_000;
    for (let i = 0; i < n; i++) q.put(`a fairly long item number ${i}`);
    assert.equal(q.qsize(), n);
    for (let i = 0; i < n; i++) {
      assert.equal(await q.get(), `a fairly long item number ${i}`);
    }
    q.close();
    await q.join_thread();
  });

  test("an item larger than the pipe passes through the feeder", async () => {
    const q = new Queue();
    const big = new Uint8Array(3 << 20).fill(7);
    await q.put(big);
    await q.put("after");
    const got = (await q.get()) as Uint8Array;
    assert.equal(got.length, big.length);
    assert.ok(got.every((x) => x === 7));
    assert.equal(await q.get(), "after");
    q.close();
  });

  test("Queue(maxsize): put waits for room, Full after the timeout or at once", async () => {
    const q = new Queue(2);
    await q.put(1);
    q.put_nowait(2);
    assert.equal(q.full(), true);
    assert.equal(q.qsize(), 2);
    assert.throws(() => q.put_nowait(3), Full);
    await assert.rejects(q.put(3, false), Full);
    await assert.rejects(q.put(3, { block: false }), Full);
    await assert.rejects(q.put(3, true, -1), Full);
    const waited = await elapsed(() =>
      assert.rejects(q.put(3, { timeout: 0.1 }), Full)
    );
    assert.ok(waited >= 95 && waited < 3000, `waited ${waited} ms`);
    setTimeout(() => q.get(), 30);
    await q.put(3, true, 5);
    assert.equal(q.qsize(), 2);
    assert.equal(await q.get(), 2);
    assert.equal(await q.get(), 3);
    q.close();
  });

  test("get(): Empty after the timeout, or at once when not blocking", async () => {
    const q = new Queue();
    assert.throws(() => q.get_nowait(), Empty);
    await assert.rejects(q.get(false), Empty);
    await assert.rejects(q.get({ block: false, timeout: 10 }), Empty);
    await assert.rejects(q.get(true, -1), Empty);
    const waited = await elapsed(() =>
      assert.rejects(q.get({ timeout: 0.1 }), Empty)
    );
    assert.ok(waited >= 95 && waited < 3000, `waited ${waited} ms`);
    setTimeout(() => q.put("late"), 30);
    assert.equal(await q.get(true, 5), "late");
    setTimeout(() => q.put("later"), 30);
    assert.equal(await q.get(), "later");
    q.close();
  });

  test("a put() object is a value, not keyword arguments", async () => {
    const q = new Queue();
    await q.put({ block: false });
    await q.put({ timeout: 1 }, { block: true });
    assert.deepEqual(await q.get(), { block: false });
    assert.deepEqual(await q.get(), { timeout: 1 });
    await assert.rejects(
      q.put(1, { block: true, tmeout: 1 } as never),
      /put\(\) got an unexpected keyword argument 'tmeout'/,
    );
    await assert.rejects(
      q.put(1, true, "1" as never),
      /must be real number, not str/,
    );
    q.close();
  });

  test("what cannot be pickled fails at put() and takes no room", async () => {
    const q = new Queue(1);
    await assert.rejects(q.put(() => 0), /cannot pickle 'function' object/);
    assert.throws(
      () => q.put_nowait({ f: Symbol() }),
      /cannot pickle 'symbol' object/,
    );
    await assert.rejects(q.put([new Lock()]), (e: unknown) => {
      assert.ok(e instanceof RuntimeError);
      assert.equal(
        (e as Error).message,
        "Lock objects should only be shared between processes through inheritance",
      );
      return true;
    });
    await assert.rejects(
      q.put(new Queue()),
      /Queue objects should only be shared/,
    );
    await assert.rejects(
      q.put(Pipe()[0]),
      /Connection objects should only be shared/,
    );
    assert.equal(q.qsize(), 0);
    await q.put("fine");
    assert.equal(await q.get(), "fine");
    q.close();
  });

  test("a closed queue: put and get raise ValueError naming it; qsize still works", async () => {
    const q = new Queue();
    await q.put(1);
    await assert.rejects(q.join_thread(), (e: unknown) => {
      assert.ok(e instanceof AssertionError);
      assert.equal((e as Error).message, `Queue ${q} not closed`);
      return true;
    });
    q.close();
    q.close();
    const msg = `Queue ${q} is closed`;
    assert.match(
      msg,
      /^Queue <multiprocessing\.queues\.Queue object at 0x[0-9a-f]+> is closed$/,
    );
    await assert.rejects(
      q.put(2),
      (e: unknown) => e instanceof ValueError && e.message === msg,
    );
    assert.throws(
      () => q.put_nowait(2),
      (e: unknown) => e instanceof ValueError,
    );
    await assert.rejects(
      q.get(),
      (e: unknown) => e instanceof ValueError && e.message === msg,
    );
    assert.throws(() => q.get_nowait(), ValueError);
    assert.equal(q.qsize(), 1);
    assert.equal(q.empty(), false);
    await q.join_thread();
  });

  test("maxsize as Python reads it", () => {
    assert.equal(new Queue(0).full(), false);
    const q = Queue(-5);
    q.put_nowait(1);
    assert.equal(q.qsize(), 1);
    assert.equal(Queue({ maxsize: 1 }).full(), false);
    assert.throws(
      () => new Queue("a" as never),
      /'<=' not supported between instances of 'str' and 'int'/,
    );
    assert.throws(
      () => new Queue(2.5),
      /'float' object cannot be interpreted as an integer/,
    );
    assert.throws(() => new Queue(2 ** 40), OverflowError);
    assert.throws(
      () => new Queue({ maxsize: 1, size: 2 } as never),
      /got an unexpected keyword argument 'size'/,
    );
  });

  test("Queue, SimpleQueue and JoinableQueue work with or without new", () => {
    for (
      const [Cls, name] of [[Queue, "Queue"], [SimpleQueue, "SimpleQueue"], [
        JoinableQueue,
        "JoinableQueue",
      ]] as const
    ) {
      const a = new Cls(), b = Cls();
      assert.ok(a instanceof Cls && b instanceof Cls);
      assert.equal(Cls.name, name);
      assert.match(
        String(a),
        new RegExp(
          `^<multiprocessing\\.queues\\.${name} object at 0x[0-9a-f]+>$`,
        ),
      );
      a.close();
      b.close();
    }
    assert.ok(new JoinableQueue() instanceof Queue);
  });
});

describe("SimpleQueue in one process", () => {
  test("put, get and empty; more than the pipe holds arrives in order", async () => {
    const q = new SimpleQueue();
    assert.equal(q.empty(), true);
    await q.put({ a: 1 });
    assert.equal(q.empty(), false);
    assert.deepEqual(await q.get(), { a: 1 });
    const puts: Promise<void>[] = [];
    for (let i = 0; i < 20_000; i++) puts.push(q.put(`item ${i}`));
    for (let i = 0; i < 20_000; i++) assert.equal(await q.get(), `item ${i}`);
    await Promise.all(puts);
    q.close();
  });

  test("a closed SimpleQueue raises OSError 'handle is closed'", async () => {
    const q = new SimpleQueue();
    q.close();
    await assert.rejects(
      q.put(1),
      (e: unknown) => e instanceof OSError && e.message === "handle is closed",
    );
    await assert.rejects(q.get(), /handle is closed/);
    assert.throws(() => q.empty(), /handle is closed/);
  });

  test("put() refuses what cannot be pickled", async () => {
    const q = new SimpleQueue();
    await assert.rejects(q.put(() => 0), TypeError);
    await assert.rejects(q.put(new Lock()), RuntimeError);
    assert.equal(q.empty(), true);
    q.close();
  });
});

describe("JoinableQueue in one process", () => {
  test("join() returns once every item put is marked done", async () => {
    const q = new JoinableQueue();
    await q.join(); // nothing unfinished
    for (let i = 0; i < 5; i++) await q.put(i);
    let joinedAt = -1;
    const joiner = q.join().then(() => {
      joinedAt = done;
    });
    let done = 0;
    for (let i = 0; i < 5; i++) {
      assert.equal(await q.get(), i);
      await new Promise((r) => setTimeout(r, 5));
      q.task_done();
      done++;
    }
    await bounded(joiner);
    assert.equal(joinedAt, 5);
    assert.throws(() => q.task_done(), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal((e as Error).message, "task_done() called too many times");
      return true;
    });
    q.close();
  });

  test("a put that fails leaves no unfinished task", async () => {
    const q = new JoinableQueue(1);
    await q.put(1);
    await assert.rejects(q.put(2, false), Full);
    assert.throws(() => q.put_nowait(2), Full);
    await assert.rejects(q.put(() => 0), TypeError);
    await q.get();
    q.task_done();
    await bounded(q.join());
    q.close();
  });
});

describe("queues across processes ('worker')", () => {
  test("4 producers x 1000 items: each producer's items arrive in order", async () => {
    const q = new Queue();
    const procs = [0, 1, 2, 3].map((id) => run(produce, q, id, 1000));
    const next = [0, 0, 0, 0];
    for (let k = 0; k < 4000; k++) {
      const [id, i] = (await q.get(true, 20)) as [number, number];
      assert.equal(i, next[id], `producer ${id}`);
      next[id]!++;
    }
    for (const p of procs) await joined(p);
    assert.deepEqual(next, [1000, 1000, 1000, 1000]);
    assert.equal(q.empty(), true);
    q.close();
  });

  test("100000 small items from a child to the parent", async () => {
    const q = new Queue();
    const p = run(produceNumbers, q, 100_000);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += (await q.get(true, 20)) as number;
    assert.equal(sum, (100_000 * 99_999) / 2);
    await joined(p);
    q.close();
  });

  test("a child that puts and returns at once loses nothing", async () => {
    const q = new Queue();
    // 30000 items do not fit in the pipe: most wait in the child's feeder,
    // which its exit flushes.
    const p = run(produce, q, 7, 30_000);
    for (let i = 0; i < 30_000; i++) {
      assert.deepEqual(await q.get(true, 20), [7, i]);
    }
    await joined(p);
    const big = run(putBig, q, 1 << 20);
    const got = (await q.get(true, 20)) as Uint8Array;
    assert.equal(got.length, 1 << 20);
    assert.equal(got[1000], 1000 & 255);
    await joined(big);
    q.close();
  });

  test("children get from a parent's queue and answer on another", async () => {
    const q = new Queue(), out = new Queue();
    const procs = [0, 1].map(() => run(sumItems, q, out, 500));
    for (let i = 0; i < 1000; i++) await q.put(1);
    const sums = [await out.get(true, 20), await out.get(true, 20)];
    assert.deepEqual(sums, [500, 500]);
    for (const p of procs) await joined(p);
    q.close();
    out.close();
  });

  test("JoinableQueue: join() in the parent waits for 3 consumer children", async () => {
    const q = new JoinableQueue(), results = new Queue();
    const procs = [0, 1, 2].map(() => run(consumeJoinable, q, results));
    for (let i = 0; i < 60; i++) await q.put(i);
    for (let i = 0; i < 3; i++) await q.put(null);
    await bounded(q.join());
    const got: number[] = [];
    for (let i = 0; i < 60; i++) {
      got.push((await results.get(true, 20)) as number);
    }
    got.sort((a, b) => a - b);
    assert.deepEqual(got, Array.from({ length: 60 }, (_, i) => i * 2));
    for (const p of procs) await joined(p);
    q.close();
    results.close();
  });

  test("SimpleQueue from a child", async () => {
    const q = new SimpleQueue();
    const p = run(simplePut, q, 5000);
    for (let i = 0; i < 5000; i++) assert.equal(await bounded(q.get()), i);
    await joined(p);
    q.close();
  });

  test("cancel_join_thread(): join_thread() in a child stops waiting for the feeder", async () => {
    const q = new Queue(), out = new Queue();
    // 100000 items do not fit in the pipe and nobody reads it: the child's
    // feeder can never flush, so join_thread() waits until it is cancelled.
    const p = run(joinThreadCancelled, q, out, 100_000);
    assert.deepEqual(await out.get(true, 20), ["waiting", "returned"]);
    await joined(p);
    q.close();
    out.close();
  });

  test("cancel_join_thread(): a child exits without flushing to a full pipe", async () => {
    const q = new Queue();
    const p = run(putCancelled, q, 100_000);
    await joined(p);
    let n = 0;
    while (true) {
      try {
        assert.equal(q.get_nowait(), n);
        n++;
      } catch (e) {
        assert.ok(e instanceof Empty);
        break;
      }
    }
    assert.ok(n > 0 && n < 100_000, `${n} items reached the pipe`);
    q.close();
  });

  test("a child terminated while blocked in get(); its parent frees the queue", async () => {
    const q = new Queue(), ready = new Queue();
    const p = run(blockInGet, q, ready);
    assert.equal(await ready.get(true, 20), "waiting");
    await new Promise((r) => setTimeout(r, 50));
    p.terminate();
    await p.join(30);
    assert.equal(p.exitcode, -15);
    // The child died holding the queue's read lock; its parent gave up the
    // child's holds when it saw the child end, so the queue works on.
    await q.put("after");
    assert.equal(await q.get(true, 5), "after");
    q.close();
    ready.close();
  });

  test("the 'spawn' start method refuses queues with NotImplementedError", () => {
    const P = get_context("spawn").Process;
    for (const q of [new Queue(), new SimpleQueue(), new JoinableQueue()]) {
      const p = new P({ target: produce, args: [q, 0, 1] });
      assert.throws(() => p.start(), (e: unknown) => {
        assert.ok(e instanceof NotImplementedError);
        assert.match((e as Error).message, /Queue.*'worker' start method/);
        return true;
      });
      q.close();
    }
  });
});

describe("multiprocessing.queues", () => {
  test("holds the queue classes and queue's Empty and Full, as Python's module does", async () => {
    assert.equal(queues.Queue, mp.Queue);
    assert.equal(queues.SimpleQueue, mp.SimpleQueue);
    assert.equal(queues.JoinableQueue, mp.JoinableQueue);
    assert.equal(queues.Empty, queue.Empty);
    assert.equal(queues.Full, queue.Full);
    const q = new queues.Queue(1);
    try {
      await q.put(1);
      await assert.rejects(q.put(2, { timeout: 0.01 }), queues.Full);
      assert.equal(await q.get(), 1);
      await assert.rejects(q.get({ timeout: 0.01 }), queues.Empty);
    } finally {
      q.close();
    }
  });
});

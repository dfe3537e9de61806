// multiprocessing.pool: Pool (workers as processes, 'worker' and 'spawn')
// and ThreadPool (workers as threads): every method with its results,
// ordering, callbacks, errors with the worker's traceback, initializer and
// maxtasksperchild, terminate, a worker that dies mid-task, Python's
// errors for bad input, and the pool as a context manager.

import { describe, test } from "node:test";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import {
  FileNotFoundError,
  StopIteration,
  ValueError,
} from "../../builtins/mod.ts";
import { current_thread, Event } from "../../threading/mod.ts";
import * as mp from "../../multiprocessing/mod.ts";
import {
  ApplyResult,
  AsyncResult,
  IMapIterator,
  IMapUnorderedIterator,
  MapResult,
  MaybeEncodingError,
  Pool,
  RemoteTraceback,
  ThreadPool,
} from "../../multiprocessing/pool/mod.ts";
import { TimeoutError as MpTimeoutError } from "../../multiprocessing/mod.ts";
import {
  add,
  badInit,
  exitEvery50,
  exitNow,
  fails,
  failsOn2,
  init,
  initValueOf,
  missingFile,
  pid,
  returnsFunction,
  sleepy,
  sleepyPair,
  spin,
  spinName,
  square,
  whoami,
} from "./_targets_pool.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Runs `f` with a pool and always terminates it. */
async function withPool<T>(
  pool: Pool,
  f: (p: Pool) => Promise<T>,
): Promise<T> {
  try {
    return await f(pool);
  } finally {
    await pool.terminate();
  }
}

for (const method of ["worker", "spawn"] as const) {
  const ctx = mp.get_context(method);
  const make = (n: number, opts: Record<string, unknown> = {}) =>
    new Pool(n, { context: ctx, ...opts });

  describe(`Pool (${method})`, () => {
    test("apply, apply_async, map, starmap and their results", async () => {
      await withPool(make(2), async (pool) => {
        assert.equal(await pool.apply(square, [7]), 49);
        assert.equal(await pool.apply(add, [1, 2], { c: 3 }), 6);
        assert.equal(
          await pool.apply(add, { args: [1, 2], kwds: { c: 4 } }),
          7,
        );
        const r = pool.apply_async(square, [5]);
        assert.ok(r instanceof ApplyResult && r instanceof AsyncResult);
        assert.equal(await r.get({ timeout: 30 }), 25);
        assert.ok(r.ready());
        assert.ok(r.successful());
        assert.deepEqual(
          await pool.map(square, range(10)),
          range(10).map((x) => x * x),
        );
        assert.deepEqual(
          await pool.map(square, range(10), 3),
          range(10).map((x) => x * x),
        );
        assert.deepEqual(await pool.map(square, []), []);
        assert.deepEqual(await pool.starmap(add, [[1, 2], [3, 4]]), [3, 7]);
        const m = pool.map_async(square, [1, 2, 3]);
        assert.ok(m instanceof MapResult);
        assert.deepEqual(await m.get(), [1, 4, 9]);
        const s = pool.starmap_async(add, [[5, 5]]);
        assert.deepEqual(await s.get(), [10]);
      });
    });

    test("the workers are separate processes, named as CPython names them", async () => {
      await withPool(make(2), async (pool) => {
        const name = await pool.apply(whoami) as string;
        assert.match(
          name,
          method === "spawn"
            ? /^SpawnPoolWorker-\d+$/
            : /^WorkerPoolWorker-\d+$/,
        );
        const p = await pool.apply(pid) as number;
        assert.notEqual(p, mp.current_process().pid);
        assert.equal(
          String(pool),
          "<multiprocessing.pool.Pool state=RUN pool_size=2>",
        );
      });
    });

    test("imap keeps the input order; imap_unordered gives completion order", async () => {
      await withPool(make(2), async (pool) => {
        // The first item is slow: imap waits for it, imap_unordered does not.
        const delays = [[0, 400], [1, 0], [2, 0], [3, 0]];
        const ordered: unknown[] = [];
        const it = pool.imap(sleepyPair, delays);
        assert.ok(it instanceof IMapIterator);
        for await (const x of it) ordered.push(x);
        assert.deepEqual(ordered, [0, 1, 2, 3]);
        const un: unknown[] = [];
        const u = pool.imap_unordered(sleepyPair, delays);
        assert.ok(u instanceof IMapUnorderedIterator);
        for await (const x of u) un.push(x);
        assert.deepEqual([...un].sort(), [0, 1, 2, 3]);
        assert.notEqual(un[0], 0);
        // chunksize > 1, and next(timeout) / StopIteration.
        const c = pool.imap(square, range(7), 3);
        const got: unknown[] = [];
        for (let i = 0; i < 7; i++) got.push(await c.next({ timeout: 30 }));
        assert.deepEqual(got, range(7).map((x) => x * x));
        await assert.rejects(c.next(), StopIteration);
        await assert.rejects(pool.imap(square, []).next(), StopIteration);
        // A failed item raises from next() and iteration goes on; with
        // chunksize > 1 it ends after the failed chunk, as in CPython.
        const seen = async (it: IMapIterator) => {
          const out: unknown[] = [];
          for (let i = 0; i < 10; i++) {
            try {
              out.push(await it.next({ timeout: 30 }));
            } catch (e) {
              if (e instanceof StopIteration) break;
              out.push(e instanceof ValueError ? "E" : e);
            }
          }
          return out;
        };
        assert.deepEqual(await seen(pool.imap(failsOn2, range(5))), [
          0,
          1,
          "E",
          3,
          4,
        ]);
        assert.deepEqual(await seen(pool.imap(failsOn2, range(6), 2)), [
          0,
          1,
          "E",
        ]);
        // An input that raises: its exception is the next result, and the
        // input ends there (with chunks, the chunk being gathered is lost).
        function* breaks(n: number) {
          for (let i = 0; i < n; i++) yield i;
          throw new ValueError("input broke");
        }
        assert.deepEqual(await seen(pool.imap(square, breaks(2))), [0, 1, "E"]);
        assert.deepEqual(await seen(pool.imap(square, breaks(5), 2)), [
          0,
          1,
          4,
          9,
          "E",
        ]);
        assert.deepEqual(
          (await seen(pool.imap_unordered(square, breaks(3)))).sort(),
          [0, 1, 4, "E"],
        );
      });
    });

    test("a closed pool whose last worker is replaced after the last task still joins", async () => {
      // maxtasksperchild=1: the worker that ran the one task is replaced;
      // the replacement must be told to stop.
      const pool = make(1, { maxtasksperchild: 1 });
      const one = function* () {
        yield 3;
      };
      try {
        const it = pool.imap(square, one());
        assert.equal(await it.next({ timeout: 30 }), 9);
        pool.close();
        const joined = await Promise.race([
          pool.join().then(() => true),
          new Promise((ok) => setTimeout(ok, 30_000, false)),
        ]);
        assert.equal(joined, true);
      } finally {
        await pool.terminate();
      }
    });

    test("an endless input is read only a little ahead of the workers", async () => {
      await withPool(make(2), async (pool) => {
        let made = 0;
        function* endless() {
          for (let i = 0; i < 1_000_000; i++) {
            made++;
            yield [i, 20];
          }
        }
        const it = pool.imap(sleepyPair, endless());
        for (let i = 0; i < 10; i++) {
          assert.equal(await it.next({ timeout: 30 }), i);
        }
        // Slow tasks go one at a time: a few wait, not the whole input.
        assert.ok(made < 40, `${made} items read`);
      });
    });

    test("callbacks and error callbacks run in the parent, in completion order", async () => {
      await withPool(make(2), async (pool) => {
        const seen: unknown[] = [];
        const errors: unknown[] = [];
        // Long enough for the second worker to start, even on a loaded machine.
        const slow = pool.apply_async(sleepy, [1, 1500], {
          callback: (v: unknown) => seen.push(v),
        });
        const fast = pool.apply_async(sleepy, [2, 0], {
          callback: (v: unknown) => seen.push(v),
        });
        const bad = pool.apply_async(fails, [3], {
          error_callback: (e: unknown) => errors.push(e),
        });
        await Promise.all([slow.wait(), fast.wait(), bad.wait()]);
        assert.deepEqual(seen, [2, 1]);
        assert.equal(errors.length, 1);
        assert.ok(errors[0] instanceof ValueError);
        const mapped: unknown[] = [];
        await pool.map_async(square, [1, 2], {
          callback: (v: unknown) => mapped.push(v),
        }).wait();
        assert.deepEqual(mapped, [[1, 4]]);
      });
    });

    test("map runs every chunk; a failure is the first exception, once all are done", async () => {
      await withPool(make(2), async (pool) => {
        const errors: unknown[] = [];
        const r = pool.map_async(failsOn2, range(8), 1, {
          error_callback: (e: unknown) => errors.push(e),
        });
        const e = await r.get({ timeout: 30 }).then(() => null, (e) => e);
        assert.ok(e instanceof ValueError);
        assert.equal(e.message, "two");
        assert.deepEqual(errors, [e]);
        assert.equal(r.successful(), false);
        // An OSError keeps its errno and file name on the way back.
        const m = await pool.apply(missingFile, ["nope.txt"]).then(
          () => null,
          (e) => e,
        );
        assert.ok(m instanceof FileNotFoundError);
        assert.equal(m.errno, 2);
        assert.equal(m.filename, "nope.txt");
        assert.equal(
          m.message,
          "[Errno 2] No such file or directory: 'nope.txt'",
        );
      });
    });

    test("a task's exception reaches get() with its class and the worker's traceback", async () => {
      await withPool(make(1), async (pool) => {
        const r = pool.apply_async(fails, [3]);
        await r.wait();
        assert.equal(r.successful(), false);
        const e = await r.get().then(() => null, (e) => e);
        assert.ok(e instanceof ValueError);
        assert.equal(e.message, "bad 3");
        assert.deepEqual([...e.args], ["bad 3"]);
        assert.ok(e.cause instanceof RemoteTraceback);
        assert.match(
          String(e.cause),
          /Traceback \(most recent call last\):[\s\S]*ValueError: bad 3/,
        );
        await assert.rejects(pool.map(fails, [1, 2, 3]), ValueError);
        // An argument that cannot cross fails its task; the function still
        // reaches the worker for the next one.
        await assert.rejects(pool.apply(square, [() => 1]), TypeError);
        assert.equal(await pool.apply(square, [6]), 36);
        // The worker survives its task's exception.
        assert.equal(await pool.apply(square, [3]), 9);
        // A result that cannot be sent back.
        await assert.rejects(pool.apply(returnsFunction), MaybeEncodingError);
        assert.equal(await pool.apply(square, [4]), 16);
      });
    });

    test("initializer runs once in each worker; maxtasksperchild replaces workers", async () => {
      await withPool(
        make(2, { initializer: init, initargs: ["ready"] }),
        async (pool) => {
          assert.deepEqual(await pool.map(initValueOf, range(4), 1), [
            "ready",
            "ready",
            "ready",
            "ready",
          ]);
        },
      );
      await withPool(make(1, { maxtasksperchild: 2 }), async (pool) => {
        const pids = new Set<unknown>();
        for (let i = 0; i < 6; i++) pids.add(await pool.apply(pid));
        assert.equal(pids.size, 3);
      });
    });

    test("workers that keep dying at start do not make the pool spin forever", async () => {
      await withPool(make(1, { initializer: badInit }), async (pool) => {
        const e = await pool.apply(square, [2]).then(() => null, (e) => e);
        assert.ok(e instanceof mp.ProcessError);
        assert.match(e.message, /keep ending before they run a task/);
        await assert.rejects(pool.apply(square, [3]), mp.ProcessError);
      });
    });

    test("a worker that dies mid-task fails that task only; the pool goes on", async () => {
      await withPool(make(2), async (pool) => {
        const before = await pool.apply(pid);
        const other = pool.apply_async(sleepy, [1, 300]);
        const dying = pool.apply_async(exitNow, [7]);
        const e = await dying.get().then(() => null, (e) => e);
        assert.ok(e instanceof mp.ProcessError);
        assert.match(
          e.message,
          /PoolWorker-\d+ \(pid \d+\) ended with exit code 7 while running this task/,
        );
        assert.equal(await other.get({ timeout: 30 }), 1);
        assert.deepEqual(
          await pool.map(square, range(20)),
          range(20).map((x) => x * x),
        );
        assert.notEqual(before, null);
      });
    });

    test("results sent before a worker dies all arrive; only the task that killed it fails", async () => {
      await withPool(make(2), async (pool) => {
        const n = 160;
        const wrong: string[] = [];
        const it = pool.imap(exitEvery50, range(n));
        for (let i = 0; i < n; i++) {
          try {
            const v = await it.next({ timeout: 60 });
            if (v !== i || i % 50 === 5) wrong.push(`${i}: ${v}`);
          } catch (e) {
            const ok = i % 50 === 5 && e instanceof mp.ProcessError &&
              /exit code 3 while running this task/.test(e.message);
            if (!ok) wrong.push(`${i}: ${e}`);
          }
        }
        assert.deepEqual(wrong, []);
      });
    });

    test("terminate stops the workers while tasks run; waiting results fail", async () => {
      const pool = make(2);
      const r = pool.apply_async(sleepy, [1, 60_000]);
      await pool.apply(square, [1]);
      const t0 = performance.now();
      await pool.terminate();
      assert.ok(performance.now() - t0 < 10_000);
      assert.equal(
        String(pool),
        "<multiprocessing.pool.Pool state=TERMINATE pool_size=2>",
      );
      await assert.rejects(r.get({ timeout: 5 }), mp.ProcessError);
      await pool.join();
      assert.deepEqual(
        mp.active_children().filter((p) => /PoolWorker/.test(p.name)),
        [],
      );
    });

    test("close and join finish the submitted work", async () => {
      const pool = make(2);
      const done: unknown[] = [];
      for (let i = 0; i < 10; i++) {
        pool.apply_async(sleepy, [i, 20], {
          callback: (v: unknown) => done.push(v),
        });
      }
      pool.close();
      assert.equal(
        String(pool),
        "<multiprocessing.pool.Pool state=CLOSE pool_size=2>",
      );
      await pool.join();
      assert.deepEqual(
        [...done].sort((a, b) => (a as number) - (b as number)),
        range(10),
      );
      assert.deepEqual(
        mp.active_children().filter((p) => /PoolWorker/.test(p.name)),
        [],
      );
    });

    test("a program that forgets close() and join() still exits", () => {
      const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
      const child = fileURLToPath(
        new URL(`./_pool_forgotten.${ext}`, import.meta.url),
      );
      const isDeno =
        typeof (globalThis as { Deno?: unknown }).Deno === "object";
      const t0 = performance.now();
      const r = spawnSync(
        process.execPath,
        isDeno ? ["run", "-A", "--no-check", child, method] : [child, method],
        {
          encoding: "utf8",
          timeout: 25_000,
          env: { ...process.env, NO_COLOR: "1" },
        },
      );
      assert.equal(r.stderr, "");
      assert.equal(r.stdout, "16\nend\n");
      assert.equal(r.status, 0);
      assert.ok(performance.now() - t0 < 20_000);
    });

    test("leaving `await using` terminates the pool", async () => {
      let kept: Pool;
      {
        await using pool = make(1);
        kept = pool;
        assert.deepEqual(await pool.map(square, [1, 2]), [1, 4]);
      }
      assert.match(String(kept), /state=TERMINATE/);
      assert.throws(() => kept.apply_async(square, [1]), /Pool not running/);
    });
  });
}

describe("Pool: 100k tiny items and the default context", () => {
  test("map of 100k items, and apply_async of 100k items", async () => {
    await withPool(new mp.Pool(2), async (pool) => {
      const items = range(100_000);
      const out = await pool.map(square, items) as number[];
      assert.equal(out.length, 100_000);
      assert.equal(out[99_999], 99_999 * 99_999);
      const rs = items.map((i) => pool.apply_async(square, [i]));
      let sum = 0;
      for (const r of rs) sum += await r.get() as number;
      assert.equal(sum, items.reduce((s, x) => s + x * x, 0));
    });
  });

  test("multiprocessing.Pool and ctx.Pool make pools, with and without new", async () => {
    const a = mp.Pool(1);
    const b = new (mp.get_context("worker").Pool)(1);
    try {
      assert.ok(a instanceof Pool && a instanceof mp.Pool);
      assert.ok(b instanceof Pool);
      assert.equal(await b.apply(square, [2]), 4);
    } finally {
      await a.terminate();
      await b.terminate();
    }
  });

  test("CPU-bound work runs in parallel on two workers", async () => {
    // Four 100 ms spins take about 400 ms on one worker, 200 ms on two.
    const time = async (n: number) => {
      return await withPool(new Pool(n), async (pool) => {
        // Every worker running: n 30 ms spins go to n different workers.
        for (let i = 0; i < 100; i++) {
          const names = await pool.map(spinName, Array(n).fill(30), 1);
          if (new Set(names).size === n) break;
        }
        // The Worker kept warm for the next start loads after a start: let
        // it finish first, on a machine with two cores.
        await new Promise((r) => setTimeout(r, 300));
        const t0 = performance.now();
        await pool.map(spin, [100, 100, 100, 100], 1);
        return performance.now() - t0;
      });
    };
    const one = await time(1);
    const two = await time(2);
    assert.ok(one > 380, `one worker took ${one} ms`);
    assert.ok(two < one * 0.75, `two workers took ${two} ms, one ${one} ms`);
  });
});

describe("Pool: Python's errors for bad input", () => {
  test("the constructor", () => {
    assert.throws(() => new Pool(0), {
      name: "ValueError",
      message: "Number of processes must be at least 1",
    });
    assert.throws(() => new Pool(2, { initializer: 3 as never }), {
      name: "TypeError",
      message: "initializer must be a callable",
    });
    assert.throws(() => new Pool(2, { maxtasksperchild: 0 }), {
      name: "ValueError",
      message: "maxtasksperchild must be a positive int or None",
    });
  });

  test("a closed or terminated pool, join while running, chunksize, callbacks, timeouts", async () => {
    const pool = new Pool(1);
    try {
      await assert.rejects(pool.join(), {
        name: "ValueError",
        message: "Pool is still running",
      });
      assert.throws(() => pool.imap(square, [1], 0), {
        name: "ValueError",
        message: "Chunksize must be 1+, not 0",
      });
      assert.throws(
        () => pool.apply_async(square, [1], { callback: 3 as never }),
        {
          name: "TypeError",
          message: "'int' object is not callable",
        },
      );
      const slow = pool.apply_async(sleepy, [1, 1000]);
      assert.throws(() => slow.successful(), {
        name: "ValueError",
        message:
          /^<multiprocessing\.pool\.ApplyResult object at 0x[0-9a-f]+> not ready$/,
      });
      await assert.rejects(slow.get(0.05), MpTimeoutError);
      const t0 = performance.now();
      await slow.wait(0.1);
      assert.ok(!slow.ready() && performance.now() - t0 >= 90);
      const slowIt = pool.imap(sleepyPair, [[7, 300]]);
      await assert.rejects(slowIt.next({ timeout: 0.05 }), MpTimeoutError);
      assert.equal(await slowIt.next(), 7);
      // The required iterable is filled first (docs/porting.md §2): a
      // plain object there is the input, not keyword arguments.
      await assert.rejects(pool.map(square, { chunksize: 2 } as never), {
        name: "TypeError",
        message: "'dict' object is not iterable",
      });
      await assert.rejects(pool.starmap(add, [1] as never), {
        name: "TypeError",
        message: "'int' object is not iterable",
      });
      assert.deepEqual(await pool.map(square, [1, 2], { chunksize: 1 }), [
        1,
        4,
      ]);
      const local = 5;
      const r = pool.apply_async(() => local, []);
      await assert.rejects(r.get(), {
        name: "TypeError",
        message: /Can't pickle the target/,
      });
      pool.close();
      assert.throws(() => pool.apply_async(square, [1]), {
        name: "ValueError",
        message: "Pool not running",
      });
      await assert.rejects(pool.map(square, [1]), {
        name: "ValueError",
        message: "Pool not running",
      });
      await pool.join();
      assert.equal(await slow.get(), 1);
    } finally {
      await pool.terminate();
    }
  });
});

describe("ThreadPool", () => {
  test("every method, with closures, in this process", async () => {
    const pool = new ThreadPool(3);
    try {
      const seen: number[] = [];
      const f = (x: number) => {
        seen.push(x);
        return x + 1;
      };
      assert.equal(await pool.apply(f, [1]), 2);
      assert.deepEqual(await pool.map(f, [1, 2, 3]), [2, 3, 4]);
      assert.deepEqual(
        await pool.starmap((a: number, b: number) => a * b, [[2, 3]]),
        [6],
      );
      const it: unknown[] = [];
      for await (const x of pool.imap(f, [5, 6])) it.push(x);
      assert.deepEqual(it, [6, 7]);
      const un: unknown[] = [];
      for await (const x of pool.imap_unordered(f, [7, 8], 2)) un.push(x);
      assert.deepEqual(un.sort(), [8, 9]);
      assert.equal(seen.length, 8);
      await assert.rejects(
        pool.apply(() => {
          throw new ValueError("x");
        }),
        ValueError,
      );
      assert.match(
        String(pool),
        /^<multiprocessing\.pool\.ThreadPool state=RUN pool_size=3>$/,
      );
    } finally {
      pool.close();
      await pool.join();
    }
  });

  test("terminate returns at once, even with a task running or an initializer that raised", async () => {
    const pool = new ThreadPool(1);
    const r = pool.apply_async(async () =>
      await new Promise((res) => setTimeout(res, 3000))
    );
    await new Promise((res) => setTimeout(res, 50));
    const t0 = performance.now();
    await pool.terminate();
    assert.ok(performance.now() - t0 < 1000);
    await assert.rejects(r.get(), mp.ProcessError);
    const bad = new ThreadPool(2, () => {
      throw new ValueError("no init");
    });
    await new Promise((res) => setTimeout(res, 50));
    await bad.terminate();
    await bad.join();
  });

  test("map runs every chunk; imap_unordered ends at terminate; chunked next() wakes every waiter", async () => {
    const pool = new ThreadPool(2);
    try {
      let calls = 0;
      const order: string[] = [];
      const r = pool.map_async(
        (x: number) => {
          calls++;
          if (x === 2) throw new ValueError("two");
          return x;
        },
        range(10),
        1,
        {
          error_callback: (e: Error) => order.push(`${calls} ${e.message}`),
        },
      );
      await assert.rejects(r.get({ timeout: 10 }), /two/);
      assert.equal(calls, 10);
      assert.deepEqual(order, ["10 two"]);
      // Two readers of a chunked imap both get their item from the first
      // chunk, long before the second chunk (3 s) comes.
      const c = pool.imap(
        async (x: number) =>
          await new Promise((ok) => setTimeout(ok, x > 2 ? 3000 : 20, x)),
        [1, 2, 3, 4],
        2,
      );
      assert.deepEqual(
        await Promise.all([c.next({ timeout: 1 }), c.next({ timeout: 1 })]),
        [1, 2],
      );
    } finally {
      pool.close();
      await pool.join();
    }
    const t = new ThreadPool(2);
    const go = new Event();
    let started = 0;
    const u = t.imap_unordered(async (x: number) => {
      started++;
      await go.wait();
      return x;
    }, range(4));
    while (started < 2) await new Promise((ok) => setTimeout(ok, 5));
    await t.terminate();
    await assert.rejects(u.next({ timeout: 10 }), mp.ProcessError);
    // The tasks that were running finish, but their results are not given.
    go.set();
    await t.join();
    await assert.rejects(u.next({ timeout: 10 }), StopIteration);
  });

  test("synchronous tasks leave the program turns; callbacks run in _handle_results", async () => {
    const pool = new ThreadPool(2);
    let produced = 0;
    function* endless() {
      for (let i = 0; i < 200_000; i++) {
        produced++;
        yield i;
      }
    }
    try {
      const it = pool.imap((x: number) => x * 2, endless());
      await new Promise((ok) => setTimeout(ok, 0));
      assert.ok(produced < 200_000, `${produced} made before a timer ran`);
      assert.equal(await it.next({ timeout: 10 }), 0);
      let where = "";
      const worker = await pool.apply_async(() => current_thread().name, {
        callback: () => (where = current_thread().name),
      }).get({ timeout: 10 }) as string;
      assert.match(where, /^Thread-\d+ \(_handle_results\)$/);
      // As CPython's: the workers are made first, then the handler.
      const n = (s: string) => Number(/^Thread-(\d+)/.exec(s)![1]);
      assert.match(worker, /^Thread-\d+ \(worker\)$/);
      assert.ok(n(worker) < n(where), `${worker} / ${where}`);
    } finally {
      await pool.terminate();
    }
  });

  test("threads whose initializer raises are replaced, then waiting tasks fail", async () => {
    const pool = new ThreadPool(1, () => {
      throw new ValueError("no init");
    });
    try {
      const e = await pool.apply(() => 1).then(() => null, (e) => e);
      assert.ok(e instanceof mp.ProcessError);
      assert.match(e.message, /keep ending before they run a task/);
      await assert.rejects(pool.apply(() => 2), mp.ProcessError);
    } finally {
      await pool.terminate();
    }
  });

  test("tasks run concurrently on the worker threads; initializer per thread", async () => {
    let inits = 0;
    const pool = new ThreadPool(4, () => {
      inits++;
    });
    const t0 = performance.now();
    await pool.map(
      async () => await new Promise((r) => setTimeout(r, 200)),
      range(4),
      1,
    );
    const took = performance.now() - t0;
    pool.close();
    await pool.join();
    assert.ok(took < 700, `took ${took} ms`);
    assert.equal(inits, 4);
  });
});

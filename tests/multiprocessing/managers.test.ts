// multiprocessing.managers: SyncManager's types through their proxies,
// Python's errors, proxies crossing to children of both start methods, a
// custom BaseManager, 50 concurrent clients, a client killed mid-call,
// shutdown with clients connected, and the wire protocol against CPython
// in both directions (the classic remote task-queue pattern, and a
// CPython client using a pyport manager's dict with Python's key types).

import { describe, test } from "node:test";
import { python } from "./_python.ts";
import { runProgram } from "./_run_program.ts";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  AttributeError,
  EOFError,
  IndexError,
  KeyError,
  OSError,
  RuntimeError,
  slice,
  tuple as PyTuple,
  ValueError,
} from "../../builtins/mod.ts";
import {
  AuthenticationError,
  get_context,
  Manager,
  ProcessError,
} from "../../multiprocessing/mod.ts";
import {
  AutoProxy,
  BaseManager,
  type BaseProxy,
  DictProxy,
  ListProxy,
  type QueueProxy,
  RemoteError,
  SyncManager,
  Token,
} from "../../multiprocessing/managers/mod.ts";
import { Empty, Queue } from "../../queue/mod.ts";
import { Thread } from "../../threading/mod.ts";
import { dumps } from "../../pickle/mod.ts";
import {
  blockOnGet,
  Counter,
  failOn,
  setItem,
  square,
  useEach,
  zeros,
} from "./_targets_managers.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const KEY = enc("abracadabra");
const tuple = <T extends unknown[]>(...a: T): Readonly<T> => Object.freeze(a);
const T = (...xs: unknown[]) => new PyTuple(xs);

async function rejects(
  p: Promise<unknown>,
  cls: abstract new (...a: never[]) => Error,
  message?: RegExp,
): Promise<Error> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${String(e)}`);
    if (message) assert.match((e as Error).message, message);
    return e as Error;
  }
  assert.fail(`expected ${cls.name}`);
}

/** What AutoProxy makes for a Counter: its methods, for TypeScript. */
interface CounterProxy extends BaseProxy {
  increment(by?: number): Promise<number>;
  get(): Promise<number>;
  fail(): Promise<never>;
  failOddly(): Promise<never>;
}

describe("SyncManager's types", () => {
  test("dict: Python's keys, methods and errors", async () => {
    await using m = new SyncManager();
    await m.start();
    const d = await m.dict({ a: 1 });
    assert.ok(d instanceof DictProxy);
    await d.__setitem__(1, "int");
    await d.__setitem__("1", "str");
    await d.__setitem__(tuple(1, 2), "tuple");
    await d.__setitem__(true, "bool is 1");
    await d.__setitem__(enc("b"), "bytes");
    assert.equal(await d.__len__(), 5);
    assert.equal(await d.__getitem__(1), "bool is 1");
    assert.equal(await d.__getitem__(tuple(1, 2)), "tuple");
    assert.equal(await d.__contains__("1"), true);
    assert.equal(await d.__contains__(tuple(2, 1)), false);
    assert.deepEqual(await d.keys(), ["a", 1, "1", T(1, 2), enc("b")]);
    assert.equal(Object.isFrozen((await d.keys())[3]), true);
    assert.deepEqual((await d.items())[0], T("a", 1));
    assert.equal(await d.get("missing"), null);
    assert.equal(await d.get("missing", 7), 7);
    assert.equal(await d.setdefault("s", 3), 3);
    assert.equal(await d.pop("s"), 3);
    const e = await rejects(d.__getitem__(99), KeyError);
    assert.deepEqual((e as KeyError).args, new PyTuple([99]));
    await rejects(d.pop("nope"), KeyError);
    await rejects(d.__setitem__([1], 0), TypeError, /unhashable type: 'list'/);
    await d.update(new Map([[2, "two"]]));
    const copy = await d.copy();
    assert.ok(copy instanceof Map);
    assert.equal(copy.get(2), "two");
    assert.deepEqual(await d.popitem(), T(2, "two"));
    const keys: unknown[] = [];
    for await (const k of d) keys.push(k);
    assert.equal(keys.length, 5);
    assert.equal(
      await d.__str__(),
      "{'a': 1, 1: 'bool is 1', '1': 'str', (1, 2): 'tuple', b'b': 'bytes'}",
    );
    assert.match(
      String(d),
      /^<DictProxy object, typeid 'dict' at 0x[0-9a-f]+>$/,
    );
    await d.clear();
    assert.equal(await d.__len__(), 0);
  });

  test("list, Namespace, Value and Array", async () => {
    await using m = new SyncManager();
    await m.start();
    const l = await m.list([3, 1, 2]);
    await l.append(0);
    await l.sort();
    assert.deepEqual(await l._getvalue(), [0, 1, 2, 3]);
    assert.equal(await l.__getitem__(-1), 3);
    await l.__setitem__(0, "zero");
    assert.equal(await l.index(2), 2);
    await rejects(l.__getitem__(9), IndexError, /list index out of range/);
    await rejects(l.remove(42), ValueError, /x not in list/);
    await rejects(l.index(42), ValueError, /42 is not in list/);
    assert.equal(await l.pop(), 3);
    assert.equal(await l.__iadd__([5, 5]), l);
    assert.equal(await l.count(5), 2);
    assert.deepEqual(await l.__add__([9]), ["zero", 1, 2, 5, 5, 9]);
    await l.sort({ reverse: true }).catch((e) => e);

    const ns = await m.Namespace({ x: 1 });
    await ns.__setattr__("y", "b");
    assert.equal(await ns.__getattr__("x"), 1);
    assert.equal(await ns.__str__(), "Namespace(x=1, y='b')");
    await ns.__delattr__("x");
    await rejects(
      ns.__getattr__("x"),
      AttributeError,
      /'Namespace' object has no attribute 'x'/,
    );

    const v = await m.Value("i", 7);
    await v.set(await v.value as number + 1);
    assert.equal(await v.get(), 8);
    assert.equal(await v.__str__(), "Value('i', 8)");

    const a = await m.Array("d", [1.5, 2.5]);
    await a.__setitem__(1, 3.5);
    assert.equal(await a.__len__(), 2);
    assert.deepEqual(await a._getvalue(), [1.5, 3.5]);
  });

  test("Queue, JoinableQueue and the threading types", async () => {
    await using m = new SyncManager();
    await m.start();
    const q = await m.Queue(2);
    assert.equal(q.constructor.name, "AutoProxy[Queue]");
    await q.put(tuple(1, "a"));
    await q.put_nowait({ block: false });
    assert.equal(await q.full(), true);
    assert.deepEqual(await q.get(), T(1, "a"));
    assert.deepEqual(await q.get({ timeout: 1 }), new Map([["block", false]]));
    const t0 = performance.now();
    await rejects(q.get({ timeout: 0.2 }), Empty);
    assert.ok(performance.now() - t0 >= 150);
    await rejects(q.get(false), Empty);

    const jq = await m.JoinableQueue();
    await jq.put(1);
    await jq.get();
    await jq.task_done();
    await jq.join();

    const lock = await m.Lock();
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.acquire(false), false);
    assert.equal(await lock.acquire({ timeout: 0.05 }), false);
    await lock.release();
    const rlock = await m.RLock();
    assert.equal(await rlock.acquire(), true);
    assert.equal(await rlock.acquire(), true);
    await rlock.release();
    await rlock.release();
    await rejects(rlock.release(), RuntimeError);
    const sem = await m.BoundedSemaphore(1);
    await sem.acquire();
    await sem.release();
    await rejects(sem.release(), ValueError, /released too many times/);

    const ev = await m.Event();
    assert.equal(await ev.wait(0.01), false);
    await ev.set();
    assert.equal(await ev.is_set(), true);
    assert.equal(await ev.wait(), true);

    const cond = await m.Condition();
    const waiter = new Thread({
      target: async () => {
        using _ = await cond.enter();
        await cond.wait_for(() => ev.is_set(), 5);
      },
    });
    waiter.start();
    {
      using _ = await cond.enter();
      await cond.notify_all();
    }
    await waiter.join();

    const b = await m.Barrier(2);
    assert.equal(await b.parties, 2);
    const other = new Thread({ target: () => b.wait() });
    other.start();
    assert.ok([0, 1].includes(await b.wait(5)));
    await other.join();
    assert.equal(await b.broken, false);
  });

  test("Python's errors: not exposed, raised by the referent, unpicklable", async () => {
    class CounterManager extends BaseManager {
      declare Counter: () => Promise<CounterProxy>;
    }
    CounterManager.register("Counter", Counter);
    await using m = new CounterManager(null, KEY);
    await m.start();
    const c = await m.Counter();
    assert.equal(await c.increment(), 1);
    assert.equal(await c.increment(5), 6);
    assert.equal(c.constructor.name, "AutoProxy[Counter]");
    const e = await rejects(c._callmethod("nosuch"), RemoteError);
    assert.match(
      e.message,
      /AttributeError: method 'nosuch' of <class 'Counter'> object is not in exposed=\{'increment', 'get', 'fail', 'failOddly'\}/,
    );
    assert.ok(e.message.startsWith("\n" + "-".repeat(75) + "\n"));
    await rejects(c.fail(), ValueError, /^counter broke$/);
    const odd = await rejects(c.failOddly(), RemoteError, /Unserializable/);
    assert.match(odd.message, /OddError: odd failure/);
    assert.equal(await c.get(), 6, "the manager still serves");
    await rejects(m.start(), ProcessError, /Already started server/);
    assert.throws(() => m.get_server(), ProcessError);
  });

  test("registering a typeid again replaces it, as Python's", async () => {
    class M extends BaseManager {}
    M.register("make", zeros);
    M.register("make", Counter);
    await using m = new M();
    await m.start();
    const p = await (m as unknown as { make: () => Promise<BaseProxy> }).make();
    assert.equal(p.constructor.name, "AutoProxy[make]");
    assert.equal(await p._callmethod("increment"), 1);
    assert.equal(BaseManager._registry.make, undefined);
  });

  test("a wrong authkey is AuthenticationError", async () => {
    const server = new SyncManager(["127.0.0.1", 0], KEY).get_server();
    const serving = server.serve_forever();
    try {
      const bad = new SyncManager(server.address, enc("wrong"));
      await rejects(bad.connect(), AuthenticationError);
      const good = new SyncManager(server.address, KEY);
      await good.connect();
      const d = await good.dict();
      await d.__setitem__("k", 1);
      assert.equal(await d.get("k"), 1);
    } finally {
      server.stop_event.set();
      await serving;
    }
  });

  test("after shutdown a proxy fails with Python's OSError or EOFError", async () => {
    const m = new SyncManager();
    await m.start();
    const d = await m.dict();
    await d.__setitem__(1, 1);
    await m.shutdown();
    await m.join();
    let err: unknown;
    try {
      await d.get(1);
    } catch (e) {
      err = e;
    }
    assert.ok(
      err instanceof OSError || err instanceof EOFError,
      `got ${String(err)}`,
    );
  });
});

describe("across processes", () => {
  for (const method of ["worker", "spawn"] as const) {
    test(`proxies cross to '${method}' children and share state`, async () => {
      const ctx = get_context(method);
      await using m = new ctx.Manager();
      const d = await m.dict();
      const l = await m.list();
      const q = await m.Queue();
      const lock = await m.Lock();
      const ns = await m.Namespace({ count: 0 });
      const v = await m.Value("i", 0);
      const ev = await m.Event();
      const more = {
        barrier: await m.Barrier(3),
        sem: await m.Semaphore(1),
        arr: await m.Array("i", [0, 0, 0, 0]),
        cond: await m.Condition(),
      };
      const ps = [1, 2, 3].map((id) =>
        new ctx.Process({
          target: useEach,
          args: [d, l, q, lock, ns, v, ev, id, more],
        })
      );
      for (const p of ps) p.start();
      for (const p of ps) await p.join();
      assert.deepEqual(ps.map((p) => p.exitcode), [0, 0, 0]);
      assert.equal(await ns.__getattr__("count"), 30);
      assert.equal(await v.get(), 30);
      assert.deepEqual((await l._getvalue() as number[]).sort(), [1, 2, 3]);
      assert.equal(await d.__getitem__(tuple("child", 2)), 2);
      assert.equal(await ev.is_set(), true);
      const got = [await q.get(), await q.get(), await q.get()];
      assert.deepEqual(got.map((x) => (x as unknown[])[1]).sort(), [1, 2, 3]);
      assert.deepEqual(await more.arr._getvalue(), [0, 10, 20, 30]);
      assert.equal(await more.barrier.broken, false);
      // Each child gave its references back when it ended.
      assert.equal(await m._number_of_objects(), 11);
    });
  }

  test("the tutorial: Manager().dict() filled by two children in turn", async () => {
    await using manage = new Manager();
    const dic = await manage.dict();
    const out = await manage.Queue();
    for (let i = 0; i < 2; i++) {
      const p = new (get_context().Process)({
        target: setItem,
        args: [dic, out, i],
      });
      p.start();
      await p.join();
    }
    assert.deepEqual(await out.get(), [100]);
    assert.deepEqual(await out.get(), [100, 101]);
  });

  for (const method of ["worker", "spawn"] as const) {
    test(`a '${method}' manager's Pool runs exported functions`, async () => {
      await using m = new SyncManager({ ctx: get_context(method) });
      await m.start();
      const pool = await m.Pool(2);
      assert.deepEqual(await pool.map(square, [1, 2, 3], { chunksize: 2 }), [
        1,
        4,
        9,
      ]);
      assert.equal(await pool.apply(square, [7]), 49);
      await rejects(
        pool.starmap(Math.max, [[1, 5]]),
        TypeError,
        /Can't pickle/,
      );
      const r = await pool.map_async(square, [4]);
      assert.deepEqual(await r.get({ timeout: 30 }), [16]);
      assert.equal(await r.successful(), true);
      const got = [];
      for await (const x of await pool.imap(square, [5, 6])) got.push(x);
      assert.deepEqual(got, [25, 36]);
      await rejects(pool.map(failOn, [1, 3]), ValueError, /^bad 3$/);
      await rejects(
        pool.apply_async(square, {
          args: [1],
          callback: () => {},
        } as never),
        TypeError,
        /cannot call back/,
      );
      await pool.close();
      await pool.join();
    });
  }

  test("a client killed mid-call leaves the manager serving", async () => {
    const ctx = get_context("spawn");
    await using m = new SyncManager({ ctx });
    await m.start();
    const q = await m.Queue();
    const started = await m.Queue();
    const p = new ctx.Process({ target: blockOnGet, args: [q, started] });
    p.start();
    assert.equal(await started.get({ timeout: 30 }), "waiting");
    p.kill();
    await p.join();
    assert.equal(p.exitcode, -9);
    // As in CPython, the dead client's get() still waits in the manager and
    // takes the next item put on q; everything else goes on.
    await started.put("after");
    assert.equal(await started.get({ timeout: 5 }), "after");
    const d = await m.dict();
    await d.__setitem__(1, 2);
    assert.equal(await d.__len__(), 1);
  });

  test("50 clients call one manager at once and nothing is lost", async () => {
    await using m = new SyncManager();
    await m.start();
    const d = await m.dict();
    const q = await m.Queue();
    const threads = Array.from({ length: 50 }, (_, id) =>
      new Thread({
        target: async () => {
          for (let i = 0; i < 20; i++) {
            await d.__setitem__(tuple(id, i), id * 100 + i);
            await q.put(id);
          }
        },
      }));
    for (const t of threads) t.start();
    for (const t of threads) await t.join();
    assert.equal(await d.__len__(), 1000);
    assert.equal(await q.qsize(), 1000);
    assert.equal(await d.__getitem__(tuple(49, 19)), 4919);
  });

  test("shutdown with clients connected and one blocked in a call", async () => {
    const m = new SyncManager();
    await m.start();
    const q = await m.Queue();
    await q.put(1);
    const blocked = new Thread({
      target: async () => {
        await q.get();
        await q.get();
      },
    });
    let failure: unknown = null;
    const caught = new Promise<void>((resolve) => {
      blocked.run = async () => {
        try {
          await q.get();
          await q.get();
        } catch (e) {
          failure = e;
        }
        resolve();
      };
    });
    blocked.start();
    await new Promise((r) => setTimeout(r, 100));
    await m.shutdown();
    await caught;
    assert.ok(
      failure instanceof OSError || failure instanceof EOFError,
      `got ${String(failure)}`,
    );
    await blocked.join();
  });
});

/** Runs _manager_exit_child with a scenario and a start method. */
const runExitChild = (scenario: string, method: string) =>
  runProgram("_manager_exit_child", [scenario, method]);

describe("a program using a manager ends when its main code does", () => {
  for (const method of ["worker", "spawn"]) {
    test(`${method}: Manager() never shut down, a child used its dict`, () => {
      const r = runExitChild("plain", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "child true\n");
      assert.ok(r.seconds < 30, `took ${r.seconds} s`);
    });
  }

  test("a daemon thread blocked in a proxy call does not hold it", () => {
    const r = runExitChild("daemon", "worker");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\n");
  });

  test("200 references made and given back at once over TCP", () => {
    const r = runExitChild("tcp-burst", "worker");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "objects 1\n");
  });
});

describe("proxies in order, and big lists", () => {
  test("calls of a proxy rebuilt in a child go in order, even before its incref", async () => {
    await using m = new SyncManager();
    await m.start();
    const l = await m.list();
    const copy = new ListProxy(l._token, "pickle", {
      authkey: l._authkey,
      exposed: l._exposed,
    });
    await Promise.all([copy.append(1), copy.append(2), copy.append(3)]);
    assert.deepEqual(await l._getvalue(), [1, 2, 3]);
    await copy._decref();
    assert.equal(await m._number_of_objects(), 1);
  });

  test("a list of 200,000 items: extend, slices, sort, *=", async () => {
    await using m = new SyncManager();
    await m.start();
    const l = await m.list();
    const big = Array.from({ length: 200_000 }, (_, i) => 200_000 - i);
    await l.extend(big);
    assert.equal(await l.__len__(), 200_000);
    await l.sort();
    assert.equal(await l.__getitem__(0), 1);
    await l.__delitem__(new slice(0, 100_000));
    assert.equal(await l.__len__(), 100_000);
    await l.__setitem__(new slice(0, 2), ["a", "b", "c"]);
    assert.deepEqual(await l.__getitem__(new slice(0, 4)), [
      "a",
      "b",
      "c",
      100_003,
    ]);
    await l.__imul__(1);
    assert.equal(await l.__len__(), 100_001);
    await rejects(
      l.__mul__(2.5),
      TypeError,
      /can't multiply sequence by non-int of type 'float'/,
    );
    const s = await m.list([enc("b"), enc("a"), enc("a")]);
    await s.sort({ reverse: true });
    assert.deepEqual(await s._getvalue(), [enc("b"), enc("a"), enc("a")]);
  });
});

describe("against CPython's managers", () => {
  test("a python3 worker serves a pyport manager's task queues over TCP", async () => {
    const tasks = new Queue();
    const results = new Queue();
    class QueueManager extends BaseManager {}
    QueueManager.register("get_task_queue", () => tasks);
    QueueManager.register("get_result_queue", () => results);
    const server = new QueueManager(["127.0.0.1", 0], KEY).get_server();
    const serving = server.serve_forever();
    try {
      for (let i = 0; i < 10; i++) await tasks.put(i);
      const port = (server.address as readonly [string, number])[1];
      const py = python(`
import queue
from multiprocessing.managers import BaseManager
class QueueManager(BaseManager): pass
QueueManager.register('get_task_queue')
QueueManager.register('get_result_queue')
m = QueueManager(address=('127.0.0.1', ${port}), authkey=b'abracadabra')
m.connect()
tq, rq = m.get_task_queue(), m.get_result_queue()
while True:
    try:
        n = tq.get(timeout=1)
    except queue.Empty:
        break
    rq.put((n, n * n, 'py'))
print('done', repr(tq), flush=True)
`);
      const out = await py.done;
      assert.match(out, /^done <AutoProxy\[get_task_queue\] object, typeid/);
      const got = [];
      for (let i = 0; i < 10; i++) got.push(await results.get({ timeout: 5 }));
      got.sort((a, b) => (a as number[])[0]! - (b as number[])[0]!);
      assert.deepEqual(got[3], T(3, 9, "py"));
      assert.equal(results.empty(), true);
    } finally {
      server.stop_event.set();
      await serving;
    }
  });

  test("pyport workers use a python3 manager's task queues", async () => {
    const py = python(`
import queue, threading, time
from multiprocessing.managers import BaseManager
task_queue, result_queue = queue.Queue(), queue.Queue()
class QueueManager(BaseManager): pass
QueueManager.register('get_task_queue', callable=lambda: task_queue)
QueueManager.register('get_result_queue', callable=lambda: result_queue)
m = QueueManager(address=('127.0.0.1', 0), authkey=b'abracadabra')
s = m.get_server()
for i in range(10): task_queue.put(i)
def master():
    res = sorted(result_queue.get(timeout=30) for _ in range(10))
    print(res, flush=True)
    time.sleep(2)  # the workers' last get(timeout=1) ends first
    s.stop_event.set()
threading.Thread(target=master, daemon=True).start()
print(s.address[1], flush=True)
s.serve_forever()
`);
    const port = Number(await py.firstLine);
    class QueueManager extends BaseManager {
      declare get_task_queue: () => Promise<QueueProxy>;
      declare get_result_queue: () => Promise<QueueProxy>;
    }
    QueueManager.register("get_task_queue");
    QueueManager.register("get_result_queue");
    const m = new QueueManager(["127.0.0.1", port], KEY);
    await m.connect();
    const tq = await m.get_task_queue();
    const rq = await m.get_result_queue();
    for (;;) {
      let n: number;
      try {
        n = await tq.get({ timeout: 1 }) as number;
      } catch (e) {
        assert.ok(e instanceof Empty, String(e));
        break;
      }
      await rq.put(tuple(n, n * n));
    }
    const out = await py.done;
    assert.equal(
      out.split("\n")[1],
      "[(0, 0), (1, 1), (2, 4), (3, 9), (4, 16), (5, 25), (6, 36), (7, 49), (8, 64), (9, 81)]",
    );
  });

  test("python3 uses a pyport SyncManager's dict, list and lock", async () => {
    await using m = new SyncManager(["127.0.0.1", 0], KEY);
    await m.start();
    const d = await m.dict();
    await d.__setitem__(1, "one");
    const port = (m.address as readonly [string, number])[1];
    const py = python(`
from multiprocessing.managers import SyncManager
m = SyncManager(('127.0.0.1', ${port}), b'abracadabra')
m.connect()
d = m.dict()
d[1] = 'int'; d['1'] = 'str'; d[(1, 2)] = 'tuple'; d[True] = 'bool'
print(d.items(), len(d), str(d))
try:
    d['missing']
except KeyError as e:
    print('KeyError', e)
try:
    d._callmethod('nosuch')
except Exception as e:
    print(type(e).__name__, 'not in exposed' in str(e))
l = m.list([0, 1, 2]); l.append(b'x'); print(l[-1], len(l), l[:])
with m.Lock():
    print('locked')
ns = m.Namespace(); ns.a = 1; print(ns)
`);
    const out = (await py.done).split("\n");
    assert.deepEqual(out.slice(0, 6), [
      "[(1, 'bool'), ('1', 'str'), ((1, 2), 'tuple')] 3 {1: 'bool', '1': 'str', (1, 2): 'tuple'}",
      "KeyError 'missing'",
      "RemoteError True",
      "b'x' 4 [0, 1, 2, b'x']",
      "locked",
      "Namespace(a=1)",
    ]);
  });

  test("pyport uses a python3 SyncManager: types, errors, Token pickles", async () => {
    const py = python(`
import sys
from multiprocessing.managers import SyncManager
m = SyncManager(('127.0.0.1', 0), b'abracadabra')
s = m.get_server()
print(s.address[1], flush=True)
s.serve_forever()
`);
    const port = Number(await py.firstLine);
    try {
      const m = new SyncManager(["127.0.0.1", port], KEY);
      await m.connect();
      const d = await m.dict();
      await d.__setitem__(1, "int");
      await d.__setitem__("1", "str");
      await d.__setitem__(tuple(1, 2), "tuple");
      assert.deepEqual(await d.keys(), [1, "1", T(1, 2)]);
      assert.equal(
        await d.__str__(),
        "{1: 'int', '1': 'str', (1, 2): 'tuple'}",
      );
      await rejects(d.__getitem__(5), KeyError);
      const e = await rejects(d._callmethod("nosuch"), RemoteError);
      assert.match(e.message, /is not in exposed=/);
      const keys = [];
      for await (const k of d) keys.push(k);
      assert.equal(keys.length, 3);
      const q = await m.Queue();
      await q.put(enc("bytes"));
      assert.deepEqual(await q.get({ timeout: 1 }), enc("bytes"));
      await rejects(q.get({ timeout: 0.05 }), Empty);
      const lock = await m.Lock();
      {
        using _ = await lock.enter();
        assert.equal(await lock.acquire(false), false);
      }
      assert.equal(await lock.acquire(false), true);
      const ns = await m.Namespace();
      await ns.__setattr__("x", 5);
      assert.equal(await ns.__getattr__("x"), 5);
      const t = new Token("dict", ["127.0.0.1", port], "7f00");
      const proxy = AutoProxy(t, "pickle", { exposed: ["get"], incref: false });
      assert.equal(proxy.constructor.name, "AutoProxy[dict]");
      // A Token pickles as CPython's (python3 -c "pickle.dumps(Token('dict',
      // ('127.0.0.1', 50000), '7f00'), 4)").
      const py4 = Uint8Array.from(
        Buffer.from(
          "gASVSwAAAAAAAACMGG11bHRpcHJvY2Vzc2luZy5tYW5hZ2Vyc5SMBVRva2VulJOUKYGUjARkaWN0lIwJMTI3LjAuMC4xlE1Qw4aUjAQ3ZjAwlIeUYi4=",
          "base64",
        ),
      );
      assert.deepEqual(
        dumps(new Token("dict", ["127.0.0.1", 50000], "7f00"), 4),
        py4,
      );
    } finally {
      py.kill();
      await py.done;
    }
  });
});

// multiprocessing's classes show Python's repr(): in repr(), in
// util.inspect (console.log on Node and Bun) and in Deno.inspect
// (console.log on Deno). The expected strings are CPython 3.11's output,
// captured from a script making each object (3.13 prints the same for all
// of them); pids, names and addresses are put in. Addresses are made up in
// pyport (`at 0x7f...`), so they are compared as "0x…".

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import * as mp from "../../multiprocessing/mod.ts";
import {
  Client,
  type Connection,
  Listener,
} from "../../multiprocessing/connection/mod.ts";
import { Pool, ThreadPool } from "../../multiprocessing/pool/mod.ts";
import {
  ShareableList,
  SharedMemory,
} from "../../multiprocessing/shared_memory/mod.ts";
import {
  BaseManager,
  Namespace,
  SyncManager,
  Value as ManagedValue,
} from "../../multiprocessing/managers/mod.ts";
import { b, repr, tuple } from "../../builtins/mod.ts";
import {
  exitUnlessReprs,
  identity,
  sendArgReprs,
  sendReprs,
} from "./_targets_repr.ts";
import { shows } from "../_shows.ts";

const PARENT = 9934; // the pid CPython printed for the parent

describe("multiprocessing.synchronize reprs", () => {
  test("Lock, RLock, Semaphore, BoundedSemaphore", async () => {
    const lock = new mp.Lock();
    shows(lock, "<Lock(owner=None)>");
    await lock.acquire();
    shows(lock, "<Lock(owner=MainProcess)>");
    lock.release();
    const rlock = mp.RLock();
    shows(rlock, "<RLock(None, 0)>");
    await rlock.acquire();
    await rlock.acquire();
    shows(rlock, "<RLock(MainProcess, 2)>");
    rlock.release();
    rlock.release();
    shows(new mp.Semaphore(), "<Semaphore(value=1)>");
    shows(new mp.BoundedSemaphore(), "<BoundedSemaphore(value=1, maxvalue=1)>");
  });

  test("Condition, Event, Barrier", async () => {
    shows(new mp.Condition(), "<Condition(<RLock(None, 0)>, 0)>");
    shows(
      new mp.Condition(new mp.Lock()),
      "<Condition(<Lock(owner=None)>, 0)>",
    );
    const ev = new mp.Event();
    shows(ev, "<Event at 0x7fbd866f1910 unset>");
    ev.set();
    shows(ev, "<Event at 0x7fbd866f1910 set>");
    const bar = new mp.Barrier(2);
    shows(
      bar,
      "<multiprocessing.synchronize.Barrier at 0x7fbd866f1910: waiters=0/2>",
    );
    await bar.abort();
    shows(
      bar,
      "<multiprocessing.synchronize.Barrier at 0x7fbd866f1910: broken>",
    );
  });
});

describe("queues and shared ctypes", () => {
  test("Queue, JoinableQueue, SimpleQueue", () => {
    const q = new mp.Queue();
    shows(q, "<multiprocessing.queues.Queue object at 0x7fbd864cbc90>");
    const jq = new mp.JoinableQueue();
    shows(
      jq,
      "<multiprocessing.queues.JoinableQueue object at 0x7fbd864cbc90>",
    );
    const sq = new mp.SimpleQueue();
    shows(sq, "<multiprocessing.queues.SimpleQueue object at 0x7fbd864cbc90>");
    q.close();
    jq.close();
    sq.close();
  });

  test("Value, Array, RawValue, RawArray", () => {
    shows(new mp.Value("i", 3), "<Synchronized wrapper for c_int(3)>");
    shows(new mp.Value("i", 3, { lock: false }), "c_int(3)");
    shows(new mp.RawValue("d", 1.5), "c_double(1.5)");
    shows(new mp.RawValue("c", b("x")), "c_char(b'x')");
    shows(
      new mp.Array("i", 4),
      "<SynchronizedArray wrapper for <multiprocessing.sharedctypes.c_int_Array_4 object at 0x7fbd8667f380>>",
    );
    shows(
      new mp.Array("c", 4),
      "<SynchronizedString wrapper for <multiprocessing.sharedctypes.c_char_Array_4 object at 0x7fbd8667f380>>",
    );
    shows(
      new mp.RawArray("i", [1, 2]),
      "<multiprocessing.sharedctypes.c_int_Array_2 object at 0x7fbd8667f380>",
    );
  });
});

describe("Process and contexts", () => {
  test("a child's life, its own view and its parent's", async () => {
    const [a, c] = mp.Pipe();
    const p = new mp.Process({ target: sendReprs, args: [c] });
    const name = p.name;
    const vars = { "Process-1": name, [PARENT]: process.pid };
    shows(p, "<Process name='Process-1' parent=9934 initial>", vars);
    p.start();
    shows(p, "<Process name='Process-1' pid=9975 parent=9934 started>", {
      ...vars,
      9975: p.pid!,
    });
    // The child's current_process() and parent_process().
    assert.deepEqual(
      await a.recv(),
      [
        `<Process name='${name}' parent=${process.pid} started>`,
        "<_ParentProcess name='MainProcess' parent=None unknown>",
      ],
    );
    await p.join();
    shows(
      p,
      "<Process name='Process-1' pid=9975 parent=9934 stopped exitcode=0>",
      {
        ...vars,
        9975: p.pid!,
      },
    );
    p.close();
    shows(p, "<Process name='Process-1' parent=26127 closed>", {
      ...vars,
      26127: process.pid,
    });
    a.close();
    c.close();
    const d = new mp.Process({ target: identity, name: "w", daemon: true });
    shows(d, "<Process name='w' parent=9934 initial daemon>", vars);
  });

  test("the main process", () => {
    shows(
      mp.current_process(),
      "<_MainProcess name='MainProcess' parent=None started>",
    );
    assert.equal(mp.parent_process(), null);
  });

  test("contexts", () => {
    shows(
      mp.get_context("spawn"),
      "<multiprocessing.context.SpawnContext object at 0x7f9bc3875dd0>",
    );
    // No CPython counterpart: the 'worker' start method's context.
    shows(
      mp.get_context("worker"),
      "<multiprocessing.context.WorkerContext object at 0x7f9bc3875dd0>",
    );
  });
});

describe("multiprocessing.connection reprs", () => {
  test("Pipe's Connections are a tuple", () => {
    const pair = mp.Pipe();
    assert.ok(pair instanceof tuple);
    const [a, c] = pair;
    shows(
      a,
      "<multiprocessing.connection.Connection object at 0x7fbd866535d0>",
    );
    a.close();
    shows(
      a,
      "<multiprocessing.connection.Connection object at 0x7fbd866535d0>",
    );
    c.close();
  });

  test("Listener, its address and a socket Connection", async () => {
    using l = new Listener(["127.0.0.1", 0]);
    shows(l, "<multiprocessing.connection.Listener object at 0x7fbd865030d0>");
    const [host, port] = l.address as [string, number];
    shows(l.address, "('127.0.0.1', 43573)", { 43573: port });
    const [server, client]: [Connection, Connection] = await Promise.all([
      l.accept(),
      Client([host, port]),
    ]);
    shows(
      server,
      "<multiprocessing.connection.Connection object at 0x7fbd866535d0>",
    );
    shows(
      client,
      "<multiprocessing.connection.Connection object at 0x7fbd866535d0>",
    );
    assert.ok(l.last_accepted instanceof tuple);
    server.close();
    client.close();
  });
});

describe("multiprocessing.pool reprs", () => {
  test("ThreadPool and its results", async () => {
    const pool = new ThreadPool(2);
    shows(pool, "<multiprocessing.pool.ThreadPool state=RUN pool_size=2>");
    const ar = pool.apply_async(identity, [1]);
    shows(ar, "<multiprocessing.pool.ApplyResult object at 0x7fbd8651d3d0>");
    await ar.get();
    const mr = pool.map_async(identity, [1, 2]);
    shows(mr, "<multiprocessing.pool.MapResult object at 0x7fbd8651d550>");
    await mr.get();
    const it = pool.imap(identity, [1]);
    shows(it, "<multiprocessing.pool.IMapIterator object at 0x7fbd8651d6d0>");
    for await (const _ of it) { /* drained */ }
    const un = pool.imap_unordered(identity, [1]);
    shows(
      un,
      "<multiprocessing.pool.IMapUnorderedIterator object at 0x7fbd8651d910>",
    );
    for await (const _ of un) { /* drained */ }
    pool.close();
    shows(pool, "<multiprocessing.pool.ThreadPool state=CLOSE pool_size=2>");
    await pool.join();
  });

  test("Pool", async () => {
    const pool = new Pool(1);
    shows(pool, "<multiprocessing.pool.Pool state=RUN pool_size=1>");
    await pool.terminate();
    shows(pool, "<multiprocessing.pool.Pool state=TERMINATE pool_size=1>");
    await pool.join();
  });
});

describe("multiprocessing.shared_memory reprs", () => {
  test("SharedMemory and ShareableList", () => {
    const sm = new SharedMemory({ create: true, size: 16 });
    shows(sm, "SharedMemory('psm_3a3391ce', size=16)", {
      psm_3a3391ce: sm.name,
    });
    sm.close();
    sm.unlink();
    const sl = new ShareableList([1, "a", null, 2.5, b("x"), true]);
    shows(
      sl,
      "ShareableList([1, 'a', None, 2.5, b'x', True], name='psm_9086d301')",
      {
        psm_9086d301: sl.shm.name,
      },
    );
    sl.shm.close();
    sl.shm.unlink();
  });
});

describe("multiprocessing.managers reprs", () => {
  test("SyncManager, its proxies and tokens", async () => {
    await using m = new SyncManager();
    await m.start();
    shows(m, "<multiprocessing.managers.SyncManager object at 0x7fbd8651e2d0>");
    const d = await m.dict();
    shows(d, "<DictProxy object, typeid 'dict' at 0x7fbd8663e290>");
    assert.equal(await d.__str__(), "{}");
    await d.__setitem__("a", 1);
    const items = await d.items();
    assert.equal(repr(items), "[('a', 1)]");
    assert.ok(items[0] instanceof tuple);
    const address = d._token.address as string;
    shows(
      d._token,
      "Token(typeid='dict', address='/tmp/pymp-a8ea525w/listener-cedbuvgp', id='7fbd8651ec40')",
      {
        "/tmp/pymp-a8ea525w/listener-cedbuvgp": address,
        "7fbd8651ec40": d._token.id,
      },
    );
    shows(
      await m.Namespace(),
      "<NamespaceProxy object, typeid 'Namespace' at 0x7fbd8651cf50>",
    );
    const v = await m.Value("i", 1);
    shows(v, "<ValueProxy object, typeid 'Value' at 0x7fbd8651cbd0>");
    assert.equal(await v.__str__(), "Value('i', 1)");
    shows(
      await m.Lock(),
      "<AcquirerProxy object, typeid 'Lock' at 0x7fbd8651e510>",
    );
    shows(
      await m.Queue(),
      "<AutoProxy[Queue] object, typeid 'Queue' at 0x7fbd8651e490>",
    );
    shows(
      await m.list([1]),
      "<ListProxy object, typeid 'list' at 0x7fbd8651ee90>",
    );
    shows(
      await m.Event(),
      "<EventProxy object, typeid 'Event' at 0x7f1416d6a610>",
    );
    shows(
      await m.Barrier(2),
      "<BarrierProxy object, typeid 'Barrier' at 0x7f1416d04650>",
    );
    shows(
      await m.Array("i", [1]),
      "<ArrayProxy object, typeid 'Array' at 0x7f1416ce8fd0>",
    );
  });

  test("Namespace, Value, BaseManager, Server", async () => {
    shows(new Namespace({ a: 1, _b: 2 }), "Namespace(a=1)");
    shows(new ManagedValue("i", 3), "Value('i', 3)");
    shows(
      new BaseManager(),
      "<multiprocessing.managers.BaseManager object at 0x7fbd8651f8d0>",
    );
    shows(
      new SyncManager(),
      "<multiprocessing.managers.SyncManager object at 0x7fbd8651f750>",
    );
    class MyManager extends BaseManager {}
    shows(new MyManager(), "<__main__.MyManager object at 0x7fbd8651f8d0>");
    const server = new BaseManager(["127.0.0.1", 0], b("x")).get_server();
    shows(server, "<multiprocessing.managers.Server object at 0x7fbd8651f850>");
    assert.ok(server.address instanceof tuple);
    const serving = server.serve_forever();
    server.stop_event.set();
    await serving;
  });
});

describe("tuples stay tuples across a process boundary", () => {
  const values: [unknown, string][] = [
    [new tuple([1, "a"]), "(1, 'a')"],
    [[new tuple([1]), { k: new tuple([]) }], "[(1,), {'k': ()}]"],
    // A Map takes node:v8's structured clone: the tuples cross as markers.
    [new Map([[new tuple([1, 2]), new tuple([3])]]), "{(1, 2): (3,)}"],
  ];

  test("through a Pipe and a Queue", async () => {
    const [a, b] = mp.Pipe();
    const q = new mp.Queue();
    try {
      for (const [v, python] of values) {
        await a.send(v);
        assert.equal(repr(await b.recv()), python);
        await q.put(v);
        assert.equal(repr(await q.get({ timeout: 10 })), python);
      }
    } finally {
      a.close();
      b.close();
      q.close();
    }
  });

  test("as Process arguments ('worker')", async () => {
    const [r, w] = mp.Pipe(false);
    const p = new (mp.get_context("worker").Process)({
      target: sendArgReprs,
      args: [w, ...values.map(([v]) => v)],
    });
    p.start();
    try {
      assert.deepEqual(await r.recv(), values.map(([, python]) => python));
    } finally {
      await p.join(30);
      r.close();
      w.close();
    }
    assert.equal(p.exitcode, 0);
  });

  test("as Process arguments ('spawn')", async () => {
    const p = new (mp.get_context("spawn").Process)({
      target: exitUnlessReprs,
      args: [values.map(([, python]) => python), ...values.map(([v]) => v)],
    });
    p.start();
    await p.join(60);
    assert.equal(p.exitcode, 0);
  });
});

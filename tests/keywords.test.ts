// Python's keyword arguments, across the package (docs/porting.md §2): every
// public function, method and constructor whose Python signature takes
// keyword arguments reads them from one trailing plain object, the keyword
// takes effect, and a key the function does not have, mixed with ones it
// has, is Python's TypeError. One row per call, named as Python writes it.
//
// Not here: calls whose Python parameters are positional-only (socket's
// recv/send/…, select.select, poll objects, file reads, time.sleep,
// threading.stack_size, ctypes.sizeof) and those with required parameters
// only; required parameters are always positional.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { open } from "node:fs/promises";
import { join } from "node:path";
import * as socket from "../socket/mod.ts";
import * as select from "../select/mod.ts";
import * as selectors from "../selectors/mod.ts";
import * as socketserver from "../socketserver/mod.ts";
import * as threading from "../threading/mod.ts";
import * as mp from "../multiprocessing/mod.ts";
import * as connection from "../multiprocessing/connection/mod.ts";
import * as shared_memory from "../multiprocessing/shared_memory/mod.ts";
import * as ctypes from "../ctypes/mod.ts";
import { b, decode, OSError, tuple, ValueError } from "../builtins/mod.ts";
import { Empty, Full } from "../queue/mod.ts";
import {
  connected,
  listener,
  recvExactly,
  tempDir,
} from "./socket/_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

/** One call with Python keyword arguments. */
interface Row {
  /** The Python call. */
  python: string;
  /** Calls it with a keyword object and asserts that the keywords took effect. */
  run(): unknown;
  /** Calls it with a keyword object holding a known key and `x`. */
  unknown?(): unknown;
}

class Nothing extends socketserver.BaseRequestHandler {}

/** A started thread holding `lock` until `release` resolves. */
async function heldElsewhere(
  lock: { acquire(): unknown; release(): void },
): Promise<{ release(): Promise<void> }> {
  let free!: () => void;
  const gate = new Promise<void>((r) => free = r);
  const held = new threading.Event();
  const t = new threading.Thread({
    target: async () => {
      await lock.acquire();
      held.set();
      await gate;
      lock.release();
    },
  });
  t.start();
  await held.wait();
  return {
    async release() {
      free();
      await t.join();
    },
  };
}

/** How many times `service_actions()` runs in `seconds` of serving, started by `serve`. */
async function serviceActions(
  serve: (srv: socketserver.TCPServer) => Promise<void>,
  seconds: number,
): Promise<number> {
  let calls = 0;
  class Counting extends socketserver.TCPServer {
    override service_actions(): void {
      calls++;
    }
  }
  await using srv = new Counting(["127.0.0.1", 0], Nothing);
  const serving = serve(srv);
  await threading.sleep(seconds);
  await srv.shutdown();
  await serving;
  return calls;
}

const rows: Row[] = [
  // ---- socket ----
  {
    python: "socket.socket(family=AF_INET6, type=SOCK_DGRAM)",
    run() {
      using s = new socket.socket({
        family: socket.AF_INET6,
        type: socket.SOCK_DGRAM,
      });
      assert.equal(s.family, socket.AF_INET6);
      assert.equal(s.type, socket.SOCK_DGRAM);
      using t = new socket.socket(socket.AF_INET, { type: socket.SOCK_DGRAM });
      assert.equal(t.type, socket.SOCK_DGRAM);
    },
    unknown: () =>
      new socket.socket({ type: socket.SOCK_DGRAM, x: 1 } as never),
  },
  {
    python: 's.makefile("r", encoding="latin-1", newline="")',
    async run() {
      const [a, c] = socket.socketpair();
      using _a = a, _c = c;
      await a.sendall(new Uint8Array([0xe9, 0x0d, 0x0a]));
      a.shutdown(socket.SHUT_WR);
      const f = c.makefile("r", { encoding: "latin-1", newline: "" });
      assert.equal(await f.read(), "\u00e9\r\n");
      await f.close();
      const g = c.makefile({ mode: "wb", buffering: 0 });
      assert.equal(g.mode, "wb");
      await g.close();
    },
    unknown: () => {
      const [a, c] = socket.socketpair();
      using _a = a, _c = c;
      c.makefile("r", { encoding: "utf-8", x: 1 } as never);
    },
  },
  {
    python: "s.sendfile(file, offset=2, count=3)",
    async run() {
      using dir = tempDir();
      const path = join(dir.path, "f.txt");
      await writeFile(path, "0123456789");
      using p = await connected();
      const fh = await open(path, "r");
      try {
        assert.equal(await p.cli.sendfile(fh, { offset: 2, count: 3 }), 3);
        assert.equal(await p.cli.sendfile(fh, 7, { count: 2 }), 2);
      } finally {
        await fh.close();
      }
      assert.equal(decode(await recvExactly(p.conn, 5)), "23478");
    },
    unknown: async () => {
      using p = await connected();
      await p.cli.sendfile("/dev/null", { offset: 0, x: 1 } as never);
    },
  },
  {
    python:
      "socket.create_connection(addr, 5, source_address=('127.0.0.1', 0), all_errors=True)",
    async run() {
      using srv = listener();
      const addr = srv.getsockname() as [string, number];
      using c = await socket.create_connection(addr, 5, {
        source_address: ["127.0.0.1", 0],
      });
      assert.equal(c.gettimeout(), 5);
      using d = await socket.create_connection(addr, { timeout: 4 });
      assert.equal(d.gettimeout(), 4);
      const port = addr[1];
      srv.close();
      await assert.rejects(
        socket.create_connection(["127.0.0.1", port], 5, { all_errors: true }),
        (e: unknown) => e instanceof AggregateError,
      );
    },
    unknown: () =>
      socket.create_connection(["127.0.0.1", 1], { timeout: 1, x: 1 } as never),
  },
  {
    python: "socket.create_server(('::1', 0), family=AF_INET6, backlog=5)",
    run() {
      using s = socket.create_server(["::1", 0, 0, 0], {
        family: socket.AF_INET6,
        backlog: 5,
      });
      assert.equal(s.family, socket.AF_INET6);
      assert.throws(
        () => socket.create_server(["127.0.0.1", 0], { x: 1 } as never),
        {
          name: "TypeError",
          message: "create_server() got an unexpected keyword argument 'x'",
        },
      );
    },
    unknown: () =>
      socket.create_server(["127.0.0.1", 0], { backlog: 1, x: 1 } as never),
  },
  {
    python: "socket.socketpair(family=AF_INET, type=SOCK_STREAM)",
    run() {
      const [a, c] = socket.socketpair({
        family: socket.AF_INET,
        type: socket.SOCK_STREAM,
      });
      using _a = a, _c = c;
      assert.equal(a.family, socket.AF_INET);
      const [u, v] = socket.socketpair(null);
      using _u = u, _v = v;
      assert.equal(u.family, socket.AF_UNIX);
    },
    unknown: () => socket.socketpair({ family: socket.AF_INET, x: 1 } as never),
  },
  {
    python: "socket.getaddrinfo('127.0.0.1', 80, AF_INET, type=SOCK_DGRAM)",
    async run() {
      const infos = await socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, {
        type: socket.SOCK_DGRAM,
      });
      assert.ok(infos.length > 0);
      for (const [, type] of infos) assert.equal(type, socket.SOCK_DGRAM);
    },
    unknown: () =>
      socket.getaddrinfo("127.0.0.1", 80, { type: 1, x: 1 } as never),
  },
  {
    python: "socket.getfqdn(name='127.0.0.1')",
    async run() {
      assert.equal(
        await socket.getfqdn({ name: "127.0.0.1" }),
        await socket.getfqdn("127.0.0.1"),
      );
    },
    unknown: () => socket.getfqdn({ name: "", x: 1 } as never),
  },
  // ---- select ----
  {
    python: "select.epoll(sizehint=4, flags=0)",
    run() {
      using ep = new select.epoll({ sizehint: 4, flags: 0 });
      assert.equal(ep.closed, false);
      assert.throws(() => new select.epoll({ flags: 12345 }), OSError);
      assert.throws(() => new select.epoll({ sizehint: 0 }), ValueError);
    },
    unknown: () => new select.epoll({ flags: 0, x: 1 } as never),
  },
  {
    python:
      "ep.register(fd, eventmask=EPOLLIN); ep.poll(timeout=0, maxevents=1)",
    async run() {
      const [a, c] = socket.socketpair();
      using _a = a, _c = c;
      await a.sendall(b("x"));
      await c.sendall(b("y"));
      using ep = new select.epoll();
      ep.register(c, { eventmask: select.EPOLLIN });
      ep.register(a.fileno(), { eventmask: select.EPOLLIN });
      await threading.sleep(0.05);
      const ready = (await ep.poll({ timeout: 1 })).sort((x, y) => x[0] - y[0]);
      assert.deepEqual(ready, [
        T(Math.min(a.fileno(), c.fileno()), select.EPOLLIN),
        T(Math.max(a.fileno(), c.fileno()), select.EPOLLIN),
      ]);
      assert.equal((await ep.poll({ timeout: 0, maxevents: 1 })).length, 1);
    },
    unknown: () => {
      using ep = new select.epoll();
      return ep.poll({ timeout: 0, x: 1 } as never);
    },
  },
  // ---- selectors ----
  {
    python:
      "sel.register(s, EVENT_READ, data=7); sel.modify(s, EVENT_WRITE, data=8); sel.select(timeout=0)",
    async run() {
      const [a, c] = socket.socketpair();
      using _a = a, _c = c;
      using sel = new selectors.DefaultSelector();
      assert.equal(sel.register(a, selectors.EVENT_READ, { data: 7 }).data, 7);
      assert.equal(sel.modify(a, selectors.EVENT_WRITE, { data: 8 }).data, 8);
      await threading.sleep(0.02);
      const ready = await sel.select({ timeout: 0 });
      assert.deepEqual(ready.map(([k, e]) => [k.data, e]), [
        [8, selectors.EVENT_WRITE],
      ]);
      assert.throws(
        () => sel.register(c, selectors.EVENT_READ, 5, { data: 1 }),
        {
          name: "TypeError",
          message: "register() got multiple values for argument 'data'",
        },
      );
      assert.throws(
        () => sel.modify(a, selectors.EVENT_READ, 5, { data: 1 }),
        TypeError,
      );
      await assert.rejects(sel.select(0, { timeout: 0 }), TypeError);
    },
    unknown: () => {
      const [a, c] = socket.socketpair();
      using _a = a, _c = c;
      using sel = new selectors.DefaultSelector();
      sel.register(a, selectors.EVENT_READ, { data: 1, x: 1 } as never);
    },
  },
  // ---- socketserver ----
  {
    python: "TCPServer(addr, Handler, bind_and_activate=False)",
    async run() {
      await using srv = new socketserver.TCPServer(["127.0.0.1", 0], Nothing, {
        bind_and_activate: false,
      });
      assert.deepEqual(srv.socket.getsockname(), T("0.0.0.0", 0));
    },
    unknown: () =>
      new socketserver.TCPServer(["127.0.0.1", 0], Nothing, {
        bind_and_activate: false,
        x: 1,
      } as never),
  },
  {
    python: "srv.serve_forever(poll_interval=0.05)",
    async run() {
      // With the default 0.5 s there would be at most one call in 0.3 s.
      const n = await serviceActions(
        (srv) => srv.serve_forever({ poll_interval: 0.05 }),
        0.3,
      );
      assert.ok(n >= 3 && n <= 10, `${n} calls`);
    },
    unknown: async () => {
      await using srv = new socketserver.TCPServer(["127.0.0.1", 0], Nothing);
      await srv.serve_forever({ poll_interval: 0.05, x: 1 } as never);
    },
  },
  {
    python: "Thread(target=srv.serve_forever, kwargs={'poll_interval': 0.05})",
    async run() {
      const n = await serviceActions(async (srv) => {
        const t = new threading.Thread({
          target: srv.serve_forever.bind(srv),
          kwargs: { poll_interval: 0.05 },
        });
        t.start();
        await threading.sleep(0);
        return t.join();
      }, 0.3);
      assert.ok(n >= 3 && n <= 10, `${n} calls`);
    },
  },
  {
    python: "socketserver's io.BytesIO(initial_bytes=b'abc')",
    run() {
      const f = new socketserver.BytesIO({ initial_bytes: b("abc") });
      assert.equal(decode(f.getvalue()), "abc");
    },
    unknown: () =>
      new socketserver.BytesIO({ initial_bytes: b(""), x: 1 } as never),
  },
  // ---- threading ----
  {
    python: "t.join(timeout=0.01)",
    async run() {
      const ev = new threading.Event();
      const t = new threading.Thread({ target: () => ev.wait() });
      t.start();
      await t.join({ timeout: 0.01 });
      assert.equal(t.is_alive(), true);
      ev.set();
      await t.join();
    },
    unknown: () => new threading.Thread().join({ timeout: 1, x: 1 } as never),
  },
  {
    python: "lock.acquire(blocking=False); rlock.acquire(timeout=0.01)",
    async run() {
      for (const lock of [new threading.Lock(), new threading.RLock()]) {
        const h = await heldElsewhere(lock);
        assert.equal(await lock.acquire({ blocking: false }), false);
        assert.equal(await lock.acquire({ timeout: 0.01 }), false);
        assert.equal(await lock.acquire(true, { timeout: 0.01 }), false);
        await h.release();
      }
    },
    unknown: () => new threading.Lock().acquire({ timeout: 1, x: 1 } as never),
  },
  {
    python:
      "Condition(lock=l); c.wait(timeout=0.01); c.wait_for(p, timeout=0.01); c.notify(n=2)",
    async run() {
      const l = new threading.Lock();
      const c = new threading.Condition({ lock: l });
      await c.acquire();
      assert.equal(l.locked(), true);
      assert.equal(await c.wait({ timeout: 0.01 }), false);
      assert.equal(await c.wait_for(() => false, { timeout: 0.01 }), false);
      c.release();
      let woken = 0;
      const threads = [0, 1, 2].map(() => {
        const t = new threading.Thread({
          target: async () => {
            await c.acquire();
            if (await c.wait(1)) woken++;
            c.release();
          },
        });
        t.start();
        return t;
      });
      await threading.sleep(0.02);
      await c.acquire();
      c.notify({ n: 2 });
      c.release();
      await threading.sleep(0.02);
      assert.equal(woken, 2);
      await c.acquire();
      c.notify_all();
      c.release();
      for (const t of threads) await t.join();
    },
    unknown: () => new threading.Condition({ lock: null, x: 1 } as never),
  },
  {
    python:
      "Semaphore(value=2); s.acquire(blocking=False); s.release(n=2); BoundedSemaphore(value=1)",
    async run() {
      const s = new threading.Semaphore({ value: 2 });
      assert.equal(await s.acquire({ blocking: false }), true);
      assert.equal(await s.acquire({ blocking: false }), true);
      assert.equal(await s.acquire({ timeout: 0.01 }), false);
      s.release({ n: 2 });
      assert.equal(await s.acquire(false), true);
      assert.equal(await s.acquire(false), true);
      const bs = new threading.BoundedSemaphore({ value: 1 });
      assert.throws(() => bs.release(), ValueError);
    },
    unknown: () => new threading.Semaphore({ value: 1, x: 1 } as never),
  },
  {
    python: "ev.wait(timeout=0.01)",
    async run() {
      const t0 = performance.now();
      assert.equal(await new threading.Event().wait({ timeout: 0.01 }), false);
      assert.ok(performance.now() - t0 < 1000);
    },
    unknown: () => new threading.Event().wait({ timeout: 0, x: 1 } as never),
  },
  {
    python: "Timer(0.01, f, args=(1,), kwargs={'k': 2})",
    async run() {
      const got: unknown[] = [];
      const t = new threading.Timer(0.01, (...a: unknown[]) => got.push(a), {
        args: [1],
        kwargs: { k: 2 },
      });
      t.start();
      await t.join();
      assert.deepEqual(got, [[1, { k: 2 }]]);
    },
    unknown: () =>
      new threading.Timer(1, () => {}, { args: [], x: 1 } as never),
  },
  {
    python: "Barrier(1, action=f, timeout=0.01); b.wait(timeout=0.01)",
    async run() {
      let ran = 0;
      const one = new threading.Barrier(1, { action: () => ran++ });
      await one.wait();
      assert.equal(ran, 1);
      const two = new threading.Barrier(2, { timeout: 0.01 });
      await assert.rejects(two.wait(), threading.BrokenBarrierError);
      const three = new threading.Barrier(2);
      await assert.rejects(
        three.wait({ timeout: 0.01 }),
        threading.BrokenBarrierError,
      );
    },
    unknown: () => new threading.Barrier(2, { timeout: 1, x: 1 } as never),
  },
  // ---- multiprocessing ----
  {
    python: "p.join(timeout=0.01)",
    async run() {
      const p = new mp.Process({
        target: async () => {
          await new Promise((r) => setTimeout(r, 300));
        },
      });
      p.start();
      await p.join({ timeout: 0.01 });
      assert.equal(p.is_alive(), true);
      await p.join();
      assert.equal(p.exitcode, 0);
    },
    unknown: () => new mp.Process().join({ timeout: 1, x: 1 } as never),
  },
  {
    python: "mp.Lock().acquire(block=False); mp.RLock().acquire(timeout=0.01)",
    async run() {
      for (const lock of [new mp.Lock(), new mp.RLock()]) {
        const h = await heldElsewhere(lock);
        assert.equal(await lock.acquire({ block: false }), false);
        assert.equal(await lock.acquire({ timeout: 0.01 }), false);
        await h.release();
      }
    },
    unknown: () => new mp.Lock().acquire({ block: false, x: 1 } as never),
  },
  {
    python: "mp.Semaphore(value=2); mp.BoundedSemaphore(value=1)",
    run() {
      const s = new mp.Semaphore({ value: 2 });
      assert.equal(s.get_value(), 2);
      const bs = new mp.BoundedSemaphore({ value: 1 });
      assert.equal(bs.get_value(), 1);
      assert.throws(() => bs.release(), ValueError);
    },
    unknown: () => new mp.Semaphore({ value: 1, x: 1 } as never),
  },
  {
    python:
      "mp.Condition(lock=l); c.wait(timeout=0.01); c.wait_for(p, timeout=0.01); c.notify(n=1)",
    async run() {
      const l = new mp.Lock();
      const c = new mp.Condition({ lock: l });
      await c.acquire();
      assert.equal(await l.acquire(false), false);
      assert.equal(await c.wait({ timeout: 0.01 }), false);
      assert.equal(await c.wait_for(() => false, { timeout: 0.01 }), false);
      c.notify({ n: 1 });
      c.release();
      assert.equal(await l.acquire(false), true);
      l.release();
    },
    unknown: () => new mp.Condition({ lock: null, x: 1 } as never),
  },
  {
    python: "mp.Event().wait(timeout=0.01)",
    async run() {
      assert.equal(await new mp.Event().wait({ timeout: 0.01 }), false);
    },
    unknown: () => new mp.Event().wait({ timeout: 0, x: 1 } as never),
  },
  {
    python: "mp.Barrier(2, timeout=0.01); b.wait(timeout=0.01)",
    async run() {
      const two = new mp.Barrier(2, { timeout: 0.01 });
      await assert.rejects(two.wait(), threading.BrokenBarrierError);
      const three = new mp.Barrier(2);
      await assert.rejects(
        three.wait({ timeout: 0.01 }),
        threading.BrokenBarrierError,
      );
    },
    unknown: () => new mp.Barrier(2, { timeout: 1, x: 1 } as never),
  },
  {
    python:
      "mp.Value('i', 5, lock=False); mp.Array('i', 3, lock=False); v.acquire(block=False)",
    async run() {
      const v = new mp.Value("i", 5, { lock: false });
      assert.equal(v.value, 5);
      assert.equal("get_lock" in v, false);
      const a = new mp.Array("i", 3, { lock: false });
      assert.equal(a.length, 3);
      assert.equal("get_lock" in a, false);
      const sv = new mp.Value("i", 1);
      const h = await heldElsewhere(sv);
      assert.equal(await sv.acquire({ block: false }), false);
      assert.equal(await sv.get_lock().acquire({ timeout: 0.01 }), false);
      await h.release();
    },
    unknown: () => new mp.Value("i", 5, { lock: false, x: 1 } as never),
  },
  {
    python: "mp.Pipe(duplex=False)",
    run() {
      const [r, w] = mp.Pipe({ duplex: false });
      using _r = r, _w = w;
      assert.equal(r.writable, false);
      assert.equal(w.readable, false);
    },
    unknown: () => mp.Pipe({ duplex: false, x: 1 } as never),
  },
  {
    python:
      "mp.Queue(maxsize=1); q.put(x, block=False); q.get(timeout=0.01); mp.JoinableQueue(maxsize=1)",
    async run() {
      for (
        const q of [
          new mp.Queue({ maxsize: 1 }),
          new mp.JoinableQueue({ maxsize: 1 }),
        ]
      ) {
        await q.put(1, { block: false });
        await assert.rejects(q.put(2, { block: false }), Full);
        await assert.rejects(q.put(2, { timeout: 0.01 }), Full);
        assert.equal(await q.get({ timeout: 1 }), 1);
        await assert.rejects(q.get({ timeout: 0.01 }), Empty);
        await assert.rejects(q.get(true, { timeout: 0.01 }), Empty);
        q.close();
      }
    },
    unknown: () => new mp.Queue({ maxsize: 1, x: 1 } as never),
  },
  {
    python:
      "mp.get_context(method='spawn'); ctx.get_start_method(allow_none=True); mp.set_start_method('spawn', force=True)",
    run() {
      assert.equal(
        mp.get_context({ method: "spawn" }).get_start_method(),
        "spawn",
      );
      assert.equal(
        mp.get_context().get_context({ method: "spawn" }),
        mp.get_context("spawn"),
      );
      const before = mp.get_start_method({ allow_none: true });
      try {
        mp.set_start_method("spawn", { force: true });
        assert.equal(mp.get_start_method({ allow_none: true }), "spawn");
        mp.set_start_method(null, { force: true });
        assert.equal(mp.get_start_method({ allow_none: true }), null);
        assert.equal(
          mp.get_context().get_start_method({ allow_none: true }),
          null,
        );
        mp.get_context().set_start_method("spawn", { force: true });
        assert.equal(
          mp.get_context().get_start_method({ allow_none: true }),
          "spawn",
        );
      } finally {
        mp.set_start_method(before, { force: true });
      }
    },
    unknown: () => mp.get_context({ method: "spawn", x: 1 } as never),
  },
  {
    python:
      "c.send_bytes(buf, offset=1, size=2); c.recv_bytes(maxlength=8); c.recv_bytes_into(buf, offset=1); c.poll(timeout=0.01); wait(conns, timeout=0.01)",
    async run() {
      const [r, w] = mp.Pipe();
      using _r = r, _w = w;
      assert.equal(await r.poll({ timeout: 0.01 }), false);
      assert.deepEqual(await connection.wait([r], { timeout: 0.01 }), []);
      await w.send_bytes(b("abcd"), { offset: 1, size: 2 });
      assert.equal(decode(await r.recv_bytes({ maxlength: 8 })), "bc");
      await w.send_bytes(b("xy"));
      const buf = new Uint8Array(4);
      assert.equal(await r.recv_bytes_into(buf, { offset: 1 }), 2);
      assert.deepEqual([...buf], [0, 120, 121, 0]);
    },
    unknown: () => {
      const [r, w] = mp.Pipe();
      using _r = r, _w = w;
      return r.poll({ timeout: 0, x: 1 } as never);
    },
  },
  {
    python:
      "SharedMemory(create=True, size=16); ShareableList([1, 2]); ShareableList(name=n)",
    run() {
      const shm = new shared_memory.SharedMemory({ create: true, size: 16 });
      try {
        assert.ok(shm.size >= 16);
        const other = new shared_memory.SharedMemory(shm.name, {
          create: false,
        });
        assert.equal(other.size, shm.size);
        other.close();
      } finally {
        shm.close();
        shm.unlink();
      }
      const sl = new shared_memory.ShareableList([1, 2]);
      try {
        const again = new shared_memory.ShareableList({ name: sl.shm.name });
        assert.deepEqual([again[0], again[1]], [1, 2]);
        again.shm.close();
      } finally {
        sl.shm.close();
        sl.shm.unlink();
      }
    },
    unknown: () =>
      new shared_memory.SharedMemory({ create: true, size: 8, x: 1 } as never),
  },
  // ---- ctypes ----
  {
    python: "c_int(value=5)",
    run() {
      assert.equal(new ctypes.c_int({ value: 5 }).value, 5);
      assert.equal(new ctypes.c_double({ value: 0.5 }).value, 0.5);
    },
    unknown: () => new ctypes.c_int({ value: 5, x: 1 } as never),
  },
];

describe("keyword arguments as one trailing object", () => {
  for (const row of rows) {
    test(`${row.python} takes effect`, async () => {
      await row.run();
    });
  }
});

describe("an unknown keyword mixed with known ones", () => {
  for (const row of rows) {
    if (row.unknown === undefined) continue;
    const call = row.unknown;
    test(`${row.python.split(";")[0]}: raises TypeError for 'x'`, async () => {
      await assert.rejects(
        async () => await call(),
        (e: unknown) =>
          e instanceof TypeError &&
          /got an unexpected keyword argument 'x'$/.test(e.message),
      );
    });
  }
});

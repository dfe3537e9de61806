// multiprocessing.Pipe, Connection and multiprocessing.connection.wait:
// messages of every kind and size, Python's errors, EOF and broken pipes,
// poll and wait with timeouts, in one process and across processes (the
// 'worker' start method).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BrokenPipeError,
  EOFError,
  NotImplementedError,
  OSError,
  RuntimeError,
  ValueError,
} from "../../builtins/mod.ts";
import {
  BufferTooShort,
  get_context,
  Lock,
  Process,
} from "../../multiprocessing/mod.ts";
import {
  Connection,
  Pipe,
  wait,
} from "../../multiprocessing/connection/mod.ts";
import { Queue } from "../../multiprocessing/queue.ts";
import { releaseDeadHolder } from "../../multiprocessing/_ring.ts";
import { loadKinds, reduceValue } from "../../_shared/reduce.ts";
import { select } from "../../select/mod.ts";
import {
  echo,
  echoBytes,
  sendAndClose,
  sendAndReturn,
  sendBig,
  sendLater,
} from "./_targets_queue.ts";

function closeAll(...conns: Connection[]): void {
  for (const c of conns) c.close();
}

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

function pattern(size: number): Uint8Array {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = i & 255;
  return b;
}

function isPattern(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== (i & 255)) return false;
  return true;
}

describe("Connection in one process", () => {
  test("send() and recv() carry what structured clone copies", async () => {
    const [a, b] = Pipe();
    const shared = { s: 1 };
    const cyclic: Record<string, unknown> = { name: "c" };
    cyclic.self = cyclic;
    const values: unknown[] = [
      0,
      -1,
      2 ** 31,
      -0,
      1.5,
      NaN,
      Infinity,
      "",
      "ascii",
      "é latin-1 ÿ",
      "日本語 and emoji 🎉",
      "\ud800 lone surrogate",
      "x".repeat(300_000),
      true,
      false,
      null,
      undefined,
      [1, [2, [3, "four"]], { five: 5 }],
      [1, , 3],
      { a: 1, b: "two", c: [null, undefined], d: { e: {} } },
      new Uint8Array([1, 2, 3]),
      new Float64Array([1.5, -2]),
      new Map<unknown, unknown>([[1, "one"], ["two", [2]]]),
      new Set([1, "a"]),
      new Date(86_400_000),
      123456789012345678901234567890n,
      /re+gex/gi,
      [shared, shared],
      Object.assign([1, 2], { extra: "kept by structured clone" }),
    ];
    for (const v of values) {
      // Not awaited: a message larger than the pipe waits for the reader.
      const sent = a.send(v);
      assert.deepEqual(await b.recv(), v);
      await sent;
    }
    await b.send(cyclic);
    const c = (await a.recv()) as Record<string, unknown>;
    assert.equal(c.self, c);
    await a.send([shared, shared]);
    const [x, y] = (await b.recv()) as object[];
    assert.equal(x, y, "identity inside one message is kept");
    assert.equal(await b.poll(), false);
    closeAll(a, b);
  });

  test("a class instance arrives as a plain object, as with structured clone", async () => {
    class Point {
      x: number;
      y: number;
      constructor(x: number, y: number) {
        this.x = x;
        this.y = y;
      }
    }
    const [a, b] = Pipe();
    await a.send(new Point(1, 2));
    const p = await b.recv();
    assert.deepEqual({ ...(p as object) }, { x: 1, y: 2 });
    assert.equal(p instanceof Point, false);
    closeAll(a, b);
  });

  test("send() refuses functions and symbols (TypeError) and shared objects (RuntimeError)", async () => {
    const [a, b] = Pipe();
    await assert.rejects(a.send(() => 1), {
      name: "TypeError",
      message: "cannot pickle 'function' object",
    });
    await assert.rejects(a.send({ deep: [Symbol("s")] }), {
      name: "TypeError",
      message: "cannot pickle 'symbol' object",
    });
    await assert.rejects(a.send(new WeakMap()), TypeError);
    await assert.rejects(a.send([new Lock()]), (e: unknown) => {
      assert.ok(e instanceof RuntimeError);
      assert.equal(
        e.message,
        "Lock objects should only be shared between processes through inheritance",
      );
      return true;
    });
    await assert.rejects(
      a.send({ q: new Queue() }),
      /^RuntimeError: Queue objects/,
    );
    await assert.rejects(a.send(b), /^RuntimeError: Connection objects/);
    // Nothing was sent by the refused calls.
    assert.equal(await b.poll(), false);
    await a.send("still works");
    assert.equal(await b.recv(), "still works");
    closeAll(a, b);
  });

  test("send_bytes() with offset and size, recv_bytes() and recv_bytes_into()", async () => {
    const [a, b] = Pipe();
    const data = new Uint8Array([10, 11, 12, 13, 14, 15]);
    await a.send_bytes(data);
    await a.send_bytes(data, 2);
    await a.send_bytes(data, 1, 3);
    await a.send_bytes(data, { offset: 4 });
    await a.send_bytes(data, 0, { size: 1 });
    await a.send_bytes(new Uint8Array(0));
    await a.send_bytes(new Uint16Array([0x0201]));
    await a.send_bytes(data.buffer);
    await a.send_bytes(new DataView(data.buffer, 5));
    assert.deepEqual(await b.recv_bytes(), data);
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([12, 13, 14, 15]));
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([11, 12, 13]));
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([14, 15]));
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([10]));
    assert.deepEqual(await b.recv_bytes(), new Uint8Array(0));
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([1, 2]));
    assert.deepEqual(await b.recv_bytes({ maxlength: 6 }), data);
    const into = new Uint8Array(4);
    assert.equal(await b.recv_bytes_into(into, 2), 1);
    assert.deepEqual(into, new Uint8Array([0, 0, 15, 0]));
    await a.send_bytes(new Uint8Array([7, 8]));
    const words = new Uint16Array(2);
    assert.equal(await b.recv_bytes_into(words, { offset: 2 }), 2);
    assert.deepEqual(
      new Uint8Array(words.buffer),
      new Uint8Array([0, 0, 7, 8]),
    );
    closeAll(a, b);
  });

  test("send() then recv_bytes() gives the encoded object, which recv() reads back", async () => {
    const [a, b] = Pipe();
    await a.send({ k: [1, 2] });
    const raw = await b.recv_bytes();
    assert.ok(raw instanceof Uint8Array && raw.length > 0);
    await b.send_bytes(raw);
    assert.deepEqual(await a.recv(), { k: [1, 2] });
    await a.send_bytes(new Uint8Array(0));
    await assert.rejects(b.recv(), (e: unknown) => {
      assert.ok(e instanceof EOFError);
      assert.equal(e.message, "Ran out of input");
      return true;
    });
    closeAll(a, b);
  });

  test("bad arguments fail as in Python", async () => {
    const [a, b] = Pipe();
    const buf = new Uint8Array(3);
    const cases: [Promise<unknown>, new (...a: never[]) => Error, string][] = [
      [a.send_bytes(buf, -1), ValueError, "offset is negative"],
      [a.send_bytes(buf, 4), ValueError, "buffer length < offset"],
      [a.send_bytes(buf, 0, -1), ValueError, "size is negative"],
      [a.send_bytes(buf, 1, 3), ValueError, "buffer length < offset + size"],
      [
        a.send_bytes("abc" as unknown as Uint8Array),
        TypeError,
        "a bytes-like object is required, not 'str'",
      ],
      [
        a.send_bytes([1, 2] as unknown as Uint8Array),
        TypeError,
        "a bytes-like object is required, not 'list'",
      ],
      [
        a.send_bytes(buf, 1.5),
        TypeError,
        "'float' object cannot be interpreted as an integer",
      ],
      [b.recv_bytes(-1), ValueError, "negative maxlength"],
      [b.recv_bytes_into(buf, -1), ValueError, "negative offset"],
      [b.recv_bytes_into(buf, 4), ValueError, "offset too large"],
      [
        a.send_bytes(buf, { offset: 0, bogus: 1 } as never),
        TypeError,
        "send_bytes() got an unexpected keyword argument 'bogus'",
      ],
      [
        b.poll("1" as unknown as number),
        TypeError,
        "must be real number, not str",
      ],
    ];
    for (const [p, cls, message] of cases) {
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof cls, `${e} is a ${cls.name}`);
        assert.equal((e as Error).message, message);
        return true;
      });
    }
    assert.equal(await b.poll(), false, "nothing was sent");
    closeAll(a, b);
  });

  test("recv_bytes_into() a buffer too short raises BufferTooShort with the message", async () => {
    const [a, b] = Pipe();
    await a.send_bytes(new Uint8Array([1, 2, 3, 4, 5]));
    await assert.rejects(b.recv_bytes_into(new Uint8Array(4)), (e: unknown) => {
      assert.ok(e instanceof BufferTooShort);
      assert.deepEqual(e.args[0], new Uint8Array([1, 2, 3, 4, 5]));
      return true;
    });
    await a.send_bytes(new Uint8Array([1, 2]));
    await assert.rejects(
      b.recv_bytes_into(new Uint8Array(4), 3),
      BufferTooShort,
    );
    assert.equal(await b.poll(), false, "the messages were consumed");
    closeAll(a, b);
  });

  test("recv_bytes(maxlength) of a longer message: 'bad message length', then no more reading", async () => {
    const [a, b] = Pipe();
    await a.send_bytes(new Uint8Array(10));
    await assert.rejects(b.recv_bytes(9), (e: unknown) => {
      assert.ok(e instanceof OSError);
      assert.equal(e.message, "bad message length");
      return true;
    });
    assert.equal(b.readable, false);
    assert.equal(b.closed, false);
    await assert.rejects(b.recv(), /connection is write-only/);
    await b.send("a duplex end still sends");
    assert.equal(await a.recv(), "a duplex end still sends");
    const [r, w] = Pipe(false);
    await w.send_bytes(new Uint8Array(10));
    await assert.rejects(r.recv_bytes(3), /bad message length/);
    assert.equal(r.closed, true, "a read-only end is closed");
    closeAll(a, b, r, w);
  });

  test("Pipe(false) gives [reader, writer]; the wrong direction is an OSError", async () => {
    for (const [r, w] of [Pipe(false), Pipe({ duplex: false })]) {
      assert.equal(r.readable, true);
      assert.equal(r.writable, false);
      assert.equal(w.readable, false);
      assert.equal(w.writable, true);
      await assert.rejects(r.send(1), { message: "connection is read-only" });
      await assert.rejects(r.send_bytes(new Uint8Array(1)), {
        message: "connection is read-only",
      });
      await assert.rejects(w.recv(), { message: "connection is write-only" });
      await assert.rejects(w.recv_bytes(), {
        message: "connection is write-only",
      });
      await assert.rejects(w.poll(), { message: "connection is write-only" });
      await w.send("one way");
      assert.equal(await r.recv(), "one way");
      closeAll(r, w);
    }
  });

  test("a closed connection raises OSError 'handle is closed'; close() twice is harmless", async () => {
    const [a, b] = Pipe();
    const fd = a.fileno();
    assert.ok(Number.isInteger(fd) && fd >= 3);
    a.close();
    a.close();
    assert.equal(a.closed, true);
    assert.equal(a.readable, true);
    for (
      const p of [
        a.send(1),
        a.recv(),
        a.send_bytes(new Uint8Array(1)),
        a.recv_bytes(),
        a.recv_bytes_into(new Uint8Array(1)),
        a.poll(),
      ]
    ) {
      await assert.rejects(p, (e: unknown) => {
        assert.ok(e instanceof OSError);
        assert.equal(e.message, "handle is closed");
        return true;
      });
    }
    assert.throws(() => a.fileno(), /handle is closed/);
    b.close();
  });

  test("`using` closes the connection", () => {
    let kept: Connection;
    {
      using a = Pipe()[0];
      kept = a;
      assert.equal(a.closed, false);
    }
    assert.equal(kept.closed, true);
  });

  test("EOFError once the other end is closed and everything sent was read", async () => {
    const [a, b] = Pipe();
    await a.send("last words");
    await a.send_bytes(new Uint8Array([9]));
    a.close();
    assert.equal(await b.poll(), true);
    assert.equal(await b.recv(), "last words");
    assert.deepEqual(await b.recv_bytes(), new Uint8Array([9]));
    assert.equal(await b.poll(), true, "EOF counts as readable");
    await assert.rejects(b.recv(), EOFError);
    await assert.rejects(b.recv_bytes(), EOFError);
    b.close();
  });

  test("a recv() waiting when the other end closes raises EOFError", async () => {
    const [r, w] = Pipe(false);
    const pending = r.recv();
    setTimeout(() => w.close(), 10);
    await assert.rejects(pending, EOFError);
    r.close();
  });

  test("send() with every reader gone raises BrokenPipeError", async () => {
    const [r, w] = Pipe(false);
    r.close();
    await assert.rejects(w.send("x"), (e: unknown) => {
      assert.ok(e instanceof BrokenPipeError);
      assert.equal((e as OSError).errno, 32);
      return true;
    });
    w.close();
  });

  test("a send waiting for room fails with BrokenPipeError when the reader closes", async () => {
    const [r, w] = Pipe(false);
    const p = w.send_bytes(new Uint8Array(1 << 20));
    setTimeout(() => r.close(), 10);
    await assert.rejects(p, BrokenPipeError);
    w.close();
  });

  test("poll(timeout) waits at most that long; poll(null) waits for data", async () => {
    const [a, b] = Pipe();
    assert.equal(await b.poll(), false);
    assert.equal(await b.poll(-1), false);
    let t = performance.now();
    assert.equal(await b.poll(0.1), false);
    const waited = performance.now() - t;
    assert.ok(waited >= 95 && waited < 2000, `waited ${waited} ms`);
    setTimeout(() => a.send("late"), 30);
    t = performance.now();
    assert.equal(await b.poll({ timeout: 5 }), true);
    assert.ok(performance.now() - t < 2000);
    assert.equal(await b.recv(), "late");
    setTimeout(() => a.send("later"), 30);
    assert.equal(await b.poll(null), true);
    assert.equal(await b.recv(), "later");
    closeAll(a, b);
  });

  test("a 16 MiB message passes through a pipe far smaller than it", async () => {
    const [a, b] = Pipe();
    const big = pattern(16 << 20);
    const [got] = await Promise.all([b.recv_bytes(), a.send_bytes(big)]);
    assert.equal(got.length, big.length);
    assert.ok(isPattern(got));
    const [obj] = await Promise.all([b.recv(), a.send({ big })]);
    assert.ok(isPattern((obj as { big: Uint8Array }).big));
    closeAll(a, b);
  });

  test("sends not awaited arrive in order, big and small mixed", async () => {
    const [a, b] = Pipe();
    const sends: Promise<void>[] = [];
    const expect: number[] = [];
    for (let i = 0; i < 50; i++) {
      sends.push(
        i % 10 === 3
          ? a.send_bytes(pattern(200_000))
          : a.send_bytes(new Uint8Array([i])),
      );
      expect.push(i % 10 === 3 ? 200_000 : 1);
    }
    const got: number[] = [];
    for (let i = 0; i < 50; i++) {
      const m = await b.recv_bytes();
      got.push(m.length);
      if (m.length === 1) assert.equal(m[0], i);
    }
    await Promise.all(sends);
    assert.deepEqual(got, expect);
    closeAll(a, b);
  });

  test("several tasks sending at once each keep their messages whole", async () => {
    const [a, b] = Pipe();
    const tasks = [1, 2, 3].map(async (k) => {
      for (let i = 0; i < 20; i++) {
        await a.send_bytes(new Uint8Array(30_000).fill(k));
      }
    });
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 60; i++) {
      const m = await b.recv_bytes();
      assert.equal(m.length, 30_000);
      assert.ok(m.every((x) => x === m[0]));
      counts[m[0]!]!++;
    }
    await Promise.all(tasks);
    assert.deepEqual(counts, [0, 20, 20, 20]);
    closeAll(a, b);
  });

  test("Connection is a class for instanceof; its repr is Python's", () => {
    const [a, b] = Pipe();
    assert.ok(a instanceof Connection);
    assert.equal(Connection.name, "Connection");
    assert.match(
      String(a),
      /^<multiprocessing\.connection\.Connection object at 0x[0-9a-f]+>$/,
    );
    closeAll(a, b);
  });

  test("Pipe() rejects unknown keywords", () => {
    assert.throws(
      () => Pipe({ duplex: true, other: 1 } as never),
      /Pipe\(\) got an unexpected keyword argument 'other'/,
    );
  });
});

describe("multiprocessing.connection.wait", () => {
  test("returns the ready connections, [] on timeout", async () => {
    const [r1, w1] = Pipe(false);
    const [r2, w2] = Pipe(false);
    assert.deepEqual(await wait([r1, r2], 0), []);
    assert.deepEqual(await wait([r1, r2], -1), []);
    const t = performance.now();
    assert.deepEqual(await wait([r1, r2], 0.05), []);
    assert.ok(performance.now() - t >= 45);
    await w1.send(1);
    await w2.send(2);
    assert.deepEqual(await wait([r1, r2]), [r1, r2]);
    await r1.recv();
    assert.deepEqual(await wait([r1, r2], { timeout: 1 }), [r2]);
    await r2.recv();
    setTimeout(() => w1.send("x"), 20);
    assert.deepEqual(await wait([r1, r2], 5), [r1]);
    await r1.recv();
    w2.close();
    assert.deepEqual(await wait([r1, r2], 5), [r2], "EOF is ready");
    closeAll(r1, w1, r2);
  });

  test("select.select() takes a Connection", async () => {
    const [a, b] = Pipe();
    let [rl, wl] = await select([b], [a], [], 0);
    assert.deepEqual(rl, []);
    assert.deepEqual(wl, [a]);
    await a.send("x");
    [rl] = await select([b], [], [], 1);
    assert.deepEqual(rl, [b]);
    closeAll(a, b);
  });

  test("a closed connection is an error", async () => {
    const [a, b] = Pipe();
    a.close();
    await assert.rejects(wait([a], 0), /handle is closed/);
    b.close();
  });
});

describe("Connection across processes ('worker')", () => {
  test("a child echoes objects and bytes back", async () => {
    const [a, b] = Pipe();
    const p = run(echo, b);
    b.close();
    for (const v of [1, "two", [3, { four: 4 }], new Map([[5, 5]])]) {
      await a.send(v);
      assert.deepEqual(await a.recv(), v);
    }
    a.close();
    await joined(p);
    const [c, d] = Pipe();
    const q = run(echoBytes, d);
    d.close();
    await c.send_bytes(new Uint8Array([1, 2, 3]));
    assert.deepEqual(await c.recv_bytes(), new Uint8Array([1, 2, 3]));
    c.close();
    await joined(q);
  });

  test("a 16 MiB Uint8Array from a child passes through the pipe", async () => {
    const [r, w] = Pipe(false);
    const p = run(sendBig, w, 16 << 20);
    w.close();
    const got = await r.recv_bytes();
    assert.equal(got.length, 16 << 20);
    assert.ok(isPattern(got));
    await joined(p);
    await assert.rejects(r.recv_bytes(), EOFError);
    r.close();
  });

  test("EOFError once the child closed its end and the parent closed its copy", async () => {
    const [r, w] = Pipe(false);
    const p = run(sendAndClose, w, "bye");
    assert.equal(await r.recv(), "bye");
    await joined(p);
    // The parent still holds the write end: no EOF yet.
    assert.equal(await r.poll(0.05), false);
    w.close();
    assert.equal(await r.poll(), true);
    await assert.rejects(r.recv(), EOFError);
    r.close();
  });

  test("a child that returns without closing gives its end up when it exits", async () => {
    const [r, w] = Pipe(false);
    const p = run(sendAndReturn, w, { last: true });
    w.close();
    assert.deepEqual(await r.recv(), { last: true });
    await joined(p);
    await assert.rejects(r.recv(), EOFError);
    r.close();
  });

  test("poll and wait see data a child sends later, and a Process sentinel", async () => {
    const [a, b] = Pipe();
    const p = run(sendLater, b, "hello", 0.1);
    b.close();
    assert.equal(await a.poll(0.01), false);
    const first = await wait([a, p.sentinel], 10);
    // The child may have ended too by the time the parent looks.
    assert.equal(first[0], a);
    assert.equal(await a.recv(), "hello");
    const ready = await wait([p.sentinel], 10);
    assert.deepEqual(ready, [p.sentinel]);
    await joined(p);
    assert.deepEqual(
      await wait([a], 5),
      [a],
      "the child's exit closed its end",
    );
    a.close();
  });

  test("releaseDeadHolder drops the ends a dead child held, once", async () => {
    const [a, b] = Pipe();
    // What start() sends a child; the child then dies without its exit work.
    const sent = reduceValue([b], { method: "worker", path: "args" });
    b.close();
    assert.equal(await a.poll(0.05), false, "the child's copy is still open");
    await a.send("into the void");
    releaseDeadHolder(sent, 4242);
    releaseDeadHolder(sent, 4242); // a second call changes nothing
    assert.equal(await a.poll(5), true);
    await assert.rejects(a.recv(), EOFError);
    await assert.rejects(a.send(1), BrokenPipeError);
    a.close();
  });

  test("a child's close() and its exit give its hold up once", async () => {
    const [r, w] = Pipe(false);
    const p = run(sendAndClose, w, "bye");
    assert.equal(await r.recv(), "bye");
    await joined(p);
    const sent = reduceValue([w], { method: "worker", path: "args" });
    releaseDeadHolder(sent, p.pid!);
    // The parent's own copy of the write end still holds it open.
    assert.equal(await r.poll(0.05), false);
    w.close();
    await assert.rejects(r.recv(), EOFError);
    r.close();
  });

  test("the 'spawn' start method refuses a Connection with NotImplementedError", () => {
    const [a, b] = Pipe();
    const P = get_context("spawn").Process;
    const p = new P({ target: echo, args: [b] });
    assert.throws(() => p.start(), (e: unknown) => {
      assert.ok(e instanceof NotImplementedError);
      assert.match((e as Error).message, /Connection.*'worker' start method/);
      return true;
    });
    closeAll(a, b);
  });
});

describe("rebuilding shared objects in a child", () => {
  test("only modules inside the package are loaded for a marker", async () => {
    const outside = [
      "file:///tmp/elsewhere.js",
      // The package root, then a way out of it that a URL parser resolves.
      new URL("../../", import.meta.url).href + "%2e%2e/elsewhere.js",
      "data:text/javascript,globalThis.ran=1",
    ];
    for (const module of outside) {
      await assert.rejects(
        loadKinds({ __pyport_mp__: "Elsewhere", module, state: null }),
        TypeError,
      );
    }
    assert.equal((globalThis as { ran?: unknown }).ran, undefined);
  });
});

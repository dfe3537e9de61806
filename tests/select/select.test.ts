// select.select(): Python's readiness rules for listening and connected
// sockets, its timeouts, its argument rules and errors, and that waiting is
// event-driven and leaves nothing behind.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as socket from "../../socket/mod.ts";
import { b, OSError, tuple, ValueError } from "../../builtins/mod.ts";
import { pendingCallbacks } from "../../_shared/readiness.ts";
import { assertOSError, connected, listener } from "../socket/_helpers.ts";
import { fillSendBuffer, since } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

describe("select.select() readiness", () => {
  test("a listening socket is readable exactly while a connection waits to be accepted", async () => {
    using srv = listener();
    assert.deepEqual(await select.select([srv], [srv], [], 0), T([], [], []));
    using cli = await socket.create_connection(
      srv.getsockname() as [string, number],
    );
    const [r, w] = await select.select([srv], [srv], [], 5);
    assert.deepEqual(r, [srv]);
    assert.deepEqual(w, [], "a listening socket is never writable");
    const [conn] = await srv.accept();
    conn.close();
    assert.deepEqual(await select.select([srv], [], [], 0), T([], [], []));
    void cli;
  });

  test("a connected socket is readable on data, and not once the data is read", async () => {
    using c = await connected();
    assert.deepEqual(await select.select([c.conn], [], [], 0), T([], [], []));
    await c.cli.sendall(b("hello"));
    assert.deepEqual((await select.select([c.conn], [], [], 5))[0], [c.conn]);
    assert.deepEqual(await c.conn.recv(100), b("hello"));
    assert.deepEqual(await select.select([c.conn], [], [], 0), T([], [], []));
  });

  test("a connected socket is readable at EOF and recv() then returns b''", async () => {
    using c = await connected();
    c.cli.shutdown(socket.SHUT_WR);
    assert.deepEqual((await select.select([c.conn], [], [], 5))[0], [c.conn]);
    assert.deepEqual(await c.conn.recv(10), new Uint8Array(0));
    // EOF stays readable, as on Linux.
    assert.deepEqual((await select.select([c.conn], [], [], 0))[0], [c.conn]);
  });

  test("a socket with a pending error (refused connect) is readable and writable", async () => {
    let port: number;
    {
      using l = listener();
      port = (l.getsockname() as [string, number])[1];
    }
    using s = new socket.socket();
    s.setblocking(false);
    const rc = await s.connect_ex(["127.0.0.1", port]);
    assert.ok(rc === 115 || rc === 111, `connect_ex gave ${rc}`);
    const [r, w] = await select.select([s], [s], [], 5);
    assert.deepEqual([r, w], [[s], [s]]);
    if (rc === 115) {
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 111);
    }
  });

  test("a fresh connection is writable; a full send buffer is not; draining the peer makes it writable again", async () => {
    using c = await connected();
    assert.deepEqual((await select.select([], [c.cli], [], 5))[1], [c.cli]);
    const sent = await fillSendBuffer(c.cli);
    assert.ok(sent > 0);
    assert.deepEqual(await select.select([], [c.cli], [], 0), T([], [], []));
    // A writer waiting in select() is woken by the peer reading.
    const waiting = select.select([], [c.cli], [], 20);
    let drained = 0;
    let writable: socket.socket[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 100_000 && since(t0) < 20_000; i++) {
      drained += (await c.conn.recv(1 << 20)).length;
      [, writable] = await select.select([], [c.cli], [], 0);
      if (writable.length > 0) break;
    }
    assert.deepEqual(writable, [c.cli]);
    assert.deepEqual((await waiting)[1], [c.cli]);
    assert.ok(drained > 0 && drained <= sent);
  });

  test("a fresh unconnected stream socket is readable and writable (POLLHUP), as on Linux", async () => {
    using s = new socket.socket();
    assert.deepEqual(await select.select([s], [s], [s], 0), T([s], [s], []));
  });

  test("nothing is ever exceptional: xlist stays empty for stream sockets", async () => {
    using c = await connected();
    await c.cli.sendall(b("x"));
    const [r, , x] = await select.select([c.conn], [], [c.conn], 5);
    assert.deepEqual([r, x], [[c.conn], []]);
  });
});

describe("select.select() timeouts", () => {
  test("timeout 0 polls and returns at once with nothing ready", async () => {
    using c = await connected();
    const t0 = performance.now();
    assert.deepEqual(await select.select([c.conn], [], [], 0), T([], [], []));
    assert.ok(since(t0) < 100, `took ${since(t0)} ms`);
  });

  test("a small timeout waits that long, then returns three empty lists", async () => {
    using c = await connected();
    const t0 = performance.now();
    assert.deepEqual(
      await select.select([c.conn], [], [], 0.15),
      T([], [], []),
    );
    const ms = since(t0);
    assert.ok(ms >= 145 && ms < 2000, `waited ${ms} ms`);
  });

  test("timeout null waits until a socket becomes ready", async () => {
    using c = await connected();
    const timer = setTimeout(() => void c.cli.send(b("late")), 50);
    try {
      const t0 = performance.now();
      const [r] = await select.select([c.conn], [], [], null);
      assert.deepEqual(r, [c.conn]);
      assert.ok(since(t0) >= 40, `returned after ${since(t0)} ms`);
    } finally {
      clearTimeout(timer);
    }
  });

  test("timeout undefined (omitted) waits like null", async () => {
    using c = await connected();
    const timer = setTimeout(() => void c.cli.send(b("x")), 20);
    try {
      assert.deepEqual((await select.select([c.conn], [], []))[0], [c.conn]);
    } finally {
      clearTimeout(timer);
    }
  });

  test("a select(..., 0) polling loop sees data that arrives while it polls", async () => {
    using c = await connected();
    const timer = setTimeout(() => void c.cli.send(b("x")), 30);
    try {
      const t0 = performance.now();
      let seen = false;
      for (let i = 0; i < 1_000_000 && since(t0) < 10_000; i++) {
        const [r] = await select.select([c.conn], [], [], 0);
        if (r.length > 0) {
          seen = true;
          break;
        }
      }
      assert.ok(seen, "the polling loop never saw the data");
    } finally {
      clearTimeout(timer);
    }
  });

  test("a select loop over an always-writable socket still lets data arrive", async () => {
    using c = await connected();
    const timer = setTimeout(() => void c.cli.send(b("x")), 30);
    try {
      const t0 = performance.now();
      let seen = false;
      for (let i = 0; i < 1_000_000 && since(t0) < 10_000; i++) {
        const [r, w] = await select.select([c.conn], [c.conn], [], null);
        assert.deepEqual(w, [c.conn]);
        if (r.length > 0) {
          seen = true;
          break;
        }
      }
      assert.ok(seen, "the loop never saw the data");
    } finally {
      clearTimeout(timer);
    }
  });

  test("data sent on loopback is seen by an immediate select(..., 0) on the peer", async () => {
    using c = await connected();
    await c.cli.sendall(b("now"));
    let seen = false;
    for (let i = 0; i < 100 && !seen; i++) {
      seen = (await select.select([c.conn], [], [], 0))[0].length > 0;
    }
    assert.ok(seen);
  });
});

describe("select.select() arguments", () => {
  test("returns the same objects it was given, in order, for sockets, fileno() objects and numbers", async () => {
    using c = await connected();
    await c.cli.sendall(b("x"));
    assert.deepEqual((await select.select([c.conn], [], [], 5))[0], [c.conn]);
    const wrapper = { fileno: () => c.conn.fileno() };
    const fd = c.conn.fileno();
    const [r, w] = await select.select(
      [c.srv, wrapper, fd, c.conn],
      new Set([c.cli]),
      [],
      0,
    );
    assert.equal(r.length, 3);
    assert.equal(r[0], wrapper);
    assert.equal(r[1], fd);
    assert.equal(r[2], c.conn);
    assert.deepEqual(w, [c.cli]);
    assert.ok(Array.isArray(w), "a set in gives an array out");
  });

  test("an object listed twice is returned twice, as Python's select does", async () => {
    using c = await connected();
    const [, w] = await select.select([], [c.cli, c.cli], [], 0);
    assert.deepEqual(w, [c.cli, c.cli]);
  });

  test("empty lists with timeout 0 return three empty arrays", async () => {
    assert.deepEqual(await select.select([], [], [], 0), T([], [], []));
  });

  test("a non-sequence argument raises TypeError('arguments 1-3 must be sequences')", async () => {
    await assert.rejects(
      select.select(5 as unknown as number[], [], [], 0),
      { name: "TypeError", message: "arguments 1-3 must be sequences" },
    );
  });

  test("an object without fileno() raises TypeError", async () => {
    await assert.rejects(select.select([{}], [], [], 0), {
      name: "TypeError",
      message: "argument must be an int, or have a fileno() method.",
    });
    await assert.rejects(select.select(["3"], [], [], 0), TypeError);
  });

  test("fileno() returning a non-integer raises TypeError", async () => {
    await assert.rejects(select.select([{ fileno: () => "3" }], [], [], 0), {
      name: "TypeError",
      message: "fileno() returned a non-integer",
    });
  });

  test("an error raised by fileno() propagates unchanged", async () => {
    const boom = new OSError(9, "x");
    await assert.rejects(
      select.select(
        [{
          fileno: () => {
            throw boom;
          },
        }],
        [],
        [],
        0,
      ),
      (e) => e === boom,
    );
  });

  test("a closed socket (fileno() -1) raises ValueError", async () => {
    const s = new socket.socket();
    s.close();
    await assert.rejects(select.select([s], [], [], 0), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(
        (e as Error).message,
        "file descriptor cannot be a negative integer (-1)",
      );
      return true;
    });
  });

  test("a descriptor number of 1024 or more raises ValueError (FD_SETSIZE)", async () => {
    await assert.rejects(select.select([], [5000], [], 0), {
      message: "filedescriptor out of range in select()",
    });
  });

  test("a descriptor number that is not open raises OSError EBADF", async () => {
    // 1000 is below FD_SETSIZE and far above what these tests open.
    await assert.rejects(
      select.select([1000], [], [], 0),
      (e: unknown) => assertOSError(e, OSError, 9, "Bad file descriptor"),
    );
  });

  test("a bad timeout raises Python's errors", async () => {
    await assert.rejects(
      select.select([], [], [], "1" as unknown as number),
      { name: "TypeError", message: "timeout must be a float or None" },
    );
    await assert.rejects(select.select([], [], [], -1), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal((e as Error).message, "timeout must be non-negative");
      return true;
    });
    await assert.rejects(select.select([], [], [], NaN), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal((e as Error).message, "Invalid value NaN (not a number)");
      return true;
    });
  });

  test("select.error is OSError", () => {
    assert.equal(select.error, OSError);
  });
});

describe("select.select() with many sockets and in loops", () => {
  test("a classic select() server loop accepts and echoes several clients", async () => {
    using srv = listener();
    const addr = srv.getsockname() as [string, number];
    const clients: socket.socket[] = [];
    const inputs: socket.socket[] = [srv];
    try {
      for (let i = 0; i < 5; i++) {
        const cl = await socket.create_connection(addr);
        clients.push(cl);
        await cl.sendall(b(`msg-${i}`));
      }
      let echoed = 0;
      for (let i = 0; i < 1000 && echoed < 5; i++) {
        const [readable] = await select.select(inputs, [], [], 5);
        assert.ok(readable.length > 0, "the loop stalled");
        for (const s of readable) {
          if (s === srv) {
            const [conn] = await srv.accept();
            inputs.push(conn);
          } else {
            const data = await s.recv(1024);
            if (data.length > 0) {
              await s.sendall(data);
              echoed++;
            }
          }
        }
      }
      for (let i = 0; i < 5; i++) {
        clients[i]!.settimeout(5);
        assert.deepEqual(await clients[i]!.recv(100), b(`msg-${i}`));
      }
    } finally {
      for (const s of [...inputs, ...clients]) s.close();
    }
  });

  test("select() over 400 sockets reports exactly the ready ones", async () => {
    const pairs: [socket.socket, socket.socket][] = [];
    try {
      for (let i = 0; i < 200; i++) pairs.push(socket.socketpair());
      const all = pairs.flat();
      for (let i = 0; i < 200; i += 7) await pairs[i]![0].sendall(b("x"));
      const want = pairs.filter((_, i) => i % 7 === 0).map((p) => p[1]);
      let r: socket.socket[] = [];
      for (let i = 0; i < 100 && r.length < want.length; i++) {
        [r] = await select.select(all, [], [], 5);
      }
      assert.deepEqual(r, want);
    } finally {
      for (const [x, y] of pairs) {
        x.close();
        y.close();
      }
    }
  });

  test("a socket closed by another task while select() waits on it is never reported, as on Linux", async () => {
    const [a, c] = socket.socketpair();
    try {
      const timer = setTimeout(() => c.close(), 20);
      try {
        const t0 = performance.now();
        assert.deepEqual(await select.select([c], [], [], 0.2), T([], [], []));
        assert.ok(since(t0) >= 190);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      a.close();
      c.close();
    }
  });

  test("100k select() calls with one busy and one idle socket leave no watchers behind", async () => {
    const [busyPeer, busy] = socket.socketpair();
    const [idlePeer, idle] = socket.socketpair();
    try {
      const one = b("x");
      const base = pendingCallbacks();
      let maxPending = 0;
      let calls = 0;
      const t0 = performance.now();
      // Half the calls find `busy` ready at once; the other half wait for
      // it, so the idle socket is watched and unwatched 50k times.
      for (let i = 0; i < 50_000 && since(t0) < 60_000; i++) {
        await busyPeer.send(one);
        const [r] = await select.select([busy, idle], [], [], 10);
        assert.deepEqual(r, [busy]);
        calls++;
        assert.deepEqual(
          (await select.select([busy, idle], [], [], 0))[0],
          [busy],
        );
        calls++;
        assert.equal((await busy.recv(10)).length, 1);
        if (i % 1000 === 0) {
          maxPending = Math.max(maxPending, pendingCallbacks() - base);
        }
      }
      assert.ok(calls >= 20_000, `only ${calls} calls in the time bound`);
      assert.ok(maxPending <= 4, `${maxPending} callbacks stayed registered`);
    } finally {
      busyPeer.close();
      busy.close();
      idlePeer.close();
      idle.close();
    }
  });
});

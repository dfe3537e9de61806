// select.poll(): registration, the poll(2) event bits Linux reports for
// each socket state, millisecond timeouts and Python's errors.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as socket from "../../socket/mod.ts";
import {
  b,
  FileNotFoundError,
  KeyError,
  OverflowError,
  RuntimeError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";
import { assertOSError, connected, listener } from "../socket/_helpers.ts";
import { since } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

const ALL = select.POLLIN | select.POLLPRI | select.POLLOUT |
  select.POLLRDHUP;

describe("select.poll() events", () => {
  test("an idle connection polls POLLOUT only; data adds POLLIN", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, ALL);
    assert.deepEqual(await p.poll(0), [T(c.conn.fileno(), select.POLLOUT)]);
    await c.cli.sendall(b("x"));
    p.modify(c.conn, select.POLLIN);
    assert.deepEqual(await p.poll(5000), [T(c.conn.fileno(), select.POLLIN)]);
  });

  test("the peer's EOF polls POLLIN|POLLRDHUP, and POLLHUP once we shut down too", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, ALL);
    c.cli.shutdown(socket.SHUT_WR);
    const fd = c.conn.fileno();
    let ev: [number, number][] = [];
    for (let i = 0; i < 100; i++) {
      ev = await p.poll(5000);
      if (ev[0] !== undefined && ev[0][1] & select.POLLIN) break;
    }
    assert.deepEqual(ev, [T(
      fd,
      select.POLLIN | select.POLLOUT | select.POLLRDHUP,
    )]);
    c.conn.shutdown(socket.SHUT_WR);
    assert.deepEqual(await p.poll(0), [T(
      fd,
      select.POLLIN | select.POLLOUT | select.POLLRDHUP | select.POLLHUP,
    )]);
  });

  test("shutdown(SHUT_RD) polls POLLIN|POLLRDHUP|POLLOUT", async () => {
    using c = await connected();
    c.conn.shutdown(socket.SHUT_RD);
    const p = select.poll();
    p.register(c.conn, ALL);
    assert.deepEqual(await p.poll(0), [T(
      c.conn.fileno(),
      select.POLLIN | select.POLLOUT | select.POLLRDHUP,
    )]);
  });

  test("a refused connect polls POLLERR with everything else, as Linux reports it", async () => {
    let port: number;
    {
      using l = listener();
      port = (l.getsockname() as [string, number])[1];
    }
    using s = new socket.socket();
    s.setblocking(false);
    await s.connect_ex(["127.0.0.1", port]);
    const p = select.poll();
    p.register(s, ALL);
    const [[fd, ev]] = (await p.poll(5000)) as [[number, number]];
    assert.equal(fd, s.fileno());
    assert.equal(
      ev,
      select.POLLIN | select.POLLOUT | select.POLLERR | select.POLLHUP |
        select.POLLRDHUP,
    );
  });

  test("POLLERR and POLLHUP are reported even with an empty mask; POLLNVAL for a closed descriptor", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, 0);
    assert.deepEqual(await p.poll(0), []);
    const [a, d] = socket.socketpair();
    const fd = d.fileno();
    p.register(fd, select.POLLIN);
    d.close();
    a.close();
    assert.deepEqual(await p.poll(0), [T(fd, select.POLLNVAL)]);
    p.unregister(fd);
  });

  test("a listening socket polls POLLIN when a connection waits", async () => {
    using srv = listener();
    const p = select.poll();
    p.register(srv);
    assert.deepEqual(await p.poll(0), []);
    using _cli = await socket.create_connection(
      srv.getsockname() as [string, number],
    );
    assert.deepEqual(await p.poll(5000), [T(srv.fileno(), select.POLLIN)]);
  });

  test("register() again replaces the mask; unregister() stops reporting", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.cli, select.POLLIN);
    p.register(c.cli, select.POLLOUT);
    assert.deepEqual(await p.poll(0), [T(c.cli.fileno(), select.POLLOUT)]);
    p.unregister(c.cli);
    assert.deepEqual(await p.poll(0), []);
  });

  test("poll(ms) waits about that long; null and negative wait until ready", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, select.POLLIN);
    let t0 = performance.now();
    assert.deepEqual(await p.poll(120), []);
    assert.ok(since(t0) >= 115 && since(t0) < 2000, `${since(t0)} ms`);
    assert.deepEqual(await p.poll(0.2), [], "fractions of a ms round up");
    for (const forever of [null, -1, undefined]) {
      const timer = setTimeout(() => void c.cli.send(b("x")), 30);
      try {
        t0 = performance.now();
        assert.deepEqual(await p.poll(forever), [T(
          c.conn.fileno(),
          select.POLLIN,
        )]);
        assert.ok(since(t0) >= 20);
        await c.conn.recv(10);
      } finally {
        clearTimeout(timer);
      }
    }
  });

  test("a poll(0) loop sees data that arrives while it polls", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, select.POLLIN);
    const timer = setTimeout(() => void c.cli.send(b("x")), 30);
    try {
      const t0 = performance.now();
      let seen = false;
      for (let i = 0; i < 1_000_000 && since(t0) < 10_000 && !seen; i++) {
        seen = (await p.poll(0)).length > 0;
      }
      assert.ok(seen);
    } finally {
      clearTimeout(timer);
    }
  });

  test("poll() over 1000 sockets reports only the ready ones", async () => {
    const pairs: [socket.socket, socket.socket][] = [];
    try {
      for (let i = 0; i < 500; i++) pairs.push(socket.socketpair());
      const p = select.poll();
      for (const [x, y] of pairs) {
        p.register(x, select.POLLIN);
        p.register(y, select.POLLIN);
      }
      assert.deepEqual(await p.poll(0), []);
      await pairs[123]![0].sendall(b("x"));
      await pairs[456]![1].sendall(b("y"));
      const want = [pairs[123]![1].fileno(), pairs[456]![0].fileno()].sort();
      let got: number[] = [];
      for (let i = 0; i < 100 && got.length < 2; i++) {
        got = (await p.poll(5000)).map(([fd]) => fd).sort();
      }
      assert.deepEqual(got, want);
    } finally {
      for (const [x, y] of pairs) {
        x.close();
        y.close();
      }
    }
  });
});

describe("select.poll() errors", () => {
  test("modify() of an unregistered descriptor raises FileNotFoundError (ENOENT)", async () => {
    using c = await connected();
    assert.throws(
      () => select.poll().modify(c.cli, select.POLLIN),
      (e: unknown) =>
        assertOSError(e, FileNotFoundError, 2, "No such file or directory"),
    );
  });

  test("unregister() of an unregistered descriptor raises KeyError", async () => {
    using c = await connected();
    assert.throws(() => select.poll().unregister(c.cli), KeyError);
  });

  test("bad descriptors and masks raise Python's errors", async () => {
    using c = await connected();
    const p = select.poll();
    assert.throws(() => p.register("x"), {
      name: "TypeError",
      message: "argument must be an int, or have a fileno() method.",
    });
    assert.throws(() => p.register(-1), ValueError);
    assert.throws(() => p.register(c.cli, 1 << 16), OverflowError);
    assert.throws(() => p.register(c.cli, -1), {
      message: "value must be positive",
    });
    assert.throws(() => p.register(c.cli, "1" as unknown as number), TypeError);
  });

  test("bad timeouts raise Python's errors", async () => {
    const p = select.poll();
    await assert.rejects(p.poll("1" as unknown as number), {
      name: "TypeError",
      message: "timeout must be an integer or None",
    });
    await assert.rejects(p.poll(NaN), ValueError);
  });

  test("a second concurrent poll() raises RuntimeError", async () => {
    using c = await connected();
    const p = select.poll();
    p.register(c.conn, select.POLLIN);
    const first = p.poll(5000);
    await assert.rejects(p.poll(0), {
      name: "RuntimeError",
      message: "concurrent poll() invocation",
    });
    assert.ok(RuntimeError);
    await c.cli.sendall(b("x"));
    assert.equal((await first).length, 1);
  });
});

// select.epoll: interest kept between polls, level-triggered reports,
// EPOLLONESHOT, closed descriptors forgotten as Linux does, its own
// descriptor, and Python's errors.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as socket from "../../socket/mod.ts";
import {
  b,
  FileExistsError,
  FileNotFoundError,
  OSError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";
import { assertOSError, connected, listener } from "../socket/_helpers.ts";
import { since } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

describe("select.epoll events", () => {
  test("poll() reports registered descriptors level-triggered until the data is read", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN);
    assert.deepEqual(await ep.poll(0), []);
    await c.cli.sendall(b("abc"));
    const fd = c.conn.fileno();
    assert.deepEqual(await ep.poll(5), [T(fd, select.EPOLLIN)]);
    assert.deepEqual(await ep.poll(0), [T(fd, select.EPOLLIN)]);
    await c.conn.recv(10);
    assert.deepEqual(await ep.poll(0), []);
  });

  test("the default mask reports EPOLLOUT; modify() changes the mask", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.cli);
    assert.deepEqual(await ep.poll(0), [T(c.cli.fileno(), select.EPOLLOUT)]);
    ep.modify(c.cli, select.EPOLLIN);
    assert.deepEqual(await ep.poll(0), []);
  });

  test("EPOLLRDHUP and EPOLLHUP follow the peer's EOF and our shutdown", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN | select.EPOLLRDHUP);
    c.cli.shutdown(socket.SHUT_WR);
    assert.deepEqual(await ep.poll(5), [T(
      c.conn.fileno(),
      select.EPOLLIN | select.EPOLLRDHUP,
    )]);
    c.conn.shutdown(socket.SHUT_WR);
    ep.modify(c.conn, 0);
    assert.deepEqual(await ep.poll(0), [T(c.conn.fileno(), select.EPOLLHUP)]);
  });

  test("EPOLLONESHOT reports once, then nothing until modify()", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.cli, select.EPOLLOUT | select.EPOLLONESHOT);
    assert.deepEqual(await ep.poll(0), [T(c.cli.fileno(), select.EPOLLOUT)]);
    assert.deepEqual(await ep.poll(0), []);
    ep.modify(c.cli, select.EPOLLOUT | select.EPOLLONESHOT);
    assert.deepEqual(await ep.poll(0), [T(c.cli.fileno(), select.EPOLLOUT)]);
  });

  test("EPOLLET is accepted and reports readiness", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN | select.EPOLLET);
    await c.cli.sendall(b("x"));
    assert.deepEqual(await ep.poll(5), [T(c.conn.fileno(), select.EPOLLIN)]);
  });

  test("EPOLLEXCLUSIVE is accepted with EPOLLIN, EPOLLOUT and EPOLLET and not reported back", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN | select.EPOLLEXCLUSIVE);
    ep.register(
      c.cli,
      select.EPOLLOUT | select.EPOLLET | select.EPOLLEXCLUSIVE,
    );
    assert.deepEqual(await ep.poll(0), [T(c.cli.fileno(), select.EPOLLOUT)]);
    await c.cli.sendall(b("x"));
    ep.unregister(c.cli);
    assert.deepEqual(await ep.poll(5), [T(c.conn.fileno(), select.EPOLLIN)]);
  });

  test("EPOLLEXCLUSIVE with EPOLLONESHOT, EPOLLPRI or EPOLLRDHUP raises EINVAL and registers nothing, as on Linux", async () => {
    using c = await connected();
    using ep = new select.epoll();
    for (
      const bit of [select.EPOLLONESHOT, select.EPOLLPRI, select.EPOLLRDHUP]
    ) {
      assert.throws(
        () => ep.register(c.cli, select.EPOLLIN | select.EPOLLEXCLUSIVE | bit),
        (e: unknown) => assertOSError(e, OSError, 22),
      );
    }
    // Nothing was registered: a modify() finds no entry, a register() no
    // duplicate.
    assert.throws(() => ep.modify(c.cli, select.EPOLLIN), FileNotFoundError);
    ep.register(c.cli, select.EPOLLOUT);
    assert.deepEqual(await ep.poll(0), [T(c.cli.fileno(), select.EPOLLOUT)]);
  });

  test("a listening socket and its clients can share one epoll", async () => {
    using srv = listener();
    using ep = new select.epoll();
    ep.register(srv, select.EPOLLIN);
    using cli = await socket.create_connection(
      srv.getsockname() as [string, number],
    );
    assert.deepEqual(await ep.poll(5), [T(srv.fileno(), select.EPOLLIN)]);
    const [conn] = await srv.accept();
    using _conn = conn;
    ep.register(conn, select.EPOLLIN);
    await cli.sendall(b("hi"));
    assert.deepEqual(await ep.poll(5), [T(conn.fileno(), select.EPOLLIN)]);
  });

  test("poll(timeout, maxevents) waits in seconds and returns at most maxevents", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLOUT);
    ep.register(c.cli, select.EPOLLOUT);
    assert.equal((await ep.poll(0, 1)).length, 1);
    assert.equal((await ep.poll(0)).length, 2);
    ep.modify(c.conn, select.EPOLLIN);
    ep.modify(c.cli, select.EPOLLIN);
    const t0 = performance.now();
    assert.deepEqual(await ep.poll(0.12), []);
    assert.ok(since(t0) >= 115 && since(t0) < 2000, `${since(t0)} ms`);
    const timer = setTimeout(() => void c.cli.send(b("x")), 30);
    try {
      assert.deepEqual(await ep.poll(-1), [T(c.conn.fileno(), select.EPOLLIN)]);
    } finally {
      clearTimeout(timer);
    }
  });

  test("two tasks may poll one epoll at once, as two threads may", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN);
    const both = Promise.all([ep.poll(5), ep.poll(5)]);
    await c.cli.sendall(b("x"));
    const [one, two] = await both;
    assert.deepEqual(one, [T(c.conn.fileno(), select.EPOLLIN)]);
    assert.deepEqual(two, one);
  });

  test("the epoll's own descriptor is readable in select() when a registered socket is ready", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN);
    assert.deepEqual(await select.select([ep], [], [], 0), T([], [], []));
    await c.cli.sendall(b("x"));
    assert.deepEqual((await select.select([ep.fileno()], [], [], 5))[0], [
      ep.fileno(),
    ]);
  });

  test("a socket closed while registered is forgotten, as Linux's epoll does", async () => {
    const [a, d] = socket.socketpair();
    using ep = new select.epoll();
    try {
      ep.register(d, select.EPOLLIN | select.EPOLLOUT);
      const fd = d.fileno();
      assert.equal((await ep.poll(5)).length, 1);
      d.close();
      assert.deepEqual(await ep.poll(0), []);
      assert.throws(
        () => ep.unregister(fd),
        (e: unknown) => assertOSError(e, OSError, 9, "Bad file descriptor"),
      );
      // The number is reused by the next socket, which is not registered.
      using fresh = new socket.socket();
      assert.equal(fresh.fileno(), fd);
      assert.throws(() => ep.unregister(fresh), FileNotFoundError);
      assert.throws(() => ep.modify(fresh, select.EPOLLIN), FileNotFoundError);
      ep.register(fresh, select.EPOLLOUT);
      assert.deepEqual(await ep.poll(0), [T(
        fd,
        select.EPOLLOUT | select.EPOLLHUP,
      )]);
    } finally {
      a.close();
      d.close();
    }
  });

  test("a socket closed while a poll() waits on it is dropped and the poll keeps waiting", async () => {
    const [a, d] = socket.socketpair();
    using ep = new select.epoll();
    try {
      ep.register(d, select.EPOLLIN);
      const timer = setTimeout(() => d.close(), 20);
      try {
        const t0 = performance.now();
        assert.deepEqual(await ep.poll(0.2), []);
        assert.ok(since(t0) >= 190);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      a.close();
      d.close();
    }
  });

  test("1000 registered sockets: poll() returns only the ready ones", async () => {
    const pairs: [socket.socket, socket.socket][] = [];
    using ep = new select.epoll();
    try {
      for (let i = 0; i < 500; i++) {
        const p = socket.socketpair();
        pairs.push(p);
        ep.register(p[0], select.EPOLLIN);
        ep.register(p[1], select.EPOLLIN);
      }
      assert.deepEqual(await ep.poll(0), []);
      await pairs[7]![0].sendall(b("x"));
      assert.deepEqual(await ep.poll(5), [T(
        pairs[7]![1].fileno(),
        select.EPOLLIN,
      )]);
    } finally {
      for (const [x, y] of pairs) {
        x.close();
        y.close();
      }
    }
  });
});

describe("select.epoll lifecycle and errors", () => {
  test("register() twice raises FileExistsError (EEXIST)", async () => {
    using c = await connected();
    using ep = new select.epoll();
    ep.register(c.cli, select.EPOLLIN);
    assert.throws(
      () => ep.register(c.cli, select.EPOLLIN),
      (e: unknown) => assertOSError(e, FileExistsError, 17, "File exists"),
    );
  });

  test("modify() and unregister() of an unknown descriptor raise FileNotFoundError", async () => {
    using c = await connected();
    using ep = new select.epoll();
    assert.throws(
      () => ep.modify(c.cli, select.EPOLLIN),
      (e: unknown) =>
        assertOSError(e, FileNotFoundError, 2, "No such file or directory"),
    );
    assert.throws(() => ep.unregister(c.cli), FileNotFoundError);
  });

  test("register() of a descriptor that is not open raises OSError EBADF", () => {
    using ep = new select.epoll();
    assert.throws(
      () => ep.register(1000),
      (e: unknown) => assertOSError(e, OSError, 9, "Bad file descriptor"),
    );
  });

  test("bad arguments raise Python's errors", async () => {
    using c = await connected();
    using ep = new select.epoll();
    assert.throws(() => ep.register("x"), TypeError);
    assert.throws(() => ep.register(-1), ValueError);
    assert.throws(
      () => ep.register(c.cli, "1" as unknown as number),
      TypeError,
    );
    assert.throws(
      () => ep.register(c.cli, -1),
      (e: unknown) => assertOSError(e, OSError, 22),
    );
    await assert.rejects(ep.poll(0, 0), {
      message: "maxevents must be greater than 0, got 0",
    });
    await assert.rejects(ep.poll(0, -2), ValueError);
    await assert.rejects(ep.poll("1" as unknown as number), {
      name: "TypeError",
      message: "timeout must be an integer or None",
    });
    assert.throws(() => new select.epoll(0), { message: "negative sizehint" });
    assert.throws(() => new select.epoll(-2), ValueError);
    assert.throws(() => new select.epoll(-1, 5), { message: "invalid flags" });
    new select.epoll(-1, select.EPOLL_CLOEXEC).close();
  });

  test("a closed epoll reports closed and raises ValueError on use; close() twice is fine", async () => {
    using c = await connected();
    const ep = new select.epoll();
    assert.equal(ep.closed, false);
    assert.equal(typeof ep.fileno(), "number");
    ep.close();
    ep.close();
    assert.equal(ep.closed, true);
    const closedMsg = { message: "I/O operation on closed epoll object" };
    assert.throws(() => ep.fileno(), closedMsg);
    assert.throws(() => ep.register(c.cli), closedMsg);
    assert.throws(() => ep.modify(c.cli, 1), closedMsg);
    assert.throws(() => ep.unregister(c.cli), closedMsg);
    await assert.rejects(ep.poll(0), ValueError);
  });

  test("closing an epoll wakes a waiting poll() with ValueError", async () => {
    using c = await connected();
    const ep = new select.epoll();
    ep.register(c.conn, select.EPOLLIN);
    const waiting = ep.poll(5);
    setTimeout(() => ep.close(), 10);
    await assert.rejects(waiting, ValueError);
  });

  test("using closes the epoll at the end of the block", () => {
    let kept: select.epoll;
    {
      using ep = new select.epoll();
      kept = ep;
    }
    assert.equal(kept.closed, true);
  });
});

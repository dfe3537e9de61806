// Timeouts and non-blocking mode, as Python's socket module has them.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import {
  b,
  BlockingIOError,
  decode,
  OSError,
  TimeoutError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";
import { connected, listener, recvExactly } from "./_helpers.ts";

function isTimeout(e: unknown): boolean {
  assert.ok(e instanceof TimeoutError, String(e));
  assert.ok(e instanceof OSError);
  assert.equal(e.message, "timed out");
  assert.equal(e.errno, null);
  assert.deepEqual(e.args, new tuple(["timed out"]));
  return true;
}

function isWouldBlock(e: unknown): boolean {
  assert.ok(e instanceof BlockingIOError, String(e));
  assert.equal(e.errno, 11);
  assert.equal(e.message, "[Errno 11] Resource temporarily unavailable");
  return true;
}

describe("timeout settings", () => {
  test("a new socket blocks: gettimeout() is null and getblocking() true", () => {
    using s = new socket.socket();
    assert.equal(s.gettimeout(), null);
    assert.equal(s.timeout, null);
    assert.equal(s.getblocking(), true);
  });

  test("socket.timeout is TimeoutError", () => {
    assert.equal(socket.timeout, TimeoutError);
    assert.equal(socket.error, OSError);
  });

  test("settimeout(t) sets gettimeout() and the timeout attribute", () => {
    using s = new socket.socket();
    s.settimeout(2.5);
    assert.equal(s.gettimeout(), 2.5);
    assert.equal(s.timeout, 2.5);
    assert.equal(s.getblocking(), true);
  });

  test("setblocking(false) is settimeout(0); setblocking(true) is settimeout(null)", () => {
    using s = new socket.socket();
    s.setblocking(false);
    assert.equal(s.gettimeout(), 0);
    assert.equal(s.getblocking(), false);
    s.setblocking(true);
    assert.equal(s.gettimeout(), null);
    s.settimeout(0);
    assert.equal(s.getblocking(), false);
  });

  test("settimeout() rejects negative values, NaN and strings as Python does", () => {
    using s = new socket.socket();
    assert.throws(() => s.settimeout(-1), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.message, "Timeout value out of range");
      return true;
    });
    assert.throws(() => s.settimeout(NaN), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.message, "Invalid value NaN (not a number)");
      return true;
    });
    // deno-lint-ignore no-explicit-any
    assert.throws(() => s.settimeout("1" as any), {
      name: "TypeError",
      message: "'str' object cannot be interpreted as an integer",
    });
  });

  test("SOCK_NONBLOCK makes a non-blocking socket and is not part of type", () => {
    using s = new socket.socket(
      socket.AF_INET,
      socket.SOCK_STREAM | socket.SOCK_NONBLOCK,
    );
    assert.equal(s.type, socket.SOCK_STREAM);
    assert.equal(s.gettimeout(), 0);
  });

  test("setdefaulttimeout() applies to new and accepted sockets", async () => {
    assert.equal(socket.getdefaulttimeout(), null);
    socket.setdefaulttimeout(3);
    try {
      using s = new socket.socket();
      assert.equal(s.gettimeout(), 3);
      using srv = listener();
      using cli = new socket.socket();
      await cli.connect(srv.getsockname());
      const [conn] = await srv.accept();
      using _c = conn;
      assert.equal(conn.gettimeout(), 3);
    } finally {
      socket.setdefaulttimeout(null);
    }
    assert.equal(socket.getdefaulttimeout(), null);
    assert.throws(() => socket.setdefaulttimeout(-2), ValueError);
  });

  test("an accepted socket takes the default timeout, not the listener's", async () => {
    using srv = listener();
    srv.settimeout(5);
    using cli = new socket.socket();
    await cli.connect(srv.getsockname());
    const [conn] = await srv.accept();
    using _c = conn;
    assert.equal(conn.gettimeout(), null);
  });

  test("dup() keeps the timeout", () => {
    using s = new socket.socket();
    s.settimeout(1.5);
    using d = s.dup();
    assert.equal(d.gettimeout(), 1.5);
  });
});

describe("timeouts", () => {
  test("recv() with a timeout raises TimeoutError('timed out') after about that long", async () => {
    using p = await connected();
    p.conn.settimeout(0.1);
    const t0 = performance.now();
    await assert.rejects(p.conn.recv(10), isTimeout);
    const ms = performance.now() - t0;
    assert.ok(ms >= 90, `returned after ${ms} ms`);
    assert.ok(ms < 5000, `returned after ${ms} ms`);
  });

  test("a timed-out recv() loses no bytes that arrive later", async () => {
    using p = await connected();
    p.conn.settimeout(0.05);
    await assert.rejects(p.conn.recv(10), isTimeout);
    await assert.rejects(p.conn.recv(10), isTimeout);
    await p.cli.sendall(b("late bytes"));
    p.conn.settimeout(5);
    assert.equal(decode(await recvExactly(p.conn, 10)), "late bytes");
  });

  test("bytes keep their order across many timed-out recv() calls", async () => {
    using p = await connected();
    p.conn.settimeout(0.001);
    const got: number[] = [];
    const writer = (async () => {
      for (let i = 0; i < 50; i++) {
        await p.cli.sendall(new Uint8Array([i]));
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    for (let i = 0; i < 5000 && got.length < 50; i++) {
      try {
        const d = await p.conn.recv(7);
        got.push(...d);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
    }
    await writer;
    assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => i));
  });

  test("accept() with a timeout raises TimeoutError", async () => {
    using srv = listener();
    srv.settimeout(0.05);
    await assert.rejects(srv.accept(), isTimeout);
  });

  test("a connection made after accept() timed out is still accepted", async () => {
    using srv = listener();
    srv.settimeout(0.02);
    await assert.rejects(srv.accept(), isTimeout);
    using cli = new socket.socket();
    await cli.connect(srv.getsockname());
    srv.settimeout(5);
    const [conn, addr] = await srv.accept();
    using _c = conn;
    assert.deepEqual(addr, cli.getsockname());
  });

  test("recvfrom() on a UDP socket with a timeout raises TimeoutError", async () => {
    using u = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    u.bind(["127.0.0.1", 0]);
    u.settimeout(0.05);
    await assert.rejects(u.recvfrom(10), isTimeout);
  });

  test("recv() on an unbound UDP socket with a timeout raises TimeoutError", async () => {
    using u = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    u.settimeout(0.05);
    await assert.rejects(u.recv(10), isTimeout);
  });

  test("sendall() to a peer that never reads raises TimeoutError", async () => {
    using p = await connected();
    p.cli.settimeout(0.3);
    await assert.rejects(p.cli.sendall(new Uint8Array(64 << 20)), isTimeout);
  });

  test("create_connection(timeout) gives the socket that timeout", async () => {
    using srv = listener();
    using c = await socket.create_connection(
      srv.getsockname() as [string, number],
      { timeout: 4 },
    );
    assert.equal(c.gettimeout(), 4);
    const [conn] = await srv.accept();
    conn.close();
  });

  test("recv() with a timeout on an unconnected TCP socket raises ENOTCONN, not a timeout", async () => {
    using s = new socket.socket();
    s.settimeout(0.05);
    await assert.rejects(s.recv(1), (e: unknown) => {
      assert.ok(e instanceof OSError && e.errno === 107, String(e));
      return true;
    });
  });
});

describe("non-blocking mode", () => {
  test("recv() on a non-blocking socket with nothing to read raises BlockingIOError [Errno 11]", async () => {
    using p = await connected();
    p.conn.setblocking(false);
    await assert.rejects(p.conn.recv(10), isWouldBlock);
  });

  test("recv() on a non-blocking socket returns bytes that are there", async () => {
    using p = await connected();
    await p.cli.sendall(b("ready"));
    // Wait for the bytes in blocking mode without taking them.
    await p.conn.recv(5, socket.MSG_PEEK);
    p.conn.setblocking(false);
    const got: number[] = [];
    for (let i = 0; i < 5 && got.length < 5; i++) {
      got.push(...await p.conn.recv(5));
    }
    assert.equal(decode(new Uint8Array(got)), "ready");
  });

  test("recv(n, MSG_DONTWAIT) on a blocking socket raises BlockingIOError", async () => {
    using p = await connected();
    await assert.rejects(p.conn.recv(10, socket.MSG_DONTWAIT), isWouldBlock);
  });

  test("accept() on a non-blocking listener with no client raises BlockingIOError", async () => {
    using srv = listener();
    srv.setblocking(false);
    await assert.rejects(srv.accept(), isWouldBlock);
  });

  test("recvfrom() on a non-blocking UDP socket raises BlockingIOError", async () => {
    using u = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    u.bind(["127.0.0.1", 0]);
    u.setblocking(false);
    await assert.rejects(u.recvfrom(10), isWouldBlock);
  });

  test("connect_ex() on a non-blocking socket returns EINPROGRESS, then the connection completes", async () => {
    using srv = listener();
    using cli = new socket.socket();
    cli.setblocking(false);
    assert.equal(await cli.connect_ex(srv.getsockname()), 115);
    srv.settimeout(5);
    const [conn] = await srv.accept();
    using _c = conn;
    cli.settimeout(5);
    await cli.sendall(b("done"));
    assert.equal(decode(await recvExactly(conn, 4)), "done");
    assert.equal(cli.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
    assert.deepEqual(cli.getpeername(), srv.getsockname());
  });

  test("connect_ex() after a non-blocking connect completed returns 0 once, then EISCONN", async () => {
    using srv = listener();
    using cli = new socket.socket();
    cli.setblocking(false);
    assert.equal(await cli.connect_ex(srv.getsockname()), 115);
    const [conn] = await srv.accept();
    using _c = conn;
    let r = 115;
    for (let i = 0; i < 200 && (r === 115 || r === 114); i++) {
      r = await cli.connect_ex(srv.getsockname());
      if (r === 114) await new Promise((res) => setTimeout(res, 5));
    }
    assert.equal(r, 0);
    assert.equal(await cli.connect_ex(srv.getsockname()), 106);
  });

  test("connect() on a non-blocking socket raises BlockingIOError [Errno 115]", async () => {
    using srv = listener();
    using cli = new socket.socket();
    cli.setblocking(false);
    await assert.rejects(cli.connect(srv.getsockname()), (e: unknown) => {
      assert.ok(e instanceof BlockingIOError);
      assert.equal(e.errno, 115);
      assert.equal(e.message, "[Errno 115] Operation now in progress");
      return true;
    });
    const [conn] = await srv.accept();
    conn.close();
  });

  test("connect_ex() to a refusing port on a non-blocking socket reports ECONNREFUSED through SO_ERROR", async () => {
    const probe = new socket.socket();
    probe.bind(["127.0.0.1", 0]);
    const addr = probe.getsockname();
    probe.close();
    using cli = new socket.socket();
    cli.setblocking(false);
    assert.equal(await cli.connect_ex(addr), 115);
    let err = 0;
    for (let i = 0; i < 400 && err === 0; i++) {
      err = cli.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) as number;
      if (err === 0) await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(err, 111);
    assert.equal(cli.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
  });

  test("send() on a non-blocking socket ends in BlockingIOError when the peer does not read", async () => {
    using p = await connected();
    p.cli.setblocking(false);
    let err: unknown = null;
    let sent = 0;
    const chunk = new Uint8Array(1 << 16);
    for (let i = 0; i < 4096 && err === null; i++) {
      try {
        sent += await p.cli.send(chunk);
      } catch (e) {
        err = e;
      }
      if (i % 16 === 15) await new Promise((r) => setTimeout(r, 1));
    }
    assert.ok(sent > 0);
    isWouldBlock(err);
  });
});

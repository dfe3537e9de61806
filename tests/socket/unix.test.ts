// Unix domain sockets in a temp directory, and socketpair().

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as socket from "../../socket/mod.ts";
import {
  b,
  decode,
  FileNotFoundError,
  NotImplementedError,
  OSError,
} from "../../builtins/mod.ts";
import {
  connected,
  pattern,
  recvExactly,
  rejectsOS,
  tempDir,
} from "./_helpers.ts";

const RUNTIME = typeof (globalThis as { Deno?: unknown }).Deno === "object"
  ? "Deno"
  : typeof (globalThis as { Bun?: unknown }).Bun === "object"
  ? "Bun"
  : "Node";

describe("AF_UNIX SOCK_STREAM", () => {
  test("bind() creates the path and getsockname() returns it", () => {
    using dir = tempDir();
    const path = join(dir.path, "sock");
    using s = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
    s.bind(path);
    assert.ok(existsSync(path));
    assert.equal(s.getsockname(), path);
  });

  test("an unbound AF_UNIX socket's getsockname() is ''", () => {
    using s = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
    assert.equal(s.getsockname(), "");
  });

  test("accept() returns '' as the address of an unnamed client", async () => {
    using dir = tempDir();
    const path = join(dir.path, "s");
    using srv = new socket.socket(socket.AF_UNIX);
    srv.bind(path);
    srv.listen();
    using cli = new socket.socket(socket.AF_UNIX);
    await cli.connect(path);
    const [conn, addr] = await srv.accept();
    using _c = conn;
    assert.equal(addr, "");
    assert.equal(cli.getsockname(), "");
    assert.equal(cli.getpeername(), path);
    assert.equal(conn.getsockname(), path);
    assert.equal(conn.getpeername(), "");
  });

  test("bytes carry both ways and EOF reads as empty", async () => {
    using dir = tempDir();
    using p = await connected(socket.AF_UNIX, join(dir.path, "s"));
    const data = pattern(1 << 20);
    const reader = recvExactly(p.conn, data.length);
    await p.cli.sendall(data);
    assert.ok(Buffer.compare(await reader, data) === 0);
    await p.conn.sendall(b("back"));
    assert.equal(decode(await recvExactly(p.cli, 4)), "back");
    p.cli.close();
    assert.equal((await p.conn.recv(10)).length, 0);
  });

  test("a Uint8Array path works like a str path", async () => {
    using dir = tempDir();
    const path = join(dir.path, "bytes");
    using srv = new socket.socket(socket.AF_UNIX);
    srv.bind(new TextEncoder().encode(path));
    srv.listen();
    using cli = new socket.socket(socket.AF_UNIX);
    await cli.connect(path);
    const [conn] = await srv.accept();
    conn.close();
    assert.ok(existsSync(path));
  });

  test("proto is 0 and SO_TYPE is SOCK_STREAM", () => {
    using s = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
    assert.equal(s.proto, 0);
    assert.equal(s.family, socket.AF_UNIX);
    assert.equal(
      s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE),
      socket.SOCK_STREAM,
    );
  });

  test("connect() to a missing path raises FileNotFoundError", async () => {
    using dir = tempDir();
    using s = new socket.socket(socket.AF_UNIX);
    await rejectsOS(
      () => s.connect(join(dir.path, "missing")),
      FileNotFoundError,
      2,
      "No such file or directory",
    );
  });

  test("connect_ex() to a missing path returns ENOENT", async () => {
    using dir = tempDir();
    using s = new socket.socket(socket.AF_UNIX);
    assert.equal(await s.connect_ex(join(dir.path, "missing")), 2);
  });

  test("bind() to a path in use raises EADDRINUSE", () => {
    using dir = tempDir();
    const path = join(dir.path, "s");
    using a = new socket.socket(socket.AF_UNIX);
    a.bind(path);
    using c = new socket.socket(socket.AF_UNIX);
    assert.throws(
      () => c.bind(path),
      (e: unknown) =>
        e instanceof OSError && e.errno === 98 &&
        e.message === "[Errno 98] Address already in use",
    );
  });

  test("a path of 108 bytes or more raises OSError('AF_UNIX path too long')", () => {
    using s = new socket.socket(socket.AF_UNIX);
    assert.throws(() => s.bind("/tmp/" + "a".repeat(200)), {
      name: "OSError",
      message: "AF_UNIX path too long",
    });
  });

  test("a tuple address raises TypeError", () => {
    using s = new socket.socket(socket.AF_UNIX);
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => s.bind(["a", 1] as any),
      {
        name: "TypeError",
        message: "a bytes-like object is required, not 'tuple'",
      },
    );
  });

  test("listen() on an unbound AF_UNIX socket raises EINVAL", () => {
    using s = new socket.socket(socket.AF_UNIX);
    assert.throws(
      () => s.listen(),
      (e: unknown) => e instanceof OSError && e.errno === 22,
    );
  });

  test("TCP_NODELAY on an AF_UNIX socket raises EOPNOTSUPP", () => {
    using s = new socket.socket(socket.AF_UNIX);
    assert.throws(
      () => s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1),
      (e: unknown) =>
        e instanceof OSError && e.errno === 95 &&
        e.message === "[Errno 95] Operation not supported",
    );
  });
});

describe("AF_UNIX SOCK_DGRAM", () => {
  test(`binding raises NotImplementedError naming ${RUNTIME}, or works where the runtime has it`, async () => {
    using dir = tempDir();
    const pa = join(dir.path, "a"), pb = join(dir.path, "b");
    using a = new socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);
    let supported = true;
    try {
      a.bind(pa);
    } catch (e) {
      supported = false;
      assert.ok(e instanceof NotImplementedError, String(e));
      assert.match(e.message, new RegExp(`AF_UNIX datagram.*${RUNTIME}`));
    }
    if (supported) {
      using c = new socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);
      c.bind(pb);
      await c.sendto(b("unix dgram"), pa);
      const [data, addr] = await a.recvfrom(100);
      assert.equal(decode(data), "unix dgram");
      assert.equal(addr, pb);
    }
  });
});

describe("socketpair()", () => {
  test("socketpair() returns two connected AF_UNIX stream sockets", async () => {
    const [x, y] = socket.socketpair();
    using _x = x;
    using _y = y;
    assert.equal(x.family, socket.AF_UNIX);
    assert.equal(y.type, socket.SOCK_STREAM);
    await x.sendall(b("to y"));
    assert.equal(decode(await recvExactly(y, 4)), "to y");
    await y.sendall(b("to x"));
    assert.equal(decode(await recvExactly(x, 4)), "to x");
  });

  test("closing one end of a socketpair gives the other EOF", async () => {
    const [x, y] = socket.socketpair();
    using _y = y;
    x.close();
    assert.equal((await y.recv(10)).length, 0);
  });

  test("socketpair(AF_INET) connects over loopback", async () => {
    const [x, y] = socket.socketpair(socket.AF_INET);
    using _x = x;
    using _y = y;
    await x.sendall(b("inet"));
    assert.equal(decode(await recvExactly(y, 4)), "inet");
    assert.deepEqual(x.getpeername(), y.getsockname());
  });

  test("socketpair(AF_INET, SOCK_DGRAM) exchanges datagrams", async () => {
    const [x, y] = socket.socketpair(socket.AF_INET, socket.SOCK_DGRAM);
    using _x = x;
    using _y = y;
    await x.send(b("d1"));
    assert.equal(decode(await y.recv(10)), "d1");
  });
});

// A socket's life: construction, attributes, descriptors, dup(), detach(),
// close() and `using`.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import { b, decode, OSError, tuple, ValueError } from "../../builtins/mod.ts";
import { connected, recvExactly } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

describe("construction and attributes", () => {
  test("socket() defaults to AF_INET, SOCK_STREAM, proto 0", () => {
    using s = new socket.socket();
    assert.equal(s.family, socket.AF_INET);
    assert.equal(s.type, socket.SOCK_STREAM);
    assert.equal(s.proto, 0);
  });

  const kinds: [number, number, number][] = [
    [socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP],
    [socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_UDP],
    [socket.AF_INET6, socket.SOCK_STREAM, 0],
    [socket.AF_INET6, socket.SOCK_DGRAM, 0],
    [socket.AF_UNIX, socket.SOCK_STREAM, 0],
    [socket.AF_UNIX, socket.SOCK_DGRAM, 0],
  ];
  for (const [family, type, proto] of kinds) {
    test(`socket(${family}, ${type}, ${proto}) keeps family, type and proto`, () => {
      using s = new socket.socket(family, type, proto);
      assert.equal(s.family, family);
      assert.equal(s.type, type);
      assert.equal(s.proto, proto);
      assert.ok(s.fileno() >= 0);
    });
  }

  test("each open socket has its own fileno(), reused after close", () => {
    const a = new socket.socket();
    const c = new socket.socket();
    assert.notEqual(a.fileno(), c.fileno());
    const fd = a.fileno();
    a.close();
    using d = new socket.socket();
    assert.equal(d.fileno(), fd);
    c.close();
  });

  test("toString() reads like Python's repr", () => {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    s.bind(["127.0.0.1", 0]);
    const port = (s.getsockname() as [string, number])[1];
    assert.equal(
      String(s),
      `<socket.socket fd=${s.fileno()}, family=2, type=2, proto=0, laddr=('127.0.0.1', ${port})>`,
    );
    s.close();
    assert.equal(
      String(s),
      "<socket.socket [closed] fd=-1, family=2, type=2, proto=0>",
    );
  });

  test("an unbound socket's getsockname() is the wildcard with port 0", () => {
    using s4 = new socket.socket();
    using s6 = new socket.socket(socket.AF_INET6);
    assert.deepEqual(s4.getsockname(), T("0.0.0.0", 0));
    assert.deepEqual(s6.getsockname(), T("::", 0, 0, 0));
  });
});

describe("using and close()", () => {
  test("`using` closes the socket at the end of the block", () => {
    let outer: socket.socket;
    {
      using s = new socket.socket();
      outer = s;
      assert.ok(s.fileno() >= 0);
    }
    assert.equal(outer.fileno(), -1);
  });

  test("`await using` closes the socket too", async () => {
    let outer: socket.socket;
    {
      await using s = new socket.socket();
      outer = s;
    }
    assert.equal(outer.fileno(), -1);
  });

  test("close() of a connected socket gives the peer EOF", async () => {
    using p = await connected();
    p.conn.close();
    assert.equal((await p.cli.recv(10)).length, 0);
  });

  test("close() sends data already handed to sendall() before the FIN", async () => {
    using p = await connected();
    const data = new Uint8Array(4 << 20).fill(7);
    const reader = recvExactly(p.conn, data.length + 1);
    await p.cli.sendall(data);
    p.cli.close();
    const got = await reader;
    assert.equal(got.length, data.length);
  });

  test("close() of a listener frees its port for a new listener", () => {
    const a = new socket.socket();
    a.bind(["127.0.0.1", 0]);
    a.listen();
    const addr = a.getsockname();
    a.close();
    using c = new socket.socket();
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1);
    c.bind(addr);
    c.listen();
    assert.deepEqual(c.getsockname(), addr);
  });
});

describe("dup(), detach() and fileno", () => {
  test("dup() makes a second socket on the same connection", async () => {
    using p = await connected();
    using d = p.cli.dup();
    assert.notEqual(d.fileno(), p.cli.fileno());
    assert.equal(d.family, p.cli.family);
    assert.deepEqual(d.getsockname(), p.cli.getsockname());
    await d.sendall(b("via dup"));
    assert.equal(decode(await recvExactly(p.conn, 7)), "via dup");
  });

  test("the connection stays open until the original and its dup() are closed", async () => {
    using p = await connected();
    const d = p.cli.dup();
    p.cli.close();
    await d.sendall(b("alive"));
    assert.equal(decode(await recvExactly(p.conn, 5)), "alive");
    d.close();
    assert.equal((await p.conn.recv(10)).length, 0);
  });

  test("detach() returns the descriptor and leaves the connection open", async () => {
    using p = await connected();
    const fd = p.cli.fileno();
    const detached = p.cli.detach();
    assert.equal(detached, fd);
    assert.equal(p.cli.fileno(), -1);
    using again = new socket.socket(null, null, null, detached);
    assert.equal(again.fileno(), fd);
    assert.equal(again.family, socket.AF_INET);
    assert.equal(again.type, socket.SOCK_STREAM);
    await again.sendall(b("reborn"));
    assert.equal(decode(await recvExactly(p.conn, 6)), "reborn");
  });

  test("detach() of a closed socket returns -1", () => {
    const s = new socket.socket();
    s.close();
    assert.equal(s.detach(), -1);
  });

  test("socket(fileno=) with a negative number raises ValueError", () => {
    assert.throws(
      () => new socket.socket(null, null, null, -5),
      (e: unknown) =>
        e instanceof ValueError && e.message === "negative file descriptor",
    );
  });

  test("socket(fileno=) with a closed descriptor raises EBADF", () => {
    const s = new socket.socket();
    const fd = s.fileno();
    s.close();
    assert.throws(
      () => new socket.socket(null, null, null, fd),
      (e: unknown) => e instanceof OSError && e.errno === 9,
    );
  });
});

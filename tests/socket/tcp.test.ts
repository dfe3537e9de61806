// TCP over IPv4 and IPv6 loopback: the stream calls of socket.socket.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as socket from "../../socket/mod.ts";
import { b, decode } from "../../builtins/mod.ts";
import {
  connected,
  listener,
  loopback,
  pattern,
  recvExactly,
  tempDir,
  within,
} from "./_helpers.ts";

const FAMILIES: [string, number, string][] = [
  ["AF_INET", socket.AF_INET, "127.0.0.1"],
  ["AF_INET6", socket.AF_INET6, "::1"],
];

for (const [name, family, host] of FAMILIES) {
  describe(`TCP over ${name}`, () => {
    test("bind() to port 0 gives getsockname() a real port at once", () => {
      using s = new socket.socket(family, socket.SOCK_STREAM);
      s.bind(loopback(family));
      const addr = s.getsockname() as readonly unknown[];
      assert.equal(addr[0], host);
      assert.ok((addr[1] as number) > 0 && (addr[1] as number) < 65536);
      assert.equal(addr.length, family === socket.AF_INET6 ? 4 : 2);
    });

    test("accept() returns the connection and the client's address", async () => {
      using srv = listener(family);
      using cli = new socket.socket(family, socket.SOCK_STREAM);
      await cli.connect(srv.getsockname());
      const [conn, addr] = await srv.accept();
      using _c = conn;
      assert.deepEqual(addr, cli.getsockname());
      assert.deepEqual(conn.getpeername(), cli.getsockname());
      assert.deepEqual(cli.getpeername(), srv.getsockname());
      assert.deepEqual(conn.getsockname(), srv.getsockname());
      assert.equal(conn.family, family);
      assert.equal(conn.type, socket.SOCK_STREAM);
    });

    test("send() and recv() carry bytes both ways", async () => {
      using p = await connected(family);
      assert.equal(await p.cli.send(b("ping")), 4);
      assert.equal(decode(await recvExactly(p.conn, 4)), "ping");
      await p.conn.sendall(b("pong"));
      assert.equal(decode(await recvExactly(p.cli, 4)), "pong");
    });

    test("recv() returns an empty Uint8Array at EOF", async () => {
      using p = await connected(family);
      p.cli.close();
      const data = await p.conn.recv(1024);
      assert.ok(data instanceof Uint8Array);
      assert.equal(data.length, 0);
      assert.equal((await p.conn.recv(1024)).length, 0);
    });

    test("connect_ex() returns 0 on success", async () => {
      using srv = listener(family);
      using cli = new socket.socket(family, socket.SOCK_STREAM);
      assert.equal(await cli.connect_ex(srv.getsockname()), 0);
      const [conn] = await srv.accept();
      conn.close();
    });
  });
}

describe("TCP data transfer", () => {
  test("recv() returns at most bufsize bytes", async () => {
    using p = await connected();
    await p.cli.sendall(b("abcdefgh"));
    const first = await p.conn.recv(3);
    assert.ok(first.length >= 1 && first.length <= 3);
    const rest = await recvExactly(p.conn, 8 - first.length);
    assert.equal(decode(first) + decode(rest), "abcdefgh");
  });

  test("recv(0) returns an empty Uint8Array without waiting, and takes no bytes", async () => {
    using p = await connected();
    // Nothing was sent: a recv(0) that waited for data would never return.
    const data = await within(1000, "recv(0)", p.conn.recv(0));
    assert.ok(data instanceof Uint8Array);
    assert.equal(data.length, 0);
    await p.cli.sendall(b("abc"));
    assert.equal(decode(await p.conn.recv(1)), "a");
    assert.equal((await within(1000, "recv(0)", p.conn.recv(0))).length, 0);
    const rest = await within(5000, "recv(2)", recvExactly(p.conn, 2));
    assert.equal(decode(rest), "bc");
  });

  test("sendall() of 8 MiB arrives complete and in order", async () => {
    using p = await connected();
    const data = pattern(8 << 20);
    const reader = recvExactly(p.conn, data.length);
    await p.cli.sendall(data);
    const got = await reader;
    assert.equal(got.length, data.length);
    assert.ok(Buffer.compare(got, data) === 0, "bytes differ");
  });

  test("many small sends arrive in order", async () => {
    using p = await connected();
    const parts: number[] = [];
    for (let i = 0; i < 500; i++) {
      await p.cli.send(new Uint8Array([i & 0xff, (i >> 8) & 0xff]));
      parts.push(i & 0xff, (i >> 8) & 0xff);
    }
    const got = await recvExactly(p.conn, parts.length);
    assert.deepEqual(Array.from(got), parts);
  });

  test("send() accepts any bytes-like object (DataView, ArrayBuffer, Int16Array)", async () => {
    using p = await connected();
    const u8 = new Uint8Array([1, 2, 3, 4]);
    await p.cli.sendall(new DataView(u8.buffer, 1, 2));
    await p.cli.sendall(u8.buffer.slice(0, 1));
    await p.cli.sendall(new Int16Array([0x0605]));
    const got = await recvExactly(p.conn, 5);
    assert.deepEqual(Array.from(got), [2, 3, 1, 5, 6]);
  });

  test("recv_into() fills the buffer and returns the count", async () => {
    using p = await connected();
    await p.cli.sendall(b("hello"));
    const buf = new Uint8Array(10);
    let n = 0;
    for (let i = 0; i < 5 && n < 5; i++) {
      n += await p.conn.recv_into(buf.subarray(n));
    }
    assert.equal(n, 5);
    assert.equal(decode(buf.subarray(0, 5)), "hello");
    assert.deepEqual(Array.from(buf.subarray(5)), [0, 0, 0, 0, 0]);
  });

  test("recv_into() with nbytes reads at most nbytes", async () => {
    using p = await connected();
    await p.cli.sendall(b("abcdef"));
    const buf = new Uint8Array(6);
    const n = await p.conn.recv_into(buf, 2);
    assert.ok(n >= 1 && n <= 2);
    assert.equal(buf[n], 0);
  });

  test("recv_into() returns 0 at EOF", async () => {
    using p = await connected();
    p.cli.close();
    assert.equal(await p.conn.recv_into(new Uint8Array(4)), 0);
  });

  test("recvfrom() on a TCP socket returns the bytes and null", async () => {
    using p = await connected();
    await p.cli.sendall(b("hi"));
    const [data, addr] = await p.conn.recvfrom(2, socket.MSG_WAITALL);
    assert.equal(decode(data), "hi");
    assert.equal(addr, null);
  });

  test("recvfrom_into() on a TCP socket returns the count and null", async () => {
    using p = await connected();
    await p.cli.sendall(b("hey"));
    const buf = new Uint8Array(8);
    const [n, addr] = await p.conn.recvfrom_into(buf, 3, socket.MSG_WAITALL);
    assert.equal(n, 3);
    assert.equal(decode(buf.subarray(0, 3)), "hey");
    assert.equal(addr, null);
  });

  test("recv(n, MSG_WAITALL) waits for all n bytes", async () => {
    using p = await connected();
    const got = p.conn.recv(6, socket.MSG_WAITALL);
    await p.cli.sendall(b("abc"));
    await new Promise((r) => setTimeout(r, 20));
    await p.cli.sendall(b("def"));
    assert.equal(decode(await got), "abcdef");
  });

  test("recv(n, MSG_PEEK) leaves the bytes to be read again", async () => {
    using p = await connected();
    await p.cli.sendall(b("peek"));
    const peeked = await p.conn.recv(4, socket.MSG_PEEK);
    assert.ok(peeked.length >= 1);
    assert.equal(decode(peeked), "peek".slice(0, peeked.length));
    assert.equal(decode(await recvExactly(p.conn, 4)), "peek");
  });

  test("concurrent recv() calls get disjoint bytes in order", async () => {
    using p = await connected();
    const a = p.conn.recv(3, socket.MSG_WAITALL);
    const c = p.conn.recv(3, socket.MSG_WAITALL);
    await p.cli.sendall(b("123456"));
    assert.equal(decode(await a) + decode(await c), "123456");
  });

  test("a full-duplex echo of 1 MiB returns identical bytes", async () => {
    using p = await connected();
    const data = pattern(1 << 20, 3);
    const echo = (async () => {
      for (let i = 0; i < 100000; i++) {
        const d = await p.conn.recv(65536);
        if (d.length === 0) return;
        await p.conn.sendall(d);
      }
    })();
    const reader = recvExactly(p.cli, data.length);
    await p.cli.sendall(data);
    p.cli.shutdown(socket.SHUT_WR);
    const got = await reader;
    await echo;
    assert.ok(Buffer.compare(got, data) === 0);
  });
});

describe("shutdown()", () => {
  test("shutdown(SHUT_WR) sends EOF to the peer but keeps receiving", async () => {
    using p = await connected();
    await p.cli.sendall(b("last"));
    p.cli.shutdown(socket.SHUT_WR);
    assert.equal(decode(await recvExactly(p.conn, 4)), "last");
    assert.equal((await p.conn.recv(10)).length, 0);
    await p.conn.sendall(b("reply"));
    assert.equal(decode(await recvExactly(p.cli, 5)), "reply");
  });

  test("shutdown(SHUT_RD) makes recv() return EOF", async () => {
    using p = await connected();
    p.conn.shutdown(socket.SHUT_RD);
    assert.equal((await p.conn.recv(10)).length, 0);
  });

  test("shutdown(SHUT_RDWR) ends both directions", async () => {
    using p = await connected();
    p.cli.shutdown(socket.SHUT_RDWR);
    assert.equal((await p.cli.recv(10)).length, 0);
    assert.equal((await p.conn.recv(10)).length, 0);
  });
});

describe("bind() before connect()", () => {
  test("connect() from a bound socket uses the bound address", async () => {
    using srv = listener();
    using cli = new socket.socket();
    cli.bind(["127.0.0.1", 0]);
    const local = cli.getsockname();
    await cli.connect(srv.getsockname());
    const [conn, addr] = await srv.accept();
    using _c = conn;
    assert.deepEqual(addr, local);
    assert.deepEqual(cli.getsockname(), local);
  });

  test("listen() on an unbound socket binds a free port on all interfaces", () => {
    using s = new socket.socket();
    s.listen();
    const [host, port] = s.getsockname() as [string, number];
    assert.equal(host, "0.0.0.0");
    assert.ok(port > 0);
  });

  test("listen(backlog) accepts several queued connections", async () => {
    using srv = new socket.socket();
    srv.bind(["127.0.0.1", 0]);
    srv.listen(5);
    const clients = [0, 1, 2].map(() => new socket.socket());
    try {
      await Promise.all(clients.map((c) => c.connect(srv.getsockname())));
      const seen = new Set<number>();
      for (let i = 0; i < 3; i++) {
        const [conn, addr] = await srv.accept();
        conn.close();
        seen.add((addr as [string, number])[1]);
      }
      assert.deepEqual(
        seen,
        new Set(clients.map((c) => (c.getsockname() as [string, number])[1])),
      );
    } finally {
      for (const c of clients) c.close();
    }
  });
});

describe("sendfile()", () => {
  test("sendfile(path) sends the whole file and returns its size", async () => {
    using dir = tempDir();
    const data = pattern(300_000, 11);
    const path = join(dir.path, "f.bin");
    await writeFile(path, data);
    using p = await connected();
    const reader = recvExactly(p.conn, data.length);
    assert.equal(await p.cli.sendfile(path), data.length);
    const got = await reader;
    assert.ok(Buffer.compare(got, data) === 0);
  });

  test("sendfile(file, offset, count) sends that slice of an open file", async () => {
    using dir = tempDir();
    const path = join(dir.path, "f.txt");
    await writeFile(path, "0123456789");
    using p = await connected();
    const fh = await open(path, "r");
    try {
      assert.equal(await p.cli.sendfile(fh, 2, 5), 5);
    } finally {
      await fh.close();
    }
    assert.equal(decode(await recvExactly(p.conn, 5)), "23456");
  });

  /** A Python-style binary file over bytes: read(n), seek(pos), tell(). */
  class BytesFile {
    readonly mode = "rb";
    pos = 0;
    reads: number[] = [];
    readonly data: Uint8Array;
    constructor(data: Uint8Array) {
      this.data = data;
    }
    read(n: number): Uint8Array {
      this.reads.push(n);
      const out = this.data.slice(this.pos, this.pos + n);
      this.pos += out.length;
      return out;
    }
    seek(pos: number): number {
      return this.pos = pos;
    }
    tell(): number {
      return this.pos;
    }
  }

  test("sendfile() of a Python-style file object reads it with read() and sends it all", async () => {
    using p = await connected();
    const data = pattern(50_000, 3);
    const f = new BytesFile(data);
    const reader = recvExactly(p.conn, data.length);
    assert.equal(await p.cli.sendfile(f), data.length);
    assert.ok(Buffer.compare(await reader, data) === 0);
    // Python's fallback path: 8 KiB reads until one comes back empty.
    assert.deepEqual(new Set(f.reads), new Set([8192]));
    assert.equal(f.tell(), data.length);
  });

  test("sendfile(file, offset, count) of a file object seeks, and leaves its position at offset + sent", async () => {
    using p = await connected();
    const f = new BytesFile(b("0123456789"));
    assert.equal(await p.cli.sendfile(f, 2, 5), 5);
    assert.equal(decode(await recvExactly(p.conn, 5)), "23456");
    assert.equal(f.tell(), 7);
    // offset 0 reads on from where the file is, as Python's fallback does.
    assert.equal(await p.cli.sendfile(f, { count: 2 }), 2);
    assert.equal(decode(await recvExactly(p.conn, 2)), "78");
    assert.equal(f.tell(), 2);
  });

  test("sendfile() of a makefile('rb') file sends what that socket reads, to EOF", async () => {
    using p = await connected();
    const [a, c] = socket.socketpair();
    using _a = a, _c = c;
    await a.sendall(b("through a socket file"));
    a.close();
    using src = c.makefile("rb");
    assert.equal(await p.cli.sendfile(src), 21);
    assert.equal(
      decode(await recvExactly(p.conn, 21)),
      "through a socket file",
    );
  });

  test("sendfile() of a non-file raises TypeError, of a text file ValueError", async () => {
    using p = await connected();
    await assert.rejects(p.cli.sendfile(42 as never), {
      name: "TypeError",
      message: "a file object is required, not 'int'",
    });
    await assert.rejects(p.cli.sendfile({ data: 1 } as never), TypeError);
    const [a, c] = socket.socketpair();
    using _a = a, _c = c;
    using text = c.makefile("r");
    await assert.rejects(p.cli.sendfile(text), {
      name: "ValueError",
      message: "file should be opened in binary mode",
    });
    await assert.rejects(
      p.cli.sendfile({ read: () => "text" }),
      {
        name: "TypeError",
        message: "a bytes-like object is required, not 'str'",
      },
    );
  });

  test("sendfile() of a Deno FsFile leaves its position at offset + sent", {
    skip: !("Deno" in globalThis),
  }, async () => {
    using dir = tempDir();
    const path = join(dir.path, "f.txt");
    await writeFile(path, "0123456789");
    using p = await connected();
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    using fh = await D.open(path);
    assert.equal(await p.cli.sendfile(fh, 3, 4), 4);
    assert.equal(decode(await recvExactly(p.conn, 4)), "3456");
    assert.equal(await fh.seek(0, D.SeekMode.Current), 7);
  });
});

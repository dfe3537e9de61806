// socket.makefile(): buffered binary and text files over a connection.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import { b, decode, ValueError } from "../../builtins/mod.ts";
import { connected, recvExactly } from "./_helpers.ts";

describe("reading", () => {
  test("makefile('rb').readline() returns one line with its newline", async () => {
    using p = await connected();
    await p.cli.sendall(b("first\nsecond\nno newline"));
    p.cli.shutdown(socket.SHUT_WR);
    const f = p.conn.makefile("rb");
    try {
      assert.deepEqual(await f.readline(), b("first\n"));
      assert.deepEqual(await f.readline(), b("second\n"));
      assert.deepEqual(await f.readline(), b("no newline"));
      assert.deepEqual(await f.readline(), new Uint8Array(0));
    } finally {
      await f.close();
    }
  });

  test("makefile('rb').read(n) waits for n bytes and read() reads to EOF", async () => {
    using p = await connected();
    const f = p.conn.makefile("rb");
    try {
      const first = f.read(4);
      await p.cli.sendall(b("ab"));
      await p.cli.sendall(b("cdef"));
      assert.deepEqual(await first, b("abcd"));
      p.cli.shutdown(socket.SHUT_WR);
      assert.deepEqual(await f.read(), b("ef"));
      assert.deepEqual(await f.read(), new Uint8Array(0));
    } finally {
      await f.close();
    }
  });

  test("iterating a binary file yields its lines until EOF", async () => {
    using p = await connected();
    await p.cli.sendall(b("a\nbb\nccc\n"));
    p.cli.close();
    const f = p.conn.makefile("rb");
    const lines: string[] = [];
    for await (const line of f) lines.push(decode(line as Uint8Array));
    await f.close();
    assert.deepEqual(lines, ["a\n", "bb\n", "ccc\n"]);
  });

  test("makefile('r') reads text lines, with \\r\\n translated to \\n", async () => {
    using p = await connected();
    await p.cli.sendall(b("héllo\r\nwörld\n"));
    p.cli.close();
    const f = p.conn.makefile("r");
    try {
      assert.equal(await f.readline(), "héllo\n");
      const rest: (string | Uint8Array)[] = [];
      for await (const line of f) rest.push(line);
      assert.deepEqual(rest, ["wörld\n"]);
    } finally {
      await f.close();
    }
  });

  test("text reading keeps a multi-byte character split across sends whole", async () => {
    using p = await connected();
    const bytes = b("€uro\n");
    const f = p.conn.makefile("r", null, { encoding: "utf-8" });
    try {
      const line = f.readline();
      await p.cli.sendall(bytes.subarray(0, 1));
      await new Promise((r) => setTimeout(r, 10));
      await p.cli.sendall(bytes.subarray(1));
      assert.equal(await line, "€uro\n");
    } finally {
      await f.close();
    }
  });

  test("readlines() returns all remaining lines", async () => {
    using p = await connected();
    await p.cli.sendall(b("x\ny\n"));
    p.cli.close();
    const f = p.conn.makefile("rb");
    assert.deepEqual(await f.readlines(), [b("x\n"), b("y\n")]);
    await f.close();
  });

  test("readline(size) stops after size bytes", async () => {
    using p = await connected();
    await p.cli.sendall(b("abcdef\n"));
    const f = p.conn.makefile("rb");
    try {
      assert.deepEqual(await f.readline(3), b("abc"));
      assert.deepEqual(await f.readline(), b("def\n"));
    } finally {
      await f.close();
    }
  });
});

describe("writing", () => {
  test("makefile('wb').write() buffers and flush() sends", async () => {
    using p = await connected();
    const f = p.cli.makefile("wb");
    assert.equal(await f.write(b("buffered ")), 9);
    assert.equal(await f.write(b("bytes")), 5);
    await f.flush();
    assert.equal(decode(await recvExactly(p.conn, 14)), "buffered bytes");
    await f.close();
  });

  test("close() of a write file flushes it", async () => {
    using p = await connected();
    const f = p.cli.makefile("wb");
    await f.write(b("on close"));
    await f.close();
    assert.equal(decode(await recvExactly(p.conn, 8)), "on close");
    assert.equal(f.closed, true);
  });

  test("makefile('w') writes text encoded as UTF-8", async () => {
    using p = await connected();
    const f = p.cli.makefile("w");
    assert.equal(await f.write("naïve\n"), 6);
    await f.flush();
    assert.equal(decode(await recvExactly(p.conn, 7)), "naïve\n");
    await f.close();
  });

  test("a text file refuses bytes and a binary file refuses str", async () => {
    using p = await connected();
    const t = p.cli.makefile("w");
    const bin = p.cli.makefile("wb");
    try {
      // deno-lint-ignore no-explicit-any
      await assert.rejects(t.write(b("x") as any), {
        name: "TypeError",
        message: "write() argument must be str, not bytes",
      });
      // deno-lint-ignore no-explicit-any
      await assert.rejects(bin.write("x" as any), {
        name: "TypeError",
        message: "a bytes-like object is required, not 'str'",
      });
    } finally {
      await t.close();
      await bin.close();
    }
  });

  test("a large write through makefile('wb') arrives whole", async () => {
    using p = await connected();
    const data = new Uint8Array(1 << 20).map((_, i) => i % 251);
    const reader = recvExactly(p.conn, data.length);
    const f = p.cli.makefile("wb");
    await f.write(data);
    await f.close();
    assert.ok(Buffer.compare(await reader, data) === 0);
  });
});

describe("file and socket lifetime", () => {
  test("the connection stays open until both the socket and its file are closed", async () => {
    using p = await connected();
    const f = p.cli.makefile("rwb");
    const fd = p.cli.fileno();
    p.cli.close();
    assert.equal(p.cli.fileno(), fd);
    await f.write(b("still open"));
    await f.flush();
    assert.equal(decode(await recvExactly(p.conn, 10)), "still open");
    await f.close();
    assert.equal(p.cli.fileno(), -1);
    assert.equal((await p.conn.recv(10)).length, 0);
  });

  test("reading a closed file raises ValueError", async () => {
    using p = await connected();
    const f = p.conn.makefile("rb");
    await f.close();
    await assert.rejects(f.read(1), (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.equal(e.message, "I/O operation on closed file.");
      return true;
    });
  });

  test("an invalid mode raises ValueError", () => {
    using s = new socket.socket();
    assert.throws(() => s.makefile("rx"), ValueError);
    assert.throws(() => s.makefile("r", 0), {
      name: "ValueError",
      message: "unbuffered streams must be binary",
    });
  });

  test("a makefile() call that raises leaves nothing holding the socket open", () => {
    const s = new socket.socket();
    assert.throws(() => s.makefile("r", 0), ValueError);
    s.close();
    assert.equal(s.fileno(), -1);
  });

  test("using f = s.makefile() closes a reading file when the block ends", async () => {
    using p = await connected();
    await p.cli.sendall(b("line\nrest"));
    let file: socket.SocketFile;
    {
      using f = p.conn.makefile("rb");
      file = f;
      assert.deepEqual(await f.readline(), b("line\n"));
    }
    assert.equal(file.closed, true);
    await assert.rejects(file.read(1), ValueError);
    // The socket itself is still open and reads on after the file's buffer.
    assert.equal(p.conn.fileno() >= 0, true);
  });

  test("using f = s.makefile('w') sends what is buffered when the block ends", async () => {
    using p = await connected();
    let file: socket.SocketFile;
    {
      using f = p.cli.makefile("w");
      file = f;
      await f.write("buffered\n");
    }
    assert.equal(file.closed, true);
    assert.equal(decode(await recvExactly(p.conn, 9)), "buffered\n");
  });

  test("using both a socket and its file: buffered data are sent before the socket closes", async () => {
    using p = await connected();
    const data = new Uint8Array(300_000).fill(7);
    {
      using s = p.cli.dup();
      p.cli.close();
      using f = s.makefile("wb", 1 << 20);
      await f.write(data);
    }
    const got = await recvExactly(p.conn, data.length);
    assert.equal(got.length, data.length);
    assert.equal((await p.conn.recv(10)).length, 0);
  });

  test("await using f = s.makefile('wb') has sent the buffer when the block ends", async () => {
    using p = await connected();
    let file: socket.SocketFile;
    {
      await using f = p.cli.makefile("wb");
      file = f;
      await f.write(b("waited"));
    }
    assert.equal(file.closed, true);
    assert.equal(decode(await recvExactly(p.conn, 6)), "waited");
  });

  test("makefile() exposes mode and name", async () => {
    using p = await connected();
    const f = p.conn.makefile("rb");
    assert.equal(f.mode, "rb");
    assert.equal(f.name, p.conn.fileno());
    await f.close();
  });
});

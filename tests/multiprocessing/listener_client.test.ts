// multiprocessing.connection Listener and Client, against CPython: a
// pyport Listener serving a python3 Client and the reverse, with pickled
// values of every supported type, 16 MiB messages, the HMAC authentication
// (a wrong key on either side), a peer that closes mid-message, and
// Python's errors for bad input; then pyport to pyport, with wait() and
// poll() over socket connections.

import { describe, test } from "node:test";
import { python } from "./_python.ts";
import assert from "node:assert/strict";
import process from "node:process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  answer_challenge,
  Client,
  Connection,
  deliver_challenge,
  Listener,
  Pipe,
  wait,
} from "../../multiprocessing/connection/mod.ts";
import {
  AuthenticationError,
  BufferTooShort,
} from "../../multiprocessing/mod.ts";
import { PicklingError } from "../../pickle/mod.ts";
import {
  bytearray,
  EOFError,
  frozenset,
  OSError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";

const T = (...xs: unknown[]) => new tuple(xs);
const enc = (s: string) => new TextEncoder().encode(s);
const KEY = enc("secret password");

/**
 * `listener.accept()`, or a failure once the python3 peer has ended (and
 * 5 s more passed) without a connection coming: a broken peer cannot hang
 * the test.
 */
async function acceptFrom(
  listener: Listener,
  py: { done: Promise<string> },
): Promise<Connection> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let over = false;
  const gaveUp = new Promise<never>((_, reject) => {
    const fail = (why: unknown) => {
      if (over) return;
      timer = setTimeout(
        () => reject(new Error(`python3 ended without connecting: ${why}`)),
        5000,
      );
    };
    py.done.then(fail, fail);
  });
  gaveUp.catch(() => {});
  try {
    return await Promise.race([listener.accept(), gaveUp]);
  } finally {
    over = true;
    clearTimeout(timer);
  }
}

/** The value both sides build and compare (Python literal and pyport value). */
const PY_VALUE =
  "[None, True, False, 7, -3, 2**70, 1.5, 'é😀', b'\\x00\\xff', bytearray(b'ab'), (1, 'a'), [2, [3]], {'k': 1, 4: (5,)}, {6}, frozenset({7}), ValueError('v', 1)]";

function checkValue(v: unknown): void {
  const a = v as unknown[];
  assert.deepEqual(a.slice(0, 9), [
    null,
    true,
    false,
    7,
    -3,
    2n ** 70n,
    1.5,
    "é😀",
    new Uint8Array([0, 255]),
  ]);
  assert.ok(a[9] instanceof bytearray);
  assert.ok(Array.isArray(a[10]) && Object.isFrozen(a[10]));
  assert.deepEqual(a[10], T(1, "a"));
  assert.deepEqual(a[11], [2, [3]]);
  assert.deepEqual(a[12], new Map<unknown, unknown>([["k", 1], [4, T(5)]]));
  assert.deepEqual(a[13], new Set([6]));
  assert.ok(a[14] instanceof frozenset && a[14].has(7));
  assert.ok(a[15] instanceof ValueError);
  assert.deepEqual((a[15] as ValueError).args, T("v", 1));
}

function tsValue(): unknown {
  return [
    null,
    true,
    false,
    7,
    -3,
    2n ** 70n,
    1.5,
    "é😀",
    new Uint8Array([0, 255]),
    new bytearray([97, 98]),
    Object.freeze([1, "a"]),
    [2, [3]],
    new Map<unknown, unknown>([["k", 1], [4, Object.freeze([5])]]),
    new Set([6]),
    new frozenset([7]),
    new ValueError("v", 1),
  ];
}

const PY_CHECK = `
def check(v):
    assert v == ${PY_VALUE}[:-1] + [v[-1]], v
    assert type(v[-1]) is ValueError and v[-1].args == ('v', 1), v[-1]
    assert type(v[9]) is bytearray and type(v[10]) is tuple and type(v[14]) is frozenset
`;

const BIG = 16 * 1024 * 1024;

describe("Listener and Client with CPython", () => {
  for (const family of ["AF_INET", "AF_UNIX"] as const) {
    test(`a pyport Listener serves a CPython Client (${family})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "pyport-lc-"));
      const address = family === "AF_INET"
        ? ["127.0.0.1", 0] as [string, number]
        : join(dir, "l.sock");
      using listener = new Listener(address, { authkey: KEY });
      const where = JSON.stringify(listener.address).replace(
        /^\[(.*)\]$/,
        "($1)",
      );
      const py = python(`
${PY_CHECK}
from multiprocessing.connection import Client
with Client(${where}, authkey=b"secret password") as c:
    c.send(${PY_VALUE})
    check(c.recv())
    c.send_bytes(b"x" * ${BIG})
    data = c.recv_bytes()
    assert data == b"y" * ${BIG}, len(data)
    c.send("bye")
print("ok")
`);
      const conn = await acceptFrom(listener, py);
      try {
        assert.ok(conn instanceof Connection);
        checkValue(await conn.recv());
        await conn.send(tsValue());
        const big = await conn.recv_bytes();
        assert.equal(big.length, BIG);
        assert.ok(big.every((b) => b === 0x78));
        await conn.send_bytes(new Uint8Array(BIG).fill(0x79));
        assert.equal(await conn.recv(), "bye");
        await assert.rejects(conn.recv(), EOFError);
        assert.equal((await py.done).trim(), "ok");
      } finally {
        conn.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test("a pyport Client talks to a CPython Listener", async () => {
    const py = python(`
${PY_CHECK}
from multiprocessing.connection import Listener
with Listener(("127.0.0.1", 0), authkey=b"secret password") as l:
    print(l.address[1], flush=True)
    with l.accept() as c:
        check(c.recv())
        c.send(${PY_VALUE})
        c.send_bytes(b"z" * ${BIG})
        assert c.recv_bytes() == b"w" * 100
print("ok")
`);
    const port = Number(await py.firstLine);
    const conn = await Client(["127.0.0.1", port], { authkey: KEY });
    try {
      await conn.send(tsValue());
      checkValue(await conn.recv());
      const big = await conn.recv_bytes();
      assert.equal(big.length, BIG);
      await conn.send_bytes(new Uint8Array(100).fill(0x77));
      await assert.rejects(conn.recv_bytes(), EOFError);
    } finally {
      conn.close();
    }
    assert.match(await py.done, /ok\n$/);
  });

  test("a wrong key fails on both ends, whichever side has it", async () => {
    // pyport Listener, CPython Client with the wrong key.
    {
      using listener = new Listener(["127.0.0.1", 0], { authkey: KEY });
      const port = (listener.address as [string, number])[1];
      const py = python(`
from multiprocessing.connection import Client, AuthenticationError
try:
    Client(("127.0.0.1", ${port}), authkey=b"wrong")
except AuthenticationError as e:
    print("python:", e)
`);
      await assert.rejects(acceptFrom(listener, py), {
        name: "AuthenticationError",
        message: "digest received was wrong",
      });
      assert.equal((await py.done).trim(), "python: digest sent was rejected");
    }
    // CPython Listener, pyport Client with the wrong key.
    const py = python(`
from multiprocessing.connection import Listener, AuthenticationError
with Listener(("127.0.0.1", 0), authkey=b"secret password") as l:
    print(l.address[1], flush=True)
    try:
        l.accept()
    except AuthenticationError as e:
        print("python:", e)
`);
    const port = Number(await py.firstLine);
    await assert.rejects(Client(["127.0.0.1", port], { authkey: enc("no") }), {
      name: "AuthenticationError",
      message: "digest sent was rejected",
    });
    assert.match(await py.done, /python: digest received was wrong/);
  });

  test("the long-message header is read; a peer that closes mid-message gives OSError or EOFError, as CPython", async () => {
    using listener = new Listener(["127.0.0.1", 0]);
    const port = (listener.address as [string, number])[1];
    const py = python(`
import socket, struct
s = socket.create_connection(("127.0.0.1", ${port}))
s.sendall(struct.pack("!i", 5) + b"hello")
s.sendall(struct.pack("!i", -1) + struct.pack("!Q", 3) + b"big")
s.sendall(struct.pack("!i", 100) + b"only ten..")
s.close()
s = socket.create_connection(("127.0.0.1", ${port}))
s.sendall(struct.pack("!i", 100))
s.close()
`);
    const conn = await acceptFrom(listener, py);
    try {
      assert.deepEqual(await conn.recv_bytes(), enc("hello"));
      // CPython's form for messages over 2 GiB: -1, then an 8-byte length.
      assert.deepEqual(await conn.recv_bytes(), enc("big"));
      await assert.rejects(conn.recv_bytes(), {
        name: "OSError",
        message: "got end of file during message",
      });
      // Closed after a header, before any of the message: EOFError, as in
      // CPython.
      using second = await acceptFrom(listener, py);
      await assert.rejects(second.recv_bytes(), EOFError);
      await py.done;
    } finally {
      conn.close();
    }
  });
});

describe("Listener and Client between pyport ends", () => {
  test("every method, wait() beside a Pipe, poll, recv_bytes_into", async () => {
    using listener = new Listener(["127.0.0.1", 0], { authkey: KEY });
    assert.equal(listener.last_accepted, null);
    const [server, client] = await Promise.all([
      listener.accept(),
      new Client(listener.address, "AF_INET", KEY),
    ]);
    const [pr, pw] = Pipe(false);
    try {
      assert.ok(client instanceof Connection && server instanceof Connection);
      assert.match(
        String(client),
        /^<multiprocessing\.connection\.Connection object at 0x[0-9a-f]+>$/,
      );
      assert.deepEqual(
        listener.last_accepted,
        T(
          "127.0.0.1",
          (listener.last_accepted as unknown as [string, number])[1],
        ),
      );
      assert.equal(await server.poll(), false);
      assert.deepEqual(await wait([pr, server], 0), []);
      await client.send({ a: 1 });
      assert.deepEqual(await wait([pr, server], 5), [server]);
      assert.equal(await server.poll(1), true);
      assert.deepEqual(await server.recv(), new Map([["a", 1]]));
      await client.send_bytes(enc("0123456789"), 2, 3);
      const buf = new Uint8Array(6);
      assert.equal(await server.recv_bytes_into(buf, 1), 3);
      assert.deepEqual([...buf], [0, 50, 51, 52, 0, 0]);
      await client.send_bytes(enc("too long for it"));
      const e = await server.recv_bytes_into(new Uint8Array(4)).then(
        () => null,
        (e) => e,
      );
      assert.ok(e instanceof BufferTooShort);
      await client.send_bytes(enc("x".repeat(300)));
      await assert.rejects(server.recv_bytes(256), {
        name: "OSError",
        message: "bad message length",
      });
      // As CPython: no more reading, but it still sends.
      assert.equal(server.readable, false);
      await assert.rejects(server.recv(), {
        name: "OSError",
        message: "connection is write-only",
      });
      await server.send("still sends");
      assert.equal(await client.recv(), "still sends");
    } finally {
      for (const c of [server, client, pr, pw]) c.close();
    }
    listener.close();
    await assert.rejects(listener.accept(), {
      name: "OSError",
      message: "listener is closed",
    });
  });

  test("a Unix socket Listener (default address) removes its file on close", async () => {
    const listener = new Listener();
    const path = listener.address as string;
    assert.match(path, /listener-/);
    const [s, c] = await Promise.all([listener.accept(), Client(path)]);
    await c.send("over unix");
    assert.equal(await s.recv(), "over unix");
    s.close();
    c.close();
    listener.close();
    const { existsSync } = await import("node:fs");
    assert.equal(existsSync(path), false);
  });

  test("a Linux abstract Unix name, served to pyport and to CPython", async () => {
    const name = `\0pyport-test-${process.pid}-${Date.now()}`;
    const deno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
    if (!deno && Number(process.versions.node.split(".")[0]) < 22) {
      // Node 20 pads an abstract name to 108 bytes: refused (porting §8).
      assert.throws(() => new Listener(name), {
        name: "NotImplementedError",
        message: /pads a Linux abstract Unix socket name/,
      });
      await assert.rejects(Client(name), { name: "NotImplementedError" });
      return;
    }
    using listener = new Listener(name, { authkey: KEY });
    assert.equal(listener.address, name);
    const [s, c] = await Promise.all([
      listener.accept(),
      Client(name, { authkey: KEY }),
    ]);
    await c.send("abstract");
    assert.equal(await s.recv(), "abstract");
    s.close();
    c.close();
    const py = python(`
from multiprocessing.connection import Client
with Client(${JSON.stringify(name)}, authkey=b"secret password") as c:
    c.send(("from", "python"))
`);
    using conn = await acceptFrom(listener, py);
    assert.deepEqual(await conn.recv(), T("from", "python"));
    await py.done;
  });

  test("Python's errors for bad input", async () => {
    assert.throws(
      () => new Listener(["127.0.0.1", 0], { authkey: "k" as never }),
      {
        name: "TypeError",
        message: "authkey should be a byte string",
      },
    );
    assert.throws(() => new Listener(["127.0.0.1", 0], "AF_UNIX"), {
      name: "TypeError",
      message: "a bytes-like object is required, not 'tuple'",
    });
    assert.throws(() => new Listener("/tmp/x", "AF_INET"), {
      name: "TypeError",
      message: "bind(): AF_INET address must be tuple, not str",
    });
    assert.throws(() => new Listener(["127.0.0.1", 0], "AF_PIPE"), {
      name: "ValueError",
      message: "Family AF_PIPE is not recognized.",
    });
    await assert.rejects(Client(5 as never), {
      name: "TypeError",
      message: "address type of 5 unrecognized",
    });
    const [a, b] = Pipe();
    try {
      await assert.rejects(deliver_challenge(a, "k" as never), {
        name: "ValueError",
        message: "Authkey must be bytes, not <class 'str'>",
      });
      await assert.rejects(answer_challenge(a, null as never), {
        name: "ValueError",
        message: "Authkey must be bytes, not <class 'NoneType'>",
      });
    } finally {
      a.close();
      b.close();
    }
    using listener = new Listener(["127.0.0.1", 0]);
    const [s, c] = await Promise.all([
      listener.accept(),
      Client(listener.address),
    ]);
    try {
      await assert.rejects(c.send({ f: () => 1 }), {
        name: "PicklingError",
        message: "cannot pickle 'function' object",
      });
      assert.ok(PicklingError);
      // The connection is still good after a refused send.
      await c.send(1);
      assert.equal(await s.recv(), 1);
      // A hostile peer cannot make recv() run anything.
      await c.send_bytes(enc("cos\nsystem\n(S'echo owned'\ntR."));
      await assert.rejects(s.recv(), {
        name: "UnpicklingError",
        message: "global 'os.system' is forbidden",
      });
    } finally {
      s.close();
      c.close();
    }
    assert.ok(AuthenticationError && OSError);
  });
});

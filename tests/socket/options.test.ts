// setsockopt()/getsockopt(): the options Python programs use, with Linux's
// values and errors.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import { b, decode, NotImplementedError, OSError } from "../../builtins/mod.ts";
import { connected, recvExactly } from "./_helpers.ts";

const isOS = (errno: number, msg?: string) => (e: unknown): boolean =>
  e instanceof OSError && e.errno === errno &&
  (msg === undefined || e.message === `[Errno ${errno}] ${msg}`);

function pack(...ints: number[]): Uint8Array {
  const out = new Uint8Array(ints.length * 4);
  const dv = new DataView(out.buffer);
  ints.forEach((v, i) => dv.setInt32(i * 4, v, true));
  return out;
}

const { SOL_SOCKET, IPPROTO_TCP, IPPROTO_IPV6 } = socket;

describe("boolean options", () => {
  const cases: [string, number, number, number][] = [
    ["SO_REUSEADDR", SOL_SOCKET, socket.SO_REUSEADDR, socket.SOCK_STREAM],
    ["SO_REUSEPORT", SOL_SOCKET, socket.SO_REUSEPORT, socket.SOCK_STREAM],
    ["SO_KEEPALIVE", SOL_SOCKET, socket.SO_KEEPALIVE, socket.SOCK_STREAM],
    ["TCP_NODELAY", IPPROTO_TCP, socket.TCP_NODELAY, socket.SOCK_STREAM],
    ["SO_BROADCAST", SOL_SOCKET, socket.SO_BROADCAST, socket.SOCK_DGRAM],
  ];
  for (const [name, level, opt, type] of cases) {
    test(`${name} is 0 on a new socket and 1 after setting it`, () => {
      using s = new socket.socket(socket.AF_INET, type);
      assert.equal(s.getsockopt(level, opt), 0);
      s.setsockopt(level, opt, 1);
      assert.equal(s.getsockopt(level, opt), 1);
      s.setsockopt(level, opt, 0);
      assert.equal(s.getsockopt(level, opt), 0);
    });
  }

  test("a boolean or any non-zero int sets a flag option to 1", () => {
    using s = new socket.socket();
    s.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, true);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE), 1);
    s.setsockopt(IPPROTO_TCP, socket.TCP_NODELAY, 7);
    assert.equal(s.getsockopt(IPPROTO_TCP, socket.TCP_NODELAY), 1);
  });

  test("TCP_NODELAY and SO_KEEPALIVE can be set on a connected socket", async () => {
    using p = await connected();
    p.cli.setsockopt(IPPROTO_TCP, socket.TCP_NODELAY, 1);
    p.cli.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, 1);
    assert.equal(p.cli.getsockopt(IPPROTO_TCP, socket.TCP_NODELAY), 1);
    assert.equal(p.cli.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE), 1);
    await p.cli.sendall(b("still works"));
    assert.equal(decode(await recvExactly(p.conn, 11)), "still works");
  });

  test("SO_BROADCAST set before bind still lets a UDP socket send normally", async () => {
    using a = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    a.bind(["127.0.0.1", 0]);
    using c = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    c.setsockopt(SOL_SOCKET, socket.SO_BROADCAST, 1);
    await c.sendto(b("bc"), a.getsockname());
    assert.equal(decode(await a.recv(10)), "bc");
    assert.equal(c.getsockopt(SOL_SOCKET, socket.SO_BROADCAST), 1);
  });
});

describe("buffer sizes and SO_LINGER", () => {
  test("SO_RCVBUF and SO_SNDBUF report twice the value set, as Linux does", () => {
    using s = new socket.socket();
    s.setsockopt(SOL_SOCKET, socket.SO_RCVBUF, 65536);
    s.setsockopt(SOL_SOCKET, socket.SO_SNDBUF, 100000);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_RCVBUF), 131072);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_SNDBUF), 200000);
  });

  test("SO_RCVBUF and SO_SNDBUF have Linux's minimums", () => {
    using s = new socket.socket();
    s.setsockopt(SOL_SOCKET, socket.SO_RCVBUF, 1);
    s.setsockopt(SOL_SOCKET, socket.SO_SNDBUF, 1);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_RCVBUF), 2304);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_SNDBUF), 4608);
  });

  test("SO_RCVBUF and SO_SNDBUF are positive by default", () => {
    for (const type of [socket.SOCK_STREAM, socket.SOCK_DGRAM]) {
      using s = new socket.socket(socket.AF_INET, type);
      assert.ok((s.getsockopt(SOL_SOCKET, socket.SO_RCVBUF) as number) > 0);
      assert.ok((s.getsockopt(SOL_SOCKET, socket.SO_SNDBUF) as number) > 0);
    }
  });

  test("SO_LINGER reads back as the struct linger bytes that were set", () => {
    using s = new socket.socket();
    assert.deepEqual(
      s.getsockopt(SOL_SOCKET, socket.SO_LINGER, 8),
      new Uint8Array(8),
    );
    s.setsockopt(SOL_SOCKET, socket.SO_LINGER, pack(1, 5));
    assert.deepEqual(s.getsockopt(SOL_SOCKET, socket.SO_LINGER, 8), pack(1, 5));
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_LINGER), 1);
  });
});

describe("read-only options", () => {
  test("SO_TYPE is the socket type", () => {
    using t = new socket.socket();
    using u = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    assert.equal(t.getsockopt(SOL_SOCKET, socket.SO_TYPE), socket.SOCK_STREAM);
    assert.equal(u.getsockopt(SOL_SOCKET, socket.SO_TYPE), socket.SOCK_DGRAM);
  });

  test("SO_ERROR is 0 on a healthy socket", async () => {
    using p = await connected();
    assert.equal(p.cli.getsockopt(SOL_SOCKET, socket.SO_ERROR), 0);
  });

  test("SO_ACCEPTCONN is 1 only once listening", () => {
    using s = new socket.socket();
    s.bind(["127.0.0.1", 0]);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_ACCEPTCONN), 0);
    s.listen();
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_ACCEPTCONN), 1);
  });

  test("SO_DOMAIN and SO_PROTOCOL describe the socket", async () => {
    using p = await connected(socket.AF_INET6);
    assert.equal(p.conn.getsockopt(SOL_SOCKET, socket.SO_DOMAIN), 10);
    assert.equal(p.conn.getsockopt(SOL_SOCKET, socket.SO_PROTOCOL), 6);
    assert.equal(p.conn.proto, 0);
  });

  test("setting SO_TYPE raises ENOPROTOOPT", () => {
    using s = new socket.socket();
    assert.throws(
      () => s.setsockopt(SOL_SOCKET, socket.SO_TYPE, 1),
      isOS(92, "Protocol not available"),
    );
  });
});

describe("SO_REUSEPORT", () => {
  // Every Deno 2 (with --unstable-net through Deno.listen, without it
  // through Deno's Node TCP handle), Node 22.12+ (libuv 1.49) and Bun
  // (setsockopt through its FFI, whatever libuv version it reports); older
  // Node raises NotImplementedError saying what it needs.
  const process = (globalThis as {
    process?: { versions?: { uv?: string; bun?: string } };
  }).process;
  const [maj = 0, min = 0] = (process?.versions?.uv ?? "0.0").split(".").map(
    Number,
  );
  const onDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
  const onBun = typeof process?.versions?.bun === "string";
  const supported = onDeno || onBun || maj > 1 || (maj === 1 && min >= 49);

  for (
    const [fam, host] of [[socket.AF_INET, "127.0.0.1"], [
      socket.AF_INET6,
      "::1",
    ]] as const
  ) {
    test(`two ${fam === socket.AF_INET ? "AF_INET" : "AF_INET6"} listeners with SO_REUSEPORT share one port and both serve`, async () => {
      using a = new socket.socket(fam);
      a.setsockopt(SOL_SOCKET, socket.SO_REUSEPORT, 1);
      if (!supported) {
        assert.throws(() => a.bind([host, 0]), (e: unknown) => {
          assert.ok(e instanceof NotImplementedError, String(e));
          assert.match(e.message, /SO_REUSEPORT is not available on Node/);
          return true;
        });
        return;
      }
      a.bind([host, 0]);
      a.listen();
      using c = new socket.socket(fam);
      c.setsockopt(SOL_SOCKET, socket.SO_REUSEPORT, 1);
      c.bind(a.getsockname());
      c.listen();
      assert.deepEqual(c.getsockname(), a.getsockname());
      assert.equal(c.getsockopt(SOL_SOCKET, socket.SO_REUSEPORT), 1);
      // Without the option, the port is in use.
      using d = new socket.socket(fam);
      assert.throws(() => d.bind(a.getsockname()), isOS(98));
      // The kernel spreads connections over both; each one carries bytes.
      const served = new Set<socket.socket>();
      for (let i = 0; i < 40 && served.size < 2; i++) {
        using cli = new socket.socket(fam);
        await cli.connect(a.getsockname());
        await cli.sendall(b(`n${i}`));
        a.settimeout(0);
        c.settimeout(0);
        let conn: socket.socket | null = null;
        for (let k = 0; k < 200 && conn === null; k++) {
          for (const l of [a, c]) {
            try {
              conn = (await l.accept())[0];
              served.add(l);
              break;
            } catch { /* not this one */ }
          }
          if (conn === null) await new Promise((r) => setTimeout(r, 5));
        }
        assert.ok(conn !== null, "no listener accepted the connection");
        using _c = conn;
        conn.settimeout(5);
        assert.equal(decode(await recvExactly(conn, `n${i}`.length)), `n${i}`);
      }
      assert.equal(served.size, 2, "one listener got every connection");
    });
  }
});

describe("IPV6_V6ONLY", () => {
  test("IPV6_V6ONLY is 0 by default, so an AF_INET6 listener on :: accepts IPv4 clients", async () => {
    using srv = new socket.socket(socket.AF_INET6);
    assert.equal(srv.getsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY), 0);
    srv.bind(["::", 0]);
    srv.listen();
    const port = (srv.getsockname() as readonly unknown[])[1] as number;
    using cli = new socket.socket(socket.AF_INET);
    await cli.connect(["127.0.0.1", port]);
    const [conn, addr] = await srv.accept();
    using _c = conn;
    assert.equal((addr as readonly unknown[])[0], "::ffff:127.0.0.1");
    assert.equal((addr as readonly unknown[]).length, 4);
  });

  test("IPV6_V6ONLY=1 makes an AF_INET6 listener on :: refuse IPv4 clients (NotImplementedError on Deno)", async () => {
    using srv = new socket.socket(socket.AF_INET6);
    srv.setsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY, 1);
    assert.equal(srv.getsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY), 1);
    try {
      srv.bind(["::", 0]);
    } catch (e) {
      // Deno.listen cannot make an IPv6-only socket on the wildcard address.
      assert.ok(e instanceof NotImplementedError, String(e));
      assert.match(e.message, /IPV6_V6ONLY.*Deno/);
      return;
    }
    srv.listen();
    const port = (srv.getsockname() as readonly unknown[])[1] as number;
    using cli = new socket.socket(socket.AF_INET);
    assert.equal(await cli.connect_ex(["127.0.0.1", port]), 111);
    using cli6 = new socket.socket(socket.AF_INET6);
    await cli6.connect(["::1", port]);
    const [conn, addr] = await srv.accept();
    conn.close();
    assert.equal((addr as readonly unknown[])[0], "::1");
  });

  // UDP shows the option on Deno too: Deno's own UDP has no IPV6_V6ONLY, so
  // a socket with it set is made by the node: modules, which honour it.
  for (const v6only of [0, 1]) {
    test(
      `an AF_INET6 UDP socket on :: with IPV6_V6ONLY=${v6only} ${
        v6only ? "gets no" : "gets"
      } IPv4 datagrams`,
      async () => {
        using rx = new socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
        rx.setsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only);
        rx.bind(["::", 0]);
        rx.settimeout(10);
        const port = (rx.getsockname() as readonly unknown[])[1] as number;
        using tx4 = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
        using tx6 = new socket.socket(socket.AF_INET6, socket.SOCK_DGRAM);
        await tx4.sendto(b("v4"), ["127.0.0.1", port]);
        await tx6.sendto(b("v6"), ["::1", port]);
        // Read until both came (or, with V6ONLY, until the IPv6 one came: an
        // IPv4 datagram sent before it would have come first on loopback).
        const got = new Map<string, unknown>();
        while (!got.has("v6") || (!v6only && !got.has("v4"))) {
          const [data, addr] = await rx.recvfrom(100);
          got.set(decode(data), (addr as readonly unknown[])[0]);
        }
        assert.deepEqual(
          Object.fromEntries(got),
          v6only ? { v6: "::1" } : { v4: "::ffff:127.0.0.1", v6: "::1" },
        );
      },
    );
  }

  test("IPV6_V6ONLY=1 on ::1 binds and accepts IPv6 clients", async () => {
    using srv = new socket.socket(socket.AF_INET6);
    srv.setsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY, 1);
    srv.bind(["::1", 0]);
    srv.listen();
    using cli = new socket.socket(socket.AF_INET6);
    await cli.connect(srv.getsockname());
    const [conn] = await srv.accept();
    conn.close();
  });

  test("IPV6_V6ONLY after bind raises EINVAL", () => {
    using s = new socket.socket(socket.AF_INET6);
    s.bind(["::1", 0]);
    assert.throws(
      () => s.setsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY, 1),
      isOS(22),
    );
  });

  test("IPV6_V6ONLY on an AF_INET socket raises ENOPROTOOPT to set and EOPNOTSUPP to get", () => {
    using s = new socket.socket(socket.AF_INET);
    assert.throws(
      () => s.setsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY, 1),
      isOS(92),
    );
    assert.throws(
      () => s.getsockopt(IPPROTO_IPV6, socket.IPV6_V6ONLY),
      isOS(95, "Operation not supported"),
    );
  });
});

describe("unknown options and bad values", () => {
  test("an unknown SOL_SOCKET option raises ENOPROTOOPT [Errno 92]", () => {
    using s = new socket.socket();
    assert.throws(
      () => s.setsockopt(SOL_SOCKET, 999, 1),
      isOS(92, "Protocol not available"),
    );
    assert.throws(() => s.getsockopt(SOL_SOCKET, 999), isOS(92));
  });

  test("an unknown TCP option raises ENOPROTOOPT", () => {
    using s = new socket.socket();
    assert.throws(() => s.getsockopt(IPPROTO_TCP, 999), isOS(92));
    assert.throws(() => s.setsockopt(IPPROTO_TCP, 999, 1), isOS(92));
  });

  test("an unknown level raises ENOPROTOOPT to set and EOPNOTSUPP to get", () => {
    using s = new socket.socket();
    assert.throws(() => s.setsockopt(999, 1, 1), isOS(92));
    assert.throws(() => s.getsockopt(999, 1), isOS(95));
  });

  test("TCP_NODELAY on a UDP socket raises ENOPROTOOPT to set and EOPNOTSUPP to get", () => {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    assert.throws(
      () => s.setsockopt(IPPROTO_TCP, socket.TCP_NODELAY, 1),
      isOS(92),
    );
    assert.throws(
      () => s.getsockopt(IPPROTO_TCP, socket.TCP_NODELAY),
      isOS(95),
    );
  });

  test("a str value raises TypeError", () => {
    using s = new socket.socket();
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => s.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, "1" as any),
      {
        name: "TypeError",
        message: "a bytes-like object is required, not 'str'",
      },
    );
  });

  test("a null value needs optlen", () => {
    using s = new socket.socket();
    assert.throws(
      () => s.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, null),
      {
        name: "TypeError",
        message: "a bytes-like object is required, not 'NoneType'",
      },
    );
    s.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, null, 4);
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE), 0);
  });

  test("getsockopt() with buflen returns bytes; buflen 0 returns an int", () => {
    using s = new socket.socket();
    s.setsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, 1);
    assert.deepEqual(
      s.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, 4),
      new Uint8Array([1, 0, 0, 0]),
    );
    assert.equal(s.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, 0), 1);
    assert.throws(() => s.getsockopt(SOL_SOCKET, socket.SO_KEEPALIVE, -1), {
      name: "OSError",
      message: "getsockopt buflen out of range",
    });
  });
});

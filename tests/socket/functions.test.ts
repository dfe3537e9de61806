// The socket module's functions and constants.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as socket from "../../socket/mod.ts";
import {
  b,
  decode,
  OSError,
  OverflowError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";
import { listener, recvExactly } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

describe("constants", () => {
  test("every numeric constant equals CPython's on this machine", () => {
    const names = Object.entries(socket)
      .filter(([n, v]) => typeof v === "number" && /^[A-Z][A-Z0-9_]+$/.test(n))
      .map(([n]) => n);
    assert.ok(names.length > 50, `only ${names.length} constants`);
    const r = spawnSync("python3", [
      "-c",
      "import json,socket,sys\n" +
      "print(json.dumps({n: int(getattr(socket, n)) for n in sys.argv[1:] if hasattr(socket, n)}))",
      ...names,
    ], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const ref = JSON.parse(r.stdout) as Record<string, number>;
    assert.ok(Object.keys(ref).length > names.length * 0.9);
    const ours = socket as unknown as Record<string, number>;
    const diff = Object.entries(ref).filter(([n, v]) => ours[n] !== v)
      .map(([n, v]) => `${n}: ours ${ours[n]}, CPython ${v}`);
    assert.deepEqual(diff, []);
  });

  test("the family and type constants have Linux's values", () => {
    assert.equal(socket.AF_UNIX, 1);
    assert.equal(socket.AF_INET, 2);
    assert.equal(socket.AF_INET6, 10);
    assert.equal(socket.SOCK_STREAM, 1);
    assert.equal(socket.SOCK_DGRAM, 2);
    assert.equal(socket.SOL_SOCKET, 1);
    assert.equal(socket.SO_REUSEADDR, 2);
    assert.equal(socket.IPPROTO_TCP, 6);
    assert.equal(socket.TCP_NODELAY, 1);
  });
});

describe("create_connection() and create_server()", () => {
  test("keyword objects with an unknown key raise Python's TypeError", async () => {
    using srv = listener();
    const [host, port] = srv.getsockname() as [string, number];
    await assert.rejects(
      socket.create_connection(
        [host, port],
        { timeout: 5, timout: 1 } as never,
      ),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message ===
          "create_connection() got an unexpected keyword argument 'timout'",
    );
    await assert.rejects(
      socket.getaddrinfo(
        "127.0.0.1",
        80,
        { family: socket.AF_INET, typ: 1 } as never,
      ),
      (e: unknown) =>
        e instanceof TypeError &&
        /unexpected keyword argument 'typ'/.test((e as Error).message),
    );
    using c = await socket.create_connection([host, port], { timeout: 5 });
    assert.equal(c.gettimeout(), 5);
  });

  test("create_connection() connects to a host name and port", async () => {
    using srv = listener();
    const port = (srv.getsockname() as [string, number])[1];
    using c = await socket.create_connection(["localhost", port]);
    const [conn] = await srv.accept();
    using _c = conn;
    await c.sendall(b("hi"));
    assert.equal(decode(await recvExactly(conn, 2)), "hi");
    assert.equal(c.gettimeout(), null);
  });

  test("create_connection(address, timeout, source_address) binds the source first", async () => {
    using srv = listener();
    using src = new socket.socket();
    src.bind(["127.0.0.1", 0]);
    const srcPort = (src.getsockname() as [string, number])[1];
    src.close();
    using c = await socket.create_connection(
      srv.getsockname() as [string, number],
      2,
      ["127.0.0.1", srcPort],
    );
    assert.equal(c.gettimeout(), 2);
    const [conn, addr] = await srv.accept();
    using _c = conn;
    assert.deepEqual(addr, T("127.0.0.1", srcPort));
  });

  test("create_server() listens with SO_REUSEADDR on the given address", async () => {
    using srv = socket.create_server(["127.0.0.1", 0]);
    assert.equal(srv.family, socket.AF_INET);
    assert.equal(srv.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN), 1);
    assert.equal(srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR), 1);
    using _cli = await socket.create_connection(
      srv.getsockname() as [string, number],
    );
    const [conn] = await srv.accept();
    conn.close();
  });

  test("create_server({ family: AF_INET6 }) listens on ::1", async () => {
    using srv = socket.create_server(["::1", 0], {
      family: socket.AF_INET6,
      backlog: 3,
    });
    assert.equal(srv.family, socket.AF_INET6);
    const [host, port] = srv.getsockname() as [string, number];
    assert.equal(host, "::1");
    using _cli = await socket.create_connection(["::1", port]);
    const [conn] = await srv.accept();
    conn.close();
  });

  test("create_server({ dualstack_ipv6: true }) accepts IPv4 and IPv6 clients", async () => {
    assert.equal(socket.has_dualstack_ipv6(), true);
    using srv = socket.create_server(["", 0], {
      family: socket.AF_INET6,
      dualstack_ipv6: true,
    });
    const port = (srv.getsockname() as readonly unknown[])[1] as number;
    using _c4 = await socket.create_connection(["127.0.0.1", port]);
    const [a, addr4] = await srv.accept();
    a.close();
    assert.equal((addr4 as readonly unknown[])[0], "::ffff:127.0.0.1");
    using _c6 = await socket.create_connection(["::1", port]);
    const [d, addr6] = await srv.accept();
    d.close();
    assert.equal((addr6 as readonly unknown[])[0], "::1");
  });

  test("create_server({ dualstack_ipv6: true }) with AF_INET raises ValueError", () => {
    assert.throws(
      () => socket.create_server(["", 0], { dualstack_ipv6: true }),
      (e: unknown) =>
        e instanceof ValueError &&
        e.message === "dualstack_ipv6 requires AF_INET6 family",
    );
  });

  test("create_server() on a port in use raises EADDRINUSE", () => {
    using srv = socket.create_server(["127.0.0.1", 0]);
    assert.throws(
      () => socket.create_server(srv.getsockname()),
      (e: unknown) =>
        e instanceof OSError && e.errno === 98 &&
        e.message ===
          `[Errno 98] Address already in use (while attempting to bind on address ('127.0.0.1', ${
            (srv.getsockname() as [string, number])[1]
          }))`,
    );
  });
});

describe("name resolution", () => {
  test("getaddrinfo() of a literal returns Python's 5-tuples", async () => {
    assert.deepEqual(
      await socket.getaddrinfo(
        "127.0.0.1",
        80,
        socket.AF_INET,
        socket.SOCK_STREAM,
      ),
      [T(socket.AF_INET, socket.SOCK_STREAM, 6, "", T("127.0.0.1", 80))],
    );
    assert.deepEqual(
      await socket.getaddrinfo("::1", 80, 0, socket.SOCK_STREAM),
      [T(socket.AF_INET6, socket.SOCK_STREAM, 6, "", T("::1", 80, 0, 0))],
    );
  });

  test("getaddrinfo() with type 0 returns stream, datagram and raw entries", async () => {
    const infos = await socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET);
    assert.deepEqual(infos.map((i) => [i[1], i[2]]), [[1, 6], [2, 17], [3, 0]]);
  });

  test("getaddrinfo() resolves localhost and service names", async () => {
    const infos = await socket.getaddrinfo(
      "localhost",
      "http",
      socket.AF_INET,
      socket.SOCK_STREAM,
    );
    assert.deepEqual(infos[0], T(1 + 1, 1, 6, "", T("127.0.0.1", 80)));
  });

  test("getaddrinfo(null, port) gives loopback, or the wildcard with AI_PASSIVE", async () => {
    const [a] = await socket.getaddrinfo(
      null,
      80,
      socket.AF_INET,
      socket.SOCK_STREAM,
    );
    assert.deepEqual(a![4], T("127.0.0.1", 80));
    const [p] = await socket.getaddrinfo(
      null,
      80,
      socket.AF_INET,
      socket.SOCK_STREAM,
      0,
      socket.AI_PASSIVE,
    );
    assert.deepEqual(p![4], T("0.0.0.0", 80));
  });

  test("getaddrinfo() errors are gaierror with EAI_* numbers", async () => {
    await assert.rejects(
      socket.getaddrinfo(null, null),
      (e: unknown) =>
        e instanceof socket.gaierror && e.errno === -2 &&
        e.message === "[Errno -2] Name or service not known",
    );
    await assert.rejects(
      socket.getaddrinfo("127.0.0.1", "nosuchservice"),
      (e: unknown) =>
        e instanceof socket.gaierror && e.errno === -8 &&
        e.message === "[Errno -8] Servname not supported for ai_socktype",
    );
    await assert.rejects(
      socket.getaddrinfo("localhost", 80, { flags: socket.AI_NUMERICHOST }),
      (e: unknown) => e instanceof socket.gaierror && e.errno === -2,
    );
    await assert.rejects(
      socket.getaddrinfo("nonexistent.invalid", 80),
      (e: unknown) =>
        e instanceof socket.gaierror && (e.errno === -2 || e.errno === -3),
    );
  });

  test("getnameinfo() gives numeric or named host and service", async () => {
    assert.deepEqual(
      await socket.getnameinfo(
        ["127.0.0.1", 80],
        socket.NI_NUMERICHOST | socket.NI_NUMERICSERV,
      ),
      T("127.0.0.1", "80"),
    );
    assert.deepEqual(
      await socket.getnameinfo(["127.0.0.1", 22], socket.NI_NUMERICHOST),
      T("127.0.0.1", "ssh"),
    );
  });

  test("gethostbyname() and gethostbyname_ex() resolve localhost", async () => {
    assert.equal(await socket.gethostbyname("localhost"), "127.0.0.1");
    assert.equal(await socket.gethostbyname("10.1.2.3"), "10.1.2.3");
    const [name, aliases, addrs] = await socket.gethostbyname_ex("localhost");
    assert.equal(name, "localhost");
    assert.ok(Array.isArray(aliases));
    assert.ok(addrs.includes("127.0.0.1"));
  });

  test("gethostbyname() of an unknown host raises gaierror", async () => {
    await assert.rejects(
      socket.gethostbyname("nonexistent.invalid"),
      socket.gaierror,
    );
  });

  test("gethostname() is the machine's host name and getfqdn() a non-empty name", async () => {
    const r = spawnSync("python3", [
      "-c",
      "import socket; print(socket.gethostname())",
    ], { encoding: "utf8" });
    assert.equal(socket.gethostname(), r.stdout.trim());
    assert.ok((await socket.getfqdn()).length > 0);
    assert.equal(
      await socket.getfqdn("nonexistent.invalid"),
      "nonexistent.invalid",
    );
  });

  test("getservbyname() and getservbyport() read the services database", () => {
    assert.equal(socket.getservbyname("http"), 80);
    assert.equal(socket.getservbyname("ssh", "tcp"), 22);
    assert.equal(socket.getservbyname("domain", "udp"), 53);
    assert.equal(socket.getservbyport(80), "http");
    assert.equal(socket.getservbyport(443, "tcp"), "https");
    assert.throws(() => socket.getservbyname("nosuch"), {
      name: "OSError",
      message: "service/proto not found",
    });
    assert.throws(() => socket.getservbyport(1, "nosuchproto"), {
      name: "OSError",
      message: "port/proto not found",
    });
    assert.throws(() => socket.getservbyport(70000), OverflowError);
  });

  test("has_ipv6 is true on this machine", () => {
    assert.equal(socket.has_ipv6, true);
  });
});

describe("byte order", () => {
  test("htons/ntohs/htonl/ntohl swap bytes as on little-endian Linux", () => {
    assert.equal(socket.htons(1), 256);
    assert.equal(socket.ntohs(0x0100), 1);
    assert.equal(socket.htonl(1), 16777216);
    assert.equal(socket.ntohl(0x01000000), 1);
    assert.equal(socket.htonl(0xffffffff), 0xffffffff);
    assert.equal(socket.ntohl(socket.htonl(0x12345678)), 0x12345678);
  });

  test("out-of-range values raise OverflowError with Python's messages", () => {
    assert.throws(() => socket.htons(-1), {
      name: "OverflowError",
      message:
        "htons: can't convert negative Python int to C 16-bit unsigned integer",
    });
    assert.throws(() => socket.htons(70000), {
      name: "OverflowError",
      message:
        "htons: Python int too large to convert to C 16-bit unsigned integer",
    });
    assert.throws(() => socket.htonl(2 ** 32), {
      name: "OverflowError",
      message: "int larger than 32 bits",
    });
    assert.throws(() => socket.htonl(-1), {
      name: "OverflowError",
      message: "can't convert negative value to unsigned int",
    });
  });
});

describe("address conversion", () => {
  test("inet_aton() accepts the C library's short forms", () => {
    assert.deepEqual(socket.inet_aton("1.2.3.4"), new Uint8Array([1, 2, 3, 4]));
    assert.deepEqual(socket.inet_aton("127.1"), new Uint8Array([127, 0, 0, 1]));
    assert.deepEqual(
      socket.inet_aton("0x7f.1"),
      new Uint8Array([127, 0, 0, 1]),
    );
    assert.deepEqual(socket.inet_aton("10"), new Uint8Array([0, 0, 0, 10]));
    for (const bad of ["1.2.3.256", "a.b"]) {
      assert.throws(() => socket.inet_aton(bad), {
        name: "OSError",
        message: "illegal IP address string passed to inet_aton",
      });
    }
  });

  test("inet_ntoa() formats 4 bytes and rejects other lengths", () => {
    assert.equal(socket.inet_ntoa(new Uint8Array([127, 0, 0, 1])), "127.0.0.1");
    assert.throws(() => socket.inet_ntoa(new Uint8Array([127, 0, 1])), {
      name: "OSError",
      message: "packed IP wrong length for inet_ntoa",
    });
  });

  test("inet_pton() parses strict IPv4 and IPv6", () => {
    assert.deepEqual(
      socket.inet_pton(socket.AF_INET, "1.2.3.4"),
      new Uint8Array([1, 2, 3, 4]),
    );
    const one = new Uint8Array(16);
    one[15] = 1;
    assert.deepEqual(socket.inet_pton(socket.AF_INET6, "::1"), one);
    assert.deepEqual(
      socket.inet_pton(socket.AF_INET6, "::ffff:1.2.3.4"),
      new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]),
    );
    assert.throws(() => socket.inet_pton(socket.AF_INET, "127.1"), {
      name: "OSError",
      message: "illegal IP address string passed to inet_pton",
    });
    assert.throws(() => socket.inet_pton(socket.AF_INET6, "1:::2"), OSError);
    assert.throws(
      () => socket.inet_pton(99, "1.2.3.4"),
      (e: unknown) => e instanceof OSError && e.errno === 97,
    );
  });

  test("inet_ntop() gives the shortest IPv6 text", () => {
    const hex = (s: string) =>
      new Uint8Array(s.match(/../g)!.map((x) => parseInt(x, 16)));
    assert.equal(socket.inet_ntop(socket.AF_INET6, new Uint8Array(16)), "::");
    assert.equal(
      socket.inet_ntop(
        socket.AF_INET6,
        hex("20010db8000000000001000000000001"),
      ),
      "2001:db8::1:0:0:1",
    );
    assert.equal(
      socket.inet_ntop(
        socket.AF_INET6,
        hex("20010db8000100000000000000000001"),
      ),
      "2001:db8:1::1",
    );
    assert.equal(
      socket.inet_ntop(socket.AF_INET, new Uint8Array([10, 0, 0, 1])),
      "10.0.0.1",
    );
    assert.throws(
      () => socket.inet_ntop(socket.AF_INET, new Uint8Array(3)),
      {
        name: "ValueError",
        message: "invalid length of packed IP address string",
      },
    );
    assert.throws(() => socket.inet_ntop(99, new Uint8Array(4)), {
      name: "ValueError",
      message: "unknown address family 99",
    });
  });

  test("inet_pton() and inet_ntop() round-trip", () => {
    for (const a of ["::1", "fe80::1:2", "2001:db8::", "::ffff:10.0.0.1"]) {
      assert.equal(
        socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, a)),
        a,
      );
    }
  });
});

// UDP over IPv4 and IPv6 loopback: datagram boundaries, truncation,
// connected datagram sockets and datagram errors.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import { b, decode, OSError, PermissionError } from "../../builtins/mod.ts";
import { loopback, pattern, rejectsOS } from "./_helpers.ts";

function udp(family: number = socket.AF_INET, bind = true): socket.socket {
  const s = new socket.socket(family, socket.SOCK_DGRAM);
  if (bind) s.bind(loopback(family));
  return s;
}

for (
  const [name, family] of [["AF_INET", socket.AF_INET], [
    "AF_INET6",
    socket.AF_INET6,
  ]] as const
) {
  describe(`UDP over ${name}`, () => {
    test("sendto() and recvfrom() carry one datagram with the sender's address", async () => {
      using a = udp(family);
      using c = udp(family);
      assert.equal(await c.sendto(b("hello"), a.getsockname()), 5);
      const [data, addr] = await a.recvfrom(100);
      assert.equal(decode(data), "hello");
      assert.deepEqual(addr, c.getsockname());
    });

    test("an unbound socket gets an address on its first sendto()", async () => {
      using a = udp(family);
      using c = udp(family, false);
      await c.sendto(b("x"), a.getsockname());
      const [, addr] = await a.recvfrom(10);
      const port = (c.getsockname() as readonly unknown[])[1] as number;
      assert.ok(port > 0);
      assert.equal((addr as readonly unknown[])[1], port);
    });
  });
}

describe("datagram boundaries", () => {
  test("datagrams keep their boundaries", async () => {
    using a = udp();
    using c = udp();
    for (const m of ["one", "two", "three"]) {
      await c.sendto(b(m), a.getsockname());
    }
    const got: string[] = [];
    for (let i = 0; i < 3; i++) got.push(decode(await a.recv(1024)));
    assert.deepEqual(got, ["one", "two", "three"]);
  });

  test("a datagram longer than bufsize is truncated and the rest discarded", async () => {
    using a = udp();
    using c = udp();
    await c.sendto(b("abcdefghij"), a.getsockname());
    await c.sendto(b("next"), a.getsockname());
    assert.equal(decode(await a.recv(4)), "abcd");
    assert.equal(decode(await a.recv(100)), "next");
  });

  test("recvfrom_into() truncates a long datagram to nbytes", async () => {
    using a = udp();
    using c = udp();
    await c.sendto(b("abcdefghij"), a.getsockname());
    await c.sendto(b("z"), a.getsockname());
    const buf = new Uint8Array(10);
    const [n, addr] = await a.recvfrom_into(buf, 3);
    assert.equal(n, 3);
    assert.equal(decode(buf.subarray(0, 3)), "abc");
    assert.deepEqual(addr, c.getsockname());
    assert.equal(buf[3], 0);
    assert.equal(decode(await a.recv(10)), "z");
  });

  test("recv_into() receives one datagram", async () => {
    using a = udp();
    using c = udp();
    await c.sendto(b("dgram"), a.getsockname());
    const buf = new Uint8Array(16);
    assert.equal(await a.recv_into(buf), 5);
    assert.equal(decode(buf.subarray(0, 5)), "dgram");
  });

  test("an empty datagram arrives as an empty Uint8Array", async () => {
    using a = udp();
    using c = udp();
    assert.equal(await c.sendto(new Uint8Array(0), a.getsockname()), 0);
    await c.sendto(b("after"), a.getsockname());
    const [data, addr] = await a.recvfrom(100);
    assert.ok(data instanceof Uint8Array);
    assert.equal(data.length, 0);
    assert.deepEqual(addr, c.getsockname());
    assert.equal(decode(await a.recv(100)), "after");
  });

  test("a 65507-byte datagram, the IPv4 maximum, arrives whole", async () => {
    using a = udp();
    using c = udp();
    const data = pattern(65507);
    assert.equal(await c.sendto(data, a.getsockname()), 65507);
    const got = await a.recv(70000);
    assert.equal(got.length, 65507);
    assert.ok(Buffer.compare(got, data) === 0);
  });

  test("recv(n, MSG_PEEK) leaves the datagram to be received again", async () => {
    using a = udp();
    using c = udp();
    await c.sendto(b("peek"), a.getsockname());
    assert.equal(decode(await a.recv(100, socket.MSG_PEEK)), "peek");
    assert.equal(decode(await a.recv(100)), "peek");
  });

  test("datagrams from two senders arrive whole, each with its sender", async () => {
    using a = udp();
    using c1 = udp();
    using c2 = udp();
    await c1.sendto(b("c1"), a.getsockname());
    await c2.sendto(b("c2"), a.getsockname());
    const seen = new Map<string, unknown>();
    for (let i = 0; i < 2; i++) {
      const [d, addr] = await a.recvfrom(10);
      seen.set(decode(d), addr);
    }
    assert.deepEqual(seen.get("c1"), c1.getsockname());
    assert.deepEqual(seen.get("c2"), c2.getsockname());
  });
});

describe("connected datagram sockets", () => {
  test("connect() sets the peer for send() and getpeername()", async () => {
    using a = udp();
    using c = udp();
    await c.connect(a.getsockname());
    assert.deepEqual(c.getpeername(), a.getsockname());
    assert.equal(await c.send(b("via send")), 8);
    assert.equal(decode(await a.recv(100)), "via send");
  });

  test("sendall() on a connected datagram socket sends one datagram", async () => {
    using a = udp();
    using c = udp();
    await c.connect(a.getsockname());
    await c.sendall(b("all"));
    assert.equal(decode(await a.recv(100)), "all");
  });

  test("a connected datagram socket receives only from its peer", async () => {
    using a = udp();
    using other = udp();
    using c = udp();
    await c.connect(a.getsockname());
    await other.sendto(b("from-other"), c.getsockname());
    await a.sendto(b("from-peer"), c.getsockname());
    const [data, addr] = await c.recvfrom(100);
    assert.equal(decode(data), "from-peer");
    assert.deepEqual(addr, a.getsockname());
  });

  test("send() on an unconnected datagram socket raises EDESTADDRREQ", async () => {
    using c = udp();
    await rejectsOS(
      () => c.send(b("x")),
      OSError,
      89,
      "Destination address required",
    );
  });

  test("getpeername() on an unconnected datagram socket raises ENOTCONN", () => {
    using c = udp();
    assert.throws(
      () => c.getpeername(),
      (e: unknown) =>
        e instanceof OSError && e.errno === 107 &&
        e.message === "[Errno 107] Transport endpoint is not connected",
    );
  });

  test("shutdown() on an unconnected datagram socket raises ENOTCONN", () => {
    using c = udp();
    assert.throws(
      () => c.shutdown(socket.SHUT_RDWR),
      (e: unknown) => e instanceof OSError && e.errno === 107,
    );
  });
});

describe("datagram errors", () => {
  test("sendto() of 65508 bytes over IPv4 raises EMSGSIZE", async () => {
    using a = udp();
    using c = udp();
    await rejectsOS(
      () => c.sendto(new Uint8Array(65508), a.getsockname()),
      OSError,
      90,
      "Message too long",
    );
  });

  test("sendto() to <broadcast> without SO_BROADCAST raises PermissionError", async () => {
    using c = udp(socket.AF_INET, false);
    await rejectsOS(
      () => c.sendto(b("x"), ["<broadcast>", 9]),
      PermissionError,
      13,
      "Permission denied",
    );
  });

  test("sendto() an IPv6 address from an AF_INET socket raises gaierror EAI_ADDRFAMILY", async () => {
    using c = udp(socket.AF_INET, false);
    await assert.rejects(
      c.sendto(b("x"), ["::1", 9]),
      (e: unknown) =>
        e instanceof socket.gaierror && e.errno === -9 &&
        e.message === "[Errno -9] Address family for hostname not supported",
    );
  });

  test("sendto() with a str address on AF_INET raises TypeError", async () => {
    using c = udp(socket.AF_INET, false);
    await assert.rejects(
      // deno-lint-ignore no-explicit-any
      c.sendto(b("x"), "127.0.0.1" as any),
      {
        name: "TypeError",
        message: "sendto(): AF_INET address must be tuple, not str",
      },
    );
  });

  test("sendto() with a port above 65535 raises OverflowError", async () => {
    using c = udp(socket.AF_INET, false);
    await assert.rejects(c.sendto(b("x"), ["127.0.0.1", 70000]), {
      name: "OverflowError",
      message: "sendto(): port must be 0-65535.",
    });
  });

  test("sendto(data, flags, address) takes flags before the address", async () => {
    using a = udp();
    using c = udp();
    assert.equal(await c.sendto(b("f"), 0, a.getsockname()), 1);
    assert.equal(decode(await a.recv(10)), "f");
  });
});

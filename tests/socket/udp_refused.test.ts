// A connected UDP socket learns that its peer's port is closed: Linux turns
// the ICMP "port unreachable" into the socket's error, and the next recv()
// or send() raises ConnectionRefusedError [Errno 111], as CPython shows
// (issue 11, item 7). Deno's datagram APIs cannot connect the OS socket, so
// on Deno the error never comes (README, "Differences from CPython"); the
// tests say what happens there instead.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as socket from "../../socket/mod.ts";
import {
  ConnectionRefusedError,
  TimeoutError,
  tuple,
} from "../../builtins/mod.ts";
import { assertOSError } from "./_helpers.ts";

const T = (...xs: unknown[]) => new tuple(xs);

const ON_DENO = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/** A loopback UDP address nothing listens on. */
function closedPort(): socket.Address {
  using p = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  p.bind(["127.0.0.1", 0]);
  return p.getsockname();
}

/** Sends to a closed port from a connected socket, then waits (bounded) for the error to show. */
async function refused(): Promise<socket.socket> {
  const s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
  await s.connect(closedPort());
  await s.send(new Uint8Array([1]));
  // select() reports a socket with a pending error readable (POLLERR).
  for (let i = 0; i < 20; i++) {
    const [r] = await select.select([s], [], [], 0.05);
    if (r.length > 0) break;
  }
  return s;
}

function isRefused(e: unknown): true {
  return assertOSError(e, ConnectionRefusedError, 111, "Connection refused");
}

describe("a connected UDP socket sending to a closed port", () => {
  test("the next recv() raises ConnectionRefusedError [Errno 111], once", async () => {
    using s = await refused();
    s.settimeout(0.3);
    if (ON_DENO) {
      // Deno: nothing reports the closed port; recv() waits for a datagram.
      await assert.rejects(s.recv(10), TimeoutError);
      return;
    }
    await assert.rejects(s.recv(10), isRefused);
    await assert.rejects(s.recv(10), TimeoutError);
  });

  test("the next send() raises it instead, and the one after sends", async () => {
    using s = await refused();
    if (ON_DENO) {
      assert.equal(await s.send(new Uint8Array([2])), 1);
      return;
    }
    await assert.rejects(s.send(new Uint8Array([2])), isRefused);
    assert.equal(await s.send(new Uint8Array([3])), 1);
  });

  test("select() reports it readable and writable, poll() POLLOUT|POLLERR, SO_ERROR 111 then 0", async () => {
    using s = await refused();
    const [r, w] = await select.select([s], [s], [], 0);
    const p = select.poll();
    p.register(s, select.POLLIN | select.POLLOUT);
    const polled = await p.poll(0);
    if (ON_DENO) {
      assert.deepEqual([r.length, w.length], [0, 1]);
      assert.deepEqual(polled, [T(s.fileno(), select.POLLOUT)]);
      assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
      return;
    }
    assert.deepEqual([r.length, w.length], [1, 1]);
    assert.deepEqual(polled, [T(s.fileno(), select.POLLOUT | select.POLLERR)]);
    assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 111);
    assert.equal(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR), 0);
    s.settimeout(0.1);
    await assert.rejects(s.recv(10), TimeoutError);
  });

  test("sendto() another address from the connected socket still sends there", async () => {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    using other = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    other.bind(["127.0.0.1", 0]);
    other.settimeout(2);
    await s.connect(closedPort());
    assert.equal(await s.sendto(new Uint8Array([7]), other.getsockname()), 1);
    const [data, from] = await other.recvfrom(10);
    assert.deepEqual([...data], [7]);
    assert.equal((from as [string, number])[1], s.getsockname()[1]);
  });

  test("connect() again to another peer keeps the local port", async () => {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    using other = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    other.bind(["127.0.0.1", 0]);
    other.settimeout(2);
    await s.connect(closedPort());
    const port = s.getsockname()[1];
    await s.connect(other.getsockname());
    assert.equal(s.getsockname()[1], port);
    assert.equal(await s.send(new Uint8Array([8])), 1);
    const [data, from] = await other.recvfrom(10);
    assert.deepEqual([...data], [8]);
    assert.equal((from as [string, number])[1], port);
  });

  test("an unconnected socket's sendto() a closed port reports nothing, as on Linux", async () => {
    using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    await s.sendto(new Uint8Array([1]), closedPort());
    s.settimeout(0.2);
    await assert.rejects(s.recvfrom(10), TimeoutError);
  });
});

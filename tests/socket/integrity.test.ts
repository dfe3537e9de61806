// Data integrity of stream sockets on loopback: large transfers arrive with
// the same SHA-256 they were sent with, and small or irregular sendall/recv
// patterns deliver every byte once, in order.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../../socket/mod.ts";

const MiB = 1024 * 1024;
/** Seconds any one socket operation may take, in tests that set a timeout. */
const IO_TIMEOUT = 30;
/** Seconds a test in blocking mode may take before its sockets are closed. */
const BLOCKING_DEADLINE = 50;

/**
 * A seeded xorshift32 generator that fills buffers with pseudo-random bytes,
 * fast enough to produce hundreds of MiB in well under a second per 100 MiB.
 */
class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0 || 0x9e3779b9;
  }

  /** The next 32-bit value. */
  next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state;
  }

  /** Fills `buf` (its length a multiple of 4) with the next values. */
  fill(buf: Uint8Array): Uint8Array {
    const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >> 2);
    let x = this.#state;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      words[i] = x;
    }
    this.#state = x >>> 0;
    return buf;
  }

  /** `n` fresh pseudo-random bytes. */
  bytes(n: number): Uint8Array {
    const buf = this.fill(new Uint8Array((n + 3) & ~3));
    return buf.subarray(0, n);
  }

  /** An integer in `[lo, hi]`, log-uniformly distributed. */
  logUniform(lo: number, hi: number): number {
    const t = this.next() / 2 ** 32;
    return Math.min(hi, Math.floor(lo * (hi / lo) ** t));
  }
}

/**
 * A connected stream pair `[client, server side]` for `family`, both with
 * `timeout` (`null`: blocking mode, Python's default).
 */
async function connectedPair(
  family: number,
  address: socket.Address,
  timeout: number | null = IO_TIMEOUT,
): Promise<[socket.socket, socket.socket]> {
  using srv = new socket.socket(family, socket.SOCK_STREAM);
  srv.settimeout(IO_TIMEOUT);
  srv.bind(address);
  srv.listen(1);
  const cli = new socket.socket(family, socket.SOCK_STREAM);
  try {
    cli.settimeout(IO_TIMEOUT);
    await cli.connect(srv.getsockname());
    const [conn] = await srv.accept();
    cli.settimeout(timeout);
    conn.settimeout(timeout);
    return [cli, conn];
  } catch (e) {
    cli.close();
    throw e;
  }
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
async function withTempDir(body: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), "pyport-integrity-"));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `body`, which works on `sockets` in blocking mode, and closes the
 * sockets if it has not finished within `seconds`: closing them makes their
 * pending calls fail, so a hang becomes a failure instead of a stuck run.
 */
async function withDeadline<T>(
  seconds: number,
  sockets: socket.socket[],
  body: () => Promise<T>,
): Promise<T> {
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    for (const s of sockets) s.close();
  }, seconds * 1000);
  try {
    return await body();
  } catch (e) {
    if (expired) assert.fail(`not finished within ${seconds} s: ${e}`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends `mib` MiB of seeded pseudo-random data from `sender` to `receiver`
 * with sendall, 1 MiB at a time from one reused buffer (which Python allows
 * once sendall has returned), and receives it with recv. Both sides hash
 * as they go; returns `[sent digest, received digest, bytes received]`.
 */
async function hashedTransfer(
  sender: socket.socket,
  receiver: socket.socket,
  mib: number,
  seed: number,
): Promise<[string, string, number]> {
  const send = async () => {
    const prng = new Prng(seed);
    const hash = createHash("sha256");
    const buf = new Uint8Array(MiB);
    for (let i = 0; i < mib; i++) {
      prng.fill(buf);
      hash.update(buf);
      await sender.sendall(buf);
    }
    sender.shutdown(socket.SHUT_WR);
    return hash.digest("hex");
  };
  const receive = async (): Promise<[string, number]> => {
    const hash = createHash("sha256");
    let got = 0;
    // Each recv before EOF returns at least one byte, so this is bounded.
    for (let calls = 0; calls <= mib * MiB; calls++) {
      const data = await receiver.recv(256 * 1024);
      if (data.length === 0) return [hash.digest("hex"), got];
      assert.ok(data.length <= 256 * 1024, "recv returned more than asked");
      hash.update(data);
      got += data.length;
    }
    assert.fail("no EOF after the whole transfer");
  };
  const [sent, [received, count]] = await Promise.all([send(), receive()]);
  return [sent, received, count];
}

/**
 * Receives exactly `expected.length` bytes with recv sizes cycling through
 * `sizes`, checking every byte against `expected` in order, then EOF.
 */
async function receiveChecked(
  s: socket.socket,
  expected: Uint8Array,
  sizes: number[],
): Promise<number> {
  let offset = 0;
  let calls = 0;
  while (offset < expected.length) {
    assert.ok(calls <= expected.length, "too many recv calls");
    const want = sizes[calls++ % sizes.length]!;
    const data = await s.recv(want);
    assert.ok(data.length > 0, `early EOF at offset ${offset}`);
    assert.ok(data.length <= want, `recv(${want}) returned ${data.length}`);
    assert.ok(
      offset + data.length <= expected.length,
      `${offset + data.length - expected.length} bytes too many`,
    );
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== expected[offset + i]) {
        assert.fail(
          `byte at offset ${offset + i} is ${data[i]}, want ${
            expected[offset + i]
          } (recv #${calls} of ${want})`,
        );
      }
    }
    offset += data.length;
  }
  assert.equal((await s.recv(4096)).length, 0, "EOF after the last byte");
  return calls;
}

/** Sends `data` with sendall in pieces of the given sizes, then SHUT_WR. */
async function sendInPieces(
  s: socket.socket,
  data: Uint8Array,
  sizes: number[],
): Promise<void> {
  let offset = 0;
  for (const size of sizes) {
    await s.sendall(data.subarray(offset, offset + size));
    offset += size;
  }
  assert.equal(offset, data.length);
  s.shutdown(socket.SHUT_WR);
}

/** Send sizes from 1 B to 1 MiB: edge cases around common buffer sizes, then log-uniform ones. */
function sendSizes(prng: Prng): number[] {
  const edges = [1, 2, 3, 7, 255, 256, 1000, 4095, 4096, 4097, 16384];
  const more = [65535, 65536, 65537, 131072, 212992, MiB - 1, MiB, 1, MiB];
  const random = Array.from({ length: 40 }, () => prng.logUniform(1, MiB));
  return [...edges, ...more, ...random];
}

/** Recv sizes from 1 B to 1 MiB, in an order unrelated to the send sizes. */
function recvSizes(prng: Prng): number[] {
  const fixed = [1, 5, 4096, 65536, MiB, 3, 100_000, 17, 262_144, 2];
  const random = Array.from({ length: 29 }, () => prng.logUniform(1, MiB));
  return [...fixed, ...random];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("stream sockets deliver every byte intact and in order", () => {
  test("256 MiB sent with sendall over loopback TCP in blocking mode arrive with the same SHA-256", async () => {
    const [cli, conn] = await connectedPair(
      socket.AF_INET,
      ["127.0.0.1", 0],
      null,
    );
    using _cli = cli;
    using _conn = conn;
    const [sent, received, count] = await withDeadline(
      BLOCKING_DEADLINE,
      [cli, conn],
      () => hashedTransfer(cli, conn, 256, 1),
    );
    assert.equal(count, 256 * MiB);
    assert.equal(received, sent);
  });

  test("32 MiB sent with sendall over a Unix stream socket with a timeout arrive with the same SHA-256", async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, "s.sock");
      const [cli, conn] = await connectedPair(socket.AF_UNIX, path);
      using _cli = cli;
      using _conn = conn;
      const [sent, received, count] = await hashedTransfer(conn, cli, 32, 2);
      assert.equal(count, 32 * MiB);
      assert.equal(received, sent);
    });
  });

  test("recv(1) in a loop returns one byte at a time and reassembles the message exactly", async () => {
    const [cli, conn] = await connectedPair(socket.AF_INET, ["127.0.0.1", 0]);
    using _cli = cli;
    using _conn = conn;
    const message = new Prng(3).bytes(5 * 1024 + 3);
    await cli.sendall(message);
    cli.shutdown(socket.SHUT_WR);
    const got = new Uint8Array(message.length);
    for (let i = 0; i < message.length; i++) {
      const data = await conn.recv(1);
      assert.equal(data.length, 1, `recv(1) #${i} returned ${data.length}`);
      got[i] = data[0]!;
    }
    assert.deepEqual(got, message);
    assert.equal((await conn.recv(1)).length, 0, "EOF after the message");
  });

  for (const timeout of [IO_TIMEOUT, null]) {
    const mode = timeout === null ? "in blocking mode" : "with a timeout";
    test(`sendall of sizes from 1 B to 1 MiB and recv of other sizes deliver every byte in order, both ways at once, ${mode}`, async () => {
      const [cli, conn] = await connectedPair(
        socket.AF_INET,
        ["127.0.0.1", 0],
        timeout,
      );
      using _cli = cli;
      using _conn = conn;
      const prng = new Prng(4);
      const upSizes = sendSizes(prng);
      const downSizes = sendSizes(prng).reverse();
      const up = prng.bytes(sum(upSizes));
      const down = prng.bytes(sum(downSizes));
      const upRecv = recvSizes(prng);
      const downRecv = recvSizes(prng).reverse();
      const [, upCalls, , downCalls] = await withDeadline(
        BLOCKING_DEADLINE,
        [cli, conn],
        () =>
          Promise.all([
            sendInPieces(cli, up, upSizes),
            receiveChecked(conn, up, upRecv),
            sendInPieces(conn, down, downSizes),
            receiveChecked(cli, down, downRecv),
          ]),
      );
      // Every recv size in the cycle was used at least once.
      assert.ok(upCalls >= upRecv.length, `only ${upCalls} recv calls`);
      assert.ok(downCalls >= downRecv.length, `only ${downCalls} recv calls`);
    });
  }
});

// Every byte send() accepted reaches the peer before the FIN, whatever
// follows the send: shutdown(SHUT_WR), close(), or both. The kernel
// guarantees it in Python; here a large non-blocking send() hands its bytes
// to the runtime, which writes them out in the background (issue 11, item 1).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as socket from "../../socket/mod.ts";
import { connected } from "./_helpers.ts";

/** Far more than any kernel socket buffer holds. */
const SIZE = 32 << 20;

function data(): Uint8Array {
  const out = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i += 4096) out[i] = (i >>> 12) & 0xff;
  return out;
}

/** Reads to EOF (bounded): the byte count and a checksum of what came. */
async function drain(s: socket.socket): Promise<[number, number]> {
  let got = 0;
  let sum = 0;
  for (let i = 0; i < 100_000; i++) {
    const chunk = await s.recv(1 << 20);
    if (chunk.length === 0) return [got, sum];
    for (let j = (4096 - (got % 4096)) % 4096; j < chunk.length; j += 4096) {
      sum = (sum + chunk[j]! * (((got + j) >>> 12) + 1)) % 1_000_003;
    }
    got += chunk.length;
  }
  throw new assert.AssertionError({ message: "no EOF after 100000 reads" });
}

function expected(d: Uint8Array): [number, number] {
  let sum = 0;
  for (let i = 0; i < d.length; i += 4096) {
    sum = (sum + d[i]! * ((i >>> 12) + 1)) % 1_000_003;
  }
  return [d.length, sum];
}

type Pair = { a: socket.socket; b: socket.socket } & Disposable;

const TRANSPORTS: [string, () => Promise<Pair>][] = [
  ["TCP", async () => {
    const p = await connected();
    return {
      a: p.cli,
      b: p.conn,
      [Symbol.dispose]: () => p[Symbol.dispose](),
    };
  }],
  ["a Unix socketpair", async () => {
    const [a, b] = socket.socketpair();
    // A non-blocking call on a pair whose connection the runtime has not
    // completed yet raises BlockingIOError; a blocking one waits for it.
    await a.sendall(new Uint8Array([1]));
    assert.equal((await b.recv(1)).length, 1);
    return {
      a,
      b,
      [Symbol.dispose]() {
        a.close();
        b.close();
      },
    };
  }],
];

/** What follows the non-blocking send, on the sending socket. */
const ENDINGS: [string, (s: socket.socket) => void][] = [
  ["shutdown(SHUT_WR)", (s) => s.shutdown(socket.SHUT_WR)],
  ["close()", (s) => s.close()],
  ["shutdown(SHUT_WR) then close()", (s) => {
    s.shutdown(socket.SHUT_WR);
    s.close();
  }],
];

for (const [transport, open] of TRANSPORTS) {
  describe(`bytes send() accepted on ${transport} arrive before EOF`, () => {
    for (const [ending, end] of ENDINGS) {
      test(`a non-blocking send() of 32 MiB, then ${ending}`, async () => {
        using p = await open();
        const d = data();
        p.a.setblocking(false);
        const sent = await p.a.send(d);
        p.a.setblocking(true);
        end(p.a);
        const [got, sum] = await drain(p.b);
        // The port's send() takes everything it is given (README); Python's
        // may take less, and then those bytes are what must arrive.
        assert.equal(sent, SIZE);
        assert.deepEqual([got, sum], expected(d));
      });
    }

    test("a blocking sendall() from another task, then shutdown(SHUT_WR) once it returns", async () => {
      using p = await open();
      const d = data();
      const reader = drain(p.b);
      await p.a.sendall(d);
      p.a.shutdown(socket.SHUT_WR);
      assert.deepEqual(await reader, expected(d));
    });
  });
}

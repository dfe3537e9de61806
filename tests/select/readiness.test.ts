// A select-like call sees what was sent to a socket before the call, as
// Python's do: the bytes are in the kernel buffer when sendall() returns,
// so select(), poll(), epoll and every selector report the socket readable,
// also when another watched socket is ready at once and the call does not
// wait (issue 11, item 4).

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as selectors from "../../selectors/mod.ts";
import * as socket from "../../socket/mod.ts";
import { b } from "../../builtins/mod.ts";
import { connected, listener } from "../socket/_helpers.ts";

type Pair = { a: socket.socket; b: socket.socket } & Disposable;

const TRANSPORTS: [string, () => Promise<Pair>][] = [
  ["a socketpair", async () => {
    const [a, c] = socket.socketpair();
    // Let the runtime complete the pair's connection first.
    await c.sendall(b("x"));
    assert.equal((await a.recv(1)).length, 1);
    return {
      a,
      b: c,
      [Symbol.dispose]() {
        a.close();
        c.close();
      },
    };
  }],
  ["a TCP connection", async () => {
    const p = await connected();
    return {
      a: p.conn,
      b: p.cli,
      [Symbol.dispose]: () => p[Symbol.dispose](),
    };
  }],
];

/** Readable and writable as each API reports it for `s`, watched for both. */
const APIS: [string, (s: socket.socket, timeout: number) => Promise<string>][] =
  [
    ["select.select", async (s, timeout) => {
      const [r, w] = await select.select([s], [s], [], timeout);
      return `r=${r.length} w=${w.length}`;
    }],
    ["select.poll", async (s, timeout) => {
      const p = select.poll();
      p.register(s, select.POLLIN | select.POLLOUT);
      const ev = (await p.poll(timeout * 1000))[0]?.[1] ?? 0;
      return `r=${ev & select.POLLIN ? 1 : 0} w=${ev & select.POLLOUT ? 1 : 0}`;
    }],
    ["select.epoll", async (s, timeout) => {
      using ep = new select.epoll();
      ep.register(s.fileno(), select.EPOLLIN | select.EPOLLOUT);
      const ev = (await ep.poll(timeout))[0]?.[1] ?? 0;
      return `r=${ev & select.EPOLLIN ? 1 : 0} w=${
        ev & select.EPOLLOUT ? 1 : 0
      }`;
    }],
    ...(
      [
        ["DefaultSelector", selectors.DefaultSelector],
        ["SelectSelector", selectors.SelectSelector],
        ["PollSelector", selectors.PollSelector],
      ] as const
    ).map(([name, Kind]): [
      string,
      (s: socket.socket, timeout: number) => Promise<string>,
    ] => [name, async (s, timeout) => {
      using sel = new Kind();
      sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE);
      const ev = (await sel.select(timeout))[0]?.[1] ?? 0;
      return `r=${ev & selectors.EVENT_READ ? 1 : 0} w=${
        ev & selectors.EVENT_WRITE ? 1 : 0
      }`;
    }]),
  ];

for (const [transport, open] of TRANSPORTS) {
  describe(`bytes sent on ${transport} before the call`, () => {
    for (const [api, ask] of APIS) {
      for (const timeout of [1, 0]) {
        test(`${api}(timeout=${timeout}) reports the peer readable and writable`, async () => {
          using p = await open();
          // Several rounds: the first look must be right every time.
          for (let i = 0; i < 5; i++) {
            await p.b.sendall(b("data"));
            assert.equal(await ask(p.a, timeout), "r=1 w=1", `round ${i}`);
            assert.equal((await p.a.recv(100)).length, 4);
          }
        });
      }
    }
  });
}

describe("a connection made before the call", () => {
  test("select() reports the listening socket readable beside a writable one", async () => {
    using srv = listener();
    using p = await connected();
    for (let i = 0; i < 3; i++) {
      using cli = new socket.socket();
      await cli.connect(srv.getsockname());
      const [r, w] = await select.select([srv], [p.cli], [], 1);
      assert.deepEqual([r.length, w.length], [1, 1], `round ${i}`);
      const [conn] = await srv.accept();
      conn.close();
    }
  });
});

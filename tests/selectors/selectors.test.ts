// selectors: the same behaviour from SelectSelector, PollSelector,
// EpollSelector and DefaultSelector — registration, select() with its
// timeouts, SelectorKey, closed sockets and selectors, and Python's errors.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as select from "../../select/mod.ts";
import * as selectors from "../../selectors/mod.ts";
import * as socket from "../../socket/mod.ts";
import { b, KeyError, RuntimeError, ValueError } from "../../builtins/mod.ts";
import { connected, listener } from "../socket/_helpers.ts";
import { fillSendBuffer, since } from "../select/_helpers.ts";

const { EVENT_READ, EVENT_WRITE } = selectors;

const KINDS = [
  ["SelectSelector", selectors.SelectSelector],
  ["PollSelector", selectors.PollSelector],
  ["EpollSelector", selectors.EpollSelector],
  ["DefaultSelector", selectors.DefaultSelector],
] as const;

test("DefaultSelector is EpollSelector, as on Linux, and every selector is a BaseSelector", () => {
  using d = new selectors.DefaultSelector();
  assert.ok(d instanceof selectors.EpollSelector);
  for (const [, Kind] of KINDS) {
    using s = new Kind();
    assert.ok(s instanceof selectors.BaseSelector);
  }
  assert.equal(EVENT_READ, 1);
  assert.equal(EVENT_WRITE, 2);
});

for (const [name, Kind] of KINDS) {
  describe(`selectors.${name}`, () => {
    test("register() returns a SelectorKey with fileobj, fd, events and data, unpacking like the tuple", async () => {
      using c = await connected();
      using sel = new Kind();
      const key = sel.register(c.conn, EVENT_READ, { data: "conn" });
      assert.ok(key instanceof selectors.SelectorKey);
      assert.equal(key.fileobj, c.conn);
      assert.equal(key.fd, c.conn.fileno());
      assert.equal(key.events, EVENT_READ);
      assert.equal(key.data, "conn");
      const [fileobj, fd, events, data] = key;
      assert.deepEqual([fileobj, fd, events, data], [
        c.conn,
        c.conn.fileno(),
        EVENT_READ,
        "conn",
      ]);
      assert.equal(sel.register(c.cli, EVENT_WRITE).data, null);
      assert.equal(sel.get_key(c.conn), key);
      assert.equal(sel.get_map()?.get(c.conn.fileno()), key);
      assert.equal(sel.get_map()?.size, 2);
    });

    test("get_map() is looked up by file object or by descriptor, as Python's mapping is", async () => {
      using c = await connected();
      using sel = new Kind();
      const key = sel.register(c.conn, EVENT_READ);
      const map = sel.get_map()!;
      assert.equal(map.get(c.conn), key);
      assert.equal(map.get(c.conn.fileno()), key);
      assert.ok(map.has(c.conn));
      assert.ok(map.has(c.conn.fileno()));
      assert.ok(!map.has(c.cli));
      assert.equal(map.get(c.cli), undefined);
      assert.ok(!map.has("not a file object"));
      assert.deepEqual([...map.keys()], [c.conn.fileno()]);
      assert.deepEqual([...map].map(([fd, k]) => [fd, k]), [[
        c.conn.fileno(),
        key,
      ]]);
      sel.unregister(c.conn);
      assert.ok(!map.has(c.conn));
      assert.equal(map.size, 0);
    });

    test("select() reports read and write readiness with the key's data", async () => {
      using c = await connected();
      using sel = new Kind();
      sel.register(c.conn, EVENT_READ, "reader");
      sel.register(c.cli, EVENT_READ | EVENT_WRITE, "both");
      let ready = await sel.select(5);
      assert.deepEqual(
        ready.map(([k, ev]) => [k.data, ev]),
        [["both", EVENT_WRITE]],
      );
      await c.cli.sendall(b("ping"));
      ready = [];
      for (let i = 0; i < 100 && ready.length < 2; i++) {
        ready = await sel.select(5);
      }
      assert.deepEqual(
        ready.map(([k, ev]) => [k.data, ev]).sort(),
        [["both", EVENT_WRITE], ["reader", EVENT_READ]],
      );
    });

    test("a listening socket is readable when a client connects; accept and register the client", async () => {
      using srv = listener();
      srv.setblocking(false);
      using sel = new Kind();
      sel.register(srv, EVENT_READ, "accept");
      assert.deepEqual(await sel.select(0), []);
      using cli = await socket.create_connection(
        srv.getsockname() as [string, number],
      );
      const [[key, ev]] = (await sel.select(5)) as [
        [selectors.SelectorKey, number],
      ];
      assert.equal(key.data, "accept");
      assert.equal(ev, EVENT_READ);
      const [conn] = await srv.accept();
      using _c = conn;
      conn.setblocking(false);
      sel.register(conn, EVENT_READ, "read");
      await cli.sendall(b("x"));
      const ready = await sel.select(5);
      assert.deepEqual(ready.map(([k]) => k.data), ["read"]);
    });

    test("modify() changes events and data; unregister() stops reporting", async () => {
      using c = await connected();
      using sel = new Kind();
      sel.register(c.cli, EVENT_READ, 1);
      assert.deepEqual(await sel.select(0), []);
      const key = sel.modify(c.cli, EVENT_WRITE, { data: 2 });
      assert.equal(key.events, EVENT_WRITE);
      assert.equal(key.data, 2);
      assert.equal(sel.get_key(c.cli), key);
      const ready = await sel.select(5);
      assert.deepEqual(ready.map(([k, ev]) => [k.data, ev]), [[
        2,
        EVENT_WRITE,
      ]]);
      assert.equal(sel.modify(c.cli, EVENT_WRITE, 3).data, 3);
      assert.equal(sel.unregister(c.cli).data, 3);
      assert.deepEqual(await sel.select(0), []);
      assert.equal(sel.get_map()?.size, 0);
    });

    test("select() timeouts: 0 polls, a small timeout waits, null waits until ready", async () => {
      using c = await connected();
      using sel = new Kind();
      sel.register(c.conn, EVENT_READ);
      let t0 = performance.now();
      assert.deepEqual(await sel.select(0), []);
      assert.deepEqual(await sel.select(-1), [], "negative polls");
      assert.deepEqual(await sel.select({ timeout: 0 }), []);
      assert.ok(since(t0) < 100);
      t0 = performance.now();
      assert.deepEqual(await sel.select(0.12), []);
      assert.ok(since(t0) >= 115 && since(t0) < 2000, `${since(t0)} ms`);
      const timer = setTimeout(() => void c.cli.send(b("x")), 30);
      try {
        t0 = performance.now();
        assert.equal((await sel.select(null)).length, 1);
        assert.ok(since(t0) >= 20);
      } finally {
        clearTimeout(timer);
      }
    });

    test("a full send buffer is not writable, and becomes writable when the peer reads", async () => {
      using c = await connected();
      using sel = new Kind();
      sel.register(c.cli, EVENT_WRITE);
      await fillSendBuffer(c.cli);
      assert.deepEqual(await sel.select(0), []);
      const waiting = sel.select(20);
      const t0 = performance.now();
      for (let i = 0; i < 100_000 && since(t0) < 20_000; i++) {
        await c.conn.recv(1 << 20);
        // Not sel.select(): a PollSelector refuses concurrent calls, as CPython's.
        if ((await select.select([], [c.cli], [], 0))[1].length > 0) break;
      }
      const ready = await waiting;
      assert.deepEqual(ready.map(([k, ev]) => [k.fileobj, ev]), [[
        c.cli,
        EVENT_WRITE,
      ]]);
    });

    test("1000 registered sockets: select() returns only the ready ones", async () => {
      const pairs: [socket.socket, socket.socket][] = [];
      using sel = new Kind();
      try {
        // select(2) stops at FD_SETSIZE (1024); keep the numbers below it.
        const n = name === "SelectSelector" ? 200 : 500;
        for (let i = 0; i < n; i++) {
          const p = socket.socketpair();
          pairs.push(p);
          sel.register(p[0], EVENT_READ, i);
          sel.register(p[1], EVENT_READ, -i);
        }
        assert.equal(sel.get_map()?.size, 2 * n);
        assert.deepEqual(await sel.select(0), []);
        await pairs[42]![0].sendall(b("x"));
        assert.deepEqual((await sel.select(5)).map(([k]) => k.data), [-42]);
      } finally {
        for (const [x, y] of pairs) {
          x.close();
          y.close();
        }
      }
    });

    test("a socket closed while registered can still be unregistered", () => {
      const [a, d] = socket.socketpair();
      using sel = new Kind();
      try {
        sel.register(d, EVENT_READ, "d");
        d.close();
        assert.equal(sel.unregister(d).data, "d");
        assert.equal(sel.get_map()?.size, 0);
      } finally {
        a.close();
      }
    });

    test("registration errors: ValueError for bad events or objects, KeyError for duplicates and unknowns", async () => {
      using c = await connected();
      using sel = new Kind();
      assert.throws(() => sel.register(c.cli, 0), {
        name: "ValueError",
        message: "Invalid events: 0",
      });
      assert.throws(() => sel.register(c.cli, 4), ValueError);
      assert.throws(
        () => sel.register({} as unknown as number, EVENT_READ),
        ValueError,
      );
      assert.throws(() => sel.register(-1, EVENT_READ), {
        message: "Invalid file descriptor: -1",
      });
      const closed = new socket.socket();
      closed.close();
      assert.throws(() => sel.register(closed, EVENT_READ), ValueError);
      sel.register(c.cli, EVENT_READ);
      assert.throws(() => sel.register(c.cli, EVENT_READ), KeyError);
      assert.throws(() => sel.register(c.cli.fileno(), EVENT_READ), KeyError);
      assert.throws(() => sel.unregister(c.conn), KeyError);
      assert.throws(() => sel.modify(c.conn, EVENT_READ), KeyError);
      assert.throws(() => sel.get_key(c.conn), KeyError);
      // CPython 3.13 documents ValueError for an invalid mask in modify();
      // the registration is left as it was.
      assert.throws(() => sel.modify(c.cli, 0), ValueError);
      assert.equal(sel.get_key(c.cli).events, EVENT_READ);
    });

    test("select() with an unknown keyword raises TypeError", async () => {
      using sel = new Kind();
      await assert.rejects(
        sel.select({ timeout: 0, x: 1 } as unknown as number),
        TypeError,
      );
    });

    test("close() forgets everything: get_map() is null and get_key() raises RuntimeError", async () => {
      using c = await connected();
      const sel = new Kind();
      sel.register(c.cli, EVENT_READ);
      sel.close();
      sel.close();
      assert.equal(sel.get_map(), null);
      assert.throws(() => sel.get_key(c.cli), RuntimeError);
      assert.throws(() => sel.unregister(c.cli), KeyError);
    });

    test("using closes the selector at the end of the block", () => {
      let kept: selectors.BaseSelector;
      {
        using sel = new Kind();
        kept = sel;
      }
      assert.equal(kept.get_map(), null);
    });
  });
}

describe("EpollSelector specifics", () => {
  test("fileno() is the epoll's descriptor; a closed EpollSelector raises ValueError on register and select, as CPython's", async () => {
    using c = await connected();
    const sel = new selectors.EpollSelector();
    assert.equal(typeof sel.fileno(), "number");
    sel.close();
    assert.throws(() => sel.register(c.cli, EVENT_READ), ValueError);
    await assert.rejects(sel.select(0), ValueError);
  });

  test("a registered socket closed without unregister() is dropped from select() results, as on Linux", async () => {
    const [a, d] = socket.socketpair();
    using sel = new selectors.EpollSelector();
    try {
      sel.register(d, EVENT_WRITE, "d");
      assert.equal((await sel.select(5)).length, 1);
      d.close();
      assert.deepEqual(await sel.select(0), []);
      // The key stays until unregister(), so the reused number is taken.
      using fresh = new socket.socket();
      assert.equal(fresh.fileno(), sel.get_key(d).fd);
      assert.throws(() => sel.register(fresh, EVENT_READ), KeyError);
      sel.unregister(d);
      sel.register(fresh, EVENT_WRITE, "fresh");
      assert.deepEqual((await sel.select(0)).map(([k]) => k.data), ["fresh"]);
    } finally {
      a.close();
    }
  });
});

// The non-blocking echo server of Python's selectors documentation, ported
// line by line, serving real python3 clients over loopback.

import { test } from "node:test";
import assert from "node:assert/strict";
import * as selectors from "../../selectors/mod.ts";
import * as socket from "../../socket/mod.ts";
import { startPython, stopPython } from "../select/_helpers.ts";

const CLIENTS = 8;
const ROUNDS = 20;

// Each client thread connects, sends ROUNDS messages of growing size and
// checks every echo, then closes. Prints "ok" when all threads passed.
const CLIENT = `
import socket, sys, threading
port = int(sys.argv[1])
errors = []

def client(n):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
            for r in range(${ROUNDS}):
                msg = (f"client {n} round {r} ".encode() * (1 + r * 50))
                s.sendall(msg)
                got = b""
                while len(got) < len(msg):
                    part = s.recv(65536)
                    if not part:
                        raise AssertionError(f"EOF after {len(got)} bytes")
                    got += part
                if got != msg:
                    raise AssertionError(f"client {n} round {r}: echo differs")
    except BaseException as e:
        errors.append(e)

threads = [threading.Thread(target=client, args=(n,)) for n in range(${CLIENTS})]
for t in threads: t.start()
for t in threads: t.join()
if errors:
    raise errors[0]
print("ok", flush=True)
`;

test("a selectors.DefaultSelector echo server serves concurrent python3 clients", async () => {
  const sel = new selectors.DefaultSelector();
  const sock = new socket.socket();
  let py: ReturnType<typeof startPython> | null = null;
  let closed = 0;
  const open = new Set<socket.socket>();
  // The documentation's example, with recv/send awaited.
  const accept = async (s: socket.socket, _mask: number) => {
    const [conn] = await s.accept();
    conn.setblocking(false);
    open.add(conn);
    sel.register(conn, selectors.EVENT_READ, read);
  };
  const read = async (conn: socket.socket, _mask: number) => {
    const data = await conn.recv(1000);
    if (data.length > 0) {
      await conn.sendall(data);
    } else {
      sel.unregister(conn);
      conn.close();
      open.delete(conn);
      closed++;
    }
  };
  try {
    sock.bind(["127.0.0.1", 0]);
    sock.listen(100);
    sock.setblocking(false);
    sel.register(sock, selectors.EVENT_READ, accept);
    py = startPython(CLIENT, [
      String((sock.getsockname() as [string, number])[1]),
    ]);
    const t0 = performance.now();
    for (
      let i = 0;
      i < 1_000_000 && closed < CLIENTS && performance.now() - t0 < 60_000;
      i++
    ) {
      const events = await sel.select(20);
      assert.ok(events.length > 0, "the server saw nothing for 20 s");
      for (const [key, mask] of events) {
        const callback = key.data as typeof accept;
        await callback(key.fileobj as socket.socket, mask);
      }
    }
    const { code, out, err } = await py.done;
    assert.equal(code, 0, err);
    assert.equal(out.trim(), "ok");
    assert.equal(closed, CLIENTS);
  } finally {
    if (py !== null) await stopPython(py);
    for (const c of open) c.close();
    sel.close();
    sock.close();
  }
});

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import process from "node:process";
import * as socketserver from "../../socketserver/mod.ts";
import * as socket from "../../socket/mod.ts";
import * as threading from "../../threading/mod.ts";
import { b, decode, SystemExit } from "../../builtins/mod.ts";

type Addr = [string, number];

class Echo extends socketserver.BaseRequestHandler {
  override async handle(): Promise<void> {
    for (;;) {
      const data = await this.request.recv(1024);
      if (data.length === 0) break;
      await this.request.sendall(data);
    }
  }
}

/** A client connection to `server` (10 s timeout). */
function connect(server: { server_address: unknown }): Promise<socket.socket> {
  return socket.create_connection(server.server_address as Addr, {
    timeout: 10,
  });
}

/** Whether `closing` (a server_close()) settles within `ms`. */
async function settlesWithin(
  closing: void | Promise<void>,
  ms: number,
): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  const settled = await Promise.race([
    Promise.resolve(closing).then(() => true),
    late,
  ]);
  clearTimeout(timer);
  return settled;
}

describe("ThreadingTCPServer", () => {
  test("a bind that fails raises OSError EADDRINUSE and nothing else, even after the close it triggers", async () => {
    await using first = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Echo,
    );
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on("unhandledRejection", onRejection);
    try {
      assert.throws(
        () =>
          new socketserver.ThreadingTCPServer(
            first.server_address as Addr,
            Echo,
          ),
        (e: unknown) => e instanceof socket.error && e.errno === 98,
      );
      // The failed server's close runs on; let it finish.
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    assert.deepEqual(rejections, []);
  });

  test("200 concurrent clients each get their own reply", async () => {
    // 200 connects at once need a listen backlog that holds them, in Python
    // too: with the default 5, the kernel drops SYNs and clients retry for
    // seconds.
    class Big extends socketserver.ThreadingTCPServer {
      static override request_queue_size = 256;
    }
    await using server = new Big(["127.0.0.1", 0], Echo);
    const serving = server.serve_forever(0.05);
    const N = 200;
    const clients = await Promise.all(
      Array.from(
        { length: N },
        () =>
          socket.create_connection(server.server_address as Addr, {
            timeout: 20,
          }),
      ),
    );
    try {
      // All connected at once: send, then read, every reply checked.
      await Promise.all(
        clients.map((c, i) => c.sendall(b(`client ${i} says hi`))),
      );
      const replies = await Promise.all(
        clients.map(async (c) => decode(await c.recv(1024))),
      );
      replies.forEach((r, i) => assert.equal(r, `client ${i} says hi`));
    } finally {
      for (const c of clients) c.close();
    }
    await server.shutdown();
    await serving;
  });

  test("shutdown() called from a handler thread returns once serve_forever() has stopped", async () => {
    let stopped: boolean | null = null;
    class Stopper extends socketserver.BaseRequestHandler<
      socket.socket,
      socketserver.ThreadingTCPServer
    > {
      override async handle(): Promise<void> {
        await this.request.recv(10);
        await this.server.shutdown();
        // serve_forever() has left its loop: its promise settles at once.
        stopped = await Promise.race([
          serving.then(() => true),
          new Promise<boolean>((r) => setTimeout(r, 1000, false)),
        ]);
        await this.request.sendall(b("stopped"));
      }
    }
    await using server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Stopper,
    );
    const serving = server.serve_forever(30);
    using c = await connect(server);
    await c.sendall(b("stop"));
    assert.equal(decode(await c.recv(100)), "stopped");
    await serving;
    assert.equal(stopped, true);
  });

  test("a slow client does not hold up the others", async () => {
    await using server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Echo,
    );
    const serving = server.serve_forever(0.05);
    using slow = await connect(server);
    await slow.sendall(b("slow"));
    assert.equal(decode(await slow.recv(100)), "slow");
    // The slow client stays connected and silent; another is served meanwhile.
    using fast = await connect(server);
    await fast.sendall(b("fast"));
    assert.equal(decode(await fast.recv(100)), "fast");
    slow.close();
    fast.close();
    await server.shutdown();
    await serving;
  });

  test("shutdown() while clients are connected stops serving; server_close() waits for their threads", async () => {
    let finished = 0;
    class Counting extends Echo {
      override finish(): void {
        finished++;
      }
    }
    const server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Counting,
    );
    const serving = server.serve_forever(0.05);
    const c1 = await connect(server);
    const c2 = await connect(server);
    await c1.sendall(b("1"));
    await c2.sendall(b("2"));
    assert.equal(decode(await c1.recv(10)), "1");
    assert.equal(decode(await c2.recv(10)), "2");
    await server.shutdown();
    await serving;
    // New connections are no longer served, but the open ones still are.
    await c1.sendall(b("still"));
    assert.equal(decode(await c1.recv(10)), "still");
    const closing = server.server_close();
    assert.equal(
      await settlesWithin(closing, 50),
      false,
      "server_close() returned while handler threads ran",
    );
    c1.close();
    c2.close();
    await closing;
    assert.equal(finished, 2);
  });

  test("daemon_threads and block_on_close are class attributes a subclass sets", async () => {
    class Daemonic extends socketserver.ThreadingTCPServer {
      static override daemon_threads = true;
      static override block_on_close = false;
    }
    await using server = new Daemonic(["127.0.0.1", 0], Echo);
    assert.equal(server.daemon_threads, true);
    assert.equal(server.block_on_close, false);
    assert.equal(socketserver.ThreadingTCPServer.daemon_threads, false);
    const serving = server.serve_forever(0.05);
    using c = await connect(server);
    await c.sendall(b("d"));
    assert.equal(decode(await c.recv(10)), "d");
    await server.shutdown();
    await serving;
    // block_on_close is off: closing does not wait for the open connection.
    await server.server_close();
    c.close();
  });

  test("a request runs in a thread named Thread-N (process_request_thread)", async () => {
    let name = "";
    class Named extends socketserver.BaseRequestHandler {
      override async handle(): Promise<void> {
        name = threading.current_thread().name;
        await this.request.sendall(b("n"));
      }
    }
    await using server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Named,
    );
    const serving = server.serve_forever(0.05);
    using c = await connect(server);
    assert.equal(decode(await c.recv(10)), "n");
    await server.shutdown();
    await serving;
    assert.match(name, /^Thread-\d+ \(process_request_thread\)$/);
  });

  test("server_close() waits for non-daemonic request threads only: with daemon_threads it returns at once", async () => {
    class Daemonic extends socketserver.ThreadingTCPServer {
      static override daemon_threads = true;
    }
    const server = new Daemonic(["127.0.0.1", 0], Echo);
    assert.equal(server.block_on_close, true);
    const serving = server.serve_forever(0.05);
    using c = await connect(server);
    await c.sendall(b("d"));
    assert.equal(decode(await c.recv(10)), "d");
    await server.shutdown();
    await serving;
    // The handler still waits in recv() on the open connection.
    const closing = server.server_close();
    const closed = await settlesWithin(closing, 2000);
    c.close();
    await closing;
    assert.equal(closed, true, "server_close() waited for a daemon thread");
  });

  test("server_close() waits for the request threads still running after many have ended", async () => {
    const server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Echo,
    );
    const serving = server.serve_forever(0.05);
    const addr = server.server_address as Addr;
    // More than enough ended threads for the server to drop some.
    for (let i = 0; i < 150; i++) {
      using c = await socket.create_connection(addr, { timeout: 10 });
      await c.sendall(b("x"));
      assert.equal(decode(await c.recv(10)), "x");
    }
    const open = await socket.create_connection(addr, { timeout: 10 });
    await open.sendall(b("o"));
    assert.equal(decode(await open.recv(10)), "o");
    await server.shutdown();
    await serving;
    const closing = server.server_close();
    assert.equal(
      await settlesWithin(closing, 50),
      false,
      "server_close() returned while a thread ran",
    );
    open.close();
    await closing;
  });

  test("a request thread's failures go where Python's go: finish() after handle(), handle_error() for Exceptions, shutdown_request() always, and what escapes to excepthook", async () => {
    // Each connection takes the next mode, in order; a handler that fails
    // throws `<mode>: <what>` so the log shows which error went where.
    const modes = [
      "fine",
      "handle-sync",
      "handle-async",
      "setup-sync",
      "setup-async",
      "finish-wins",
      "finish-async",
      "thenable",
      "hook",
      "hook-shutdown",
      "exit",
    ];
    let next = 0;
    const log: string[] = [];
    const hooked: string[] = [];
    const fail = (mode: string, what: string) => new Error(`${mode}: ${what}`);
    class Failing extends socketserver.BaseRequestHandler {
      mode = modes[next++]!;
      override setup(): void | Promise<void> {
        log.push(`${this.mode} setup`);
        if (this.mode === "setup-sync") throw fail(this.mode, "setup");
        if (this.mode === "setup-async") {
          return threading.sleep(0.001).then(() => {
            throw fail(this.mode, "setup");
          });
        }
      }
      override handle(): void | Promise<void> {
        const m = this.mode;
        log.push(`${m} handle`);
        if (m === "handle-sync") throw fail(m, "handle");
        if (m === "fine" || m === "finish-async") {
          return this.request.sendall(b("ok")).then(() => {});
        }
        if (m === "thenable") {
          // Not a native promise: a bare thenable that rejects.
          return {
            then: (_ok: unknown, bad: (e: unknown) => void) =>
              bad(fail(m, "handle")),
          } as unknown as Promise<void>;
        }
        if (m === "exit") throw new SystemExit(3);
        return threading.sleep(0.001).then(() => {
          throw fail(m, "handle");
        });
      }
      override finish(): void | Promise<void> {
        log.push(`${this.mode} finish`);
        if (this.mode === "finish-wins") throw fail(this.mode, "finish");
        if (this.mode === "finish-async") {
          return threading.sleep(0.001).then(() => {
            log.push("finish-async finished");
          });
        }
      }
    }
    class Server extends socketserver.ThreadingTCPServer {
      override handle_error(_r: unknown, _a: unknown, e?: unknown): void {
        const msg = (e as Error).message;
        log.push(`handle_error ${msg}`);
        if (msg.startsWith("hook")) throw new Error(`${msg} / handle_error`);
      }
      override shutdown_request(request: unknown): void {
        super.shutdown_request(request);
        log.push("shutdown_request");
        if (log.some((l) => l.startsWith("hook-shutdown handle"))) {
          if (!log.includes("shutdown raised")) {
            log.push("shutdown raised");
            throw new Error("hook-shutdown: shutdown_request");
          }
        }
      }
    }
    const old = threading.excepthook;
    threading.setattr("excepthook", (a) => {
      const v = a.exc_value;
      hooked.push(
        v instanceof SystemExit ? `SystemExit ${v.code}` : (v as Error).message,
      );
    });
    try {
      await using server = new Server(["127.0.0.1", 0], Failing);
      const serving = server.serve_forever(0.05);
      for (const mode of modes) {
        using c = await connect(server);
        let got = "";
        for (;;) {
          // Whatever failed, shutdown_request() closed the connection.
          const d = decode(await c.recv(100));
          if (d === "") break;
          got += d;
        }
        assert.equal(
          got,
          mode === "fine" || mode === "finish-async" ? "ok" : "",
          mode,
        );
        // The thread has ended once its last log line is in.
        await threading.sleep(0.01);
      }
      await server.shutdown();
      await serving;
    } finally {
      threading.setattr("excepthook", old);
    }
    assert.deepEqual(log, [
      "fine setup",
      "fine handle",
      "fine finish",
      "shutdown_request",
      "handle-sync setup",
      "handle-sync handle",
      "handle-sync finish",
      "handle_error handle-sync: handle",
      "shutdown_request",
      "handle-async setup",
      "handle-async handle",
      "handle-async finish",
      "handle_error handle-async: handle",
      "shutdown_request",
      "setup-sync setup",
      "handle_error setup-sync: setup",
      "shutdown_request",
      "setup-async setup",
      "handle_error setup-async: setup",
      "shutdown_request",
      "finish-wins setup",
      "finish-wins handle",
      "finish-wins finish",
      "handle_error finish-wins: finish",
      "shutdown_request",
      "finish-async setup",
      "finish-async handle",
      "finish-async finish",
      "finish-async finished",
      "shutdown_request",
      "thenable setup",
      "thenable handle",
      "thenable finish",
      "handle_error thenable: handle",
      "shutdown_request",
      "hook setup",
      "hook handle",
      "hook finish",
      "handle_error hook: handle",
      "shutdown_request",
      "hook-shutdown setup",
      "hook-shutdown handle",
      "hook-shutdown finish",
      "handle_error hook-shutdown: handle",
      "shutdown_request",
      "shutdown raised",
      "exit setup",
      "exit handle",
      "exit finish",
      "shutdown_request",
    ]);
    // handle_error()'s own error, then shutdown_request()'s, which wins
    // over it; SystemExit skips handle_error() and reaches the hook.
    assert.deepEqual(hooked, [
      "hook: handle / handle_error",
      "hook-shutdown: shutdown_request",
      "SystemExit 3",
    ]);
  });

  test("a server composed as ThreadingMixIn(UDPServer) serves datagrams in threads", async () => {
    class Reply extends socketserver.DatagramRequestHandler {
      override handle(): void {
        this.wfile.write(this.rfile.read());
      }
    }
    class MyUDP extends socketserver.ThreadingMixIn(socketserver.UDPServer) {}
    await using server = new MyUDP(["127.0.0.1", 0], Reply);
    const serving = server.serve_forever(0.05);
    using c = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    c.settimeout(5);
    await c.sendto(b("dgram"), server.server_address);
    assert.equal(decode(await c.recv(100)), "dgram");
    await server.shutdown();
    await serving;
  });

  test("a Python client is served by a ThreadingTCPServer", async () => {
    class Upper extends socketserver.StreamRequestHandler {
      override async handle(): Promise<void> {
        const line = (await this.rfile.readline()) as Uint8Array;
        await this.wfile.write(b(decode(line).toUpperCase()));
      }
    }
    await using server = new socketserver.ThreadingTCPServer(
      ["127.0.0.1", 0],
      Upper,
    );
    const serving = server.serve_forever(0.05);
    const port = (server.server_address as Addr)[1];
    const script = [
      "import socket, sys, threading",
      "port = int(sys.argv[1]); out = [None] * 5",
      "def call(i):",
      "    with socket.create_connection(('127.0.0.1', port), timeout=10) as s:",
      "        s.sendall(b'python client %d\\n' % i)",
      "        out[i] = s.makefile('rb').readline().decode()",
      "ts = [threading.Thread(target=call, args=(i,)) for i in range(5)]",
      "[t.start() for t in ts]; [t.join() for t in ts]",
      "print('|'.join(x.strip() for x in out))",
    ].join("\n");
    const py = spawn("python3", ["-c", script, String(port)]);
    let stdout = "", stderr = "";
    py.stdout.on("data", (d: Uint8Array) => (stdout += decode(d)));
    py.stderr.on("data", (d: Uint8Array) => (stderr += decode(d)));
    const timer = setTimeout(() => py.kill("SIGKILL"), 30_000);
    try {
      const code = await new Promise<number | null>((r) => py.on("close", r));
      assert.equal(code, 0, stderr);
      assert.equal(
        stdout.trim(),
        [0, 1, 2, 3, 4].map((i) => `PYTHON CLIENT ${i}`).join("|"),
      );
    } finally {
      clearTimeout(timer);
      py.kill("SIGKILL");
    }
    await server.shutdown();
    await serving;
  });
});

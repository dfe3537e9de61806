import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socketserver from "../../socketserver/mod.ts";
import * as socket from "../../socket/mod.ts";
import {
  b,
  decode,
  NotImplementedError,
  SystemExit,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";
import { within } from "../socket/_helpers.ts";

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

class Upper extends socketserver.StreamRequestHandler {
  override async handle(): Promise<void> {
    for (;;) {
      const line = (await this.rfile.readline()) as Uint8Array;
      if (line.length === 0) break;
      await this.wfile.write(b(decode(line).toUpperCase()));
    }
  }
}

async function roundTrip(addr: socket.Address, text: string): Promise<string> {
  const [host, port] = addr as Addr;
  using c = await socket.create_connection([host, port], { timeout: 10 });
  await c.sendall(b(text));
  c.shutdown(socket.SHUT_WR);
  let out = "";
  for (;;) {
    const d = await c.recv(4096);
    if (d.length === 0) return out;
    out += decode(d);
  }
}

describe("BaseServer and TCPServer", () => {
  test("server_address holds the bound port right after the constructor", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    const [host, port] = server.server_address as Addr;
    assert.equal(host, "127.0.0.1");
    assert.ok(port > 0);
    assert.deepEqual(server.socket.getsockname(), server.server_address);
    assert.equal(server.fileno(), server.socket.fileno());
  });

  test("handle_request() serves exactly one request", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    const one = server.handle_request();
    assert.equal(await roundTrip(server.server_address, "ping"), "ping");
    await one;
  });

  test("bind_and_activate is also taken as a keyword, and an unknown keyword is a TypeError", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo, {
      bind_and_activate: false,
    });
    assert.deepEqual(server.socket.getsockname(), new tuple(["0.0.0.0", 0]));
    assert.throws(
      () =>
        new socketserver.TCPServer(
          ["127.0.0.1", 0],
          Echo,
          { bind_and_activate: false, x: 1 } as never,
        ),
      (e: unknown) =>
        e instanceof TypeError &&
        /unexpected keyword argument 'x'/.test((e as Error).message),
    );
  });

  test("bind_and_activate=false leaves binding and listening to the caller", async () => {
    await using server = new socketserver.TCPServer(
      ["127.0.0.1", 0],
      Echo,
      false,
    );
    assert.deepEqual(server.socket.getsockname(), new tuple(["0.0.0.0", 0]));
    server.server_bind();
    server.server_activate();
    assert.notEqual((server.server_address as Addr)[1], 0);
    const one = server.handle_request();
    assert.equal(await roundTrip(server.server_address, "late"), "late");
    await one;
  });

  test("a failing bind closes the socket and raises OSError EADDRINUSE", async () => {
    await using first = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    assert.throws(
      () => new socketserver.TCPServer(first.server_address, Echo),
      (e: unknown) => e instanceof socket.error && e.errno === 98,
    );
  });

  test("serve_forever() stops when shutdown() is called from another task, without waiting out poll_interval", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    const serving = server.serve_forever(30);
    assert.equal(await roundTrip(server.server_address, "a"), "a");
    assert.equal(await roundTrip(server.server_address, "b"), "b");
    const t0 = performance.now();
    await server.shutdown();
    await serving;
    assert.ok(
      performance.now() - t0 < 2000,
      "shutdown waited out poll_interval",
    );
  });

  test("shutdown() returns at once when serve_forever() is not running, and serve_forever() still serves after it", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    // Python would wait forever here (see the README's differences).
    await within(1000, "shutdown()", server.shutdown());
    const serving = server.serve_forever(30);
    assert.equal(await roundTrip(server.server_address, "after"), "after");
    await within(5000, "shutdown() of a running server", server.shutdown());
    await serving;
  });

  test("service_actions() runs every poll_interval while idle", async () => {
    let calls = 0;
    class Counting extends socketserver.TCPServer {
      override service_actions(): void {
        calls++;
      }
    }
    await using server = new Counting(["127.0.0.1", 0], Echo);
    const serving = server.serve_forever(0.02);
    await new Promise((r) => setTimeout(r, 300));
    await server.shutdown();
    await serving;
    assert.ok(
      calls >= 3 && calls <= 30,
      `service_actions ran ${calls} times in 0.3 s`,
    );
  });

  test("handle_request() calls handle_timeout() when no request comes within timeout", async () => {
    let timedOut = 0;
    class Quick extends socketserver.TCPServer {
      static override timeout = 0.1;
      override handle_timeout(): void {
        timedOut++;
      }
    }
    await using server = new Quick(["127.0.0.1", 0], Echo);
    const t0 = performance.now();
    await server.handle_request();
    const ms = performance.now() - t0;
    assert.equal(timedOut, 1);
    assert.ok(ms >= 90 && ms < 2000, `waited ${ms} ms`);
  });

  test("an instance's timeout overrides the class attribute", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
    assert.equal(server.timeout, null);
    server.timeout = 0.05;
    assert.equal(socketserver.TCPServer.timeout, null);
    await server.handle_request();
  });

  test("a handler that throws goes to handle_error() and the server keeps serving", async () => {
    const errors: unknown[] = [];
    class Boom extends socketserver.BaseRequestHandler {
      override async handle(): Promise<void> {
        const data = decode(await this.request.recv(100));
        if (data === "boom") throw new Error("handler failed");
        await this.request.sendall(b(data));
      }
    }
    class Catching extends socketserver.TCPServer {
      override handle_error(
        _r: unknown,
        addr: socket.Address,
        e?: unknown,
      ): void {
        errors.push([addr, e]);
      }
    }
    await using server = new Catching(["127.0.0.1", 0], Boom);
    const serving = server.serve_forever(0.05);
    assert.equal(await roundTrip(server.server_address, "boom"), "");
    assert.equal(await roundTrip(server.server_address, "fine"), "fine");
    await server.shutdown();
    await serving;
    assert.equal(errors.length, 1);
    const [addr, e] = errors[0] as [Addr, Error];
    assert.equal(addr[0], "127.0.0.1");
    assert.equal(e.message, "handler failed");
  });

  test("SystemExit from a handler skips handle_error(), shuts the request down and leaves handle_request()", async () => {
    const errors: unknown[] = [];
    class Exiting extends socketserver.BaseRequestHandler {
      override handle(): void {
        throw new SystemExit(2);
      }
    }
    class Recording extends socketserver.TCPServer {
      override handle_error(): void {
        errors.push("handle_error");
      }
    }
    await using server = new Recording(["127.0.0.1", 0], Exiting);
    const one = assert.rejects(
      server.handle_request(),
      (e) => e instanceof SystemExit && e.code === 2,
    );
    // The request was shut down: the client reads EOF.
    assert.equal(await roundTrip(server.server_address, "x"), "");
    await one;
    assert.deepEqual(errors, []);
  });

  test("verify_request() returning false closes the connection unhandled", async () => {
    let handled = 0;
    class Counted extends socketserver.BaseRequestHandler {
      override handle(): void {
        handled++;
      }
    }
    class Refusing extends socketserver.TCPServer {
      override verify_request(): boolean {
        return false;
      }
    }
    await using server = new Refusing(["127.0.0.1", 0], Counted);
    const one = server.handle_request();
    assert.equal(await roundTrip(server.server_address, "x"), "");
    await one;
    assert.equal(handled, 0);
  });

  test("setup() runs before handle() and finish() after it, even when handle() throws", async () => {
    const order: string[] = [];
    class Life extends socketserver.BaseRequestHandler {
      override setup(): void {
        order.push("setup");
      }
      override handle(): void {
        order.push("handle");
        throw new Error("x");
      }
      override finish(): void {
        order.push("finish");
      }
    }
    class Quiet extends socketserver.TCPServer {
      override handle_error(): void {
        order.push("handle_error");
      }
    }
    await using server = new Quiet(["127.0.0.1", 0], Life);
    const one = server.handle_request();
    await roundTrip(server.server_address, "");
    await one;
    assert.deepEqual(order, ["setup", "handle", "finish", "handle_error"]);
  });

  test("class attributes are static: a subclass's value reaches the base constructor", async () => {
    class V6 extends socketserver.TCPServer {
      static override address_family = socket.AF_INET6;
      static override request_queue_size = 1;
    }
    await using server = new V6(["::1", 0, 0, 0], Echo);
    assert.equal(server.socket.family, socket.AF_INET6);
    assert.equal(server.request_queue_size, 1);
    assert.equal((server.server_address as readonly unknown[]).length, 4);
    const one = server.handle_request();
    assert.equal(await roundTrip(server.server_address, "six"), "six");
    await one;
  });

  test("await using closes the server socket", async () => {
    let fd: number;
    {
      await using server = new socketserver.TCPServer(["127.0.0.1", 0], Echo);
      fd = server.fileno();
      assert.ok(fd >= 0);
      assert.equal(server.socket.fileno(), fd);
    }
    const s = new socket.socket();
    s.close();
  });
});

describe("StreamRequestHandler", () => {
  test("rfile reads lines and wfile writes replies", async () => {
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Upper);
    const one = server.handle_request();
    assert.equal(
      await roundTrip(server.server_address, "one\ntwo\n"),
      "ONE\nTWO\n",
    );
    await one;
  });

  test("timeout and disable_nagle_algorithm apply to the connection", async () => {
    let seen: [number | null, number | Uint8Array] | null = null;
    class Tuned extends socketserver.StreamRequestHandler {
      static override timeout = 3;
      static override disable_nagle_algorithm = true;
      override handle(): void {
        seen = [
          this.connection.gettimeout(),
          this.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY),
        ];
      }
    }
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Tuned);
    const one = server.handle_request();
    await roundTrip(server.server_address, "");
    await one;
    assert.deepEqual(seen, [3, 1]);
  });

  test("a buffered wfile (wbufsize > 0) is flushed when the handler finishes", async () => {
    class Buffered extends socketserver.StreamRequestHandler {
      static override wbufsize = 65536;
      override async handle(): Promise<void> {
        await this.wfile.write(b("buffered "));
        await this.wfile.write(b("reply"));
      }
    }
    await using server = new socketserver.TCPServer(["127.0.0.1", 0], Buffered);
    const one = server.handle_request();
    assert.equal(await roundTrip(server.server_address, ""), "buffered reply");
    await one;
  });
});

describe("UDPServer and DatagramRequestHandler", () => {
  class UpperDgram extends socketserver.DatagramRequestHandler {
    override handle(): void {
      this.wfile.write(b(decode(this.rfile.read()).toUpperCase()));
    }
  }

  test("each datagram is a request and the reply goes back to the sender", async () => {
    await using server = new socketserver.UDPServer(
      ["127.0.0.1", 0],
      UpperDgram,
    );
    using c = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    c.settimeout(5);
    for (const word of ["alpha", "beta"]) {
      await c.sendto(b(word), server.server_address);
      await server.handle_request();
      const [reply, from] = await c.recvfrom(100);
      assert.equal(decode(reply), word.toUpperCase());
      assert.deepEqual(from, server.server_address);
    }
  });

  test("a datagram longer than max_packet_size is cut to it", async () => {
    let got = -1;
    class Measure extends socketserver.DatagramRequestHandler {
      override handle(): void {
        got = this.packet.length;
      }
    }
    class Small extends socketserver.UDPServer {
      static override max_packet_size = 100;
    }
    await using server = new Small(["127.0.0.1", 0], Measure);
    using c = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
    await c.sendto(new Uint8Array(1000), server.server_address);
    await server.handle_request();
    assert.equal(got, 100);
  });

  test("BytesIO is a context manager: using f = new BytesIO() closes it when the block ends", () => {
    let file: socketserver.BytesIO;
    {
      using f = new socketserver.BytesIO(b("abc"));
      file = f;
      assert.equal(f.closed, false);
      assert.equal(decode(f.read()), "abc");
    }
    assert.equal(file.closed, true);
    assert.throws(() => file.getvalue(), {
      name: "ValueError",
      message: "I/O operation on closed file.",
    });
    assert.throws(() => file.write(b("x")), ValueError);
  });
});

describe("Unix servers", () => {
  test("UnixStreamServer serves on a path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pyport-ss-"));
    try {
      const path = join(dir, "srv.sock");
      await using server = new socketserver.UnixStreamServer(path, Echo);
      assert.equal(server.server_address, path);
      const one = server.handle_request();
      using c = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
      c.settimeout(5);
      await c.connect(path);
      await c.sendall(b("unix"));
      assert.equal(decode(await c.recv(100)), "unix");
      c.close();
      await one;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("UnixDatagramServer works or raises NotImplementedError naming the runtime", () => {
    const dir = mkdtempSync(join(tmpdir(), "pyport-ss-"));
    try {
      const path = join(dir, "d.sock");
      try {
        const server = new socketserver.UnixDatagramServer(
          path,
          socketserver.DatagramRequestHandler,
        );
        void server.server_close();
      } catch (e) {
        assert.ok(e instanceof NotImplementedError);
        assert.match(
          (e as Error).message,
          typeof (globalThis as { Bun?: unknown }).Bun === "object"
            ? /Bun/
            : /Deno|Node/,
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ForkingMixIn", () => {
  for (
    const [name, cls] of [
      ["ForkingTCPServer", socketserver.ForkingTCPServer],
      ["ForkingUDPServer", socketserver.ForkingUDPServer],
      ["ForkingUnixStreamServer", socketserver.ForkingUnixStreamServer],
      ["ForkingUnixDatagramServer", socketserver.ForkingUnixDatagramServer],
    ] as const
  ) {
    test(`${name} raises NotImplementedError that says to use ThreadingMixIn`, () => {
      assert.throws(
        () => new cls(["127.0.0.1", 0] as unknown as string, Echo),
        (e: unknown) =>
          e instanceof NotImplementedError &&
          /ThreadingMixIn/.test((e as Error).message),
      );
    });
  }
});

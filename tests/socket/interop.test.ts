// Interoperability with CPython: a real `python3` peer talks to pyport's
// socket over TCP, UDP and Unix stream sockets on loopback, with pyport as
// the server and as the client, and both sides compare every byte.
//
// The Python side is one script passed with `-c`. Its arguments are
// `role kind where payload_path`: role `server` or `client`, kind `tcp`,
// `unix` or `udp`, where the port or socket path to use (`-` when it makes
// its own), and the file holding the random payload, so both sides know the
// exact bytes to expect. A Python server prints its port (`ready` for a Unix
// socket) on its first stdout line; a Python UDP client prints the port it
// sends from. On success the script prints `ok` and exits 0; on a mismatch it
// raises, and its traceback is shown in the failing test's message.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../../socket/mod.ts";
import { tuple } from "../../builtins/mod.ts";

const T = (...xs: unknown[]) => new tuple(xs);

/** Seconds either side waits for any one socket operation. */
const IO_TIMEOUT = 10;
/** The Python process is killed if it runs longer than this. */
const PYTHON_DEADLINE_MS = 60_000;
/** The largest UDP payload over IPv4 (65535 - 20 - 8). */
const MAX_UDP = 65507;

const PEER = `
import socket, sys, threading

socket.setdefaulttimeout(${IO_TIMEOUT})
EVERY = bytes(range(256))


def check(label, got, want):
    if got != want:
        i = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y),
                 min(len(got), len(want)))
        raise AssertionError(
            f"{label}: got {len(got)} bytes, want {len(want)}; "
            f"first difference at offset {i}")


def recv_exactly(s, n):
    parts, got = [], 0
    while got < n:
        data = s.recv(min(n - got, 1 << 16))
        if not data:
            raise AssertionError(f"EOF after {got} of {n} bytes")
        parts.append(data)
        got += len(data)
    return b"".join(parts)


def stream(role, kind, where, payload):
    family = socket.AF_UNIX if kind == "unix" else socket.AF_INET
    if role == "server":
        with socket.socket(family, socket.SOCK_STREAM) as srv:
            srv.bind(where if kind == "unix" else ("127.0.0.1", 0))
            srv.listen(1)
            print("ready" if kind == "unix" else srv.getsockname()[1], flush=True)
            conn, _ = srv.accept()
    else:
        conn = socket.socket(family, socket.SOCK_STREAM)
        conn.connect(where if kind == "unix" else ("127.0.0.1", int(where)))
    with conn:
        conn.settimeout(${IO_TIMEOUT})
        conn.sendall(EVERY)
        check("the 256 byte values", recv_exactly(conn, 256), EVERY)
        errors = []

        def send():
            try:
                conn.sendall(payload)
                conn.shutdown(socket.SHUT_WR)
            except BaseException as e:
                errors.append(e)

        sender = threading.Thread(target=send)
        sender.start()
        got = recv_exactly(conn, len(payload))
        sender.join()
        if errors:
            raise errors[0]
        check("the payload", got, payload)
        extra = conn.recv(1)
        if extra:
            raise AssertionError(f"bytes after the payload: {extra!r}")


def datagrams(payload):
    return [EVERY, b"", payload[:${MAX_UDP}], b"\\x00", payload[-1000:]]


def udp(role, where, payload):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1], flush=True)
        for i, want in enumerate(datagrams(payload)):
            if role == "server":
                data, addr = s.recvfrom(65535)
                check(f"datagram {i}", data, want)
                s.sendto(data, addr)
            else:
                server = ("127.0.0.1", int(where))
                s.sendto(want, server)
                data, addr = s.recvfrom(65535)
                check(f"echo of datagram {i}", data, want)
                if addr != server:
                    raise AssertionError(f"echo came from {addr}, not {server}")


role, kind, where, payload_path = sys.argv[1:5]
with open(payload_path, "rb") as f:
    payload = f.read()
if kind == "udp":
    udp(role, where, payload)
else:
    stream(role, kind, where, payload)
print("ok", flush=True)
`;

/** A running `python3 -c PEER` process. */
class PythonPeer {
  readonly #proc: ChildProcess;
  #stdout = "";
  #stderr = "";
  readonly #closed: Promise<number | string>;
  readonly #firstLine: Promise<string>;

  constructor(args: string[]) {
    const proc = spawn("python3", ["-c", PEER, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#proc = proc;
    proc.stdout!.setEncoding("utf8");
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (d: string) => this.#stderr += d);
    const killer = setTimeout(() => proc.kill("SIGKILL"), PYTHON_DEADLINE_MS);
    this.#closed = new Promise((resolve) => {
      proc.on("error", (e) => {
        this.#stderr += String(e);
      });
      proc.on("close", (code, signal) => {
        clearTimeout(killer);
        resolve(code ?? signal ?? "unknown");
      });
    });
    this.#firstLine = new Promise((resolve, reject) => {
      proc.stdout!.on("data", (d: string) => {
        this.#stdout += d;
        const nl = this.#stdout.indexOf("\n");
        if (nl >= 0) resolve(this.#stdout.slice(0, nl));
      });
      void this.#closed.then(() =>
        reject(
          new Error(`python3 ended before printing a line:\n${this.#stderr}`),
        )
      );
    });
    // Not every test reads the first line.
    this.#firstLine.catch(() => {});
  }

  /** The first line Python printed. */
  firstLine(): Promise<string> {
    return this.#firstLine;
  }

  /** The port Python printed on its first line. */
  async port(): Promise<number> {
    const line = await this.#firstLine;
    const port = Number(line);
    assert.ok(Number.isInteger(port) && port > 0, `not a port: ${line}`);
    return port;
  }

  /** Waits for Python to end and checks that it printed `ok` and exited 0. */
  async succeeded(): Promise<void> {
    const status = await this.#closed;
    assert.equal(
      status,
      0,
      `python3 exited with ${status}:\n${this.#stderr}`,
    );
    assert.equal(this.#stdout.trimEnd().split("\n").at(-1), "ok");
  }

  /** What Python wrote to stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** Kills Python if it still runs, and waits until it has ended. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#proc.exitCode === null && this.#proc.signalCode === null) {
      this.#proc.kill("SIGKILL");
    }
    await this.#closed;
  }
}

/**
 * Runs `body` against a Python peer started with `args`, then checks that
 * Python succeeded. Python is always killed and awaited; when `body` fails,
 * Python's stderr is added to the error.
 */
async function withPython(
  args: string[],
  body: (py: PythonPeer) => Promise<void>,
): Promise<void> {
  const py = new PythonPeer(args);
  try {
    try {
      await body(py);
    } catch (e) {
      await py[Symbol.asyncDispose]();
      if (e instanceof Error && py.stderr !== "") {
        e.message += `\n--- python3 stderr ---\n${py.stderr}`;
      }
      throw e;
    }
    await py.succeeded();
  } finally {
    await py[Symbol.asyncDispose]();
  }
}

const EVERY = Uint8Array.from({ length: 256 }, (_, i) => i);

function assertSameBytes(got: Uint8Array, want: Uint8Array, label: string) {
  if (got.length === want.length && got.every((x, i) => x === want[i])) return;
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  assert.fail(
    `${label}: got ${got.length} bytes, want ${want.length}; first difference at offset ${i}`,
  );
}

/** Receives exactly `n` bytes, failing at an early EOF. */
async function recvExactly(s: socket.socket, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const data = await s.recv(Math.min(n - got, 1 << 16));
    if (data.length === 0) assert.fail(`EOF after ${got} of ${n} bytes`);
    out.set(data, got);
    got += data.length;
  }
  return out;
}

/**
 * pyport's half of the stream exchange, the mirror of Python's `stream()`:
 * both send the 256 byte values, then both send the payload while receiving
 * the other's, then EOF.
 */
async function streamExchange(
  conn: socket.socket,
  payload: Uint8Array,
): Promise<void> {
  conn.settimeout(IO_TIMEOUT);
  await conn.sendall(EVERY);
  assertSameBytes(await recvExactly(conn, 256), EVERY, "the 256 byte values");
  const [, got] = await Promise.all([
    (async () => {
      await conn.sendall(payload);
      conn.shutdown(socket.SHUT_WR);
    })(),
    recvExactly(conn, payload.length),
  ]);
  assertSameBytes(got, payload, "the payload");
  assert.equal((await conn.recv(1)).length, 0, "EOF after the payload");
}

/** The datagrams both sides exchange, as Python's `datagrams()` lists them. */
function datagrams(payload: Uint8Array): Uint8Array[] {
  return [
    EVERY,
    new Uint8Array(0),
    payload.subarray(0, MAX_UDP),
    new Uint8Array([0]),
    payload.subarray(payload.length - 1000),
  ];
}

/**
 * Runs `body` with a fresh temporary directory holding the payload file,
 * and removes the directory afterwards.
 */
async function withPayloadDir(
  payload: Uint8Array,
  body: (dir: string, payloadPath: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pyport-interop-"));
  try {
    const payloadPath = join(dir, "payload.bin");
    writeFileSync(payloadPath, payload);
    await body(dir, payloadPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("socket interoperates with CPython's socket", () => {
  // A few MiB of random bytes, an odd size so that no chunk boundary lines up.
  const payload = new Uint8Array(randomBytes(3 * 1024 * 1024 + 12345));

  test("a TCP server accepts a Python client and both receive every byte sent", async () => {
    await withPayloadDir(payload, async (_dir, payloadPath) => {
      using srv = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
      srv.settimeout(IO_TIMEOUT);
      srv.bind(["127.0.0.1", 0]);
      srv.listen(1);
      const [, port] = srv.getsockname() as [string, number];
      const args = ["client", "tcp", String(port), payloadPath];
      await withPython(args, async () => {
        const [conn, addr] = await srv.accept();
        using _conn = conn;
        assert.equal((addr as [string, number])[0], "127.0.0.1");
        await streamExchange(conn, payload);
      });
    });
  });

  test("a TCP client connects to a Python server and both receive every byte sent", async () => {
    await withPayloadDir(payload, async (_dir, payloadPath) => {
      await withPython(["server", "tcp", "-", payloadPath], async (py) => {
        const port = await py.port();
        using s = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
        s.settimeout(IO_TIMEOUT);
        await s.connect(["127.0.0.1", port]);
        assert.deepEqual(s.getpeername(), T("127.0.0.1", port));
        await streamExchange(s, payload);
      });
    });
  });

  test("a Unix stream server accepts a Python client and both receive every byte sent", async () => {
    await withPayloadDir(payload, async (dir, payloadPath) => {
      const path = join(dir, "ours.sock");
      using srv = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
      srv.settimeout(IO_TIMEOUT);
      srv.bind(path);
      srv.listen(1);
      await withPython(["client", "unix", path, payloadPath], async () => {
        const [conn] = await srv.accept();
        using _conn = conn;
        await streamExchange(conn, payload);
      });
    });
  });

  test("a Unix stream client connects to a Python server and both receive every byte sent", async () => {
    await withPayloadDir(payload, async (dir, payloadPath) => {
      const path = join(dir, "python.sock");
      await withPython(["server", "unix", path, payloadPath], async (py) => {
        assert.equal(await py.firstLine(), "ready");
        using s = new socket.socket(socket.AF_UNIX, socket.SOCK_STREAM);
        s.settimeout(IO_TIMEOUT);
        await s.connect(path);
        assert.equal(s.getpeername(), path);
        await streamExchange(s, payload);
      });
    });
  });

  test("a UDP server echoes a Python client's datagrams, including an empty one, unchanged", async () => {
    await withPayloadDir(payload, async (_dir, payloadPath) => {
      using srv = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
      srv.settimeout(IO_TIMEOUT);
      srv.bind(["127.0.0.1", 0]);
      const [, port] = srv.getsockname() as [string, number];
      const args = ["client", "udp", String(port), payloadPath];
      await withPython(args, async (py) => {
        const pyPort = await py.port();
        for (const [i, want] of datagrams(payload).entries()) {
          const [data, from] = await srv.recvfrom(65535);
          assertSameBytes(data, want, `datagram ${i}`);
          assert.deepEqual(from, T("127.0.0.1", pyPort));
          assert.equal(await srv.sendto(data, from!), want.length);
        }
      });
    });
  });

  test("a UDP client's datagrams, including an empty one, come back unchanged from a Python server", async () => {
    await withPayloadDir(payload, async (_dir, payloadPath) => {
      await withPython(["server", "udp", "-", payloadPath], async (py) => {
        const port = await py.port();
        using s = new socket.socket(socket.AF_INET, socket.SOCK_DGRAM);
        s.settimeout(IO_TIMEOUT);
        for (const [i, want] of datagrams(payload).entries()) {
          assert.equal(await s.sendto(want, ["127.0.0.1", port]), want.length);
          const [data, from] = await s.recvfrom(65535);
          assertSameBytes(data, want, `echo of datagram ${i}`);
          assert.deepEqual(from, T("127.0.0.1", port));
        }
      });
    });
  });
});

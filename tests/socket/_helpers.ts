// Shared helpers of the socket tests: connected pairs over real loopback
// sockets, temp dirs for Unix paths, and error assertions.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as socket from "../../socket/mod.ts";
import type { OSError } from "../../builtins/mod.ts";

/** A listening server and a client connected to it, with the accepted socket. */
export interface Conn extends Disposable {
  srv: socket.socket;
  cli: socket.socket;
  conn: socket.socket;
}

/** Loopback host of a family. */
export function loopback(family: number): socket.Address {
  if (family === socket.AF_INET6) return ["::1", 0, 0, 0];
  return ["127.0.0.1", 0];
}

/** A listening TCP socket on loopback, port 0. */
export function listener(family: number = socket.AF_INET): socket.socket {
  const srv = new socket.socket(family, socket.SOCK_STREAM);
  try {
    srv.bind(loopback(family));
    srv.listen();
  } catch (e) {
    srv.close();
    throw e;
  }
  return srv;
}

/** A connected TCP (or Unix stream, given a path) client/server pair. */
export async function connected(
  family: number = socket.AF_INET,
  path?: string,
): Promise<Conn> {
  const srv = new socket.socket(family, socket.SOCK_STREAM);
  const cli = new socket.socket(family, socket.SOCK_STREAM);
  try {
    srv.bind(path ?? loopback(family));
    srv.listen();
    await cli.connect(srv.getsockname());
    const [conn] = await srv.accept();
    return {
      srv,
      cli,
      conn,
      [Symbol.dispose]() {
        conn.close();
        cli.close();
        srv.close();
      },
    };
  } catch (e) {
    cli.close();
    srv.close();
    throw e;
  }
}

/** A temporary directory removed on dispose. */
export function tempDir(): { path: string } & Disposable {
  const path = mkdtempSync(join(tmpdir(), "pyport-test-"));
  return {
    path,
    [Symbol.dispose]() {
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Asserts that `err` is an OSError of class `cls` with `errno` and Python's message. */
export function assertOSError(
  err: unknown,
  cls: abstract new (...a: never[]) => OSError,
  errno: number,
  strerror?: string,
): true {
  assert.ok(
    err instanceof cls,
    `expected ${cls.name}, got ${String(err)}`,
  );
  const e = err as OSError;
  assert.equal(e.errno, errno);
  if (strerror !== undefined) {
    assert.equal(e.strerror, strerror);
    assert.equal(e.message, `[Errno ${errno}] ${strerror}`);
  }
  return true;
}

/** Asserts that `fn` rejects (or throws) an OSError of `cls` with `errno`. */
export async function rejectsOS(
  fn: () => unknown,
  cls: abstract new (...a: never[]) => OSError,
  errno: number,
  strerror?: string,
): Promise<void> {
  await assert.rejects(
    async () => {
      await fn();
    },
    (e: unknown) => assertOSError(e, cls, errno, strerror),
  );
}

/** Receives exactly `n` bytes (or until EOF), bounded by `n` calls. */
export async function recvExactly(
  s: socket.socket,
  n: number,
): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let got = 0;
  while (got < n) {
    const chunk = await s.recv(n - got);
    if (chunk.length === 0) break;
    out.set(chunk, got);
    got += chunk.length;
  }
  return out.subarray(0, got);
}

/** Bytes 0..n-1 of a repeating non-trivial pattern. */
export function pattern(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/**
 * Awaits `p`, failing with "`what` took over `ms` ms" once `ms` milliseconds
 * pass without it settling: a call that must not wait then fails the test
 * instead of hanging it.
 */
export async function within<T>(
  ms: number,
  what: string,
  p: Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new assert.AssertionError({ message: `${what} took over ${ms} ms` }),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

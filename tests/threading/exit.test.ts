// When the program ends, checked in a child process of the same runtime:
// non-daemon threads keep it alive until they finish, daemon threads (their
// sleeps, waits and sockets) never do, and an exception in a thread does
// not end it.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

// From the sources on Deno and Node 24, from the build on Node 20: the
// child program is the file next to this one with this one's extension.
const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const child = fileURLToPath(new URL(`./_exit_child.${ext}`, import.meta.url));
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

function run(scenario: string, extra: string[] = []): {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
} {
  const args = isDeno
    ? ["run", "-A", ...extra, child, scenario]
    : [child, scenario];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    seconds: (performance.now() - t0) / 1000,
  };
}

describe("program exit", () => {
  test("the program waits for a non-daemon thread after the main code ends", () => {
    const r = run("non-daemon");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\nthread done\n");
  });

  test("a non-daemon thread blocked on an Event keeps the program alive until set", () => {
    const r = run("non-daemon-sync-wait");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\nwaiter woke\n");
  });

  test("the main thread blocked on a daemon thread's Event stays alive until it is set", () => {
    const r = run("main-waits-on-daemon");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main woke\n");
  });

  test("daemon threads sleeping, waiting or timing out do not keep the program alive", () => {
    const r = run("daemon");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\n");
    assert.ok(r.seconds < 20, `took ${r.seconds} s`);
  });

  test("daemon threads blocked on sockets do not keep the program alive", () => {
    const r = run("daemon-sockets");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main done\n");
    assert.ok(r.seconds < 20, `took ${r.seconds} s`);
  });

  test(
    "...UDP sockets included, on Deno with its own datagram API (--unstable-net)",
    {
      skip: !isDeno && "Node runs the UDP case in the test above",
    },
    () => {
      const r = run("daemon-sockets", ["--unstable-net"]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "main done\n");
      assert.ok(r.seconds < 20, `took ${r.seconds} s`);
    },
  );

  test("an exception in a thread prints 'Exception in thread NAME:' and the program goes on", () => {
    const r = run("exception");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main goes on\n");
    assert.match(
      r.stderr,
      /^Exception in thread boom:\nError: bad thing\n\s+at /,
    );
  });

  test("SystemExit in a thread ends it silently and the program goes on", () => {
    const r = run("system-exit");
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "main goes on\n");
    assert.equal(r.stderr, "");
  });
});

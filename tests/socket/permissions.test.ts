// A permission the runtime was not given is Python's PermissionError
// [Errno 13], whichever call meets it, and keeps the runtime's words on
// what to allow (issue 11, item 15). Checked in `deno run` children with
// some permissions left out. Node has no permission flags for sockets (its
// --permission model does not cover the network), so there is nothing to
// check there: the tests are skipped on Node.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";
const skip = isDeno ? false : "Node has no permission flags for sockets";
const child = fileURLToPath(
  new URL("./_permission_child.ts", import.meta.url),
);
const repo = fileURLToPath(new URL("../../", import.meta.url));

interface Line {
  call: string;
  ok?: boolean;
  cls?: string;
  errno?: number;
  strerror?: string;
  message?: string;
}

function run(flags: string[]): Map<string, Line> {
  const r = spawnSync(
    process.execPath,
    ["run", "--no-prompt", ...flags, child],
    {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1" },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<string, Line>();
  for (const l of r.stdout.trim().split("\n")) {
    const line = JSON.parse(l) as Line;
    out.set(line.call, line);
  }
  return out;
}

function assertDenied(line: Line | undefined, ...flags: string[]): void {
  assert.ok(line !== undefined);
  assert.equal(line.cls, "PermissionError", JSON.stringify(line));
  assert.equal(line.errno, 13, JSON.stringify(line));
  assert.equal(line.strerror, "Permission denied");
  assert.match(line.message!, /^\[Errno 13\] Permission denied \(Requires /);
  assert.ok(
    flags.some((f) => line.message!.includes(`run again with the ${f} flag`)),
    `${line.call}: ${line.message}`,
  );
}

describe("permissions Deno was not given", { skip }, () => {
  test("with read access only, every socket call raises PermissionError [Errno 13] naming the flag", () => {
    const out = run([`--allow-read=${repo}`]);
    for (
      const call of [
        "tcp bind",
        "tcp listen",
        "tcp connect",
        "create_connection",
        "udp bind",
        "udp sendto",
        "socketpair AF_INET",
        "getaddrinfo",
        "gethostbyname",
      ]
    ) assertDenied(out.get(call), "--allow-net");
    // A socketpair needs a temporary directory: write access, not env.
    assertDenied(out.get("socketpair"), "--allow-write");
    for (const call of ["unix bind", "unix connect"]) {
      assertDenied(out.get(call), "--allow-read", "--allow-write");
    }
    assertDenied(out.get("gethostname"), "--allow-sys");
  });

  test("socketpair() needs no env access (it finds the temp directory without TMPDIR)", () => {
    const out = run(["--allow-read", "--allow-write", "--allow-net"]);
    assert.deepEqual(out.get("socketpair"), { call: "socketpair", ok: true });
    assert.deepEqual(out.get("unix bind"), { call: "unix bind", ok: true });
    assertDenied(out.get("gethostname"), "--allow-sys");
  });
});

// When a program with child processes ends, checked in a child program of
// the same runtime: it waits for a non-daemonic child and stops a daemonic
// one, for both start methods.

import { describe, test } from "node:test";
import { marked, runProgram } from "./_run_program.ts";
import { cpu_count } from "../../multiprocessing/mod.ts";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ext = import.meta.url.endsWith(".ts") ? "ts" : "js";
const isDeno = typeof (globalThis as { Deno?: unknown }).Deno === "object";

/** The part of Deno's API the permission tests use (they run on Deno only). */
interface DenoCommandApi {
  execPath(): string;
  Command: new (
    cmd: string,
    opts: { args: string[]; env: Record<string, string> },
  ) => {
    outputSync(): { code: number; stdout: Uint8Array; stderr: Uint8Array };
  };
}

const run = (scenario: string, method: string) =>
  runProgram("_exit_child", [scenario, method]);

const unguarded = fileURLToPath(
  new URL(`./_unguarded_child.${ext}`, import.meta.url),
);

describe("a child's uncaught exception and a missing main guard", () => {
  for (const method of ["worker", "spawn"]) {
    test(`${method}: the traceback is printed as Python's, exit code 1`, () => {
      const r = run("throws", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "exitcode 1\n");
      assert.match(
        r.stderr,
        /^Process Process-1:\nTraceback \(most recent call last\):\n( {2}File ".*", line \d+, in .*\n)+ValueError: boom\n/,
      );
      assert.match(r.stderr, /_exit_child\.(ts|js)", line \d+, in boom\n/);
    });
  }

  // Node grants every permission unless run with --permission, which
  // pyport does not use; Deno's permissions are what can refuse a child.
  for (
    const [method, flags, needs] of [
      ["worker", [], "--allow-read"],
      ["spawn", [], "--allow-run"],
      ["spawn", ["--allow-read"], "--allow-run"],
    ] as const
  ) {
    test(
      `${method} with ${
        flags.join(" ") || "no permissions"
      }: start() raises PermissionError asking for ${needs}`,
      {
        skip: isDeno ? false : "Node has no permissions to refuse",
      },
      () => {
        const program = fileURLToPath(
          new URL(`./_no_permission_child.${ext}`, import.meta.url),
        );
        // Deno.Command, not node:child_process: Deno hands its own
        // permissions to a deno it starts through node:child_process.
        const deno = (globalThis as unknown as { Deno: DenoCommandApi }).Deno;
        const out = new deno.Command(deno.execPath(), {
          args: ["run", "--no-prompt", ...flags, program, method],
          env: { NO_COLOR: "1" },
        }).outputSync();
        const r = {
          status: out.code,
          stdout: new TextDecoder().decode(out.stdout),
          stderr: new TextDecoder().decode(out.stderr),
        };
        assert.equal(r.status, 0, r.stderr);
        const [kind, message] = r.stdout.split("\n");
        assert.equal(kind, "PermissionError 13");
        assert.match(
          message!,
          new RegExp(`^\\[Errno 13\\] Requires .*${needs}`),
        );
        assert.doesNotMatch(r.stdout, /the work ran/);
      },
    );
  }

  test("a child that starts a process while importing gets Python's RuntimeError", () => {
    const args = isDeno ? ["run", "-A", unguarded] : [unguarded];
    const r = spawnSync(process.execPath, args, {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "exitcode 1\n");
    assert.match(
      r.stderr,
      /RuntimeError: \s*An attempt has been made to start a new process before the\s+current process has finished its bootstrapping phase\./,
    );
    assert.match(r.stderr, /if \(import\.meta\.main\)/);
  });
});

describe("program exit with child processes", () => {
  for (const method of ["worker", "spawn"]) {
    test(`${method}: the program waits for a non-daemonic child`, () => {
      const r = run("non-daemon", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "main done\nchild done\n");
    });

    test(`${method}: a daemonic child is stopped when the program ends`, () => {
      const r = run("daemon", method);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "main done\n");
    });

    test(`${method}: the child kept warm for a next start neither holds the program nor outlives it`, async () => {
      const mark = `pyport-warm-${method}-${process.pid}-${Date.now()}`;
      const r = runProgram("_exit_child", ["warm", method], {
        PYPORT_TEST_MARK: mark,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, "child done\nmain done\n");
      assert.ok(r.seconds < 30, `the program took ${r.seconds} s`);
      // No process of the program's is left (a 'spawn' child kept warm is an
      // OS process that inherited the mark).
      let left = marked(mark);
      for (let i = 0; i < 30 && left.length > 0; i++) {
        await new Promise((ok) => setTimeout(ok, 100));
        left = marked(mark);
      }
      assert.deepEqual(left, []);
    });

    if (method === "spawn") {
      // Which processes are warm is read from Linux's /proc.
      const procfs = existsSync("/proc/self/environ");
      test(
        "spawn: starts that come together leave as many children warm, which the next ones take",
        {
          skip: procfs ? false : "no /proc here",
        },
        () => {
          const r = runProgram("_exit_child", ["warm-burst", "spawn"], {
            PYPORT_TEST_MARK: `pyport-burst-${process.pid}-${Date.now()}`,
          });
          assert.equal(r.status, 0, r.stderr);
          const n = Math.min(2, cpu_count());
          assert.equal(
            r.stdout,
            "child done\n".repeat(n) + "ready true\n" + "taken true\n" +
              "child done\n".repeat(n) + "refilled true, later 1\n",
          );
        },
      );
    }

    if (method === "worker") {
      test("worker: a 'spawn' child kept warm by a 'worker' child ends with that child", () => {
        const r = runProgram("_exit_child", ["warm-nested", "worker"], {
          PYPORT_TEST_MARK: `pyport-nested-${process.pid}-${Date.now()}`,
        });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, "child done\nexitcode 0, left 0\n");
      });
    }
  }
});

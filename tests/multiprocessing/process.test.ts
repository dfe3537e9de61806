// multiprocessing.Process with both start methods: targets found by
// import, arguments by structured clone, exit codes, terminate/kill, the
// process tree's names and pids, and Python's errors for misuse.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as select from "../../select/mod.ts";
import {
  AssertionError,
  RuntimeError,
  ValueError,
} from "../../builtins/exceptions.ts";
import {
  active_children,
  current_process,
  get_all_start_methods,
  get_context,
  get_start_method,
  parent_process,
  Process,
  set_start_method,
} from "../../multiprocessing/mod.ts";
import {
  block,
  boom,
  checkEnvironment,
  Doubler,
  exitWith,
  increment,
  nativeExit,
  nest,
  startGrandchild,
  store,
  sum,
  whoami,
} from "./_targets_process.ts";
import { checkImportName } from "./_targets_import_name.ts";

function cells(n = 4): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

async function waitFor(c: Int32Array, i: number, v: number): Promise<void> {
  const end = performance.now() + 20_000;
  while (Atomics.load(c, i) !== v && performance.now() < end) {
    await Atomics.waitAsync(c, i, Atomics.load(c, i), 100).value;
  }
  assert.equal(Atomics.load(c, i), v);
}

for (const method of ["worker", "spawn"] as const) {
  const P = get_context(method).Process;
  describe(`Process (${method})`, () => {
    test("runs an exported target with its arguments and exits 0", async () => {
      const c = cells();
      const p = new P({
        target: store,
        args: [method === "worker" ? c : c, 0, 42],
      });
      if (method === "spawn") {
        // Shared memory cannot reach another OS process: a plain exit code does.
        const q = new P({ target: exitWith, args: [0] });
        q.start();
        await q.join();
        assert.equal(q.exitcode, 0);
        assert.throws(
          () => p.start(),
          /cannot pickle 'Int32Array' object \(args\[0\]\): shared memory cannot reach a 'spawn' process/,
        );
        return;
      }
      assert.equal(p.exitcode, null);
      p.start();
      assert.ok(p.pid! > 2 ** 22, "a Worker's pid is above Linux's pid_max");
      assert.equal(p.ident, p.pid);
      await p.join();
      assert.equal(c[0], 42);
      assert.equal(p.exitcode, 0);
      assert.equal(p.is_alive(), false);
      assert.match(
        String(p),
        /^<\w*Process name='Process-\d+' pid=\d+ parent=\d+ stopped exitcode=0>$/,
      );
    });

    test("the child has its name while importing its target's module, so a current_process().name guard works", async () => {
      const p = new P({
        target: checkImportName,
        args: ["Process-guarded"],
        name: "Process-guarded",
      });
      p.start();
      await p.join();
      assert.equal(p.exitcode, 0);
    });

    test("a child made ahead of time has the environment and directory of start()", async () => {
      // A start leaves a child warm for the next one (made after a pause).
      const first = new P({ target: exitWith, args: [0] });
      first.start();
      await first.join();
      const name = `PYPORT_TEST_ENV_${method}_${process.pid}`;
      const before = process.cwd();
      const dir = mkdtempSync(join(tmpdir(), "pyport-cwd-"));
      try {
        for (const value of ["set after the warm child was made", null]) {
          await new Promise((r) => setTimeout(r, 400));
          if (value === null) delete process.env[name];
          else process.env[name] = value;
          process.chdir(value === null ? before : dir);
          const p = new P({
            target: checkEnvironment,
            args: [name, value, process.cwd()],
          });
          p.start();
          await p.join();
          assert.equal(p.exitcode, 0, `${name}=${value}`);
        }
      } finally {
        process.chdir(before);
        delete process.env[name];
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test("an uncaught exception gives exit code 1", async () => {
      const p = new P({ target: boom });
      p.start();
      await p.join();
      assert.equal(p.exitcode, 1);
    });

    test("SystemExit(n) and the runtime's own exit give n", async () => {
      for (
        const [target, arg, code] of [
          [exitWith, 7, 7],
          [exitWith, null, 0],
          [exitWith, "bye", 1],
          [exitWith, 256 + 3, 3],
          [nativeExit, 5, 5],
        ] as const
      ) {
        const p = new P({ target, args: [arg] });
        p.start();
        await p.join();
        assert.equal(p.exitcode, code, `${target.name}(${arg})`);
      }
    });

    test("terminate() gives -15 and kill() gives -9, even while the child waits", async () => {
      for (const [how, code] of [["terminate", -15], ["kill", -9]] as const) {
        const c = cells();
        const p = new P({
          target: method === "worker" ? block : exitWith,
          args: [method === "worker" ? c : 0],
        });
        if (method === "spawn") {
          // A spawn child that waits forever: a self-contained target.
          const q = new P({
            target: async () =>
              await new Promise(() => setInterval(() => {}, 1000)),
          });
          q.start();
          try {
            await new Promise((r) => setTimeout(r, 300));
            assert.equal(q.is_alive(), true);
            q[how]();
            await q.join(20);
            assert.equal(q.exitcode, code);
          } finally {
            q.kill();
          }
          continue;
        }
        p.start();
        await waitFor(c, 0, 1);
        assert.equal(p.is_alive(), true);
        p[how]();
        await p.join(20);
        assert.equal(p.exitcode, code);
        assert.match(
          String(p),
          new RegExp(`exitcode=-SIG${how === "kill" ? "KILL" : "TERM"}>`),
        );
      }
    });

    test("join(timeout) returns with exitcode null while the child runs", async () => {
      const p = new P({
        target: async () => await new Promise((r) => setTimeout(r, 1500)),
      });
      p.start();
      const t0 = performance.now();
      await p.join(0.2);
      const waited = performance.now() - t0;
      assert.equal(p.exitcode, null);
      assert.ok(waited >= 190 && waited < 1400, `waited ${waited} ms`);
      await p.join();
      assert.equal(p.exitcode, 0);
    });

    test("sentinel, active_children and close()", async () => {
      const p = new P({
        target: async () => await new Promise((r) => setTimeout(r, 300)),
      });
      assert.throws(() => p.sentinel, ValueError);
      p.start();
      assert.equal(typeof p.sentinel, "number");
      assert.ok(active_children().includes(p));
      assert.throws(
        () => p.close(),
        (e: unknown) =>
          e instanceof ValueError && /still running/.test(e.message),
      );
      await p.join();
      assert.ok(!active_children().includes(p));
      p.close();
      assert.throws(() => p.is_alive(), /process object is closed/);
      assert.throws(() => p.exitcode, ValueError);
    });
  });
}

describe("Process (worker) specifics", () => {
  test("kwargs reach the target as one trailing object; async targets are awaited", async () => {
    const c = cells();
    const p = new Process({ target: sum, args: [c, 1, 2], kwargs: { c: 3 } });
    p.start();
    await p.join();
    assert.equal(c[0], 6);
  });

  test("an exported subclass runs its own run() with its fields", async () => {
    const c = cells();
    c[0] = 21;
    const p = new Doubler(c);
    p.start();
    await p.join();
    assert.equal(p.exitcode, 0);
    assert.equal(c[0], 42);
  });

  test("the child sees its own name and pid and its parent's pid", async () => {
    const c = cells();
    const p = new Process({ target: whoami, args: [c], name: "Process-x" });
    p.start();
    await p.join();
    assert.equal(c[0], p.pid);
    assert.equal(c[1], current_process().pid);
    assert.equal(c[2], 1);
  });

  test("a child starts its own children, named Process-N:1", async () => {
    const c = cells();
    const p = new Process({ target: nest, args: [c] });
    p.start();
    await p.join();
    assert.equal(p.exitcode, 0);
    assert.deepEqual([...c.slice(0, 3)], [1, 1, 1]);
  });

  test("a daemonic process may not start children (AssertionError)", async () => {
    const c = cells();
    const p = new Process({ target: startGrandchild, args: [c], daemon: true });
    p.start();
    await p.join();
    assert.equal(c[0], 2);
  });

  test("100 processes started and joined", async () => {
    const c = cells();
    const ps: Process[] = [];
    for (let i = 0; i < 100; i++) {
      const p = new Process({ target: increment, args: [c] });
      p.start();
      ps.push(p);
    }
    for (const p of ps) await p.join(60);
    assert.equal(c[0], 100);
    assert.ok(ps.every((p) => p.exitcode === 0));
    assert.equal(new Set(ps.map((p) => p.pid)).size, 100);
  });
});

describe("Process sentinel", () => {
  test("select() sees the sentinel readable once the child ends", async () => {
    const p = new Process({
      target: async () => await new Promise((r) => setTimeout(r, 300)),
    });
    p.start();
    const [none] = await select.select([p.sentinel], [], [], 0);
    assert.deepEqual(none, []);
    const [ready] = await select.select([p.sentinel], [], [], 20);
    assert.deepEqual(ready, [p.sentinel]);
    assert.equal(p.exitcode, 0);
    await p.join();
  });
});

describe("Process misuse: Python's errors", () => {
  test("start twice, join before start, group, unknown options", async () => {
    const p = new Process({ target: increment, args: [cells()] });
    await assert.rejects(
      p.join(),
      (e: unknown) =>
        e instanceof AssertionError &&
        e.message === "can only join a started process",
    );
    p.start();
    assert.throws(
      () => p.start(),
      (e: unknown) =>
        e instanceof AssertionError &&
        e.message === "cannot start a process twice",
    );
    await p.join();
    assert.throws(
      () => new Process({ group: "g" as unknown as null }),
      AssertionError,
    );
    assert.throws(
      () => new Process({ targt: increment } as never),
      /unexpected keyword argument 'targt'/,
    );
    assert.throws(() => {
      p.daemon = true;
    }, /process has already started/);
    const q = new Process({ target: increment });
    assert.throws(
      () => q.terminate(),
      /'NoneType' object has no attribute 'terminate'/,
    );
    assert.throws(() => q.kill(), /'NoneType' object has no attribute 'kill'/);
    assert.throws(
      () => {
        q.name = 5 as unknown as string;
      },
      (e: unknown) =>
        e instanceof AssertionError && e.message === "name must be a string",
    );
  });

  test("arguments that cannot cross fail at start() naming the argument", () => {
    assert.throws(
      () =>
        new Process({ target: increment, args: [cells(), () => 1] }).start(),
      (e: unknown) =>
        e instanceof TypeError &&
        /cannot pickle 'function' object \(args\[1\]\)/.test(e.message),
    );
    assert.throws(
      () => new Process({ target: increment, args: [new WeakMap()] }).start(),
      (e: unknown) =>
        e instanceof TypeError &&
        /cannot pickle 'WeakMap' object \(args\[0\]\)/.test(e.message),
    );
    assert.throws(
      () =>
        new Process({ target: increment, kwargs: { cb: Symbol("x") } }).start(),
      /kwargs\.cb/,
    );
  });

  test("a target the child cannot find fails at start() saying what to do", () => {
    const local = { method() {} };
    assert.throws(
      () => new Process({ target: local.method }).start(),
      (e: unknown) =>
        e instanceof TypeError &&
        /exported at the top level of a module/.test(e.message),
    );
    assert.throws(
      () => new Process({ target: Math.max }).start(),
      /export function max/,
    );
  });

  test("start methods: worker and spawn; fork and forkserver explain why not", () => {
    assert.deepEqual(get_all_start_methods(), ["worker", "spawn"]);
    assert.equal(get_start_method(), "worker");
    assert.throws(
      () => set_start_method("spawn"),
      (e: unknown) =>
        e instanceof RuntimeError &&
        e.message === "context has already been set",
    );
    for (const m of ["fork", "forkserver"]) {
      assert.throws(
        () => get_context(m),
        (e: unknown) =>
          e instanceof ValueError &&
          /cannot fork a running process/.test(e.message),
      );
    }
    assert.throws(
      () => get_context("bogus"),
      /cannot find context for 'bogus'/,
    );
    set_start_method("spawn", true);
    assert.equal(get_start_method(), "spawn");
    set_start_method("worker", { force: true });
    assert.equal(current_process().name, "MainProcess");
    assert.equal(parent_process(), null);
    assert.equal(current_process().pid, process.pid);
  });
});

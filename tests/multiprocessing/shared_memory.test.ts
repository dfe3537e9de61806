// multiprocessing.shared_memory: SharedMemory and ShareableList within one
// process (Python's behaviour and errors), then shared with children by
// name and as arguments.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  FileExistsError,
  FileNotFoundError,
  IndexError,
  NotImplementedError,
} from "../../builtins/mod.ts";
import { b } from "../../builtins/bytes.ts";
import { get_context, Process } from "../../multiprocessing/mod.ts";
import {
  ShareableList,
  SharedMemory,
} from "../../multiprocessing/shared_memory/mod.ts";
import {
  adoptSharedMemoryRegistry,
  sharedMemoryRegistryState,
} from "../../multiprocessing/shared_memory/_registry.ts";
import {
  changeListByName,
  changeListPassed,
  createInChild,
  tryAttach,
  writeByName,
  writePassed,
} from "./_targets_shared.ts";

/** Throws-check for Python's error class name and message. */
function raises(fn: () => unknown, name: string, message: string | RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `not an Error: ${String(e)}`);
    assert.equal(e.name, name);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

function cells(n = 4): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

describe("SharedMemory", () => {
  test("create makes a named block; attaching by name shares its bytes", () => {
    const shm = new SharedMemory({ create: true, size: 10 });
    assert.match(shm.name, /^psm_[0-9a-f]{8}$/);
    assert.equal(shm.size, 10);
    assert.equal(shm.buf.length, 10);
    assert.ok(shm.buf.buffer instanceof SharedArrayBuffer);
    assert.equal(String(shm), `SharedMemory('${shm.name}', size=10)`);
    shm.buf.set(b("hello"), 0);
    const other = new SharedMemory(shm.name);
    assert.deepEqual(other.buf.slice(0, 5), b("hello"));
    other.buf[9] = 7;
    assert.equal(shm.buf[9], 7);
    // Attaching ignores the size, as on Linux.
    assert.equal(new SharedMemory(shm.name, false, 3).size, 10);
    assert.equal(new SharedMemory(shm.name, { size: 10_000 }).size, 10);
    other.close();
    shm.close();
    shm.unlink();
  });

  test("a given name is used; the positional and keyword forms agree", () => {
    const name = `psm_test_${Date.now()}`;
    const shm = new SharedMemory(name, true, 4);
    assert.equal(shm.name, name);
    const again = new SharedMemory({ name, track: false });
    assert.equal(again.size, 4);
    shm.unlink();
  });

  test("Python's errors for bad sizes and a missing name", () => {
    raises(
      () => new SharedMemory({ create: true }),
      "ValueError",
      "'size' must be a positive number different from zero",
    );
    raises(
      () => new SharedMemory(null, true, 0),
      "ValueError",
      "'size' must be a positive number different from zero",
    );
    raises(
      () => new SharedMemory({ create: true, size: -1 }),
      "ValueError",
      "'size' must be a positive integer",
    );
    raises(
      () => new SharedMemory("x", false, -1),
      "ValueError",
      "'size' must be a positive integer",
    );
    raises(
      () => new SharedMemory(),
      "ValueError",
      "'name' can only be None if create=True",
    );
    raises(
      () => new SharedMemory({ name: null }),
      "ValueError",
      "'name' can only be None if create=True",
    );
  });

  test("an unknown name is FileNotFoundError; a used one FileExistsError", () => {
    const e1 = (() => {
      try {
        new SharedMemory("psm_nope");
      } catch (e) {
        return e;
      }
    })();
    assert.ok(e1 instanceof FileNotFoundError);
    assert.equal(e1.errno, 2);
    assert.equal(
      e1.message,
      "[Errno 2] No such file or directory: '/psm_nope'",
    );
    const shm = new SharedMemory({ create: true, size: 1 });
    assert.throws(
      () => new SharedMemory(shm.name, true, 1),
      (e: unknown) =>
        e instanceof FileExistsError && e.errno === 17 &&
        e.message === `[Errno 17] File exists: '/${shm.name}'`,
    );
    shm.unlink();
    assert.throws(() => shm.unlink(), FileNotFoundError);
    assert.throws(() => new SharedMemory(shm.name), FileNotFoundError);
  });

  test("close() ends access through this object only; it may be repeated", () => {
    const shm = new SharedMemory({ create: true, size: 2 });
    const other = new SharedMemory(shm.name);
    shm.close();
    shm.close();
    raises(
      () => shm.buf,
      "ValueError",
      "operation forbidden on released memoryview object",
    );
    other.buf[0] = 1;
    assert.equal(new SharedMemory(shm.name).buf[0], 1);
    shm.unlink();
  });

  test("the table a child adopts names the same memory", () => {
    const shm = new SharedMemory({ create: true, size: 3 });
    const state = sharedMemoryRegistryState();
    assert.ok(
      state.some(([n, block]) => n === shm.name && block.byteLength === 3),
    );
    shm.unlink();
    adoptSharedMemoryRegistry(state);
    const back = new SharedMemory(shm.name);
    back.buf[0] = 5;
    assert.equal(shm.buf[0], 5);
    back.unlink();
  });
});

describe("ShareableList", () => {
  test("holds ints, floats, bools, strs, bytes and None with Python's formats", () => {
    const sl = new ShareableList([
      "howdy",
      b("HoWdY"),
      -273.154,
      100,
      null,
      true,
      42,
      2n ** 62n,
    ]);
    assert.equal(sl.length, 8);
    assert.deepEqual([...sl], [
      "howdy",
      b("HoWdY"),
      -273.154,
      100,
      null,
      true,
      42,
      2n ** 62n,
    ]);
    assert.equal(sl.format, "8s8sdqxxxxxx?xxxxxxxx?qq");
    assert.equal(
      String(sl),
      `ShareableList(['howdy', b'HoWdY', -273.154, 100, None, True, 42, 4611686018427387904], name='${sl.shm.name}')`,
    );
    assert.equal(sl[-1], 2n ** 62n);
    assert.equal(sl[-8], "howdy");
    sl.shm.unlink();
  });

  test("items may change type; a str or bytes must fit its room", () => {
    const sl = new ShareableList(["howdy", 1.5, 7, "a long string of 24 char"]);
    sl[1] = -78.5;
    assert.equal(sl[1], -78.5);
    sl[1] = "dry ice";
    assert.equal(sl[1], "dry ice");
    assert.equal(sl.format, "8s8sq32s");
    raises(
      () => {
        sl[1] = "larger than previously allocated storage space";
      },
      "ValueError",
      "bytes/str item exceeds available storage",
    );
    assert.equal(sl[1], "dry ice");
    sl[2] = "abcdefgh";
    assert.equal(sl[2], "abcdefgh");
    sl[0] = false;
    sl[3] = b("x");
    assert.deepEqual([...sl], [false, "dry ice", "abcdefgh", b("x")]);
    assert.equal(sl.format, "xxxxxxx?8s8s32s");
    sl[3] = null;
    assert.equal(sl[3], null);
    sl.shm.unlink();
  });

  test("index() and count() compare as Python's ==", () => {
    const sl = new ShareableList([1, true, 1.5, "a", b("a"), null, 1n]);
    assert.equal(sl.count(1), 3);
    assert.equal(sl.count(b("a")), 1);
    assert.equal(sl.count("a"), 1);
    assert.equal(sl.count(null), 1);
    assert.equal(sl.index(1.5), 2);
    assert.equal(sl.index(b("a")), 4);
    raises(() => sl.index(7), "ValueError", "7 not in this container");
    raises(() => sl.index("zz"), "ValueError", "'zz' not in this container");
    sl.shm.unlink();
  });

  test("bad input: out of range, unsupported item types, deletion", () => {
    const sl = new ShareableList([1, 2]);
    raises(() => sl[2], "IndexError", "index out of range");
    raises(() => sl[-3], "IndexError", "index out of range");
    raises(
      () => {
        sl[2] = 1;
      },
      "IndexError",
      "assignment index out of range",
    );
    raises(
      () => {
        sl[0] = [1] as never;
      },
      "KeyError",
      "<class 'list'>",
    );
    raises(
      () => new ShareableList([[1]] as never),
      "KeyError",
      "<class 'list'>",
    );
    raises(
      () => new ShareableList([2n ** 63n]),
      "OverflowError",
      "argument out of range",
    );
    raises(
      () => {
        delete (sl as unknown as unknown[])[0];
      },
      "TypeError",
      "'ShareableList' object doesn't support item deletion",
    );
    assert.throws(() => sl[5], IndexError);
    sl.shm.unlink();
  });

  test("an empty list; attaching by name; a name in use", () => {
    const empty = new ShareableList();
    assert.equal(empty.length, 0);
    assert.deepEqual([...empty], []);
    assert.equal(String(empty), `ShareableList([], name='${empty.shm.name}')`);
    const sl = new ShareableList([1, "two"]);
    const same = new ShareableList(null, { name: sl.shm.name });
    same[0] = 10;
    assert.equal(sl[0], 10);
    assert.equal(same[1], "two");
    const keywords = new ShareableList({ name: sl.shm.name });
    assert.equal(keywords.length, 2);
    assert.throws(
      () => new ShareableList([1], { name: sl.shm.name }),
      FileExistsError,
    );
    assert.throws(
      () => new ShareableList(null, { name: "psm_none_here" }),
      FileNotFoundError,
    );
    empty.shm.unlink();
    sl.shm.unlink();
  });
});

describe("shared memory with child processes ('worker')", () => {
  test("a block made by the parent is attached by name in a child, whose writes the parent sees", async () => {
    const shm = new SharedMemory({ create: true, size: 8 });
    const p = new Process({
      target: writeByName,
      args: [shm.name, b("child")],
    });
    p.start();
    await p.join(60);
    assert.equal(p.exitcode, 0);
    assert.deepEqual(shm.buf.slice(0, 5), b("child"));
    shm.unlink();
  });

  test("a block passed as an argument is the same memory in the child", async () => {
    const shm = new SharedMemory({ create: true, size: 8 });
    const ps = [0, 4].map((off) =>
      new Process({ target: writePassed, args: [shm, off, b("ab")] })
    );
    for (const p of ps) p.start();
    for (const p of ps) await p.join(60);
    assert.deepEqual(ps.map((p) => p.exitcode), [0, 0]);
    assert.deepEqual(shm.buf, b("ab\0\0ab\0\0"));
    shm.unlink();
  });

  test("a ShareableList is attached by name, or passed, and the parent sees the writes", async () => {
    const sl = new ShareableList([41, "a string", 2.5, false]);
    const p = new Process({ target: changeListByName, args: [sl.shm.name] });
    p.start();
    await p.join(60);
    assert.equal(p.exitcode, 0);
    assert.deepEqual([...sl], [42, "changed", null, false]);
    const q = new Process({ target: changeListPassed, args: [sl] });
    q.start();
    await q.join(60);
    assert.equal(q.exitcode, 0);
    assert.deepEqual([...sl], [-1, "changed", null, true]);
    sl.shm.unlink();
  });

  test("a block made by a sibling cannot be found by name (no message reaches the other Worker)", async () => {
    const c = cells(16);
    const maker = new Process({ target: createInChild, args: [c] });
    maker.start();
    await maker.join(60);
    assert.equal(maker.exitcode, 0);
    const len = Atomics.load(c, 0);
    const name = String.fromCharCode(
      ...Array.from({ length: len }, (_, i) => Atomics.load(c, i + 1)),
    );
    assert.match(name, /^psm_[0-9a-f]{8}$/);
    const r = cells(1);
    const p = new Process({ target: tryAttach, args: [name, r] });
    p.start();
    await p.join(60);
    assert.equal(p.exitcode, 0);
    assert.equal(Atomics.load(r, 0), 1, "FileNotFoundError in the sibling");
  });

  test("a 'spawn' child cannot share a block: NotImplementedError at start()", () => {
    const P = get_context("spawn").Process;
    const shm = new SharedMemory({ create: true, size: 1 });
    const sl = new ShareableList([1]);
    for (const arg of [shm, sl]) {
      const p = new P({ target: writePassed, args: [arg, 0, b("x")] });
      assert.throws(() => p.start(), NotImplementedError);
    }
    shm.unlink();
    sl.shm.unlink();
  });
});

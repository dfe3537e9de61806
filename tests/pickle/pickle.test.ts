// pickle: CPython's bytes, both ways. Values CPython pickles are read and
// written again byte for byte (protocols 2 to 5), python3 reads what pyport
// writes, protocols 0 and 1 are read, classes cross through the registry,
// and hostile input (forbidden globals, truncation, huge claimed lengths,
// random mutations) ends in UnpicklingError only.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as pickle from "../../pickle/mod.ts";
import { Empty, Full } from "../../queue/mod.ts";
import {
  bytearray,
  EOFError,
  FileNotFoundError,
  frozenset,
  KeyError,
  type OSError,
  RecursionError,
  tuple,
  ValueError,
} from "../../builtins/mod.ts";

/** Runs python3 with `code`; its stdout. */
function py(code: string, input?: Uint8Array): string {
  const r = spawnSync("python3", ["-c", code], {
    input,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout.toString();
}

const hex = (b: Uint8Array) =>
  Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (s: string) =>
  new Uint8Array(s.match(/../g)!.map((x) => parseInt(x, 16)));

/** Python expressions whose pickles pyport must read and write again. */
const VALUES = [
  "None",
  "True",
  "False",
  "0",
  "255",
  "256",
  "65535",
  "65536",
  "-1",
  "-2**31",
  "2**31",
  "2**53",
  "-2**63",
  "2**70",
  "-(2**1000)",
  "0.5",
  "-2.5e-300",
  "float('inf')",
  "-0.0",
  "''",
  "'hello'",
  "'é∂😀'",
  "'\\ud800x'",
  "'x' * 300",
  "b''",
  "b'\\x00\\xffab'",
  "b'x' * 300",
  "bytearray(b'xy')",
  "bytearray()",
  "()",
  "(1,)",
  "(1, 2)",
  "(1, 2, 3)",
  "(1, 2, 3, 4)",
  "[]",
  "[1]",
  "[1, 'a', [2, (3, None)]]",
  "{}",
  "{'a': 1}",
  "{'a': 1, 2: 'b', (3, 4): [5]}",
  "set()",
  "{1, 2, 3}",
  "frozenset()",
  "frozenset({'x'})",
  "ValueError('bad', 3)",
  "KeyError('k')",
  "OSError(2, 'No such file or directory', 'f.txt')",
  "ConnectionResetError(104, 'Connection reset by peer')",
  "[ValueError('a'), ValueError('b')]",
  "(lambda s: [s, s, (s, s)])('shared')",
  "(lambda l: [l, l])([1, 2])",
  "list(range(2500))",
  "{i: str(i) for i in range(1500)}",
  "[str(i) * 10 for i in range(10000)]",
  "b'z' * 100000",
  "['a' * 70000, b'b' * 65536, 'c']",
  "set(range(2001))",
  "{i: i for i in range(1000)}",
  "set(range(2000))",
  "{str(i): None for i in range(2000)}",
];

describe("pickle: CPython's bytes, byte for byte", () => {
  test("values python3 pickles are read and written again unchanged (protocols 2-5)", () => {
    const out = py(`
import pickle, sys
vals = [${VALUES.join(",\n")}]
for p in (2, 3, 4, 5):
    for v in vals:
        print(p, pickle.dumps(v, p).hex())
`).trim().split("\n");
    assert.equal(out.length, 4 * VALUES.length);
    const wrong: string[] = [];
    for (const [i, line] of out.entries()) {
      const [p, h] = line.split(" ");
      const v = pickle.loads(unhex(h!));
      const again = hex(pickle.dumps(v, Number(p)));
      if (again !== h) {
        wrong.push(`protocol ${p}: ${VALUES[i % VALUES.length]}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test("each Python type comes back as its documented JavaScript value", () => {
    const h = py(`
import pickle
print(pickle.dumps([None, True, 7, 2**70, 1.5, 'é', b'\\x01', bytearray(b'\\x02'),
  (1, 'a'), {'k': [1]}, {3}, frozenset({4}), ValueError('v')], 5).hex())`)
      .trim();
    const v = pickle.loads(unhex(h)) as unknown[];
    assert.equal(v[0], null);
    assert.equal(v[1], true);
    assert.equal(v[2], 7);
    assert.equal(v[3], 2n ** 70n);
    assert.equal(v[4], 1.5);
    assert.equal(v[5], "é");
    assert.deepEqual(v[6], new Uint8Array([1]));
    assert.ok(!(v[6] instanceof bytearray));
    assert.ok(v[7] instanceof bytearray);
    assert.deepEqual([...(v[7] as Uint8Array)], [2]);
    assert.ok(Array.isArray(v[8]) && Object.isFrozen(v[8]));
    assert.deepEqual(v[8], new tuple([1, "a"]));
    assert.deepEqual(v[9], new Map([["k", [1]]]));
    assert.ok(v[10] instanceof Set && !(v[10] instanceof frozenset));
    assert.ok(v[11] instanceof frozenset && v[11].has(4));
    assert.ok(v[12] instanceof ValueError);
    assert.deepEqual((v[12] as ValueError).args, new tuple(["v"]));
  });

  test("python3 reads what pyport writes", () => {
    const values: [unknown, string][] = [
      [null, "None"],
      [[1, 2.5, "x", true], "[1, 2.5, 'x', True]"],
      [Object.freeze([1, Object.freeze([])]), "(1, ())"],
      [{ a: 1, b: [2] }, "{'a': 1, 'b': [2]}"],
      [
        new Map<unknown, unknown>([[1, "one"], ["2", null]]),
        "{1: 'one', '2': None}",
      ],
      [new Set([3]), "{3}"],
      [new frozenset(["f"]), "frozenset({'f'})"],
      [new Uint8Array([0, 255]), "b'\\x00\\xff'"],
      [new bytearray([65]), "bytearray(b'A')"],
      [-(2n ** 80n), "-1208925819614629174706176"],
      [
        new FileNotFoundError(2, "No such file or directory", "x"),
        "FileNotFoundError(2, 'No such file or directory')",
      ],
      [new KeyError("k"), "KeyError('k')"],
      [new TypeError("t"), "TypeError('t')"],
      [new Empty(), "Empty()"],
      [new Full("f"), "Full('f')"],
      ["\ud800", "'\\ud800'"],
      [-0, "-0.0"],
      [NaN, "nan"],
    ];
    const lines = values.flatMap(([v]) =>
      [2, 3, 4, 5].map((p) => hex(pickle.dumps(v, p)))
    );
    const out = py(
      `import pickle, sys
for line in sys.stdin:
    print(repr(pickle.loads(bytes.fromhex(line.strip()))))`,
      new TextEncoder().encode(lines.join("\n") + "\n"),
    ).trim().split("\n");
    const want = values.flatMap(([, r]) => [r, r, r, r]);
    assert.deepEqual(out, want);
  });

  test("protocols 0 and 1 (and Python 2 names) are read", () => {
    const out = py(`
import pickle
v = [None, True, 1, -5, 2**70, 1.25, 'é\\n\\\\', b'\\x00', (1, 2), {'a': [1]}, {1}, frozenset(), ValueError('x'), OSError(2, 'e', 'f')]
for p in (0, 1):
    print(pickle.dumps(v, p).hex())
print(pickle.dumps(v, 2, fix_imports=True).hex())`).trim().split("\n");
    for (const h of out) {
      const v = pickle.loads(unhex(h)) as unknown[];
      assert.deepEqual(v.slice(0, 10), [
        null,
        true,
        1,
        -5,
        2n ** 70n,
        1.25,
        "é\n\\",
        new Uint8Array([0]),
        new tuple([1, 2]),
        new Map([["a", [1]]]),
      ]);
      assert.deepEqual(v[10], new Set([1]));
      assert.ok(v[11] instanceof frozenset);
      assert.ok(v[12] instanceof ValueError);
      assert.ok(v[13] instanceof FileNotFoundError);
      assert.equal((v[13] as OSError).filename, "f");
    }
    // A Python 2 str (protocol 2 from Python 2: SHORT_BINSTRING) reads as str.
    assert.equal(
      pickle.loads(new TextEncoder().encode("U\x03abcq\x00.")),
      "abc",
    );
    assert.equal(
      pickle.loads(new TextEncoder().encode("S'a\\nb'\np0\n.")),
      "a\nb",
    );
    // Python 2 str with bytes past ASCII: Python's `encoding` argument.
    const py2 = Uint8Array.from([0x55, 4, 0x63, 0x61, 0x66, 0xe9, 0x2e]);
    assert.throws(() => pickle.loads(py2), pickle.UnpicklingError);
    assert.equal(pickle.loads(py2, { encoding: "latin1" }), "café");
    assert.deepEqual(
      pickle.loads(py2, { encoding: "bytes" }),
      Uint8Array.from([0x63, 0x61, 0x66, 0xe9]),
    );
    assert.throws(() => pickle.loads(py2, { encoding: "klingon" }), {
      name: "LookupError",
      message: "unknown encoding: klingon",
    });
  });
});

describe("pickle: classes", () => {
  test("a registered class crosses as CPython's default object pickling does", () => {
    class Point {
      x: number;
      y: number;
      constructor(x = 0, y = 0) {
        this.x = x;
        this.y = y;
      }
      norm2(): number {
        return this.x ** 2 + this.y ** 2;
      }
    }
    pickle.register("__main__.Point", Point);
    try {
      const out = py(
        `
import pickle, sys
class Point:
    def __init__(self, x, y): self.x, self.y = x, y
for p in (2, 3, 4, 5):
    print(pickle.dumps(Point(3, 4), p).hex())
data = bytes.fromhex(sys.stdin.readline())
import __main__
q = pickle.loads(data)
print(type(q).__name__, q.x, q.y)`,
        new TextEncoder().encode(hex(pickle.dumps(new Point(5, 6))) + "\n"),
      )
        .trim().split("\n");
      for (const [i, h] of out.slice(0, 4).entries()) {
        const p = pickle.loads(unhex(h)) as Point;
        assert.ok(p instanceof Point);
        assert.equal(p.norm2(), 25);
        assert.equal(hex(pickle.dumps(p, i + 2)), h);
      }
      assert.equal(out[4], "Point 5 6");
    } finally {
      pickle.unregister("__main__.Point");
    }
    assert.throws(() => pickle.dumps(new Point()), {
      name: "PicklingError",
      message: "cannot pickle 'Point' object",
    });
  });

  test("__reduce__, __getstate__ and __setstate__ are honoured", () => {
    class Temp {
      c: number;
      constructor(c: number) {
        this.c = c;
      }
      __reduce__() {
        return [Temp, [this.c]];
      }
    }
    class Counter {
      n = 0;
      __getstate__() {
        return { count: this.n };
      }
      __setstate__(s: Map<string, number>) {
        this.n = s.get("count")!;
      }
    }
    pickle.register("app.Temp", Temp);
    pickle.register("app.Counter", Counter);
    try {
      const t = pickle.loads(pickle.dumps(new Temp(21.5))) as Temp;
      assert.ok(t instanceof Temp && t.c === 21.5);
      const c = new Counter();
      c.n = 7;
      const c2 = pickle.loads(pickle.dumps(c)) as Counter;
      assert.ok(c2 instanceof Counter && c2.n === 7);
    } finally {
      pickle.unregister("app.Temp");
      pickle.unregister("app.Counter");
    }
  });

  test("Unpickler.find_class may allow more, as in Python", async () => {
    const data = unhex(
      py(`
import pickle, collections
print(pickle.dumps(collections.OrderedDict([('a', 1)]), 4).hex())`).trim(),
    );
    assert.throws(() => pickle.loads(data), {
      name: "UnpicklingError",
      message: "global 'collections.OrderedDict' is forbidden",
    });
    class Permissive extends pickle.Unpickler {
      override find_class(module: string, name: string): unknown {
        if (module === "collections" && name === "OrderedDict") {
          return (pairs: [unknown, unknown][] = []) => new Map(pairs);
        }
        return super.find_class(module, name);
      }
    }
    let at = 0;
    const file = {
      read: (n: number) => data.subarray(at, at += n),
      readline: () => data.subarray(at, at = data.indexOf(10, at) + 1),
    };
    assert.deepEqual(await new Permissive(file).load(), new Map([["a", 1]]));
  });
});

describe("pickle: files", () => {
  test("load reads one pickle at a time, no further than its end", async () => {
    const parts = [
      pickle.dumps([1, 2]),
      unhex(
        py("import pickle; print(pickle.dumps({'x': 'y'}, 0).hex())").trim(),
      ),
      pickle.dumps("z".repeat(200_000), 5),
    ];
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const p of parts) {
      all.set(p, k);
      k += p.length;
    }
    let at = 0;
    let reads = 0;
    const file = {
      read: async (n: number) => {
        reads++;
        await Promise.resolve();
        return all.subarray(at, at += n);
      },
      readline: () => all.subarray(at, at = all.indexOf(10, at) + 1),
    };
    const u = new pickle.Unpickler(file);
    assert.deepEqual(await u.load(), [1, 2]);
    assert.equal(at, parts[0]!.length);
    assert.deepEqual(await u.load(), new Map([["x", "y"]]));
    assert.equal(await u.load(), "z".repeat(200_000));
    assert.ok(reads < 40, `${reads} reads`);
    await assert.rejects(u.load(), {
      name: "EOFError",
      message: "Ran out of input",
    });
    const out: Uint8Array[] = [];
    await pickle.dump(
      [3],
      { write: (b: Uint8Array) => Promise.resolve(void out.push(b)) },
      5,
    );
    assert.deepEqual(pickle.loads(out[0]!), [3]);
  });
});

describe("pickle: bad input gets Python's answer", () => {
  test("dumps: unpicklable values, protocols, recursion", () => {
    assert.throws(() => pickle.dumps(() => 1), {
      name: "PicklingError",
      message: "cannot pickle 'function' object",
    });
    assert.throws(() => pickle.dumps(new Date()), {
      name: "PicklingError",
      message: "cannot pickle 'Date' object",
    });
    assert.throws(() => pickle.dumps(1, 6), {
      name: "ValueError",
      message: "pickle protocol must be <= 5",
    });
    assert.throws(() => pickle.dumps(1, 0), { name: "NotImplementedError" });
    assert.equal(pickle.dumps(1, -1)[1], 5);
    assert.equal(pickle.dumps(1)[1], pickle.DEFAULT_PROTOCOL);
    let deep: unknown[] = [];
    const root = deep;
    for (let i = 0; i < 5000; i++) {
      const next: unknown[] = [];
      deep.push(next);
      deep = next;
    }
    assert.throws(() => pickle.dumps(root), RecursionError);
    // Recursive lists and dicts are fine, as in Python.
    const l: unknown[] = [1];
    l.push(l);
    const back = pickle.loads(pickle.dumps(l)) as unknown[];
    assert.equal(back[1], back);
  });

  test("loads: wrong types, empty input, forbidden globals", () => {
    assert.throws(() => pickle.loads("abc" as never), {
      name: "TypeError",
      message: "a bytes-like object is required, not 'str'",
    });
    assert.throws(() => pickle.loads(new Uint8Array(0)), EOFError);
    const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    for (
      const [data, name] of [
        ["cos\nsystem\n(S'echo hi'\ntR.", "os.system"],
        ["cbuiltins\neval\n(S'1'\ntR.", "builtins.eval"],
        ["c__builtin__\ngetattr\n.", "__builtin__.getattr"],
        ["\x80\x04\x8c\x08builtins\x8c\x04exec\x93.", "builtins.exec"],
        ["csubprocess\nPopen\n.", "subprocess.Popen"],
      ]
    ) {
      assert.throws(() => pickle.loads(enc(data!)), {
        name: "UnpicklingError",
        message: `global '${name}' is forbidden`,
      });
    }
    assert.throws(() => pickle.loads(enc("\x80\x06N.")), {
      name: "UnpicklingError",
      message: "unsupported pickle protocol: 6",
    });
    assert.throws(() => pickle.loads(enc("Z")), {
      name: "UnpicklingError",
      message: "invalid load key, 'Z'.",
    });
    assert.throws(() => pickle.loads(enc("h\x05.")), {
      name: "UnpicklingError",
      message: "Memo value not found at index 5",
    });
    assert.throws(() => pickle.loads(enc("a.")), {
      name: "UnpicklingError",
      message: "unpickling stack underflow",
    });
    // Python's argument errors.
    assert.throws(() => pickle.loads(enc("N."), 5 as never), {
      name: "TypeError",
      message: "loads() takes exactly 1 positional argument (2 given)",
    });
    assert.throws(() => pickle.dumps(1, 4, { bogus: 1 } as never), {
      name: "TypeError",
      message: "dumps() got an unexpected keyword argument 'bogus'",
    });
    assert.equal(pickle.dumps(1, { protocol: 3 })[1], 3);
    // A value whose `then` a pickle chose would be a thenable: refused, so
    // awaiting what load() or recv() returns cannot call it.
    assert.throws(
      () =>
        pickle.loads(
          enc(
            "\x80\x02c__builtin__\nobject\n)R}X\x04\x00\x00\x00thenc__builtin__\nTypeError\nsb.",
          ),
        ),
      { name: "UnpicklingError", message: /callable 'then'/ },
    );
  });

  test("truncated data and huge claimed lengths end at once, in UnpicklingError", () => {
    const good = pickle.dumps(
      [
        1,
        "two",
        new Uint8Array(300),
        new Map([[1, Object.freeze([2n ** 90n])]]),
      ],
      5,
    );
    for (let n = 1; n < good.length; n++) {
      assert.throws(
        () => pickle.loads(good.subarray(0, n)),
        pickle.UnpicklingError,
      );
    }
    const t0 = performance.now();
    const huge = [
      [0x8e, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00], // BINBYTES8 2^60
      [0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // BINUNICODE8
      [0x95, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // FRAME
      [0x96, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40], // BYTEARRAY8
      [0x42, 0xff, 0xff, 0xff, 0xff], // BINBYTES 4 GiB
      [0x8b, 0xff, 0xff, 0xff, 0x7f], // LONG4
    ];
    for (const h of huge) {
      assert.throws(
        () => pickle.loads(new Uint8Array([0x80, 5, ...h, 0x2e])),
        pickle.UnpicklingError,
      );
    }
    assert.throws(
      () => pickle.loads(new TextEncoder().encode(`L${"9".repeat(5000)}L\n.`)),
      { name: "UnpicklingError", message: /limit \(4300 digits\)/ },
    );
    // A long FLOAT line that is not a number is refused in linear time.
    assert.throws(
      () =>
        pickle.loads(new TextEncoder().encode(`F${"1".repeat(200_000)}x\n.`)),
      pickle.UnpicklingError,
    );
    // One list in the memo copied again and again by list(): the copies may
    // not grow far past the input's size.
    const copies: number[] = [0x80, 2, 0x5d, 0x71, 0, 0x28];
    for (let i = 0; i < 5000; i++) copies.push(0x4b, 1);
    copies.push(0x65, 0x28);
    for (let i = 0; i < 20_000; i++) {
      copies.push(
        0x63,
        ...new TextEncoder().encode("__builtin__\nlist\n"),
        0x68,
        0,
        0x85,
        0x52,
      );
    }
    copies.push(0x6c, 0x2e);
    assert.throws(() => pickle.loads(Uint8Array.from(copies)), {
      name: "UnpicklingError",
      message: /far more memory than its size allows/,
    });
    // Exception arguments that share one list many times: the message is
    // bounded, not exponential.
    let shared: unknown[] = [0];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    const e = pickle.loads(pickle.dumps(new ValueError(shared, 0))) as Error;
    assert.ok(e.message.length < 1_000_000);
    assert.ok(performance.now() - t0 < 2000);
  });

  test("fuzz: mutated pickles give a value or UnpicklingError, nothing else", () => {
    const seeds = [
      pickle.dumps([
        1,
        "a",
        Object.freeze([2, 3]),
        new Map([["k", new Set([1])]]),
      ], 2),
      pickle.dumps({
        x: [new ValueError("v"), new Uint8Array(20)],
        y: 2n ** 100n,
      }, 4),
      pickle.dumps([new frozenset([1, 2]), new bytearray(5), 0.25, null], 5),
      unhex(
        py(
          "import pickle; print(pickle.dumps([1, ('a', b'b'), {2: 3.5}], 0).hex())",
        ).trim(),
      ),
    ];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const deadline = performance.now() + 3000;
    let runs = 0;
    const bad: string[] = [];
    while (runs < 20_000 && performance.now() < deadline) {
      const base = seeds[runs % seeds.length]!;
      const b = base.slice();
      const edits = 1 + rand(4);
      for (let i = 0; i < edits; i++) {
        const at = rand(b.length);
        switch (rand(3)) {
          case 0:
            b[at] = rand(256);
            break;
          case 1:
            b[at] = [
              0x28,
              0x2e,
              0x30,
              0x52,
              0x62,
              0x71,
              0x68,
              0x94,
              0x95,
            ][rand(9)]!;
            break;
          default:
            b[at] = b[rand(b.length)]!;
        }
      }
      const data = rand(5) === 0 ? b.subarray(0, 1 + rand(b.length)) : b;
      try {
        pickle.loads(data);
      } catch (e) {
        if (!(e instanceof pickle.UnpicklingError)) {
          bad.push(`${hex(data)}: ${e}`);
        }
      }
      runs++;
    }
    assert.ok(runs >= 1000, `${runs} runs`);
    assert.deepEqual(bad.slice(0, 5), []);
  });
});

// A per-test time limit for `deno test`, which has no --test-timeout flag
// (Deno 2.9): scripts/test.mjs loads this file with `deno test --preload`.
// Node 24 gets the same limit from `node --test --test-timeout`.
//
// On Deno, node:test's test() and describe() register through the global
// Deno.test, and a test inside a describe() runs as a step (t.step) of its
// suite. So this wraps Deno.test, and the t.step of every context it hands
// out: each test races its own timer, and fails with "timed out after N ms"
// when the timer wins; the run goes on with the next test. A suite's timer
// is paused while one of its tests runs, so the limit is per test, never
// per file or suite. The timer is unref'd: it never keeps a test alive by
// itself (Deno still fails a test whose promise can no longer settle).
// What the timed-out test left running is not stopped.
//
// The cost: Deno records where a test was registered as the first caller of
// Deno.test or t.step outside its own code, which is now this file. So
// tests are listed here (after `=>` in FAILURES, and as the JUnit
// classname) instead of at their line; their names and the `running N tests
// from <file>` lines are unchanged, and a test inside describe() was listed
// at Deno's own node:test file (ext:deno_node/testing.ts) before anyway.
//
// A test stuck in synchronous code (a busy loop, Atomics.wait on the main
// thread) never yields to the timer; the stage timeout of scripts/test.mjs
// ends those.
//
// PYPORT_TEST_TIMEOUT: the limit in ms (default 120000; 0 turns it off).

const given = Number(Deno.env.get("PYPORT_TEST_TIMEOUT") ?? 120_000);
const limitMs = given >= 0 ? given : 120_000;

/** "suite > test" from a Deno test context, else `fallback`. */
function fullName(t, fallback) {
  const names = [];
  for (let c = t; c?.name !== undefined; c = c.parent) names.unshift(c.name);
  return names.length > 0 ? names.join(" > ") : fallback;
}

/** `fn(t)` raced against the limit; `t.step`s pause the timer. */
function limited(name, fn) {
  return function (t) {
    let timer;
    let fail;
    let inSteps = 0;
    const expired = new Promise((_, reject) => {
      fail = reject;
    });
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fail(
          new Error(
            `test timed out after ${limitMs} ms: ${fullName(t, name)} ` +
              "(PYPORT_TEST_TIMEOUT, scripts/deno_test_timeout.mjs)",
          ),
        );
      }, limitMs);
      Deno.unrefTimer(timer);
    };
    if (t !== undefined && typeof t.step === "function") {
      const step = t.step;
      t.step = async function (...args) {
        if (inSteps++ === 0) clearTimeout(timer);
        try {
          return await step.apply(this, stepArgs(args));
        } finally {
          if (--inSteps === 0) arm();
        }
      };
    }
    arm();
    return Promise.race([
      Promise.resolve().then(() => fn.call(this, t)),
      expired,
    ]).finally(() => clearTimeout(timer));
  };
}

/** Deno.test's and t.step's arguments, with the test function limited. */
function stepArgs(args) {
  const [a, b, c] = args;
  if (typeof a === "function") return [limited(a.name, a)];
  if (typeof a === "string") {
    return typeof b === "function" ? [a, limited(a, b)] : [a, b, limited(a, c)];
  }
  if (a !== null && typeof a === "object") {
    if (typeof b === "function") return [a, limited(a.name, b)];
    if (typeof a.fn === "function") {
      return [{ ...a, fn: limited(a.name, a.fn) }];
    }
  }
  return args;
}

if (limitMs > 0) {
  const test = Deno.test;
  Deno.test = function (...args) {
    return test.apply(this, stepArgs(args));
  };
  // Deno.test.only and Deno.test.ignore register through Deno.test's own
  // internals, not the patched function: keep them, limited too.
  for (const key of ["only", "ignore"]) {
    const f = test[key];
    if (typeof f === "function") {
      Deno.test[key] = function (...args) {
        return f.apply(this, stepArgs(args));
      };
    }
  }
}

#!/usr/bin/env node
// The project's one test command (`npm test`). In order:
//   static   import rules (scripts/check_imports.mjs), exports check,
//            deno lint, deno fmt --check, deno doc --lint, deno check,
//            deno publish --dry-run (slow types), build (tsc); a warning of
//            deno doc or deno publish fails its stage
//   pack     scripts/pack_check.mjs: versions, README links, `npm pack` of
//            npm/ installed and run on Node 20, Node 24, Deno and Bun
//            (not with --quick or test paths)
//   Deno     tests/ under `deno test`, then the JSDoc examples (`--doc`)
//   Node 24  tests/**/*.test.ts from the sources (type stripping, no flags)
//   Node 20  build/tests/**/*.test.js (the machine's own node)
//   Bun      tests/**/*.test.ts under `bun test --parallel` (the bun
//            devDependency; files in worker processes, each in a fresh
//            global, as `node --test` runs them, in half the time of one
//            after another)
// Every stage runs even when an earlier one failed (but Node 20 needs the
// build). Exit status 1 if anything failed. The last line sums the tests of
// all runtimes: `N passed, N failed` (a failed stage that reports no failed
// test counts as one failure, so the line never says 0 failed on a red run).
//
//   node scripts/test.mjs [--quick | --static] [--only=deno,node24,node20,bun] [paths...]
//     --quick   the import rules, then Deno's tests/ only (`npm run test:quick`):
//               no other static stage, no build, no JSDoc examples, no Node
//               or Bun;
//               with --only, those runtimes instead of Deno (node20 builds)
//     --static  only the static stages, with `tsc --noEmit` instead of the build
//     --only    run only these runtimes' tests
//     paths     test files or folders under tests/ to run (default: all)
// Env: PYPORT_SYSTEM_NODE (Node for the Node 20 stage),
//      PYPORT_STAGE_TIMEOUT (seconds per stage, default 600),
//      PYPORT_TEST_TIMEOUT (ms per test, default 120000; 0: no limit).
//
// Per-test time limit. A test that runs longer than PYPORT_TEST_TIMEOUT
// fails with "timed out after N ms", and the run goes on to the next test,
// instead of the whole stage hanging until PYPORT_STAGE_TIMEOUT kills it.
// Node 24: `--test-timeout` (not on Node 20, where it limits each file as a
// whole, not each test). Deno: `deno test` has no such flag (2.9), so the
// Deno stages `--preload` scripts/deno_test_timeout.mjs, which wraps
// Deno.test (what node:test's test() and describe() call on Deno) and every
// t.step (each test inside a describe) in a timer; see that file. Bun:
// `bun test --timeout` (per test; its own default is 5 s). A test
// stuck in synchronous code (a busy loop, Atomics.wait on the main thread)
// never yields to a timer: only the stage timeout ends it.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bunPath,
  denoPath,
  librarySources,
  node24Path,
  readJson,
  rel,
  ROOT,
  systemNodePath,
  testFiles,
  walk,
} from "./_project.mjs";

// ---------------------------------------------------------------- options
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const staticOnly = args.includes("--static");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice(7).split(",")) : null;
const filters = args.filter((a) => !a.startsWith("--"));
// --quick runs Deno alone unless --only names the runtimes.
const want = (runtime) =>
  only !== null ? only.has(runtime) : !quick || runtime === "deno";
// A single test that runs longer than this fails (see the header).
const testTimeoutMs = Number(process.env.PYPORT_TEST_TIMEOUT ?? 120_000);
const NODE_TEST_TIMEOUT = testTimeoutMs > 0
  ? [`--test-timeout=${testTimeoutMs}`]
  : [];
const DENO_TEST_TIMEOUT = "--preload=scripts/deno_test_timeout.mjs";
const stageTimeoutMs = Number(process.env.PYPORT_STAGE_TIMEOUT ?? 600) * 1000;

const baseEnv = { ...process.env };
if (!process.stdout.isTTY) baseEnv.NO_COLOR = "1";
const denoEnv = {
  ...baseEnv,
  RUST_BACKTRACE: "0",
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  PYPORT_TEST_TIMEOUT: String(testTimeoutMs),
};

const DENO = denoPath();
const NODE24 = node24Path();
const NODE20 = systemNodePath();
const BUN = bunPath();
const tmp = mkdtempSync(join(tmpdir(), "pyport-test-"));

function version(cmd, flag = "--version") {
  if (cmd === null || !existsSync(cmd)) return null;
  const r = spawnSync(cmd, [flag], { encoding: "utf8", env: denoEnv });
  return r.status === 0 ? r.stdout.split("\n")[0].trim() : null;
}
const denoVersion = version(DENO)?.split(" ")[1];
const node24Version = version(NODE24);
const node20Version = version(NODE20);
const bunVersion = version(BUN);

// ---------------------------------------------------------------- running
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");
let current = null;

function banner(text) {
  const line = "=".repeat(Math.max(8, 78 - text.length - 4));
  console.log(`\n== ${text} ${line}`);
}

/** Runs one command, streaming its output; resolves { code, output }. */
function run(cmd, argv, env) {
  console.log(
    `$ ${[rel(cmd).startsWith("..") ? cmd : rel(cmd), ...argv].join(" ")}`,
  );
  return new Promise((resolveRun) => {
    let output = "";
    let child;
    try {
      child = spawn(cmd, argv, {
        cwd: ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
    } catch (e) {
      resolveRun({ code: 127, output: String(e) });
      return;
    }
    current = child;
    const timer = setTimeout(() => {
      console.error(
        `\n!! timed out after ${stageTimeoutMs / 1000}s; killing the stage`,
      );
      killCurrent();
    }, stageTimeoutMs);
    child.stdout.on("data", (d) => {
      process.stdout.write(d);
      output += d;
    });
    child.stderr.on("data", (d) => {
      process.stderr.write(d);
      output += d;
    });
    child.on("error", (e) => {
      output += String(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolveRun({
        code: code ?? (signal ? 128 : 1),
        output: output.replace(ANSI, ""),
      });
    });
  });
}

function killCurrent() {
  if (current?.pid) {
    try {
      process.kill(-current.pid, "SIGKILL");
    } catch { /* gone */ }
  }
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killCurrent();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  });
}

// ---------------------------------------------------------------- parsing
/** Counts leaf test cases of a Deno JUnit report (describe blocks have steps). */
function parseDenoJunit(path) {
  if (!existsSync(path)) return null;
  const xml = readFileSync(path, "utf8");
  const cases = [];
  const re = /<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const body = m[3] ?? "";
    cases.push({
      name: m[1],
      failed: /<failure/.test(body),
      skipped: /<skipped/.test(body),
    });
  }
  const names = cases.map((c) => c.name);
  const leaves = cases.filter((c) =>
    !names.some((n) => n.startsWith(c.name + " &gt; "))
  );
  return {
    passed: leaves.filter((c) => !c.failed && !c.skipped).length,
    failed: leaves.filter((c) => c.failed).length,
    skipped: leaves.filter((c) => c.skipped).length,
  };
}

/** Reads node:test's summary (`ℹ pass N` with spec, `# pass N` with tap). */
function parseNodeSummary(output) {
  const get = (key) => {
    const all = [
      ...output.matchAll(new RegExp(`^(?:ℹ|#) ${key} (\\d+)\\s*$`, "gm")),
    ];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const pass = get("pass");
  const fail = get("fail");
  if (pass === null || fail === null) return null;
  return {
    passed: pass,
    failed: fail + (get("cancelled") ?? 0),
    skipped: (get("skipped") ?? 0) + (get("todo") ?? 0),
  };
}

/**
 * Reads `bun test`'s closing counts (` 12 pass`, ` 1 skip`, ` 0 fail`, and
 * ` 2 todo` when there are any), printed before `Ran N tests across ...`.
 */
function parseBunSummary(output) {
  const get = (key) => {
    const all = [...output.matchAll(new RegExp(`^ *(\\d+) ${key}$`, "gm"))];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const pass = get("pass");
  const fail = get("fail");
  if (pass === null || fail === null || !/^Ran \d+ tests? /m.test(output)) {
    return null;
  }
  return {
    passed: pass,
    failed: fail,
    skipped: (get("skip") ?? 0) + (get("todo") ?? 0),
  };
}

// ---------------------------------------------------------------- stages
const results = [];

/**
 * A check that has no test count: passes or counts as one failure. With
 * `allowedWarnings` (an array), a Deno warning in the output fails it too,
 * unless the array has an entry { code, file, why } for it (`warning[code]`
 * reported in `file`, relative to the root).
 */
async function check(label, cmd, argv, env = denoEnv, allowedWarnings = null) {
  banner(label);
  if (cmd === null || !existsSync(cmd)) {
    console.error(`!! ${label}: ${cmd ?? "the binary"} not found (run npm ci)`);
    results.push({ label, ok: false, counts: null });
    return false;
  }
  const { code, output } = await run(cmd, argv, env);
  const warned = allowedWarnings === null
    ? []
    : denoWarnings(output).filter((w) =>
      !allowedWarnings.some((a) => a.code === w.code && a.file === w.file)
    );
  for (const w of warned) {
    console.error(`!! ${label}: a warning fails this stage: ${w.text}`);
  }
  const ok = code === 0 && warned.length === 0;
  results.push({ label, ok, counts: null, code });
  return ok;
}

/** The warnings in a Deno command's output: { code, file, text }. */
function denoWarnings(output) {
  const lines = output.split("\n");
  const out = [];
  for (const [i, line] of lines.entries()) {
    const m = /^warning(?:\[([\w-]+)\])?(?=[\s:])/i.exec(line);
    if (m === null) continue;
    const at = lines.slice(i + 1, i + 3).join("\n")
      .match(/(?:-->|\bat)\s+(?:file:\/\/)?(\S+?):\d+:\d+/);
    out.push({
      code: m[1] ?? null,
      file: at ? rel(at[1]) : null,
      text: line.trim() + (at ? ` (${rel(at[1])})` : ""),
    });
  }
  return out;
}

/** A test run: its counts go into the total. */
async function tests(label, cmd, argv, env, parse) {
  banner(label);
  if (cmd === null || !existsSync(cmd)) {
    console.error(`!! ${label}: ${cmd ?? "the binary"} not found`);
    results.push({ label, ok: false, counts: null });
    return;
  }
  const { code, output } = await run(cmd, argv, env);
  const counts = parse(output);
  if (counts === null) {
    console.error(`!! ${label}: could not read the test summary`);
  }
  results.push({
    label,
    ok: code === 0 && counts !== null && counts.failed === 0,
    counts,
    code,
  });
}

const exportTargets = Object.values(readJson("deno.json").exports ?? {})
  .filter((t) => existsSync(join(ROOT, t)));
const selected = testFiles(filters);
const hasTs = (dir) =>
  walk(join(ROOT, dir), (n) => n.endsWith(".ts")).length > 0;

console.log(`pyport test run in ${ROOT}`);
console.log(`  Deno     ${denoVersion ?? "NOT FOUND"} (${rel(DENO)})`);
console.log(`  Node 24  ${node24Version ?? "NOT FOUND"} (${rel(NODE24)})`);
console.log(
  `  Node 20  ${node20Version ?? "NOT FOUND"} (${
    NODE20 ?? "no system node found"
  })`,
);
console.log(`  Bun      ${bunVersion ?? "NOT FOUND"} (${rel(BUN)})`);
console.log(`  tests    ${selected.length} file(s)`);
if (node20Version && !node20Version.startsWith("v20.")) {
  console.log(`  note: the system node is ${node20Version}, not Node 20`);
}

await check("static: import rules", process.execPath, [
  "scripts/check_imports.mjs",
], baseEnv);
if (!quick) {
  await check("static: deno.json exports", process.execPath, [
    "scripts/exports.mjs",
  ], baseEnv);
  await check(`static: deno lint (Deno ${denoVersion})`, DENO, ["lint"]);
  await check(`static: deno fmt --check (Deno ${denoVersion})`, DENO, [
    "fmt",
    "--check",
  ]);
  if (exportTargets.length > 0) {
    // --no-npm: otherwise Deno takes the types of `node:` modules from
    // node_modules/@types/node, and deno doc resolves that package's
    // `/// <reference path="web-globals/...">` lines as package names (~65
    // "Failed resolving types" warnings). No public type is a Node type.
    await check(
      `static: deno doc --lint (Deno ${denoVersion})`,
      DENO,
      ["doc", "--lint", "--no-npm", ...exportTargets],
      denoEnv,
      [],
    );
  }
  const checkTargets = [...exportTargets];
  for (const dir of ["tests", "bench", "examples"]) {
    if (hasTs(dir)) checkTargets.push(`${dir}/`);
  }
  if (checkTargets.length > 0) {
    await check(`static: deno check (Deno ${denoVersion})`, DENO, [
      "check",
      ...checkTargets,
    ]);
  }
  if (exportTargets.length > 0) {
    await check(
      `static: deno publish --dry-run, slow types (Deno ${denoVersion})`,
      DENO,
      ["publish", "--dry-run", "--allow-dirty"],
      denoEnv,
      [{
        code: "unanalyzable-dynamic-import",
        file: "multiprocessing/_target.ts",
        why: "import(ref.url): a Process target's module, the user's own " +
          "URL, known only at run time (as Python imports a pickled " +
          "function's module); Deno has no way to mark it as intended",
      }],
    );
  }
}

if (staticOnly) {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  await check("static: tsc -p tsconfig.json (Node types)", process.execPath, [
    tsc,
    "-p",
    "tsconfig.json",
  ], baseEnv);
  finish();
}

let built = false;
if (!quick || want("node20")) {
  built = await check(
    "build: tsc -p tsconfig.build.json -> build/, npm/",
    process.execPath,
    ["scripts/build.mjs"],
    baseEnv,
  );
}

// The package as installed (scripts/pack_check.mjs): one pass or failure
// per check (versions, README links, and each runtime importing it).
if (!quick && filters.length === 0) {
  const label = "pack check: npm pack of npm/, installed and run " +
    "(Node 20, Node 24, Deno, Bun)";
  if (!built) {
    banner(label);
    console.error("!! skipped: the build failed");
    results.push({ label, ok: false, counts: null });
  } else {
    await tests(
      label,
      process.execPath,
      [
        "scripts/pack_check.mjs",
        "--no-build",
        ...(only !== null ? [`--only=${[...only].join(",")}`] : []),
      ],
      baseEnv,
      parseNodeSummary,
    );
  }
}

if (want("deno")) {
  if (selected.length > 0) {
    const junit = join(tmp, "deno.xml");
    await tests(
      `Deno ${denoVersion}: deno test tests/`,
      DENO,
      [
        "test",
        "-A",
        // Types are checked by the static stage; checked here, every Worker
        // a multiprocessing test starts would type-check its modules again.
        "--no-check",
        DENO_TEST_TIMEOUT,
        `--junit-path=${junit}`,
        ...(filters.length ? selected.map(rel) : []),
      ],
      denoEnv,
      () => parseDenoJunit(junit),
    );
  }
  const documented = librarySources()
    .filter((f) => readFileSync(f, "utf8").includes("```"))
    .map(rel);
  if (documented.length > 0 && filters.length === 0 && !quick) {
    const junit = join(tmp, "doc.xml");
    await tests(
      `Deno ${denoVersion}: deno test --doc (JSDoc examples)`,
      DENO,
      [
        "test",
        "-A",
        "--doc",
        DENO_TEST_TIMEOUT,
        `--junit-path=${junit}`,
        ...documented,
      ],
      denoEnv,
      () => parseDenoJunit(junit),
    );
  }
}

if (want("node24") && selected.length > 0) {
  await tests(
    `Node ${node24Version}: node --test tests/**/*.test.ts (sources)`,
    NODE24,
    [
      "--test",
      "--test-reporter=spec",
      ...NODE_TEST_TIMEOUT,
      ...selected.map(rel),
    ],
    baseEnv,
    parseNodeSummary,
  );
}

if (want("node20") && selected.length > 0) {
  const label = `Node ${
    node20Version ?? "20"
  }: node --test build/tests/**/*.test.js`;
  if (!built) {
    banner(label);
    console.error("!! skipped: the build failed");
    results.push({ label, ok: false, counts: null });
  } else {
    const compiled = selected.map((f) =>
      "build/" + rel(f).replace(/\.ts$/, ".js")
    );
    await tests(
      label,
      NODE20,
      // No --test-timeout: Node 20 applies it to each file as a whole.
      ["--test", "--test-reporter=spec", ...compiled],
      baseEnv,
      parseNodeSummary,
    );
  }
}

if (want("bun") && selected.length > 0) {
  await tests(
    `Bun ${bunVersion}: bun test tests/**/*.test.ts`,
    BUN,
    [
      "test",
      "--parallel",
      // Per test; 0 is "no limit" for Bun too.
      `--timeout=${testTimeoutMs}`,
      // A path without ./ would be a name filter, and also match build/.
      ...selected.map((f) => "./" + rel(f)),
    ],
    baseEnv,
    parseBunSummary,
  );
}

finish();

// ---------------------------------------------------------------- summary
function finish() {
  rmSync(tmp, { recursive: true, force: true });
  banner("summary");
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    let note = "";
    if (r.counts) {
      passed += r.counts.passed;
      failed += r.counts.failed;
      skipped += r.counts.skipped;
      note = `${r.counts.passed} passed, ${r.counts.failed} failed` +
        (r.counts.skipped ? `, ${r.counts.skipped} skipped` : "");
    }
    if (!r.ok && (r.counts === null || r.counts.failed === 0)) {
      failed += 1;
      note += `${note ? "; " : ""}stage failed${
        r.code ? ` (exit ${r.code})` : ""
      }: counted as 1 failed`;
    }
    console.log(
      `  ${r.ok ? "ok  " : "FAIL"}  ${r.label}${note ? `  [${note}]` : ""}`,
    );
  }
  const anyFailed = results.some((r) => !r.ok);
  console.log(
    `${passed} passed, ${failed} failed${
      skipped ? `, ${skipped} skipped` : ""
    }`,
  );
  process.exit(anyFailed ? 1 : 0);
}

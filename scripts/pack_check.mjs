#!/usr/bin/env node
// Checks what README's "Install" section says, on the package people get:
//   versions  deno.json, package.json and npm/package.json have one version,
//             and CHANGELOG.md has an entry for it
//   links     every relative link in README.md and docs/*.md names a file
//             (and heading) that is in both the npm and the JSR package
//   Node 20, Node 24, Deno, Bun
//             `npm pack` of npm/ installed (offline) into a scratch project
//             in a temporary folder, where a program imports
//             `@pyport/std/socket` and `@pyport/std/multiprocessing` by
//             package name, echoes over TCP on 127.0.0.1 port 0, starts a
//             Process (default start method) that sends a value back, and
//             checks its exitcode; on Node (`--enable-source-maps`) a thrown
//             error's stack must name the package's .ts file
// One line per check, then `# pass N` and `# fail N` (read by
// scripts/test.mjs); exit status 1 when a check failed.
//
//   node scripts/pack_check.mjs [--no-build] [--only=node20,node24,deno,bun]
//     --no-build  use npm/ as scripts/build.mjs left it (the test run's stage)
//     --only      run only these runtimes (the versions and links always run)
// Env: PYPORT_SYSTEM_NODE (the Node 20), PYPORT_PACK_TIMEOUT (seconds per
//      command, default 120), PYPORT_PACK_KEEP=1 (keep the temporary folder
//      with the tarball and the scratch project, to look into a failure).

import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import {
  denoPath,
  node24Path,
  readJson,
  rel,
  ROOT,
  systemNodePath,
} from "./_project.mjs";

const args = process.argv.slice(2);
const noBuild = args.includes("--no-build");
const onlyArg = args.find((a) => a.startsWith("--only="));
const only = onlyArg ? new Set(onlyArg.slice(7).split(",")) : null;
const timeoutMs = Number(process.env.PYPORT_PACK_TIMEOUT ?? 120) * 1000;
const NPM_DIR = join(ROOT, "npm");

const env = {
  ...process.env,
  NO_COLOR: "1",
  DENO_NO_UPDATE_CHECK: "1",
  DENO_NO_PROMPT: "1",
  RUST_BACKTRACE: "0",
  npm_config_update_notifier: "false",
};
// The scratch project must not pick up this repository's settings.
delete env.NODE_OPTIONS;

const tmp = mkdtempSync(join(tmpdir(), "pyport-pack-"));
function cleanUp() {
  if (process.env.PYPORT_PACK_KEEP) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    cleanUp();
    process.exit(130);
  });
}

let passed = 0;
let failed = 0;
function report(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok    ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${name}`);
    for (const p of problems) {
      console.log(`      ${p.replace(/\n/g, "\n      ")}`);
    }
  }
}

/** Runs a command with a time limit; { code, out } (stdout + stderr). */
function sh(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.error?.code === "ETIMEDOUT") {
    return { code: 124, out: `${out}\n(timed out after ${timeoutMs / 1000}s)` };
  }
  if (r.error) return { code: 127, out: `${out}${r.error.message}` };
  return { code: r.status ?? 128, out };
}

function main() {
  // ------------------------------------------------------------ versions
  const deno = readJson("deno.json");
  const root = readJson("package.json");
  const versionProblems = [];
  if (deno.version !== root.version) {
    versionProblems.push(
      `deno.json version ${deno.version} != package.json version ${root.version}`,
    );
  }
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(deno.version ?? "")) {
    versionProblems.push(`deno.json version ${deno.version} is not semver`);
  }
  const changelog = existsSync(join(ROOT, "CHANGELOG.md"))
    ? readFileSync(join(ROOT, "CHANGELOG.md"), "utf8")
    : "";
  if (
    !changelog.includes(`## ${deno.version}\n`) &&
    !changelog.includes(`## [${deno.version}]`)
  ) {
    versionProblems.push(`CHANGELOG.md has no "## ${deno.version}" entry`);
  }

  // ------------------------------------------------------------ npm pack
  if (!noBuild) {
    const b = sh(process.execPath, [join(ROOT, "scripts", "build.mjs")], ROOT);
    if (b.code !== 0) {
      report("build", [b.out.trim()]);
      return;
    }
  }
  if (!existsSync(join(NPM_DIR, "package.json"))) {
    report("npm pack", ["npm/ has no package.json: run npm run build"]);
    return;
  }
  const npmPkg = JSON.parse(
    readFileSync(join(NPM_DIR, "package.json"), "utf8"),
  );
  if (npmPkg.version !== deno.version) {
    versionProblems.push(
      `npm/package.json version ${npmPkg.version} != deno.json ${deno.version}`,
    );
  }
  report(
    `versions: deno.json = package.json = npm/ = ${deno.version}, CHANGELOG`,
    versionProblems,
  );

  const packDir = join(tmp, "pack");
  mkdirSync(packDir);
  const pack = sh("npm", [
    "pack",
    "--json",
    "--ignore-scripts",
    `--pack-destination=${packDir}`,
    `--cache=${join(tmp, "npm-cache")}`,
  ], NPM_DIR);
  let packed = null;
  try {
    packed = JSON.parse(pack.out.slice(pack.out.indexOf("[")))[0];
  } catch { /* reported below */ }
  if (pack.code !== 0 || packed === null) {
    report("npm pack", [pack.out.trim()]);
    return;
  }
  const tarball = join(packDir, packed.filename);
  const npmFiles = new Set(packed.files.map((f) => f.path));
  console.log(
    `      npm pack: ${packed.filename}, ${npmFiles.size} files, ` +
      `${(packed.size / 1024).toFixed(0)} KiB packed`,
  );

  // ------------------------------------------------------------ links
  const jsr = sh(denoPath(), [
    "publish",
    "--dry-run",
    "--allow-dirty",
    "--no-check",
  ], ROOT);
  const jsrFiles = new Set(
    [...jsr.out.matchAll(/^\s+file:\/\/(\S+) \(/gm)].map((m) => rel(m[1])),
  );
  const linkProblems = [];
  if (jsr.code !== 0 || jsrFiles.size === 0) {
    linkProblems.push(`deno publish --dry-run failed:\n${jsr.out.trim()}`);
  }
  const docs = ["README.md", ...listMd("docs")];
  let links = 0;
  for (const doc of docs) {
    const text = readFileSync(join(ROOT, doc), "utf8");
    for (const target of relativeLinks(text)) {
      links += 1;
      const [path, anchor] = target.split("#");
      const file = path === ""
        ? doc
        : posix.normalize(posix.join(posix.dirname(doc), decodeURI(path)));
      const where = `${doc}: (${target})`;
      if (file.startsWith("../") || posix.isAbsolute(file)) {
        linkProblems.push(`${where} points outside the repository`);
        continue;
      }
      if (!existsSync(join(ROOT, file))) {
        linkProblems.push(`${where}: no file ${file}`);
        continue;
      }
      // A folder (`examples/`) ships when files under it do.
      const ships = (files) =>
        files.has(file) ||
        (path.endsWith("/") &&
          [...files].some((f) => f.startsWith(file.replace(/\/?$/, "/"))));
      if (!ships(npmFiles)) {
        linkProblems.push(`${where}: ${file} is not in the npm package`);
      }
      if (!ships(jsrFiles)) {
        linkProblems.push(`${where}: ${file} is not in the JSR package`);
      }
      if (anchor && file.endsWith(".md")) {
        const slugs = headingSlugs(readFileSync(join(ROOT, file), "utf8"));
        if (!slugs.has(decodeURIComponent(anchor))) {
          linkProblems.push(`${where}: ${file} has no heading #${anchor}`);
        }
      }
    }
  }
  for (const doc of docs) {
    if (!npmFiles.has(doc)) {
      linkProblems.push(`${doc} is not in the npm package`);
    }
    if (!jsrFiles.has(doc)) {
      linkProblems.push(`${doc} is not in the JSR package`);
    }
  }
  report(
    `links: ${links} relative links in ${docs.join(", ")} resolve in the ` +
      `npm package (${npmFiles.size} files) and the JSR package (${jsrFiles.size})`,
    linkProblems,
  );

  // ------------------------------------------------------------ install
  const project = join(tmp, "project");
  mkdirSync(project);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "pack-check", private: true, type: "module" }),
  );
  const install = sh("npm", [
    "install",
    tarball,
    "--offline",
    "--no-audit",
    "--no-fund",
    "--ignore-scripts",
    `--cache=${join(tmp, "npm-cache")}`,
  ], project);
  if (install.code !== 0) {
    report("npm install <tarball>", [install.out.trim()]);
    return;
  }
  writeFileSync(join(project, "target.mjs"), TARGET);
  writeFileSync(join(project, "check.mjs"), PROGRAM);

  const runtimes = [
    {
      id: "node20",
      bin: systemNodePath(),
      argv: ["--enable-source-maps", "check.mjs"],
      stack: true,
    },
    {
      id: "node24",
      bin: node24Path(),
      argv: ["--enable-source-maps", "check.mjs"],
      stack: true,
    },
    {
      id: "deno",
      bin: denoPath(),
      // No flags: in a project with a package.json, Deno resolves
      // `@pyport/std/...` through it and the node_modules/ npm installed
      // (its default there is --node-modules-dir=manual), as README's
      // Install section says.
      argv: ["run", "-A", "check.mjs"],
      stack: false,
    },
    {
      id: "bun",
      bin: join(ROOT, "node_modules", ".bin", "bun"),
      argv: ["check.mjs"],
      stack: false,
    },
  ];
  for (const rt of runtimes) {
    if (only !== null && !only.has(rt.id)) continue;
    if (rt.bin === null || !existsSync(rt.bin)) {
      report(rt.id, [`${rt.bin ?? "the binary"} not found (run npm ci)`]);
      continue;
    }
    const v = sh(rt.bin, ["--version"], project).out.split("\n")[0].trim();
    const r = sh(rt.bin, rt.argv, project);
    const line = r.out.split("\n").find((l) => l.startsWith("RESULT "));
    const problems = [];
    let result = null;
    try {
      result = line ? JSON.parse(line.slice(7)) : null;
    } catch { /* reported below */ }
    if (result === null) {
      problems.push(`no result (exit ${r.code}):\n${r.out.trim()}`);
    } else {
      problems.push(...result.problems);
      if (rt.stack && !result.stackTs) {
        problems.push(
          `the stack of a thrown error names no .ts file of the package:\n${result.stack}`,
        );
      }
      if (r.code !== 0) problems.push(`exit ${r.code}:\n${r.out.trim()}`);
    }
    report(
      `${rt.id} (${v}): import by package name, TCP echo, Process` +
        (result?.stackTs ? ", stack names .ts" : ""),
      problems,
    );
  }
}

/** docs/*.md, relative to the root. */
function listMd(dir) {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir))
    .filter((n) => n.endsWith(".md"))
    .sort()
    .map((n) => `${dir}/${n}`);
}

/** The link targets in Markdown text that have no scheme (outside code). */
function relativeLinks(text) {
  const prose = text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "")
    .replace(/`+[^`\n]*`+/g, "");
  const targets = [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
      .map((m) => m[1]),
    ...[...prose.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)]
      .map((m) => m[1]),
    ...[...prose.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
  ];
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** The anchors GitHub gives a Markdown file's headings. */
function headingSlugs(text) {
  const slugs = new Set();
  const seen = new Map();
  const body = text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const m of body.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const plain = m[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/[`*]/g, "")
      .replace(/<[^>]+>/g, "");
    const base = plain.toLowerCase().trim()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

// The Process target, in its own module: a child imports it (as Python's
// child imports the target's module), so it must not run the program.
const TARGET = `\
export async function child(q, x) {
  await q.put(x * 2);
}
`;

// The program each runtime runs in the scratch project. Prints one line,
// RESULT {"problems": [...], "stackTs": bool, "stack": "..."}.
const PROGRAM = `\
import * as socket from "@pyport/std/socket";
import { Process, Queue } from "@pyport/std/multiprocessing";
import { child } from "./target.mjs";

const problems = [];
const timeout = (ms, what) =>
  new Promise((_, reject) =>
    setTimeout(() => reject(new Error(what + ": timed out")), ms).unref?.()
  );

async function echo() {
  const srv = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  srv.bind(["127.0.0.1", 0]);
  srv.listen();
  const [host, port] = srv.getsockname();
  const cli = new socket.socket(socket.AF_INET, socket.SOCK_STREAM);
  const [, [conn]] = await Promise.all([cli.connect([host, port]), srv.accept()]);
  const sent = new TextEncoder().encode("hello from " + port);
  await cli.sendall(sent);
  const got = await conn.recv(1024);
  await conn.sendall(got);
  const back = await cli.recv(1024);
  if (new TextDecoder().decode(back) !== "hello from " + port) {
    problems.push("echo: sent 'hello from " + port + "', got back " +
      JSON.stringify(new TextDecoder().decode(back)));
  }
  conn.close();
  cli.close();
  srv.close();
}

async function proc() {
  const q = new Queue();
  const p = new Process({ target: child, args: [q, 21] });
  p.start();
  const v = await q.get({ timeout: 60 });
  await p.join();
  if (v !== 42) problems.push("Process: the child sent " + v + ", not 42");
  if (p.exitcode !== 0) problems.push("Process: exitcode " + p.exitcode);
}

for (const [name, f] of [["echo", echo], ["Process", proc]]) {
  try {
    await Promise.race([f(), timeout(90_000, name)]);
  } catch (e) {
    problems.push(name + ": " + (e?.stack ?? e));
  }
}

let stack = "";
try {
  socket.inet_aton("not an address");
  problems.push("inet_aton('not an address') did not throw");
} catch (e) {
  stack = String(e?.stack);
}
const stackTs = /node_modules\\/@pyport\\/std\\/socket\\/[\\w/]+\\.ts:\\d+/.test(stack);
console.log("RESULT " + JSON.stringify({ problems, stackTs, stack }));
`;

try {
  main();
} finally {
  cleanUp();
}
console.log(`# pass ${passed}`);
console.log(`# fail ${failed}`);
process.exit(failed > 0 ? 1 : 0);

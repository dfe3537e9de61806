// The 'spawn' start method: the child is a new OS process of the same
// runtime (a real pid, crash isolation, no shared memory). Its start
// message goes through its stdin; its exit status is the OS's. A daemonic
// child is killed when the parent exits, as Python's parent terminates its
// daemonic children at exit.

import process from "node:process";
import { processes as runtime } from "../_runtime/processes.ts";
import type { RawChild } from "../_runtime/types.ts";
import { Ending, type Popen } from "./_popen.ts";

function childURL(): URL {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  return new URL(`./_spawn_main${ext}`, import.meta.url);
}

const daemons = new Set<SpawnPopen>();
let exitHook = false;

// One child is kept warm, as Python's forkserver keeps a server ready to
// fork: spawned unref'd after a start(), it loads the child's bootstrap and
// waits for its start message on stdin; the next start() takes it, and it
// takes on the parent's environment and directory of that moment. Unused,
// it is killed at exit (or reads the end of its stdin when the parent
// dies, or when the Worker child that made it ends, and exits).
let spare: RawChild | null = null;
let refill: ReturnType<typeof setTimeout> | null = null;
let spareHook = false;

function takeChild(daemon: boolean): RawChild {
  let warm = spare;
  spare = null;
  if (warm !== null && !warm.current()) {
    warm.kill("SIGKILL");
    warm = null;
  }
  const child = warm ?? runtime.spawnChild(childURL(), daemon);
  if (warm !== null && !daemon) warm.setRef(true);
  if (refill !== null) clearTimeout(refill);
  refill = setTimeout(() => {
    refill = null;
    if (spare !== null) return;
    let s: RawChild;
    try {
      s = runtime.spawnChild(childURL(), true);
    } catch {
      return; // The next start() spawns its own and reports what fails.
    }
    spare = s;
    s.ended.then(() => {
      if (spare === s) spare = null;
    });
    if (!spareHook) {
      spareHook = true;
      process.on("exit", () => spare?.kill("SIGKILL"));
    }
  }, warm === null ? 0 : runtime.warmAfter);
  refill.unref();
  return child;
}

/** A child started as an OS process. */
export class SpawnPopen implements Popen {
  readonly pid: number;
  readonly method = "spawn" as const;
  readonly #ending: Ending;
  readonly #child;

  /** Starts the child and sends it `data` (the serialized start message). */
  constructor(daemon: boolean, data: Uint8Array) {
    const child = takeChild(daemon);
    this.#ending = new Ending(daemon);
    this.#child = child;
    this.pid = child.pid;
    child.send(data);
    if (daemon) {
      daemons.add(this);
      if (!exitHook) {
        exitHook = true;
        process.on("exit", () => {
          for (const d of daemons) d.terminate();
        });
      }
    }
    child.ended.then((code) => {
      daemons.delete(this);
      this.#ending.end(code);
    });
  }

  get sentinel(): number {
    return this.#ending.fd;
  }

  poll(): number | null {
    return this.#ending.code;
  }

  async wait(timeout: number | null): Promise<number | null> {
    await this.#ending.wait(timeout);
    return this.poll();
  }

  terminate(): void {
    if (this.poll() === null) this.#child.kill("SIGTERM");
  }

  kill(): void {
    if (this.poll() === null) this.#child.kill("SIGKILL");
  }

  close(): void {
    this.#ending.close();
  }
}

// The 'spawn' start method: the child is a new OS process of the same
// runtime (a real pid, crash isolation, no shared memory). Its start
// message goes through its stdin; its exit status is the OS's. A daemonic
// child is killed when the parent exits, as Python's parent terminates its
// daemonic children at exit.

import process from "node:process";
import { processes as runtime } from "../_runtime/processes.ts";
import type { RawChild } from "../_runtime/types.ts";
import { Ending, type Popen } from "./_popen.ts";
import { Spares } from "./_spares.ts";

function childURL(): URL {
  const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
  return new URL(`./_spawn_main${ext}`, import.meta.url);
}

const daemons = new Set<SpawnPopen>();
let exitHook = false;

// Child processes kept warm (see _spares.ts): each loads the child's
// bootstrap and waits for its start message on stdin; the next start()
// takes one, and it takes on the parent's environment and directory of that
// moment. Unused, they are killed at exit (or read the end of their stdin
// when the parent dies, or when the Worker child that made them ends, and
// exit).
let spareHook = false;
const spares: Spares<RawChild> = new Spares<RawChild>({
  make(daemon) {
    const s = runtime.spawnChild(childURL(), daemon);
    s.ended.then(() => spares.remove(s));
    if (!spareHook) {
      spareHook = true;
      process.on("exit", () => {
        for (const c of spares.all()) c.kill("SIGKILL");
      });
    }
    return s;
  },
  // On Deno, only while the permissions are the ones it was spawned with.
  usable: (s) => s.current(),
  drop: (s) => s.kill("SIGKILL"),
}, () => runtime.warmAfter);

/** A child started as an OS process. */
export class SpawnPopen implements Popen {
  readonly pid: number;
  readonly method = "spawn" as const;
  readonly #ending: Ending;
  readonly #child;

  /** Starts the child and sends it `data` (the serialized start message). */
  constructor(daemon: boolean, data: Uint8Array) {
    const child = spares.child(daemon);
    this.#ending = new Ending(daemon);
    this.#child = child;
    this.pid = child.pid;
    child.send(data);
    const spareEnded = spares.started();
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
      spareEnded();
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

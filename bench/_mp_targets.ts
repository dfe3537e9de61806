// The targets of bench/multiprocessing_bench.ts's child processes: exported
// top-level functions, which a child finds by importing this module. No
// top-level code runs here (a child imports this module before it runs its
// target). Importing queue.ts and connection/mod.ts registers how a child
// rebuilds the Queue and Connection objects it is given. The socket module is
// imported inside connectHi, so a 'worker' child does not load it.

import type { Connection } from "../multiprocessing/connection/connection.ts";
import type { Queue } from "../multiprocessing/queue.ts";
import "../multiprocessing/queue.ts";
import "../multiprocessing/connection/mod.ts";

/** Puts "hi" on `q` (the first message of the start cases). */
export async function sayHi(q: Queue): Promise<void> {
  await q.put("hi");
}

/** Connects to 127.0.0.1:`port` and sends b"hi" (the 'spawn' start case). */
export async function connectHi(port: number): Promise<void> {
  const socket = await import("../socket/mod.ts");
  const s = await socket.create_connection(["127.0.0.1", port], 10);
  try {
    await s.sendall(new Uint8Array([104, 105]));
  } finally {
    s.close();
  }
}

/** Puts `[i, "x"]` for i in 0..n-1 on `q` (the Queue throughput case). */
export async function produce(q: Queue, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await q.put([i, "x"]);
}

/** Sends back every object received on `c` until it receives null. */
export async function echo(c: Connection): Promise<void> {
  for (;;) {
    const m = await c.recv();
    if (m === null) break;
    await c.send(m);
  }
  c.close();
}

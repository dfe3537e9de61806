// Targets for the cross-process tests of pipes and queues: exported
// top-level functions, which children find by importing this module.
// Importing the classes here also registers how their objects are rebuilt
// in the child.

import type { Connection } from "../../multiprocessing/connection/mod.ts";
import type { Queue } from "../../multiprocessing/queue.ts";
import type { JoinableQueue } from "../../multiprocessing/joinable_queue.ts";
import type { SimpleQueue } from "../../multiprocessing/simple_queue.ts";
import "../../multiprocessing/connection/mod.ts";
import "../../multiprocessing/queue.ts";
import "../../multiprocessing/joinable_queue.ts";
import "../../multiprocessing/simple_queue.ts";

/** Puts `[id, i]` for i in 0..n-1, without awaiting, then returns at once. */
export function produce(q: Queue, id: number, n: number): void {
  for (let i = 0; i < n; i++) q.put([id, i]);
}

/** Puts 0..n-1 (awaiting each put). */
export async function produceNumbers(q: Queue, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await q.put(i);
}

/** Puts a big Uint8Array whose bytes are i & 255, then returns at once. */
export function putBig(q: Queue, size: number): void {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = i & 255;
  q.put(b);
}

/** Gets `n` items and sends their sum back on `out`. */
export async function sumItems(q: Queue, out: Queue, n: number): Promise<void> {
  let s = 0;
  for (let i = 0; i < n; i++) s += (await q.get()) as number;
  await out.put(s);
}

/** Echoes every object until EOF, then closes its end. */
export async function echo(conn: Connection): Promise<void> {
  try {
    for (;;) await conn.send(await conn.recv());
  } catch (e) {
    if ((e as Error).name !== "EOFError") throw e;
  }
  conn.close();
}

/** Echoes every message as bytes until EOF. */
export async function echoBytes(conn: Connection): Promise<void> {
  try {
    for (;;) await conn.send_bytes(await conn.recv_bytes());
  } catch (e) {
    if ((e as Error).name !== "EOFError") throw e;
  }
  conn.close();
}

/** Sends `msg`, then closes its end. */
export async function sendAndClose(
  conn: Connection,
  msg: unknown,
): Promise<void> {
  await conn.send(msg);
  conn.close();
}

/** Sends `msg` and returns without closing (the exit releases the end). */
export function sendAndReturn(conn: Connection, msg: unknown): Promise<void> {
  return conn.send(msg);
}

/** Sends a Uint8Array of `size` bytes (i & 255) with send_bytes. */
export async function sendBig(conn: Connection, size: number): Promise<void> {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = i & 255;
  await conn.send_bytes(b);
}

/** Sleeps `delay` seconds, then sends `msg`. */
export async function sendLater(
  conn: Connection,
  msg: unknown,
  delay: number,
): Promise<void> {
  await new Promise((r) => setTimeout(r, delay * 1000));
  await conn.send(msg);
}

/** Gets items, marking each done, until it gets null. */
export async function consumeJoinable(
  q: JoinableQueue,
  results: Queue,
): Promise<void> {
  for (;;) {
    const item = await q.get();
    if (item === null) {
      q.task_done();
      return;
    }
    await new Promise((r) => setTimeout(r, 1));
    await results.put((item as number) * 2);
    q.task_done();
  }
}

/** Says it started on `ready`, then blocks in q.get() forever. */
export async function blockInGet(q: Queue, ready: Queue): Promise<void> {
  await ready.put("waiting");
  await q.get();
}

/** Puts 0..n-1 into a SimpleQueue. */
export async function simplePut(q: SimpleQueue, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await q.put(i);
}

/** Puts n items, cancels the join of the feeder, and returns. */
export function putCancelled(q: Queue, n: number): void {
  for (let i = 0; i < n; i++) q.put(i);
  q.cancel_join_thread();
}

/**
 * Puts n items into `q` (which nobody reads, so its feeder keeps what the
 * pipe cannot hold), closes it, and answers on `out` whether join_thread()
 * settled within 0.3 s, before and after cancel_join_thread().
 */
export async function joinThreadCancelled(
  q: Queue,
  out: Queue,
  n: number,
): Promise<void> {
  const settles = async (p: Promise<void>): Promise<string> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<string>((r) => {
      timer = setTimeout(() => r("waiting"), 300);
    });
    try {
      return await Promise.race([p.then(() => "returned"), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  for (let i = 0; i < n; i++) q.put(i);
  q.close();
  const before = await settles(q.join_thread());
  q.cancel_join_thread();
  const after = await settles(q.join_thread());
  await out.put([before, after]);
}

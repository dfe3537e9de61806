// Targets for the cross-process tests of multiprocessing's synchronization
// primitives: exported top-level functions, which children find by
// importing this module. `cells` is always an Int32Array over a
// SharedArrayBuffer, shared by structured clone.

import { sleep } from "../../threading/mod.ts";
import type { Barrier } from "../../multiprocessing/barrier.ts";
import type { Condition } from "../../multiprocessing/condition.ts";
import type { Event } from "../../multiprocessing/event.ts";
import type { Lock } from "../../multiprocessing/lock.ts";
import type { RLock } from "../../multiprocessing/rlock.ts";
import type { Semaphore } from "../../multiprocessing/semaphore.ts";
// The classes must be loaded in the child to rebuild the arguments.
import "../../multiprocessing/barrier.ts";
import "../../multiprocessing/bounded_semaphore.ts";
import "../../multiprocessing/condition.ts";
import "../../multiprocessing/event.ts";
import "../../multiprocessing/lock.ts";
import "../../multiprocessing/rlock.ts";
import "../../multiprocessing/semaphore.ts";

/** Adds 1 to cells[0] `n` times, each a read, an await and a write under `lock`. */
export async function addUnderLock(
  lock: Lock,
  cells: Int32Array,
  n: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    using _ = await lock.enter();
    const v = cells[0]!;
    await sleep(0);
    cells[0] = v + 1;
  }
}

/** Sleeps `delay` seconds, then sets `ev`. */
export async function setLater(ev: Event, delay: number): Promise<void> {
  await sleep(delay);
  ev.set();
}

/** Waits for `ev` (at most 20 s) and writes 1 (set) or 2 at cells[i]. */
export async function waitEvent(
  ev: Event,
  cells: Int32Array,
  i: number,
): Promise<void> {
  const ok = await ev.wait(20);
  Atomics.store(cells, i, ok ? 1 : 2);
  Atomics.notify(cells, i);
}

let actionCells: Int32Array | null = null;

/** A Barrier action: counts its calls in cells[3] of the last barrierWait. */
export function countAction(): void {
  Atomics.add(actionCells!, 3, 1);
}

/**
 * Waits on `barrier` `rounds` times; before each wait adds 1 to cells[0],
 * after it checks every party had arrived (cells[0] >= parties * round)
 * and records the index as a bit in cells[4 + round].
 */
export async function barrierWait(
  barrier: Barrier,
  cells: Int32Array,
  rounds: number,
): Promise<void> {
  actionCells = cells;
  for (let r = 0; r < rounds; r++) {
    Atomics.add(cells, 0, 1);
    const index = await barrier.wait(20);
    if (Atomics.load(cells, 0) < barrier.parties * (r + 1)) {
      Atomics.add(cells, 1, 1); // left before everyone arrived
    }
    Atomics.or(cells, 4 + r, 1 << index);
  }
}

/**
 * Under `cond`, waits until cells[0] reaches `value` (at most 20 s), then
 * writes 1 (seen) or 2 (timed out) at cells[1 + i].
 */
export async function waitCondition(
  cond: Condition,
  cells: Int32Array,
  value: number,
  i: number,
): Promise<void> {
  using _ = await cond.enter();
  Atomics.add(cells, 8, 1); // waiting
  const ok = await cond.wait_for(() => Atomics.load(cells, 0) >= value, 20);
  Atomics.store(cells, 1 + i, ok ? 1 : 2);
}

/**
 * `rounds` times: under `cond`, adds 1 to cells[0] and notifies all, then
 * waits until cells[1] (the other side's count) has caught up.
 */
export async function pingPong(
  cond: Condition,
  cells: Int32Array,
  rounds: number,
): Promise<void> {
  using _ = await cond.enter();
  for (let r = 1; r <= rounds; r++) {
    Atomics.store(cells, 0, r);
    cond.notify_all();
    const ok = await cond.wait_for(() => Atomics.load(cells, 1) >= r, 20);
    if (!ok) throw new Error(`round ${r}: no answer`);
  }
}

/**
 * Holds one unit of `sem` until the parent sets cells[2] (the gate),
 * counting the holders in cells[0], the most seen at once in cells[1] and
 * those done in cells[3].
 */
export async function holdSemaphore(
  sem: Semaphore,
  cells: Int32Array,
): Promise<void> {
  using _ = await sem.enter();
  const inside = Atomics.add(cells, 0, 1) + 1;
  for (;;) {
    const most = Atomics.load(cells, 1);
    if (inside <= most) break;
    if (Atomics.compareExchange(cells, 1, most, inside) === most) break;
  }
  const end = performance.now() + 20_000;
  while (Atomics.load(cells, 2) === 0 && performance.now() < end) {
    await Atomics.waitAsync(cells, 2, 0, 1000).value;
  }
  await sleep(0.005);
  Atomics.sub(cells, 0, 1);
  Atomics.add(cells, 3, 1);
}

/**
 * Reports what the child sees of a lock its parent holds: cells[0] = 1 if
 * a non-blocking acquire failed, cells[1] = 1 if repr said
 * SomeOtherProcess, cells[2] = 1 if a 0.05 s acquire timed out.
 */
export async function probeHeld(
  lock: Lock | RLock,
  cells: Int32Array,
): Promise<void> {
  if (!(await lock.acquire(false))) cells[0] = 1;
  if (/SomeOtherProcess/.test(String(lock))) cells[1] = 1;
  if (!(await lock.acquire({ timeout: 0.05 }))) cells[2] = 1;
}

/**
 * Takes `lock` (the one inside `cond`, passed separately too), then waits
 * on `cond` briefly: the two copies must be one lock in the child.
 */
export async function conditionSharesLock(
  cond: Condition,
  lock: RLock,
  cells: Int32Array,
): Promise<void> {
  using _ = await lock.enter();
  cells[0] = (await cond.wait(0.01)) ? 2 : 1;
  cells[1] = /<RLock\(Process-[\d:]+, 1\)>/.test(String(lock)) ? 1 : 0;
}

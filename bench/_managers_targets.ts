// The target of bench/managers_bench.ts's child processes: an exported
// top-level function, which a child finds by importing this module. No
// top-level code runs here (a child imports this module before it runs its
// target). Importing the managers module registers how a child rebuilds the
// proxies it is given (each reconnects to the manager from the child).

import type {
  DictProxy,
  EventProxy,
  QueueProxy,
} from "../multiprocessing/managers/mod.ts";
import "../multiprocessing/managers/mod.ts";

/**
 * One child of the four-process case: `warm` calls of warm-up (alternately
 * `d.__setitem__(i, i)` and `d.get(i)`), then puts its id on `ready` and
 * waits for `go`; then `d.__setitem__(i, i)` for i in 0..n-1 and `d.get(i)`
 * for the keys it set, both loops ending early after `secs` seconds in all.
 * Puts `[id, sets, gets, seconds, wrong gets]` on `out`.
 */
export async function hammer(
  d: DictProxy,
  ready: QueueProxy,
  go: EventProxy,
  out: QueueProxy,
  id: number,
  n: number,
  warm: number,
  secs: number,
): Promise<void> {
  for (let i = 0; i < warm; i++) {
    const k = i >> 1;
    if (i % 2 === 0) await d.__setitem__(k, k);
    else await d.get(k);
  }
  await ready.put(id);
  if (!await go.wait(60)) throw new Error(`child ${id}: no go after 60 s`);
  const limit = secs * 1000;
  const t0 = performance.now();
  let t = t0, sets = 0, gets = 0, wrong = 0;
  while (sets < n && t - t0 < limit) {
    await d.__setitem__(sets, sets);
    sets++;
    t = performance.now();
  }
  // Every child sets the same keys to the same values: d[i] is i for i < sets.
  while (gets < n && t - t0 < limit) {
    const k = gets % sets;
    if (await d.get(k) !== k) wrong++;
    gets++;
    t = performance.now();
  }
  await out.put([id, sets, gets, (t - t0) / 1000, wrong]);
}

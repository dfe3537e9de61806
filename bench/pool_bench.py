"""The multiprocessing.pool benchmark, CPython side: the cases of
bench/pool_bench.ts with CPython's multiprocessing.Pool, start method fork
(the default on Linux in 3.11; --method says otherwise).

    python3 bench/pool_bench.py [--rounds N] [--items N] [--workers N]
        [--map-reps N] [--cpu-items N] [--spin N] [--method fork|spawn|forkserver]
        [--cases apply,imap,map,cpu] [--seconds S] [--json PATH] [--quiet]

Cases (result case / impl "cpython"; items/s, higher is better). Every
measurement makes a fresh pool (ctx.Pool(n)), warms it up with 2,000 items
through the same call (the CPU-bound case: 8 items per worker, chunksize 1),
times the case from its first submission to its last result, checks the
results, and ends the pool (close() + join(); terminate() if that fails).
Pool start is not timed. A measurement that takes longer than --seconds
+ 30 s ends the process (CPython's pool would wait for ever on a lost
worker); bench/run_pool.mjs reports that round as failed.
- apply: rs = [pool.apply_async(square, (x,)) for x in items], then r.get()
  of each in turn (one task per item).
- imap: for v in pool.imap(square, items, 1).
- map: pool.map(square, items) (the default chunksize), --map-reps times
  (default 5) one after the other on the same pool.
- cpu1, cpu2: pool.map(spin, [n] * cpu_items) with 1 and with 2 workers,
  the default chunksize; cpu_speedup: cpu2 / cpu1 of the same round.
  spin(n) is the same arithmetic as bench/_pool_targets.ts's (n rounds of
  acc += sqrt(i) * 1.0000001), but CPython runs about 18x fewer rounds in
  the same time: the default --spin 55000 takes about 2.2 ms here, as
  1,000,000 rounds do under V8. So the CPU-bound items/s are comparable
  across runtimes only as far as the two take the same time per item; the
  speedups are comparable.

Children import this module again under spawn/forkserver (as __mp_main__):
the main code stays under `if __name__ == "__main__":`.
"""

import argparse
from math import sqrt
import multiprocessing as mp
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import error_text, print_results, runtime, write_json  # noqa: E402

WARMUP = 2000
CPU_WARMUP = 8
END_S = 30.0


# ---- the tasks ---------------------------------------------------------------------

def square(x):
    return x * x


def spin(n):
    acc = 0.0
    for i in range(1, n + 1):
        acc += sqrt(i) * 1.0000001
    return acc


# ---- the measurements ------------------------------------------------------------

def check(out, inputs, f, what):
    if len(out) != len(inputs):
        raise RuntimeError(f"{what}: {len(out)} results for {len(inputs)} items")
    n = len(inputs)
    for i in (0, 1, n >> 1, n - 2, n - 1):
        if 0 <= i < n and out[i] != f(inputs[i]):
            raise RuntimeError(f"{what}: result {i} is {out[i]!r}, not {f(inputs[i])!r}")


def with_pool(ctx, n, warm, run):
    """Makes a pool of n, runs warm then times run on it, and ends it."""
    pool = ctx.Pool(n)
    ended = False
    try:
        warm(pool)
        t0 = time.perf_counter()
        out = run(pool)
        secs = time.perf_counter() - t0
        pool.close()
        pool.join()
        ended = True
        return secs, out
    finally:
        if not ended:
            pool.terminate()


def apply_loop(pool, items):
    rs = [pool.apply_async(square, (x,)) for x in items]
    return [r.get() for r in rs]


def imap_loop(pool, items):
    return list(pool.imap(square, items, 1))


# ---- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--map-reps", type=int, default=5)
    ap.add_argument("--cpu-items", type=int, default=200)
    ap.add_argument("--spin", type=int, default=55_000)
    ap.add_argument("--method", default="fork")
    ap.add_argument("--cases", default="apply,imap,map,cpu")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    cases = opts.cases.split(",")

    ctx = mp.get_context(opts.method)
    results = []

    def get(case, impl, unit):
        for r in results:
            if r["case"] == case and r["impl"] == impl:
                return r
        r = {"case": case, "impl": impl, "unit": unit, "values": [], "errors": []}
        results.append(r)
        return r

    def measure(case, count, fn, verify):
        r = get(case, "cpython", "items/s")
        # A measurement that hangs (a lost worker; CPython's pool then waits
        # for ever) must not hold the run: the process ends, and the driver
        # reports the round as failed.
        watchdog = threading.Timer(
            opts.seconds + END_S,
            lambda: (print(f"watchdog: {case} did not end within "
                           f"{opts.seconds + END_S:.0f} s", file=sys.stderr),
                     os._exit(2)))
        watchdog.daemon = True
        watchdog.start()
        try:
            secs, out = fn()
            verify(out)
            r["values"].append(count / secs)
            return count / secs
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            r["values"].append(None)
            r["errors"].append(error_text(e))
            return None
        finally:
            watchdog.cancel()

    items = list(range(opts.items))
    warm_items = list(range(WARMUP))

    def sq(x):
        return x * x

    started = time.perf_counter()
    for _ in range(opts.rounds):
        if "apply" in cases:
            measure("apply", len(items),
                    lambda: with_pool(ctx, opts.workers,
                                      lambda p: apply_loop(p, warm_items),
                                      lambda p: apply_loop(p, items)),
                    lambda out: check(out, items, sq, "apply"))
        if "imap" in cases:
            measure("imap", len(items),
                    lambda: with_pool(ctx, opts.workers,
                                      lambda p: imap_loop(p, warm_items),
                                      lambda p: imap_loop(p, items)),
                    lambda out: check(out, items, sq, "imap"))
        if "map" in cases:
            measure("map", opts.map_reps * len(items),
                    lambda: with_pool(ctx, opts.workers,
                                      lambda p: p.map(square, warm_items),
                                      lambda p: [p.map(square, items)
                                                 for _ in range(opts.map_reps)][-1]),
                    lambda out: check(out, items, sq, "map"))
        if "cpu" in cases:
            n = opts.spin
            inputs = [n] * opts.cpu_items
            want = spin(n)
            speeds = []
            for w in (1, 2):
                speeds.append(measure(
                    f"cpu{w}", len(inputs),
                    lambda: with_pool(ctx, w,
                                      lambda p: p.map(spin, [n] * (CPU_WARMUP * w), 1),
                                      lambda p: p.map(spin, inputs)),
                    lambda out: check(out, inputs, lambda _: want, f"cpu{w}")))
            a, b = speeds
            get("cpu_speedup", "cpython", "x")["values"].append(
                b / a if a is not None and b is not None else None)
    elapsed = time.perf_counter() - started
    write_json(opts.json, {
        "runtime": runtime(),
        "raw": f"multiprocessing.Pool ({opts.method})",
        "options": vars(opts),
        "elapsedSeconds": elapsed,
        "results": results,
    })
    if not opts.quiet:
        print(f"{runtime()}: {opts.rounds} rounds, {elapsed:.0f} s; start method {opts.method}")

        def fmt(x, unit):
            if unit == "x":
                return f"{x:.2f}"
            return f"{x / 1e6:.2f}M" if x >= 1e6 else f"{x / 1000:.1f}k"

        print_results(results, fmt,
                      lambda r, s: f"{r['case']:<12} {r['impl']:<8} {r['unit']:<8} {s}")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

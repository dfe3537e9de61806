"""The multiprocessing.managers benchmark, CPython side: the cases of
bench/managers_bench.ts with CPython's SyncManager.

    python3 bench/managers_bench.py [--rounds N] [--time S] [--warm N] [--calls N]
        [--cases set,get,procs4] [--seconds S] [--json PATH] [--quiet]

One manager serves the whole run: multiprocessing.Manager(), the default
context (on Linux before 3.14 'fork': the server is a forked process, a
thread per connection). Each round makes a fresh d = m.dict(). Cases (result
case / impl "cpython", calls/s; higher is better):
- set: --warm calls (default 2000) of warm-up (alternately d[i] = i, i.e.
  d.__setitem__(i, i), and d.get(i)), then d[i] = i, i = 0, 1, ..., one
  after the other, until --calls or --time.
- get: then d.get(i % sets) the same way (every reply checked).
- procs4: four multiprocessing.Process children of the default context
  ('fork'), each given the dict proxy, a ready and a result Queue proxy and a
  go Event proxy (hammer below): each warms up with --warm calls, puts its id
  on the ready queue and waits for go; the parent sets go once all four are
  ready; each then makes n = --calls/8 d[i] = i calls and then n d.get(i)
  calls (checked), both loops ending early after --time seconds, and puts
  (sets, gets, its loop's seconds, wrong gets) on the result queue. The rate:
  all children's calls / the longest child's loop time.
At the end m.shutdown(). A measurement that takes longer than --seconds + 10 s
ends the process; bench/run_managers.mjs reports that round as failed.
"""

import argparse
import multiprocessing
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import error_text, print_rates, runtime, write_json  # noqa: E402

CHILDREN = 4
END_S = 10.0


def hammer(d, ready, go, out, ident, n, warm, secs):
    """One child of procs4 (bench/_managers_targets.ts's hammer)."""
    for i in range(warm):
        k = i >> 1
        if i % 2 == 0:
            d[k] = k
        else:
            d.get(k)
    ready.put(ident)
    if not go.wait(60):
        raise RuntimeError(f"child {ident}: no go after 60 s")
    t0 = t = time.perf_counter()
    sets = gets = wrong = 0
    while sets < n and t - t0 < secs:
        d[sets] = sets
        sets += 1
        t = time.perf_counter()
    # Every child sets the same keys to the same values: d[i] is i for i < sets.
    while gets < n and t - t0 < secs:
        k = gets % sets
        if d.get(k) != k:
            wrong += 1
        gets += 1
        t = time.perf_counter()
    out.put((ident, sets, gets, t - t0, wrong))


def do_sets(d, warm, n_max, secs):
    for i in range(warm):
        k = i >> 1
        if i % 2 == 0:
            d[k] = k
        else:
            d.get(k)
    t0 = t = time.perf_counter()
    n = 0
    while n < n_max and t - t0 < secs:
        d[n] = n
        n += 1
        t = time.perf_counter()
    return n, t - t0


def do_gets(d, keys, n_max, secs):
    t0 = t = time.perf_counter()
    n = 0
    while n < n_max and t - t0 < secs:
        k = n % keys
        got = d.get(k)
        if got != k:
            raise RuntimeError(f"get: d.get({k}) gave {got!r}")
        n += 1
        t = time.perf_counter()
    return n, t - t0


def four_processes(m, d, warm, calls, secs, wait_secs):
    ready = m.Queue()
    out = m.Queue()
    go = m.Event()
    n = max(1, calls // (2 * CHILDREN))
    ps = [multiprocessing.Process(target=hammer,
                                  args=(d, ready, go, out, i, n, warm, secs))
          for i in range(CHILDREN)]
    for p in ps:
        p.start()
    try:
        for _ in range(CHILDREN):
            ready.get(timeout=wait_secs)
        go.set()
        total = 0
        longest = 0.0
        for _ in range(CHILDREN):
            ident, s, g, t, wrong = out.get(timeout=wait_secs)
            if wrong:
                raise RuntimeError(f"child {ident}: {wrong} wrong gets")
            total += s + g
            longest = max(longest, t)
        for p in ps:
            p.join(wait_secs)
        codes = [p.exitcode for p in ps]
        if any(c != 0 for c in codes):
            raise RuntimeError(f"children's exit codes: {codes}")
        return total, longest
    finally:
        for p in ps:
            if p.exitcode is None:
                p.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--time", type=float, default=2)
    ap.add_argument("--warm", type=int, default=2000)
    ap.add_argument("--calls", type=int, default=20_000)
    ap.add_argument("--cases", default="set,get,procs4")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    cases = opts.cases.split(",")
    results = []

    def get(case):
        for r in results:
            if r["case"] == case:
                return r
        r = {"case": case, "impl": "cpython", "unit": "calls/s", "values": [],
             "errors": []}
        results.append(r)
        return r

    def measure(case, fn):
        r = get(case)
        # A measurement that hangs must not hold the run: the process ends,
        # and the driver reports the round as failed.
        watchdog = threading.Timer(
            opts.seconds + END_S,
            lambda: (print(f"watchdog: {case} did not end within "
                           f"{opts.seconds + END_S:.0f} s", file=sys.stderr),
                     os._exit(2)))
        watchdog.daemon = True
        watchdog.start()
        try:
            n, secs = fn()
            r["values"].append(n / secs)
            return n
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            r["values"].append(None)
            r["errors"].append(error_text(e))
            return 0
        finally:
            watchdog.cancel()

    started = time.perf_counter()
    m = multiprocessing.Manager()
    try:
        for _ in range(opts.rounds):
            d = m.dict()
            keys = 0
            if "set" in cases or "get" in cases:
                keys = measure("set", lambda: do_sets(
                    d, opts.warm, opts.calls, opts.time))
            if "get" in cases and keys > 0:
                measure("get", lambda: do_gets(d, keys, opts.calls, opts.time))
            if "procs4" in cases:
                measure("procs4", lambda: four_processes(
                    m, d, opts.warm, opts.calls, opts.time, opts.seconds))
    finally:
        m.shutdown()
    elapsed = time.perf_counter() - started
    write_json(opts.json, {
        "runtime": runtime(),
        "raw": f"multiprocessing.managers ({multiprocessing.get_start_method()})",
        "options": vars(opts),
        "elapsedSeconds": elapsed,
        "results": results,
    })
    if not opts.quiet:
        print(f"{runtime()}: {opts.rounds} rounds, {elapsed:.0f} s; "
              f"start method {multiprocessing.get_start_method()}")

        print_rates(results, 7, 8)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

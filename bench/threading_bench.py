"""The threading benchmark, CPython side: the cases of bench/threading_bench.ts
with CPython's threading module.

    python3 bench/threading_bench.py [--rounds N] [--seconds S] [--cases a,b]
                                     [--json PATH] [--quiet]

- lock_pair / rlock_pair: lock.acquire(); lock.release() on a free lock (ns/pair)
- lock_using / rlock_using: `with lock: pass` (ns/pair)
- handoff: two threads passing control through two Locks, each releasing the
  lock the other waits for (µs per hand-off)
- start_join: t = Thread(target=noop); t.start(); t.join() (µs per thread)
"""

import argparse
import json
import platform
import threading
import time


def pair_loop(lock, n):
    acquire, release = lock.acquire, lock.release
    for _ in range(n):
        acquire()
        release()


def with_loop(lock, n):
    for _ in range(n):
        with lock:
            pass


def pairs(make, loop, seconds):
    lock = make()
    loop(lock, 200_000)
    batch, n = 100_000, 0
    t0 = time.perf_counter()
    end = t0 + seconds
    while True:
        loop(lock, batch)
        n += batch
        if time.perf_counter() >= end:
            break
    return (time.perf_counter() - t0) * 1e9 / n


def handoff_run(n):
    a, b = threading.Lock(), threading.Lock()
    a.acquire()
    b.acquire()

    def one():
        for _ in range(n):
            b.acquire()
            a.release()

    def two():
        for _ in range(n):
            b.release()
            a.acquire()

    t1 = threading.Thread(target=one)
    t2 = threading.Thread(target=two)
    t0 = time.perf_counter()
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    return time.perf_counter() - t0


def handoff(seconds):
    handoff_run(2_000)
    n, secs = 0, 0.0
    while secs < seconds:
        secs += handoff_run(10_000)
        n += 10_000
    return secs * 1e6 / (2 * n)


def start_join(seconds):
    def noop():
        pass

    def run(n):
        for _ in range(n):
            t = threading.Thread(target=noop)
            t.start()
            t.join()

    run(500)
    n = 0
    t0 = time.perf_counter()
    while True:
        run(1_000)
        n += 1_000
        if time.perf_counter() - t0 >= seconds:
            break
    return (time.perf_counter() - t0) * 1e6 / n


CASES = {
    "lock_pair": ("ns", lambda s: pairs(threading.Lock, pair_loop, s)),
    "lock_using": ("ns", lambda s: pairs(threading.Lock, with_loop, s)),
    "rlock_pair": ("ns", lambda s: pairs(threading.RLock, pair_loop, s)),
    "rlock_using": ("ns", lambda s: pairs(threading.RLock, with_loop, s)),
    "handoff": ("µs", handoff),
    "start_join": ("µs", start_join),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    results = []
    for name in opts.cases.split(","):
        unit, fn = CASES[name]
        res = {"case": name, "impl": "cpython", "unit": unit, "values": [], "errors": []}
        for _ in range(opts.rounds):
            try:
                res["values"].append(fn(opts.seconds))
            except Exception as e:  # noqa: BLE001 - reported, not fatal
                res["values"].append(None)
                res["errors"].append(repr(e))
        results.append(res)
        if not opts.quiet:
            vals = " ".join(f"{v:.3f}" for v in res["values"] if v is not None)
            print(f"{name}: {vals} {unit}")
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(
                {"runtime": f"cpython {platform.python_version()}", "results": results},
                f,
                indent=2,
            )


if __name__ == "__main__":
    main()

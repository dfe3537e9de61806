"""The multiprocessing benchmark, CPython side: the cases of
bench/multiprocessing_bench.ts with CPython's multiprocessing module.

    python3 bench/multiprocessing_bench.py [--rounds N] [--starts N] [--gap MS]
        [--spawn-starts N] [--items N] [--trips N] [--seconds S]
        [--cases worker,pair,spawn,queue,pipe] [--json PATH] [--quiet]

Cases (result case / impl; the impls are the start methods fork, spawn and
forkserver):
- worker_first / worker_join (ms): Process(target=say_hi, args=(q,)), start(),
  q.get() of the child's q.put("hi"), join(); q is the context's Queue. Median
  of --starts starts, each after --gap ms of idling (as the JavaScript side).
- worker_loop (ms): the mean start -> join of --starts starts one right after
  another.
- pair_first / pair_join (ms): two Processes started together putting on one
  Queue (a Pool(2)'s workers): start -> both "hi"s, start -> both joined; each
  pair after --gap ms of idling.
- spawn_first / spawn_join (ms): the first message over a socket instead: the
  parent listens on 127.0.0.1:0, the child connects (socket.create_connection)
  and sends b"hi" (the apples-to-apples case for pyport's 'spawn'); each
  start after --gap ms of idling.
- spawn_loop (ms): the same, --spawn-starts starts one right after another.
- queue (items/s, fork): a child puts 100k (i, "x"), the parent gets them.
- pipe (round trips/s, fork): the parent sends (i, "x") on a Pipe(), the child
  echoes it back.

Children import this module again (as __mp_main__ under spawn): the main code
stays under `if __name__ == "__main__":`.
"""

import argparse
import multiprocessing as mp
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import error_text, median, print_results, runtime, write_json  # noqa: E402

HOST = "127.0.0.1"
WAIT = 30.0


# ---- the children's targets ------------------------------------------------------

def say_hi(q):
    q.put("hi")


def connect_hi(port):
    with socket.create_connection((HOST, port), timeout=10) as s:
        s.sendall(b"hi")


def produce(q, n):
    for i in range(n):
        q.put((i, "x"))


def echo(conn):
    while True:
        m = conn.recv()
        if m is None:
            break
        conn.send(m)
    conn.close()


# ---- the measurements ---------------------------------------------------------------

def queue_start(ctx):
    q = ctx.Queue()
    try:
        t0 = time.perf_counter()
        p = ctx.Process(target=say_hi, args=(q,))
        p.start()
        try:
            m = q.get(timeout=WAIT)
            first = time.perf_counter() - t0
            p.join(WAIT)
            end = time.perf_counter() - t0
        finally:
            if p.exitcode is None:
                p.kill()
        if m != "hi" or p.exitcode != 0:
            raise RuntimeError(f"got {m!r}, exit code {p.exitcode}")
        return first * 1e3, end * 1e3
    finally:
        q.close()
        q.join_thread()


def pair_start(ctx):
    q = ctx.Queue()
    try:
        t0 = time.perf_counter()
        ps = [ctx.Process(target=say_hi, args=(q,)) for _ in range(2)]
        for p in ps:
            p.start()
        try:
            for _ in ps:
                m = q.get(timeout=WAIT)
                if m != "hi":
                    raise RuntimeError(f"got {m!r}")
            first = time.perf_counter() - t0
            for p in ps:
                p.join(WAIT)
            end = time.perf_counter() - t0
        finally:
            for p in ps:
                if p.exitcode is None:
                    p.kill()
        if any(p.exitcode != 0 for p in ps):
            raise RuntimeError(f"exit codes {[p.exitcode for p in ps]}")
        return first * 1e3, end * 1e3
    finally:
        q.close()
        q.join_thread()


def socket_start(ctx):
    with socket.create_server((HOST, 0)) as srv:
        srv.settimeout(WAIT)
        port = srv.getsockname()[1]
        t0 = time.perf_counter()
        p = ctx.Process(target=connect_hi, args=(port,))
        p.start()
        try:
            c, _ = srv.accept()
            with c:
                c.settimeout(WAIT)
                got = 0
                while got < 2:
                    d = c.recv(16)
                    if not d:
                        raise RuntimeError("the child sent nothing")
                    got += len(d)
            first = time.perf_counter() - t0
            p.join(WAIT)
            end = time.perf_counter() - t0
        finally:
            if p.exitcode is None:
                p.kill()
        if p.exitcode != 0:
            raise RuntimeError(f"exit code {p.exitcode}")
        return first * 1e3, end * 1e3


def starts(fn, count, seconds, gap):
    fn()
    firsts, ends = [], []
    stop = time.perf_counter() + seconds
    while len(firsts) < count and (not firsts or time.perf_counter() < stop):
        time.sleep(gap / 1e3)
        a, b = fn()
        firsts.append(a)
        ends.append(b)
    return [median(firsts), median(ends)]


def loop(fn, count, seconds):
    fn()
    n = 0
    stop = time.perf_counter() + seconds
    t0 = time.perf_counter()
    while n < count and (n == 0 or time.perf_counter() < stop):
        fn()
        n += 1
    return (time.perf_counter() - t0) * 1e3 / n


def queue_throughput(n, seconds):
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=produce, args=(q, n))
    p.start()
    try:
        q.get(timeout=WAIT)
        got = 1
        get = q.get
        t0 = time.perf_counter()
        end = t0 + seconds
        while got < n:
            get()
            got += 1
            if got & 1023 == 0 and time.perf_counter() > end:
                break
        rate = (got - 1) / (time.perf_counter() - t0)
        if got < n:
            p.terminate()
        p.join(WAIT)
        return rate
    finally:
        if p.exitcode is None:
            p.kill()
        q.close()


def pipe_round_trips(trips, seconds):
    ctx = mp.get_context("fork")
    a, b = ctx.Pipe()
    p = ctx.Process(target=echo, args=(b,))
    p.start()
    try:
        a.send(-1)
        if not a.poll(WAIT):
            raise RuntimeError("no first echo")
        a.recv()
        send, recv = a.send, a.recv
        for i in range(1000):
            send((i, "x"))
            recv()
        n = 0
        t0 = time.perf_counter()
        end = t0 + seconds
        while n < trips:
            send((n, "x"))
            recv()
            n += 1
            if n & 1023 == 0 and time.perf_counter() > end:
                break
        rate = n / (time.perf_counter() - t0)
        a.send(None)
        p.join(WAIT)
        return rate
    finally:
        if p.exitcode is None:
            p.kill()
        a.close()
        b.close()


# ---- main -----------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--starts", type=int, default=8)
    ap.add_argument("--gap", type=float, default=300)
    ap.add_argument("--spawn-starts", type=int, default=5)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--trips", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--cases", default="worker,pair,spawn,queue,pipe")
    ap.add_argument("--keep-ca-certs", action="store_true")  # as the .ts; no effect
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()

    # A measurement that hangs (a lost child) must not hold the run.
    limit = (opts.seconds + 2 * WAIT) * opts.rounds * 4 + 60
    watchdog = threading.Timer(limit, lambda: (print("watchdog: no end", file=sys.stderr), os._exit(2)))
    watchdog.daemon = True
    watchdog.start()

    results = []

    def get(case, impl, unit):
        for r in results:
            if r["case"] == case and r["impl"] == impl:
                return r
        r = {"case": case, "impl": impl, "unit": unit, "values": [], "errors": []}
        results.append(r)
        return r

    def record(names, fn):
        rs = [get(c, i, u) for c, i, u in names]
        try:
            vs = fn()
            for r, v in zip(rs, vs):
                r["values"].append(v)
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            for r in rs:
                r["values"].append(None)
                r["errors"].append(error_text(e))

    started = time.perf_counter()
    methods = [(m, mp.get_context(m)) for m in ("fork", "spawn", "forkserver")]
    for _ in range(opts.rounds):
        for c in opts.cases.split(","):
            if c == "worker":
                for m, ctx in methods:
                    record([("worker_first", m, "ms"), ("worker_join", m, "ms")],
                           lambda: starts(lambda: queue_start(ctx), opts.starts,
                                          opts.seconds, opts.gap))
                for m, ctx in methods:
                    record([("worker_loop", m, "ms")],
                           lambda: [loop(lambda: queue_start(ctx), opts.starts, opts.seconds)])
            elif c == "pair":
                for m, ctx in methods:
                    record([("pair_first", m, "ms"), ("pair_join", m, "ms")],
                           lambda: starts(lambda: pair_start(ctx), opts.starts,
                                          opts.seconds, opts.gap))
            elif c == "spawn":
                for m, ctx in methods:
                    record([("spawn_first", m, "ms"), ("spawn_join", m, "ms")],
                           lambda: starts(lambda: socket_start(ctx), opts.spawn_starts,
                                          opts.seconds, opts.gap))
                for m, ctx in methods:
                    record([("spawn_loop", m, "ms")],
                           lambda: [loop(lambda: socket_start(ctx), opts.spawn_starts,
                                         opts.seconds)])
            elif c == "queue":
                record([("queue", "cpython", "items/s")],
                       lambda: [queue_throughput(opts.items, opts.seconds)])
            elif c == "pipe":
                record([("pipe", "cpython", "trips/s")],
                       lambda: [pipe_round_trips(opts.trips, opts.seconds)])
            else:
                raise SystemExit(f"unknown case {c}")
    elapsed = time.perf_counter() - started
    write_json(opts.json, {
        "runtime": runtime(),
        "raw": "multiprocessing",
        "options": vars(opts),
        "elapsedSeconds": elapsed,
        "results": results,
    })
    if not opts.quiet:
        print(f"{runtime()}: {opts.rounds} rounds, {elapsed:.0f} s")

        def fmt(x, unit):
            return f"{x:.1f}" if unit == "ms" else f"{x / 1000:.1f}k"

        print_results(results, fmt,
                      lambda r, s: f"{r['case']:<12} {r['impl']:<10} {r['unit']:<8} {s}")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

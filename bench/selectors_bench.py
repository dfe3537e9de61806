"""The CPython side of the selectors benchmark (see bench/selectors_bench.ts).

    python3 bench/selectors_bench.py [--rounds N] [--seconds S] [--trips N]
                                     [--samples N]
                                     [--cases echo1,echo100,echo1000,wake]
                                     [--impls child,inproc] [--json PATH] [--quiet]

- echoN: the non-blocking echo server of the selectors documentation
  (`serve` below: DefaultSelector, accept -> register EVENT_READ,
  recv(1000) -> send, close on EOF), driven by N clients that each send 64
  bytes and wait for the 64 bytes back, one round trip at a time. The
  clients are one selector-driven loop of non-blocking sockets (`Clients`),
  either
  - child: in a separate python3 process, so the server has a CPU of its own
    and the clients don't cap it (the default, and the one the targets use), or
  - inproc: in the server's own thread and selector, one loop for all: the
    same shape as the JavaScript side, where server and clients share one
    thread.
- wake: select() wake-up latency: a thread writes 1 byte to a socketpair,
  the main thread's `sel.select()` (DefaultSelector) or `select.select()`
  returns; microseconds from just before send() to just after the return.
"""

import argparse
import json
import os
import select
import selectors
import socket
import subprocess
import sys
import threading
import time

from _common import (error_text, exit_now, print_results, quantile, runtime,
                     write_json)

HOST = "127.0.0.1"
MSG = 64
WARM_TRIPS = 2000  # in all, at least 5 per client
CASE_TIMEOUT = 60.0
MESSAGE = b"x" * MSG


# ---- the server: the documentation's example ---------------------------------

def serve(sel, sock):
    """Registers the docs' echo server on `sel`; returns the set of open conns."""
    open_conns = set()

    def accept(sock, mask):
        conn, addr = sock.accept()  # Should be ready
        conn.setblocking(False)
        open_conns.add(conn)
        sel.register(conn, selectors.EVENT_READ, read)

    def read(conn, mask):
        data = conn.recv(1000)  # Should be ready
        if data:
            conn.send(data)  # Hope it won't block
        else:
            sel.unregister(conn)
            conn.close()
            open_conns.discard(conn)

    sock.setblocking(False)
    sel.register(sock, selectors.EVENT_READ, accept)
    return open_conns


# ---- the clients: one selector loop ------------------------------------------

class Clients:
    """N non-blocking client sockets; each does one 64-byte round trip at a time."""

    def __init__(self, sel, port, n):
        self.sel = sel
        self.socks = []
        self.got = {}
        for _ in range(n):
            c = socket.create_connection((HOST, port), timeout=CASE_TIMEOUT)
            c.setblocking(False)
            self.socks.append(c)
            self.got[c] = 0
        self.done = {c: 0 for c in self.socks}
        self.trips = 0
        self.end = 0.0
        self.active = 0

    def start(self, trips, end):
        """Starts a run of `trips` round trips per client or until `end`."""
        self.trips = trips
        self.end = end
        self.active = len(self.socks)
        for c in self.socks:
            self.done[c] = 0
            self.got[c] = 0
            self.sel.register(c, selectors.EVENT_READ, self.on_read)
            c.send(MESSAGE)

    def on_read(self, c, mask):
        data = c.recv(MSG - self.got[c])
        if not data:
            raise ConnectionError("echo: early EOF")
        got = self.got[c] + len(data)
        if got < MSG:
            self.got[c] = got
            return
        self.got[c] = 0
        d = self.done[c] = self.done[c] + 1
        if d < self.trips and (d & 63 or time.perf_counter() < self.end):
            c.send(MESSAGE)
        else:
            self.sel.unregister(c)
            self.active -= 1

    def total(self):
        return sum(self.done.values())

    def close(self):
        for c in self.socks:
            c.close()


def run_loop(sel, until):
    """The docs' event loop, until `until()` is true."""
    deadline = time.perf_counter() + CASE_TIMEOUT
    while not until():
        for key, mask in sel.select(1.0):
            callback = key.data
            callback(key.fileobj, mask)
        if time.perf_counter() > deadline:
            raise TimeoutError("echo: no result in time")


def client_main(port, n, trips, seconds):
    """The child process: N clients against `port`; prints the round trips/s."""
    sel = selectors.DefaultSelector()
    cl = Clients(sel, port, n)
    cl.start(max(5, -(-WARM_TRIPS // n)), float("inf"))
    run_loop(sel, lambda: cl.active == 0)
    t0 = time.perf_counter()
    cl.start(trips, t0 + seconds)
    run_loop(sel, lambda: cl.active == 0)
    rate = cl.total() / (time.perf_counter() - t0)
    cl.close()
    print(json.dumps({"rate": rate}), flush=True)


def measure_echo(conns, opts, where):
    sel = selectors.DefaultSelector()
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((HOST, 0))
    ls.listen(max(conns, 128))
    port = ls.getsockname()[1]
    open_conns = serve(sel, ls)
    per = -(-opts.trips // conns)
    try:
        if where == "inproc":
            # Connect first (the kernel completes the handshakes; the loop accepts).
            cl = Clients(sel, port, conns)
            try:
                run_loop(sel, lambda: len(open_conns) == conns)
                cl.start(max(5, -(-WARM_TRIPS // conns)), float("inf"))
                run_loop(sel, lambda: cl.active == 0)
                t0 = time.perf_counter()
                cl.start(per, t0 + opts.seconds)
                run_loop(sel, lambda: cl.active == 0)
                return cl.total() / (time.perf_counter() - t0)
            finally:
                cl.close()
        proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--client",
             str(port), str(conns), str(per), str(opts.seconds)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            accepted = [False]

            def finished():
                if len(open_conns) == conns:
                    accepted[0] = True
                # All clients accepted and closed again, or the child is gone.
                return (accepted[0] and not open_conns) or proc.poll() is not None

            run_loop(sel, finished)
            out, err = proc.communicate(timeout=CASE_TIMEOUT)
            if proc.returncode != 0:
                raise RuntimeError(f"client process failed: {err.strip()}")
            return json.loads(out)["rate"]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        for c in list(open_conns):
            sel.unregister(c)
            c.close()
        sel.close()
        ls.close()


# ---- wake-up latency ------------------------------------------------------------

def measure_wake(kind, opts):
    """µs from send() in another thread to select() returning in this one."""
    w, r = socket.socketpair()
    r.setblocking(False)
    sel = selectors.DefaultSelector()
    sel.register(r, selectors.EVENT_READ)
    n = opts.samples + 50
    go = threading.Event()
    t0 = [0.0]
    stop = [False]

    def writer():
        for _ in range(n):
            go.wait()
            go.clear()
            if stop[0]:
                return
            # Give the main thread time to block in select().
            time.sleep(0.0001)
            t0[0] = time.perf_counter()
            w.send(b"x")

    th = threading.Thread(target=writer, daemon=True)
    th.start()
    out = []
    try:
        for i in range(n):
            go.set()
            if kind == "selector":
                ready = sel.select()
            else:
                ready = select.select([r], [], [])[0]
            t1 = time.perf_counter()
            if not ready:
                raise RuntimeError("select returned nothing")
            if i >= 50:
                out.append((t1 - t0[0]) * 1e6)
            r.recv(16)
    finally:
        stop[0] = True
        go.set()
        th.join(5)
        sel.close()
        w.close()
        r.close()
    return out


def median(xs):
    return quantile(xs, 0.5)


def fmt(x, unit):
    return f"{x:.0f}" if unit == "µs" else f"{x / 1000:.1f}k"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        port, n, trips, seconds = sys.argv[2:6]
        client_main(int(port), int(n), int(trips), float(seconds))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--trips", type=int, default=100_000)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--cases", default="echo1,echo100,echo1000,wake")
    ap.add_argument("--impls", default="child,inproc")
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    cases = opts.cases.split(",")
    impls = opts.impls.split(",")
    results = {}

    def slot(name, impl, unit):
        return results.setdefault((name, impl), {
            "case": name, "impl": impl, "unit": unit,
            "values": [], "errors": []})

    started = time.perf_counter()
    for _ in range(opts.rounds):
        for n in (1, 100, 1000):
            name = f"echo{n}"
            if name not in cases:
                continue
            for where in impls:
                impl = f"cpython-{where}"
                r = slot(name, impl, "round trips/s")
                try:
                    r["values"].append(measure_echo(n, opts, where))
                except Exception as e:
                    r["values"].append(None)
                    r["errors"].append(error_text(e))
        if "wake" in cases:
            for kind in ("selector", "select"):
                name = f"wake_{kind}"
                p50 = slot(f"{name}_p50", "cpython", "µs")
                p90 = slot(f"{name}_p90", "cpython", "µs")
                try:
                    xs = measure_wake(kind, opts)
                    p50["values"].append(median(xs))
                    p90["values"].append(quantile(xs, 0.9))
                except Exception as e:
                    for s in (p50, p90):
                        s["values"].append(None)
                        s["errors"].append(error_text(e))
    elapsed = time.perf_counter() - started
    out = {
        "runtime": runtime(),
        "raw": "selectors",
        "options": {"rounds": opts.rounds, "seconds": opts.seconds,
                    "trips": opts.trips, "samples": opts.samples,
                    "cases": cases, "impls": impls},
        "elapsedSeconds": elapsed,
        "results": list(results.values()),
    }
    write_json(opts.json, out)
    if opts.quiet:
        return
    print(f"{out['runtime']}: selectors echo server, {opts.rounds} rounds, "
          f"{elapsed:.0f} s")
    print_results(
        results.values(), fmt,
        lambda r, s: f"{r['case']:17} | {r['impl']:15} | {r['unit']:13} | {s}",
        mid=lambda xs: quantile(xs, 0.5))


if __name__ == "__main__":
    main()
    exit_now()

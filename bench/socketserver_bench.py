"""The CPython side of the socketserver benchmark (see bench/socketserver_bench.ts).

    python3 bench/socketserver_bench.py [--rounds N] [--seconds S] [--trips N]
                                        [--idle N] [--cases echo32,idle]
                                        [--where inproc,child] [--json PATH] [--quiet]

- echo32: socketserver.ThreadingTCPServer (a thread per connection) with a
  BaseRequestHandler echo handler (recv(65536) -> sendall until EOF),
  serve_forever() in a thread, and 32 blocking clients, one thread each,
  each sending 64 bytes and reading the 64 back, one round trip at a time.
  The clients run either
  - inproc: in the server's process (threads sharing its GIL), or
  - child: in a separate python3 process (32 threads there), so the server
    has a CPU and a GIL of its own.
- idle: in a fresh python3 process, a ThreadingTCPServer accepts N
  connections that a child process opens and leaves idle, each served by its
  own thread blocked in recv(); the server's VmRSS growth per connection,
  then every client sends one byte and counts the echoes.
"""

import argparse
import json
import os
import re
import socket
import socketserver
import subprocess
import sys
import threading
import time

from _common import (error_text, exit_now, print_results, quantile, runtime,
                     write_json)

HOST = "127.0.0.1"
MSG = 64
CONNS = 32
WARM_TRIPS = 2000  # in all, at least 5 per client
CASE_TIMEOUT = 60.0
IDLE_TIMEOUT = 120.0
MESSAGE = b"x" * MSG

handlers_live = 0
live_lock = threading.Lock()


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        global handlers_live
        conn = self.request
        with live_lock:
            handlers_live += 1
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        finally:
            with live_lock:
                handlers_live -= 1


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    # 10,000 connects in a burst overflow the default backlog of 5 (SYNs
    # dropped, clients retrying for seconds); the same value on both sides.
    request_queue_size = 1024
    errors = 0

    def handle_error(self, request, client_address):
        # Counted, not printed: in the idle case a client that gave up
        # waiting resets its connection.
        Server.errors += 1


def start_server():
    srv = Server((HOST, 0), EchoHandler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    return srv, th


def stop_server(srv, th):
    srv.shutdown()
    th.join(CASE_TIMEOUT)
    srv.server_close()


# ---- echo32 ------------------------------------------------------------------

def client_trips(c, trips, end, out, i):
    done = 0
    try:
        while done < trips and (done & 63 or time.perf_counter() < end):
            c.sendall(MESSAGE)
            got = 0
            while got < MSG:
                d = c.recv(MSG - got)
                if not d:
                    raise ConnectionError("echo: early EOF")
                got += len(d)
            done += 1
    finally:
        out[i] = done


def run_clients(clients, trips, end):
    out = [0] * len(clients)
    ts = [threading.Thread(target=client_trips, args=(c, trips, end, out, i),
                           daemon=True)
          for i, c in enumerate(clients)]
    for t in ts:
        t.start()
    deadline = time.perf_counter() + CASE_TIMEOUT
    for t in ts:
        t.join(max(0.0, deadline - time.perf_counter()))
        if t.is_alive():
            raise TimeoutError("echo: no result in time")
    return sum(out)


def echo_clients(port, conns, trips, seconds):
    clients = [socket.create_connection((HOST, port), timeout=CASE_TIMEOUT)
               for _ in range(conns)]
    try:
        run_clients(clients, max(5, -(-WARM_TRIPS // conns)), float("inf"))
        per = -(-trips // conns)
        t0 = time.perf_counter()
        n = run_clients(clients, per, t0 + seconds)
        return n / (time.perf_counter() - t0)
    finally:
        for c in clients:
            c.close()


def child_cmd(*args):
    return [sys.executable, os.path.abspath(__file__), *map(str, args)]


def measure_echo(where, opts):
    srv, th = start_server()
    port = srv.server_address[1]
    try:
        if where == "inproc":
            return echo_clients(port, CONNS, opts.trips, opts.seconds)
        proc = subprocess.Popen(
            child_cmd("--echo-client", port, CONNS, opts.trips, opts.seconds),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            out, err = proc.communicate(timeout=CASE_TIMEOUT)
            if proc.returncode != 0:
                raise RuntimeError(f"client process failed: {err.strip()}")
            return float(out)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        stop_server(srv, th)


# ---- idle ----------------------------------------------------------------------

def rss():
    with open("/proc/self/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) * 1024


def wait_until(cond, seconds):
    end = time.perf_counter() + seconds
    while not cond() and time.perf_counter() < end:
        time.sleep(0.01)
    return cond()


def idle_server_main(n):
    """This process: the server; prints one JSON line of results."""
    srv, th = start_server()
    proc = None
    try:
        time.sleep(0.3)
        base = rss()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            child_cmd("--idle-client", srv.server_address[1], n),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = proc.stdout.readline()
        if not line.startswith("connected "):
            raise RuntimeError(f"client process: {line!r}")
        connected = int(line.split()[1])
        wait_until(lambda: handlers_live >= connected, IDLE_TIMEOUT / 2)
        accept_seconds = time.perf_counter() - t0
        held = handlers_live
        time.sleep(0.5)
        grown = rss() - base
        t1 = time.perf_counter()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line.startswith("served "):
            raise RuntimeError(f"client process: {line!r}")
        served = int(line.split()[1])
        serve_seconds = time.perf_counter() - t1
        t2 = time.perf_counter()
        proc.stdin.close()
        proc.wait(IDLE_TIMEOUT / 4)
        wait_until(lambda: handlers_live == 0, IDLE_TIMEOUT / 4)
        print(json.dumps({
            "connected": connected, "held": held, "served": served,
            "acceptSeconds": accept_seconds, "serveSeconds": serve_seconds,
            "closeSeconds": time.perf_counter() - t2,
            "closed": held - handlers_live, "handlerErrors": Server.errors,
            "baseMiB": base / 2**20,
            "kibPerConn": grown / 1024 / held if held else None,
        }), flush=True)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        # A fresh process that exits now: the OS closes every socket, and
        # joining 10,000 threads (server_close) is not what is measured.
        # (Errors are reported by the caller's except before this runs.)
        if sys.exc_info()[0] is None:
            os._exit(0)


def idle_client_main(port, n):
    """Opens n connections; on "go" each sends a byte and waits for it back."""
    socks = []
    err = ""
    for _ in range(n):
        try:
            socks.append(socket.create_connection((HOST, port), timeout=30))
        except OSError as e:
            err = f"{type(e).__name__}: {e}"
            break
    if err:
        print(f"connect: {err}", file=sys.stderr, flush=True)
    print(f"connected {len(socks)}", flush=True)
    if not sys.stdin.readline():
        return
    for s in socks:
        s.sendall(b"x")
    served = 0
    deadline = time.perf_counter() + IDLE_TIMEOUT / 4
    for s in socks:
        try:
            s.settimeout(max(0.001, deadline - time.perf_counter()))
            if s.recv(1) == b"x":
                served += 1
        except OSError:
            pass
    print(f"served {served}", flush=True)
    sys.stdin.read()
    for s in socks:
        s.close()


def measure_idle(n):
    """The idle case in a fresh process, so its RSS owes nothing to earlier cases."""
    proc = subprocess.Popen(child_cmd("--idle-server", n),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        out, err = proc.communicate(timeout=IDLE_TIMEOUT + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise TimeoutError(f"idle: no result after {IDLE_TIMEOUT + 60:.0f} s; "
                           f"{err.strip()[-500:]}")
    lines = [x for x in out.splitlines() if x.startswith("{")]
    if not lines:
        raise RuntimeError(f"idle server failed (exit {proc.returncode}): "
                           f"{err.strip()[-500:]}")
    return json.loads(lines[-1])


# ---- running ----------------------------------------------------------------------

IDLE_FIELDS = [("kibPerConn", "KiB/conn"), ("held", "connections"),
               ("served", "connections"), ("connected", "connections"),
               ("acceptSeconds", "s"), ("serveSeconds", "s"),
               ("closed", "connections"), ("closeSeconds", "s"),
               ("handlerErrors", "connections"),
               ("baseMiB", "MiB")]


def fmt(x, unit):
    if unit == "round trips/s":
        return f"{x / 1000:.1f}k"
    return f"{x:.0f}" if unit == "connections" else f"{x:.1f}"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--echo-client":
        port, n, trips, seconds = sys.argv[2:6]
        print(echo_clients(int(port), int(n), int(trips), float(seconds)),
              flush=True)
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--idle-client":
        idle_client_main(int(sys.argv[2]), int(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--idle-server":
        try:
            idle_server_main(int(sys.argv[2]))
        except BaseException as e:
            # idle_server_main ends the process in its finally; say why first.
            print(f"idle server: {type(e).__name__}: {e}", file=sys.stderr,
                  flush=True)
            raise
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--trips", type=int, default=100_000)
    ap.add_argument("--idle", type=int, default=10_000)
    ap.add_argument("--cases", default="echo32,idle")
    ap.add_argument("--where", default="inproc,child")
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    cases = opts.cases.split(",")
    wheres = opts.where.split(",")
    results = {}

    def slot(name, unit):
        return results.setdefault(name, {
            "case": name, "impl": "cpython", "unit": unit,
            "values": [], "errors": []})

    started = time.perf_counter()
    for _ in range(opts.rounds):
        if "echo32" in cases:
            for where in wheres:
                r = slot(f"echo32_{where}", "round trips/s")
                try:
                    r["values"].append(measure_echo(where, opts))
                except Exception as e:
                    r["values"].append(None)
                    r["errors"].append(error_text(e))
        if "idle" in cases:
            slots = [(f, slot(f"idle_{f}", u)) for f, u in IDLE_FIELDS]
            try:
                got = measure_idle(opts.idle)
                for f, s in slots:
                    s["values"].append(got[f])
            except Exception as e:
                for _, s in slots:
                    s["values"].append(None)
                    s["errors"].append(error_text(e))
    elapsed = time.perf_counter() - started
    out = {
        "runtime": runtime(),
        "raw": "socketserver",
        "options": {"rounds": opts.rounds, "seconds": opts.seconds,
                    "trips": opts.trips, "idle": opts.idle, "cases": cases,
                    "where": wheres},
        "elapsedSeconds": elapsed,
        "results": list(results.values()),
    }
    write_json(opts.json, out)
    if opts.quiet:
        return
    print(f"{out['runtime']}: ThreadingTCPServer, {opts.rounds} rounds, "
          f"{elapsed:.0f} s")
    print_results(results.values(), fmt,
                  lambda r, s: f"{r['case']:18} | {r['unit']:13} | {s}",
                  mid=lambda xs: quantile(xs, 0.5))


if __name__ == "__main__":
    main()
    exit_now()

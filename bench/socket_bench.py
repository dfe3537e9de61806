"""The CPython side of the socket benchmark (see bench/socket_bench.ts).

    python3 bench/socket_bench.py [--rounds N] [--seconds S] [--trips N]
                                  [--bulk-mib N] [--cases echo1,echo32,bulk]
                                  [--json PATH] [--quiet]

Same cases, same process, loopback:
- echo1/echo32: a socketserver.ThreadingTCPServer (a thread per connection,
  recv(65536) then sendall) and blocking clients, one thread per client
  connection, each sending 64 bytes and reading 64 back, until the round
  trips in all reach --trips or --seconds have passed.
- bulk: one connection; the client sendall()s --bulk-mib MiB in 64 KiB
  chunks, a server thread recv_into()s a 64 KiB buffer until it has all.
"""

import argparse
import socket
import socketserver
import threading
import time

from _common import (error_text, exit_now, median, print_results, runtime,
                     write_json)

HOST = "127.0.0.1"
MSG = 64
CHUNK = 64 * 1024
WARM_TRIPS = 2000  # in all, spread over the connections (at least 100 each)
WARM_BULK = 64 * 1024 * 1024
CASE_TIMEOUT = 60.0


class EchoHandler(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        while True:
            data = conn.recv(65536)
            if not data:
                break
            conn.sendall(data)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def client_trips(c, trips, end, out, i):
    msg = b"x" * MSG
    done = 0
    try:
        while done < trips and (done & 63 or time.perf_counter() < end):
            c.sendall(msg)
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
    if len(clients) == 1:
        client_trips(clients[0], trips, end, out, 0)
        return out[0]
    ts = [
        threading.Thread(target=client_trips, args=(c, trips, end, out, i), daemon=True)
        for i, c in enumerate(clients)
    ]
    for t in ts:
        t.start()
    for t in ts:
        t.join(CASE_TIMEOUT)
        if t.is_alive():
            raise TimeoutError("echo: no result in time")
    return sum(out)


def measure_echo(conns, opts):
    srv = Server((HOST, 0), EchoHandler)
    srv.request_queue_size = max(conns, 5)
    st = threading.Thread(target=srv.serve_forever, daemon=True)
    st.start()
    clients = []
    try:
        for _ in range(conns):
            c = socket.create_connection(srv.server_address, timeout=CASE_TIMEOUT)
            c.settimeout(None)
            clients.append(c)
        run_clients(clients, max(100, -(-WARM_TRIPS // conns)), float("inf"))
        per = -(-opts.trips // conns)
        t0 = time.perf_counter()
        n = run_clients(clients, per, t0 + opts.seconds)
        return n / (time.perf_counter() - t0)
    finally:
        for c in clients:
            c.close()
        srv.shutdown()
        srv.server_close()
        st.join(5)


def measure_bulk(opts):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind((HOST, 0))
    ls.listen(1)
    cli = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    cli.connect(ls.getsockname())
    conn, _ = ls.accept()
    chunk = b"\x07" * CHUNK
    buf = bytearray(CHUNK)
    view = memoryview(buf)

    def transfer(nbytes):
        err = []

        def receive():
            got = 0
            try:
                while got < nbytes:
                    n = conn.recv_into(view)
                    if n == 0:
                        raise ConnectionError("bulk: early EOF")
                    got += n
            except Exception as e:  # reported by the sender
                err.append(e)

        t = threading.Thread(target=receive, daemon=True)
        t.start()
        sent = 0
        while sent < nbytes:
            cli.sendall(chunk)
            sent += CHUNK
        t.join(CASE_TIMEOUT)
        if t.is_alive():
            raise TimeoutError("bulk: no result in time")
        if err:
            raise err[0]

    try:
        transfer(WARM_BULK)
        nbytes = opts.bulk_mib * 1024 * 1024
        t0 = time.perf_counter()
        transfer(nbytes)
        return nbytes / 1e9 / (time.perf_counter() - t0)
    finally:
        conn.close()
        cli.close()
        ls.close()


CASES = {
    "echo1": ("round trips/s", lambda o: measure_echo(1, o)),
    "echo32": ("round trips/s", lambda o: measure_echo(32, o)),
    "bulk": ("GB/s", measure_bulk),
}


def fmt(x, unit):
    return f"{x:.2f}" if unit == "GB/s" else f"{x / 1000:.1f}k"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--trips", type=int, default=100_000)
    ap.add_argument("--bulk-mib", type=int, default=1024)
    ap.add_argument("--cases", default="echo1,echo32,bulk")
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    names = [c for c in CASES if c in opts.cases.split(",")]
    results = {n: {"case": n, "impl": "cpython", "unit": CASES[n][0],
                   "values": [], "errors": []} for n in names}
    started = time.perf_counter()
    for _ in range(opts.rounds):
        for n in names:
            r = results[n]
            try:
                r["values"].append(CASES[n][1](opts))
            except Exception as e:
                r["values"].append(None)
                r["errors"].append(error_text(e))
    elapsed = time.perf_counter() - started
    out = {
        "runtime": runtime(),
        "raw": "socket",
        "options": {"rounds": opts.rounds, "seconds": opts.seconds,
                    "trips": opts.trips, "bulkMiB": opts.bulk_mib,
                    "cases": names},
        "elapsedSeconds": elapsed,
        "results": list(results.values()),
    }
    write_json(opts.json, out)
    if opts.quiet:
        return
    print(f"{out['runtime']}: socket module, same process, "
          f"{opts.rounds} rounds, {elapsed:.0f} s")
    print_results(results.values(), fmt,
                  lambda r, s: f"{r['case']:7} | {r['unit']:13} | {s}")


if __name__ == "__main__":
    main()
    exit_now()

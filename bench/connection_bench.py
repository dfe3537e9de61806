"""The multiprocessing.connection and pickle benchmark, CPython side: the
cases of bench/connection_bench.ts with CPython's multiprocessing.connection
and its C pickle (the _pickle accelerator pickle.dumps/loads use).

    python3 bench/connection_bench.py [--rounds N] [--time S] [--trips N]
        [--big-trips N] [--calls N] [--cases small,big,dumps,loads]
        [--seconds S] [--pickle-out PATH] [--json PATH] [--quiet]

Cases (result case / impl "cpython"; higher is better):
- small (round trips/s): a fresh Listener(("127.0.0.1", 0)), a Client of its
  address and the accepted connection. The server runs in a thread of the
  same process (pyport's is an async task of the same process): conn.recv()
  then conn.send(obj), until EOFError. The client, in the main thread:
  c.send(SMALL) then c.recv(), SMALL = ["ping", 1, 2.5, None]. 2,000 round
  trips of warm-up, then --trips or --time, whichever ends first.
- big (round trips/s): the same with 1 MiB of bytes, send_bytes/recv_bytes
  on both sides; 20 round trips of warm-up.
- dumps (calls/s): pickle.dumps(VALUE, 4), VALUE = [{"id": i, "name":
  f"user{i}", "tags": ["a", "b"], "score": i + 0.5, "active": i % 2 == 0}
  for i in range(1000)] (44,680 bytes); 200 calls of warm-up, then --calls
  or --time.
- loads (calls/s): pickle.loads(data) of that pickle, the same way.
Every measurement checks what it got and closes what it opened. One that
takes longer than --seconds + 10 s ends the process (a lost server thread
would block for ever); bench/run_connection.mjs reports that round as failed.
"""

import argparse
from multiprocessing.connection import Client, Listener
import os
import pickle
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _common import error_text, print_rates, runtime, write_json  # noqa: E402

HOST = "127.0.0.1"
SMALL = ["ping", 1, 2.5, None]
BIG_SIZE = 1 << 20
WARM_TRIPS = 2000
WARM_BIG = 20
WARM_CALLS = 200
END_S = 10.0


def nested_value():
    return [{"id": i, "name": f"user{i}", "tags": ["a", "b"], "score": i + 0.5,
             "active": i % 2 == 0} for i in range(1000)]


def echo(listener, use_bytes, failed):
    """The server's side: accepts one connection, echoes until EOFError."""
    try:
        conn = listener.accept()
    except Exception as e:  # noqa: BLE001 - reported by the client's side
        failed.append(e)
        return
    try:
        while True:
            try:
                m = conn.recv_bytes() if use_bytes else conn.recv()
            except EOFError:
                return
            if use_bytes:
                conn.send_bytes(m)
            else:
                conn.send(m)
    except Exception as e:  # noqa: BLE001
        failed.append(e)
    finally:
        conn.close()


def round_trips(use_bytes, warm, n_max, secs):
    """Warm-up, then round trips until n_max or secs; closes everything.
    Returns (round trips, seconds, the last reply)."""
    listener = Listener((HOST, 0))
    failed = []
    server = threading.Thread(target=echo, args=(listener, use_bytes, failed),
                              daemon=True)
    server.start()
    client = None
    try:
        client = Client(listener.address)
        c = client
        if use_bytes:
            payload = bytes((i * 7) & 255 for i in range(256)) * (BIG_SIZE // 256)

            def trip():
                c.send_bytes(payload)
                return c.recv_bytes()
        else:
            payload = SMALL

            def trip():
                c.send(payload)
                return c.recv()
        last = None
        for _ in range(warm):
            last = trip()
        t0 = t = time.perf_counter()
        n = 0
        while n < n_max and t - t0 < secs:
            last = trip()
            n += 1
            t = time.perf_counter()
        return n, t - t0, last
    finally:
        if client is not None:
            client.close()
        server.join(END_S)
        listener.close()
        if failed:
            raise failed[0]


def calls(f, warm, n_max, secs):
    last = None
    for _ in range(warm):
        last = f()
    t0 = t = time.perf_counter()
    n = 0
    while n < n_max and t - t0 < secs:
        last = f()
        n += 1
        t = time.perf_counter()
    return n, t - t0, last


def check_small(got):
    if got != SMALL:
        raise RuntimeError(f"small: echoed {got!r}")


def check_big(got):
    if len(got) != BIG_SIZE:
        raise RuntimeError(f"big: echoed {len(got)} bytes")
    for i in (0, 1, 4097, BIG_SIZE >> 1, BIG_SIZE - 1):
        if got[i] != (i * 7) & 255:
            raise RuntimeError(f"big: byte {i} differs")


def check_loaded(got):
    last = got[999]
    if (len(got) != 1000 or last["name"] != "user999" or last["score"] != 999.5
            or last["active"] is not False):
        raise RuntimeError("loads: not the value dumped")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--time", type=float, default=2)
    ap.add_argument("--trips", type=int, default=100_000)
    ap.add_argument("--big-trips", type=int, default=2000)
    ap.add_argument("--calls", type=int, default=20_000)
    ap.add_argument("--cases", default="small,big,dumps,loads")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--pickle-out", default="")
    ap.add_argument("--json", default="")
    ap.add_argument("--quiet", action="store_true")
    opts = ap.parse_args()
    cases = opts.cases.split(",")

    value = nested_value()
    data = pickle.dumps(value, 4)
    if opts.pickle_out:
        with open(opts.pickle_out, "wb") as f:
            f.write(data)
    results = []

    def get(case, unit):
        for r in results:
            if r["case"] == case:
                return r
        r = {"case": case, "impl": "cpython", "unit": unit, "values": [], "errors": []}
        results.append(r)
        return r

    def measure(case, unit, fn, verify):
        r = get(case, unit)
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
            n, secs, last = fn()
            verify(last)
            r["values"].append(n / secs)
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            r["values"].append(None)
            r["errors"].append(error_text(e))
        finally:
            watchdog.cancel()

    def check_dumped(last):
        if len(last) != len(data):
            raise RuntimeError(f"dumps: {len(last)} bytes")

    started = time.perf_counter()
    for _ in range(opts.rounds):
        if "small" in cases:
            measure("small", "round trips/s",
                    lambda: round_trips(False, WARM_TRIPS, opts.trips, opts.time),
                    check_small)
        if "big" in cases:
            measure("big", "round trips/s",
                    lambda: round_trips(True, WARM_BIG, opts.big_trips, opts.time),
                    check_big)
        if "dumps" in cases:
            measure("dumps", "calls/s",
                    lambda: calls(lambda: pickle.dumps(value, 4), WARM_CALLS,
                                  opts.calls, opts.time),
                    check_dumped)
        if "loads" in cases:
            measure("loads", "calls/s",
                    lambda: calls(lambda: pickle.loads(data), WARM_CALLS,
                                  opts.calls, opts.time),
                    check_loaded)
    elapsed = time.perf_counter() - started
    write_json(opts.json, {
        "runtime": runtime(),
        "raw": "multiprocessing.connection, _pickle",
        "options": vars(opts),
        "elapsedSeconds": elapsed,
        "results": results,
    })
    if not opts.quiet:
        print(f"{runtime()}: {opts.rounds} rounds, {elapsed:.0f} s; "
              f"pickle of the nested value: {len(data)} bytes")

        print_rates(results, 6, 14)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()

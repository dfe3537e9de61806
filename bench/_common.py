"""Shared by the CPython bench scripts (bench/*_bench.py): statistics, the
JSON output and the table of one run. Private to bench/; the scripts run as
`python3 bench/<name>.py`, so bench/ is on sys.path."""

import json
import os
import sys


def runtime():
    return f"cpython {sys.version.split()[0]}"


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    if not s:
        return float("nan")
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def quantile(xs, q):
    s = sorted(xs)
    if not s:
        return float("nan")
    i = (len(s) - 1) * q
    lo, hi = int(i), min(int(i) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (i - lo)


def error_text(e):
    return f"{type(e).__name__}: {e}"


def write_json(path, out):
    """Writes the run's JSON to path (bench/run.mjs reads it), unless ""."""
    if path:
        with open(path, "w") as f:
            json.dump(out, f, indent=2)
            f.write("\n")


def print_results(results, fmt, line, mid=median):
    """One line per result: line(r, "median (min..max)" or "failed")."""
    for r in results:
        v = [x for x in r["values"] if x is not None]
        s = (f"{fmt(mid(v), r['unit'])} ({fmt(min(v), r['unit'])}.."
             f"{fmt(max(v), r['unit'])})") if v else "failed"
        print(line(r, s))
        for e in r["errors"]:
            print(f"  error: {e}")


def print_rates(results, case_width, unit_width):
    """print_results for rates (per second), each with the time of one
    operation at the median: `case  unit  12.3k (..) = 81.3 µs`."""

    def fmt(x, unit):
        return f"{x / 1000:.1f}k" if x >= 1000 else f"{x:.1f}"

    def line(r, s):
        v = [x for x in r["values"] if x is not None]
        us = f"{1e6 / median(v):.1f}" if v else "-"
        return f"{r['case']:<{case_width}} {r['unit']:<{unit_width}} {s} = {us} µs"

    print_results(results, fmt, line)


def exit_now():
    sys.stdout.flush()
    # Daemon threads of a failed measurement must not hold the exit.
    os._exit(0)

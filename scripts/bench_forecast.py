#!/usr/bin/env python3
"""Forecast benchmark (kpi-spec §7): the collection forecast and its backtest on the same
generated ledgers as scripts/bench_queries.py (bench-data/ledger_N), arql alone (no other
engine has this forecast), best of N in one session, and each method's backtest accuracy.
Usage: scripts/bench_forecast.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_queries import ARQL, arql_run, ledger  # noqa: E402
from bench_record import record  # noqa: E402

QUERIES = [
    "forecast by week next 13 weeks",
    "forecast by month next 6 months by division",
    "forecast(method: cohort) by month next 6 months",
    "forecast(method: buckets)",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"arql release build; best of {args.runs}; times exclude loading")
    print("cold: set cache = off, each run computes the open amounts at D and the plan as a first query does;")
    print("warm: the same query again in the session (the per-session cache keeps them)")
    print(f"{'ledger':>12}  {'query':<70} {'cold':>9} {'warm':>9}")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = ledger(size)
        summary = subprocess.run([ARQL, "info", path], check=True, capture_output=True, text=True).stdout
        as_of = re.search(r"as of (\d{4})-(\d{2})-\d{2}", summary)
        past = f"{int(as_of.group(1)) - 1}-{as_of.group(2)}-01"
        backtest = f"backtest forecast, forecast(method: cohort) as cohort by month next 12 months as of {past}"
        queries = QUERIES + [backtest]
        cold = arql_run(path, queries, args.runs, cold=True)
        warm = arql_run(path, queries, args.runs, cold=False)
        for query, c, w in zip(queries, cold, warm):
            print(f"{size:>12,}  {query[:70]:<70} {c:>8.3f}s {w:>8.3f}s")
            record("cache", f"{size // 1_000_000}M: {query}", w, "arql, cache off", c)
        out = subprocess.run([ARQL, path, "-c", backtest], check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "accuracy" in line:
                print(f"{'':>14}{line.replace('note: ', '')}")


if __name__ == "__main__":
    main()

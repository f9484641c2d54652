#!/usr/bin/env python3
"""Prints the comparisons every benchmark of `make bench` recorded (scripts/bench_record.py) as
one table: arql, the baseline, and the ratio baseline / arql (above 1: arql is faster, or for
peak memory holds less). Every
script has already checked that arql's numbers equal the baseline's (to the cent) and failed
otherwise, so a table printed here is a table of equal answers.
Usage: ARQL_BENCH_SUMMARY=bench-data/summary.jsonl scripts/bench_summary.py
"""
import json
import os
import sys


def main():
    path = os.environ.get("ARQL_BENCH_SUMMARY", "bench-data/summary.jsonl")
    if not os.path.exists(path):
        sys.exit(f"no benchmark results in {path}: run make bench")
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    print()
    print(f"{'benchmark':<10} {'case':<62} {'arql':>11} {'baseline':<22} {'baseline':>11} {'ratio':>7}")
    for r in rows:
        ratio = r["baseline_seconds"] / r["arql"] if r["arql"] > 0 else float("inf")
        unit = r.get("unit", "s")
        if unit == "s":
            ours, theirs = f"{r['arql']:>10.3f}s", f"{r['baseline_seconds']:>10.3f}s"
        else:  # peak memory: the ratio says how many times less arql holds
            ours, theirs = f"{r['arql']:>8.0f} {unit}", f"{r['baseline_seconds']:>8.0f} {unit}"
        print(f"{r['bench'][:10]:<10} {r['case'][:62]:<62} {ours} {r['baseline'][:22]:<22} {theirs} {ratio:>6.1f}x")


if __name__ == "__main__":
    main()

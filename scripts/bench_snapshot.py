#!/usr/bin/env python3
"""Snapshot benchmark (issue #13): re-opening a ledger from its snapshot against loading its CSVs,
in the same run, on the generated ledgers of bench_load.py.

For each size: `arql snapshot` writes bench-data/snap_<size>.arqlsnap (outside the ledger folder, so
the load benchmark keeps reading the CSVs), then `arql --timing-only` opens the snapshot and loads
the folder, best of N each, with peak memory from /usr/bin/time -v, and a query's output is checked
equal both ways. Usage: scripts/bench_snapshot.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402
from bench_load import ARQL, ROOT, ledger  # noqa: E402


def timed(path):
    """Milliseconds reported by arql and peak RSS in MB (from /usr/bin/time -v)."""
    run = subprocess.run(["/usr/bin/time", "-v", ARQL, path, "--timing-only"], check=True, capture_output=True, text=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1)) / 1024
    return float(run.stdout.split()[0]), rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'ledger':>12} {'snapshot':>9} {'write':>8} {'open':>9} {'RSS':>8} {'CSV load':>9} {'RSS':>8} {'load/open':>9}")
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = ledger(size)
        if os.path.exists(os.path.join(folder, "ledger.arqlsnap")):
            sys.exit(f"{folder}/ledger.arqlsnap would be opened instead of the CSVs: remove it")
        snap = os.path.join(ROOT, "bench-data", f"snap_{size}.arqlsnap")
        out = subprocess.run([ARQL, "snapshot", folder, snap], check=True, capture_output=True, text=True).stdout
        written = re.search(r"in ([0-9.]+) (ms|s)", out)
        write_s = float(written.group(1)) / (1000 if written.group(2) == "ms" else 1)
        opens = [timed(snap) for _ in range(args.runs)]
        loads = [timed(folder) for _ in range(args.runs)]
        query = "balance, overdue, dso, cei by division"
        a = subprocess.run([ARQL, snap, "--format", "csv", "-c", query], check=True, capture_output=True, text=True).stdout
        b = subprocess.run([ARQL, folder, "--format", "csv", "-c", query], check=True, capture_output=True, text=True).stdout
        best_open, best_load = min(opens), min(loads)
        print(f"{size:>12,} {os.path.getsize(snap) / 1e6:>7,.0f}MB {write_s:>7.1f}s {best_open[0] / 1000:>8.2f}s {best_open[1]:>6,.0f}MB"
              f" {best_load[0] / 1000:>8.2f}s {best_load[1]:>6,.0f}MB {best_load[0] / best_open[0]:>8.1f}x")
        if a != b:
            raise SystemExit(f"the snapshot answers differently:\n{a}\n{b}")
        record("snapshot", f"{size:,} invoices: open the snapshot", best_open[0] / 1000, "arql CSV load", best_load[0] / 1000)
        os.remove(snap)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Load benchmark: arql vs DuckDB's read_csv on the same generated ledgers, in the same run.

Generates seeded ledgers once into bench-data/ (1M and 10M invoices by default), then loads
each ledger with `arql --timing-only` and with DuckDB (CREATE TABLE AS SELECT * FROM read_csv,
2 threads), best of N runs each, checks that both read the same number of rows per table,
and prints the ratio. Usage: scripts/bench_load.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import os
import platform
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARQL = os.path.join(ROOT, ".build", "release", "arql")
TABLES = ["customers", "invoices", "payments", "disputes", "actions", "promises", "exposures", "surveys"]


def ledger(size):
    path = os.path.join(ROOT, "bench-data", f"ledger_{size}")
    if not os.path.exists(os.path.join(path, "invoices.csv")):
        print(f"generating {size:,} invoices into {path} ...", flush=True)
        subprocess.run([ARQL, "gen", "--invoices", str(size), "--seed", "42", "--out", path], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def arql_rows(path):
    out = subprocess.run([ARQL, "info", path], check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] in TABLES:
            rows[words[0]] = int(words[1].replace(",", ""))
    return rows


def arql_load_ms(path):
    if os.path.exists(os.path.join(path, "ledger.arqlsnap")):
        sys.exit(f"{path}/ledger.arqlsnap would be opened instead of the CSVs: remove it")
    out = subprocess.run([ARQL, path, "--timing-only"], check=True, capture_output=True, text=True).stdout
    return float(out.split()[0])


def duckdb_load_ms(path):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads = 2")
    started = time.perf_counter()
    for table in TABLES:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}/{table}.csv')")
    elapsed = (time.perf_counter() - started) * 1000
    rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    con.close()
    return elapsed, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(ARQL):
        sys.exit("build first: swift build -c release")
    import duckdb
    cpu = platform.processor() or "cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except (OSError, AttributeError):
        pass
    print(f"machine: {cpu}, {os.cpu_count()} cores; DuckDB {duckdb.__version__}; best of {args.runs} runs")
    print(f"{'ledger':>12} {'CSV MB':>8} {'arql load':>11} {'DuckDB read_csv':>16} {'arql/DuckDB':>12}")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = ledger(size)
        megabytes = sum(os.path.getsize(os.path.join(path, f"{t}.csv")) for t in TABLES) / 1e6
        expected = arql_rows(path)
        arql_best = min(arql_load_ms(path) for _ in range(args.runs))
        duck_runs = [duckdb_load_ms(path) for _ in range(args.runs)]
        duck_best = min(ms for ms, _ in duck_runs)
        duck_rows = duck_runs[0][1]
        if duck_rows != expected:
            sys.exit(f"row counts differ: arql {expected} DuckDB {duck_rows}")
        print(f"{size:>12,} {megabytes:>8.0f} {arql_best / 1000:>10.2f}s {duck_best / 1000:>15.2f}s {arql_best / duck_best:>12.2f}")
        record("load", f"{size:,} invoices, {megabytes:.0f} MB of CSV", arql_best / 1000, "DuckDB read_csv", duck_best / 1000)
    print("(arql also types every value, checks ids and references, and builds the application index)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Load benchmark: arql vs DuckDB's read_csv on the same generated ledgers, in the same run.

Generates seeded ledgers once into bench-data/ (1M and 10M invoices by default), then loads
each ledger with `arql --timing-only` and with DuckDB (CREATE TABLE AS SELECT * FROM read_csv,
2 threads), best of N runs each, checks that both read the same number of rows per table,
and prints the ratio. Usage: scripts/bench_load.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import json
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


# DuckDB's load, run in its own process so that its peak memory is measured alone.
DUCKDB_LOAD = """
import duckdb, json, sys, time
path = sys.argv[1]
con = duckdb.connect()
con.execute("SET threads = 2")
started = time.perf_counter()
for table in sys.argv[2].split(","):
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}/{table}.csv')")
elapsed = (time.perf_counter() - started) * 1000
rows = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sys.argv[2].split(",")}
print(json.dumps({"ms": elapsed, "rows": rows}))
"""


def peak_mb(stderr):
    """Peak RSS in MB from /usr/bin/time -v."""
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1)) / 1024


def arql_load(path):
    """Milliseconds arql reports for the load, and the process's peak RSS in MB."""
    if os.path.exists(os.path.join(path, "ledger.arqlsnap")):
        sys.exit(f"{path}/ledger.arqlsnap would be opened instead of the CSVs: remove it")
    run = subprocess.run(["/usr/bin/time", "-v", ARQL, path, "--timing-only"], check=True, capture_output=True, text=True)
    return float(run.stdout.split()[0]), peak_mb(run.stderr)


def duckdb_load(path):
    """Milliseconds of DuckDB's read_csv of every table, the rows read, and the peak RSS in MB of
    the Python process that ran it (the interpreter and DuckDB's library included)."""
    run = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", DUCKDB_LOAD, path, ",".join(TABLES)], check=True,
                         capture_output=True, text=True)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return result["ms"], result["rows"], peak_mb(run.stderr)


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
    print(f"{'ledger':>12} {'CSV MB':>8} {'arql load':>11} {'DuckDB read_csv':>16} {'arql/DuckDB':>12}"
          f" {'arql peak RSS':>14} {'DuckDB peak RSS':>16}")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = ledger(size)
        megabytes = sum(os.path.getsize(os.path.join(path, f"{t}.csv")) for t in TABLES) / 1e6
        expected = arql_rows(path)
        # Alternated runs: the machine's speed drifts, and each side gets the same spread.
        arql_runs, duck_runs = [], []
        for _ in range(args.runs):
            arql_runs.append(arql_load(path))
            duck_runs.append(duckdb_load(path))
        arql_best = min(ms for ms, _ in arql_runs)
        duck_best = min(ms for ms, _, _ in duck_runs)
        arql_rss = max(mb for _, mb in arql_runs)
        duck_rss = max(mb for _, _, mb in duck_runs)
        duck_rows = duck_runs[0][1]
        if duck_rows != expected:
            sys.exit(f"row counts differ: arql {expected} DuckDB {duck_rows}")
        print(f"{size:>12,} {megabytes:>8.0f} {arql_best / 1000:>10.2f}s {duck_best / 1000:>15.2f}s {arql_best / duck_best:>12.2f}"
              f" {arql_rss:>11.0f} MB {duck_rss:>13.0f} MB")
        record("load", f"{size:,} invoices, {megabytes:.0f} MB of CSV", arql_best / 1000, "DuckDB read_csv", duck_best / 1000)
        record("load RSS", f"peak memory of the load, {size:,} invoices", arql_rss, "DuckDB read_csv", duck_rss, unit="MB")
    print("(arql also types every value, checks ids and references, and builds the application index)")


if __name__ == "__main__":
    main()

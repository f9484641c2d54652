#!/usr/bin/env python3
"""The same queries natively and on SQL engines (arql --engine): DuckDB, PostgreSQL, and Spark
SQL on request.

For each ledger size (default 1M invoices, generated into bench-data/ once), loads the ledger's
tables into a DuckDB file and a private PostgreSQL (scripts/pg_private.sh) with
`arql export-sql --engine`, then runs every query best of N: arql natively (one session, cold
cache), and `arql --engine URL` (the generated SQL through the engine's own client, plus
arql's combination of the kernels). The outputs must be identical, byte for byte; the script
fails otherwise. Times are per query as `--timer` reports them, loading excluded.

Usage: scripts/bench_engines.py [--sizes 1000000] [--runs 3] [--spark]
"""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARQL = os.path.join(ROOT, ".build", "release", "arql")
DATA = os.path.join(ROOT, "bench-data")

QUERIES = [
    "balance, overdue by division",
    "aged balance by division",
    "aged balance by customer top 20",
    "dso, dso countback by division last 90 days",
    "cei, dbt by division last 90 days",
    "collected by month last 12 months vs previous period",
    "credit_overrun, customers_over_limit by division",
    "disputed_amount, dispute_dso by division",
]


def ledger(size):
    path = os.path.join(DATA, f"ledger_{size}")
    if not os.path.exists(os.path.join(path, "invoices.csv")):
        os.makedirs(DATA, exist_ok=True)
        subprocess.run([ARQL, "gen", "--invoices", str(size), "--seed", "42", "--out", path], check=True, stdout=subprocess.DEVNULL)
    return path


def run(args, queries, runs):
    """Best seconds of each query and its output, run `runs` times in one arql process."""
    command = [ARQL] + args + ["--format", "csv", "--timer", "-c", "set cache = off"]
    for q in queries:
        command += ["-c", q] * runs
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"arql {' '.join(args)} failed:\n{out.stderr}")
    times = [float(t) / 1000 for t in re.findall(r"time: ([0-9.]+) ms", out.stderr)]
    times = times[len(times) - len(queries) * runs:]
    return [min(times[i * runs:(i + 1) * runs]) for i in range(len(queries))], out.stdout


def outputs(args, queries):
    """Each query's CSV output, one process per query."""
    return [subprocess.run([ARQL] + args + ["--format", "csv", "-c", q], check=True, capture_output=True, text=True).stdout for q in queries]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spark", action="store_true", help="also Spark SQL in local mode (pip install pyspark; a JVM per query)")
    args = parser.parse_args()
    url = subprocess.run([os.path.join(ROOT, "scripts", "pg_private.sh"), "start"], check=True, capture_output=True, text=True).stdout.strip()
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            path = ledger(size)
            engines = [("DuckDB", f"duckdb:{DATA}/engines_{size}.duckdb"), ("PostgreSQL", url)]
            loads = {}
            for name, engine in engines:
                if engine.startswith("duckdb:") and os.path.exists(engine[7:]):
                    os.remove(engine[7:])
                started = time.perf_counter()
                subprocess.run([ARQL, "export-sql", path, "--engine", engine], check=True, stdout=subprocess.DEVNULL)
                loads[name] = time.perf_counter() - started
            if args.spark:
                folder = f"{DATA}/engines_{size}_spark"
                started = time.perf_counter()
                subprocess.run([ARQL, "export-sql", path, "--dialect", "spark", "--out", folder], check=True, stdout=subprocess.DEVNULL)
                loads["Spark SQL"] = time.perf_counter() - started
                engines.append(("Spark SQL", f"spark:{folder}"))
            print(f"{size:,} invoices; best of {args.runs}; tables loaded by arql export-sql in "
                  + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in loads.items()))
            native_times, _ = run([path], QUERIES, args.runs)
            native_out = outputs([path], QUERIES)
            columns = [("arql", native_times)]
            failed = False
            for name, engine in engines:
                runs = 1 if name == "Spark SQL" else args.runs
                times, _ = run(["--engine", engine], QUERIES, runs)
                engine_out = outputs(["--engine", engine], QUERIES)
                for q, a, b in zip(QUERIES, native_out, engine_out):
                    if a != b:
                        print(f"MISMATCH on {name}: {q}\n--- arql\n{a}--- {name}\n{b}")
                        failed = True
                columns.append((name, times))
            header = f"{'query':<52}" + "".join(f"{name:>12}" for name, _ in columns) + "".join(f"{name + '/arql':>16}" for name, _ in columns[1:])
            print(header)
            for i, q in enumerate(QUERIES):
                line = f"{q:<52}" + "".join(f"{times[i]:>11.3f}s" for _, times in columns)
                line += "".join(f"{times[i] / native_times[i]:>15.1f}x" for _, times in columns[1:])
                print(line, flush=True)
                for name, times in columns[1:]:
                    record("engines", f"{size // 1_000_000}M: {q}", native_times[i], f"arql --engine {name}", times[i])
            if failed:
                sys.exit(1)
    finally:
        subprocess.run([os.path.join(ROOT, "scripts", "pg_private.sh"), "stop"])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""FEC load benchmark (issue #12): a generated FEC of about N lines loaded by arql (the whole
ledger: reading, checking, classifying, lettrage, building) against DuckDB's read_csv of the same
file (parsing only, 2 threads), best of N runs each, and the ledger's balance from arql checked
against the sum of the 411/416 lines computed by DuckDB over the same file.
Usage: scripts/bench_fec.py [--invoices 360000] [--runs 5]
"""
import argparse
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402
from bench_load import arql_load  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARQL = os.path.join(ROOT, ".build", "release", "arql")


def fec_file(invoices):
    folder = os.path.join(ROOT, "bench-data", f"fec_{invoices}")
    found = glob.glob(os.path.join(folder, "*FEC*.txt"))
    if not found:
        subprocess.run([ARQL, "gen", "--invoices", str(invoices), "--seed", "42", "--format", "fec", "--out", folder], check=True,
                       stdout=subprocess.DEVNULL)
        found = glob.glob(os.path.join(folder, "*FEC*.txt"))
    return found[0]


def duckdb_load(path):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads = 2")
    started = time.perf_counter()
    con.execute(f"CREATE TABLE fec AS SELECT * FROM read_csv('{path}', delim='\\t', header=true, all_varchar=true)")
    elapsed = (time.perf_counter() - started) * 1000
    lines = con.execute("SELECT count(*) FROM fec").fetchone()[0]
    # Net AR at the last date: the 411 and 416 lines, debit − credit (decimal comma).
    ar = con.execute("""SELECT sum(CAST(replace(Debit, ',', '.') AS DECIMAL(18,2)) - CAST(replace(Credit, ',', '.') AS DECIMAL(18,2)))
                        FROM fec WHERE CompteNum LIKE '411%' OR CompteNum LIKE '416%'""").fetchone()[0]
    con.close()
    return elapsed, lines, ar


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=360000)  # about 1M lines, the size issue #12 names
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = fec_file(args.invoices)
    arql = min(arql_load(path)[0] for _ in range(args.runs))
    duck = [duckdb_load(path) for _ in range(args.runs)]
    best = min(d[0] for d in duck)
    lines, ar = duck[0][1], duck[0][2]
    balance = subprocess.run([ARQL, path, "--format", "csv", "-c", "balance"], check=True, capture_output=True, text=True).stdout.split()[-1]
    print(f"FEC {os.path.basename(path)}: {lines:,} lines; best of {args.runs}")
    print(f"  arql load (read, check, classify, lettrage, build)  {arql:9.1f} ms")
    print(f"  DuckDB read_csv (parse only, 2 threads)            {best:9.1f} ms   DuckDB/arql {best / arql:5.2f}")
    same = f"{ar:.2f}" == balance
    print(f"  balance: arql {balance}, DuckDB Σ 411/416 lines {ar:.2f}: {'equal' if same else 'DIFFERENT'}")
    if not same:
        raise SystemExit(1)
    record("fec", f"FEC of {lines:,} lines", arql / 1000, "DuckDB read_csv", best / 1000)


if __name__ == "__main__":
    main()

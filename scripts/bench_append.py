#!/usr/bin/env python3
"""Append benchmark (issue #13): a day's export appended to a loaded ledger against loading the
whole ledger again, in the same run, on the generated ledgers of bench_load.py.

For each size the ledger is cut at its last days: bench-data/append_<size>/base holds every row
dated up to the cut, day1/ and day2/ the rows of the two days after it (one file per table), and
full/ the base rows followed by both days' rows (what a load of the updated files reads). A
session opens base (through a snapshot, as a credit manager's would), appends day1 then day2 with
`.append`, and prints each append's time; `arql full --timing-only` is the reload it replaces.
The session's answers after the appends must equal the full ledger's, or the script fails.
Usage: scripts/bench_append.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import datetime
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402
from bench_load import ARQL, ROOT, ledger  # noqa: E402

# The date that puts a row in a day, per table.
DATE_COLUMN = {"invoices.csv": "doc_date", "payments.csv": "payment_date", "actions.csv": "date", "promises.csv": "created",
               "disputes.csv": "opened", "exposures.csv": "date", "surveys.csv": "date"}
QUERIES = ["aged balance by division", "balance, overdue, dso, cei by division", "credit_overrun, customers_over_limit by division", "collection rate by division", "promise kept rate, actions by division last 90 days"]


def cut(size):
    """Writes base/, day1/, day2/ and full/ once; returns the folder."""
    folder = os.path.join(ROOT, "bench-data", f"append_{size}")
    if os.path.exists(os.path.join(folder, "full", "invoices.csv")):
        return folder
    source = ledger(size)
    with open(os.path.join(source, "invoices.csv")) as f:
        header = f.readline().rstrip("\n").split(",")
        at = header.index("doc_date")
        last = max(line.split(",")[at] for line in f)
    # The last document date and the day before it.
    end = datetime.date.fromisoformat(last)
    day2, day1 = end.isoformat(), (end - datetime.timedelta(days=1)).isoformat()
    for part in ("base", "day1", "day2", "full"):
        os.makedirs(os.path.join(folder, part), exist_ok=True)
    # A row goes with the later of its own day and its document's day: cash dated before its
    # invoice (an advance) or a credit on a later invoice would otherwise refer ahead.
    part_of = {}
    names = sorted(n for n in os.listdir(source) if n.endswith(".csv"))
    for name in ["invoices.csv"] + [n for n in names if n != "invoices.csv"]:
        with open(os.path.join(source, name)) as f:
            head = f.readline()
            rows = f.readlines()
        if name not in DATE_COLUMN:
            for part in ("base", "full"):
                with open(os.path.join(folder, part, name), "w") as out:
                    out.write(head + "".join(rows))
            continue
        columns = head.rstrip("\n").split(",")
        at = columns.index(DATE_COLUMN[name])
        refs = [columns.index(c) for c in ("invoice_id", "applies_to") if c in columns and not (name == "invoices.csv" and c == "invoice_id")]
        order = ["base", "day1", "day2"]
        parts = {"base": [], "day1": [], "day2": []}
        for row in rows:
            fields = row.split(",")
            date = fields[at]
            part = 2 if date > day1 else 1 if date == day1 else 0
            for r in refs:
                part = max(part, part_of.get(fields[r], 0))
            if name == "invoices.csv":
                part_of[fields[0]] = part
            parts[order[part]].append(row)
        for part, lines in parts.items():
            if part == "base" or lines:
                with open(os.path.join(folder, part, name.replace(".csv", f"_{part}.csv") if part != "base" else name), "w") as out:
                    out.write(head + "".join(lines))
        with open(os.path.join(folder, "full", name), "w") as out:
            out.write(head + "".join(parts["base"] + parts["day1"] + parts["day2"]))
    subprocess.run([ARQL, "snapshot", os.path.join(folder, "base")], check=True, capture_output=True)
    return folder


def session(folder):
    """Appends day1 then day2 in one session: (ms of each append, rows added, the answers)."""
    day_files = lambda day: " ".join(sorted(os.path.join(folder, day, n) for n in os.listdir(os.path.join(folder, day))))
    script = f".append {day_files('day1')}\n.append {day_files('day2')}\n" + "".join(f"{q}\n" for q in QUERIES)
    run = subprocess.run([ARQL, os.path.join(folder, "base"), "--format", "csv"], input=script, check=True, capture_output=True, text=True)
    appended = re.findall(r"^appended .*?: (.*) in (\d+) ms$", run.stdout, re.M)
    if len(appended) != 2:
        raise SystemExit(f"the appends failed:\n{run.stdout}\n{run.stderr}")
    rows = [sum(int(n.replace(",", "")) for n in re.findall(r"\+([0-9,]+)", a[0])) for a in appended]
    answers = re.sub(r"^appended .*\n", "", run.stdout, flags=re.M)
    return [int(a[1]) for a in appended], rows, answers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'ledger':>12} {'day 1 rows':>10} {'append 1':>9} {'day 2 rows':>10} {'append 2':>9} {'full load':>10} {'load/append 2':>13}")
    for size in [int(s) for s in args.sizes.split(",")]:
        folder = cut(size)
        runs = [session(folder) for _ in range(args.runs)]
        first = min(r[0][0] for r in runs)
        second = min(r[0][1] for r in runs)
        rows = runs[0][1]
        loads = []
        for _ in range(args.runs):
            out = subprocess.run([ARQL, os.path.join(folder, "full"), "--timing-only"], check=True, capture_output=True, text=True).stdout
            loads.append(float(out.split()[0]))
        full = subprocess.run([ARQL, os.path.join(folder, "full"), "--format", "csv"], input="".join(f"{q}\n" for q in QUERIES),
                              check=True, capture_output=True, text=True).stdout
        print(f"{size:>12,} {rows[0]:>10,} {first / 1000:>8.3f}s {rows[1]:>10,} {second / 1000:>8.3f}s {min(loads) / 1000:>9.2f}s"
              f" {min(loads) / max(second, 1):>12.0f}x")
        if runs[0][2] != full:
            raise SystemExit(f"the appended ledger answers differently from the full load:\n{runs[0][2]}\n---\n{full}")
        record("append", f"{size:,} invoices: append a day ({rows[1]:,} rows)", second / 1000, "arql full reload", min(loads) / 1000)


if __name__ == "__main__":
    main()

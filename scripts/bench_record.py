"""One table for `make bench`: each benchmark script records its comparisons here, and
scripts/bench_summary.py prints them together at the end (issue #13).

A row: the benchmark, the case (ledger size and query or load), arql's seconds, the baseline's
name and seconds. Recorded only when ARQL_BENCH_SUMMARY names the file (make bench sets it); a
script run alone prints its own table only.
"""
import json
import os


def record(bench, case, arql_seconds, baseline, baseline_seconds, unit="s"):
    """`unit` names what the two numbers measure: seconds by default, "MB" for peak memory."""
    path = os.environ.get("ARQL_BENCH_SUMMARY")
    if not path:
        return
    with open(path, "a") as out:
        out.write(json.dumps({"bench": bench, "case": case, "arql": arql_seconds, "baseline": baseline,
                              "baseline_seconds": baseline_seconds, "unit": unit}) + "\n")

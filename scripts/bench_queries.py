#!/usr/bin/env python3
"""Query benchmark: arql vs DuckDB on the same generated ledgers, in the same run.

For each ledger size (default 1M and 10M invoices, generated once into bench-data/ by
scripts/bench_load.py or here), loads the ledger once in arql and once in DuckDB, runs each
query best of N, checks that both engines give the same numbers (to the cent), and prints
the ratio arql / DuckDB. The as-of date is the ledger's latest posting date.
Usage: scripts/bench_queries.py [--sizes 1000000,10000000] [--runs 3]
"""
import argparse
import csv
import io
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_record import record  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARQL = os.path.join(ROOT, ".build", "release", "arql")

# Open amount of every document at D, per kpi-spec §1.3 / DESIGN §4: amount minus cash and
# credit applications dated <= D (an application counts from max(its date, target posting)).
OPEN_ITEMS = """
WITH inv AS (
  SELECT invoice_id, customer_id, doc_type, coalesce(posting_date, doc_date) AS posting, doc_date, due_date,
         CAST(round(CASE WHEN doc_type IN ('CN', 'WO') THEN -abs(amount) ELSE amount END * 100) AS BIGINT) AS amt, applies_to
  FROM invoices),
apps AS (
  SELECT p.invoice_id AS target, greatest(p.payment_date, i.posting) AS d, CAST(round(p.amount * 100) AS BIGINT) AS a
  FROM payments p JOIN inv i ON p.invoice_id = i.invoice_id
  UNION ALL
  SELECT c.applies_to, greatest(c.posting, t.posting), -c.amt FROM inv c JOIN inv t ON c.applies_to = t.invoice_id
  UNION ALL
  SELECT c.invoice_id, greatest(c.posting, t.posting), c.amt FROM inv c JOIN inv t ON c.applies_to = t.invoice_id),
applied AS (SELECT target, sum(a) AS a FROM apps WHERE d <= DATE '{D}' GROUP BY target),
items AS (
  SELECT i.*, i.amt - coalesce(x.a, 0) AS open, DATE '{D}' - i.due_date AS dpd, c.division, c.category
  FROM inv i LEFT JOIN applied x ON x.target = i.invoice_id JOIN customers c ON c.customer_id = i.customer_id
  WHERE i.posting <= DATE '{D}'),
cash AS (
  SELECT -CAST(round(p.amount * 100) AS BIGINT) AS open, c.division, c.category, p.customer_id
  FROM payments p JOIN customers c ON c.customer_id = p.customer_id LEFT JOIN inv i ON i.invoice_id = p.invoice_id
  WHERE p.payment_date <= DATE '{D}' AND (p.invoice_id IS NULL OR i.posting > DATE '{D}'))
"""

# Each customer's cash applied to its debit documents in the 180 days to D (kpi-spec §6.2), in
# cents: num = Σ amount × days late, den = Σ amount.
PAID_180 = """
       SELECT p.customer_id, sum(CAST(round(p.amount * 100) AS BIGINT) * greatest(0, p.payment_date - i.due_date)) AS num,
              sum(CAST(round(p.amount * 100) AS BIGINT)) AS den
       FROM payments p JOIN invoices i ON i.invoice_id = p.invoice_id
       WHERE p.payment_date BETWEEN DATE '{D}' - 179 AND DATE '{D}' AND coalesce(i.posting_date, i.doc_date) <= DATE '{D}'
         AND i.doc_type IN ('INV', 'DN', 'REF')
       GROUP BY p.customer_id"""

AGING = """
SELECT {key},
  sum(CASE WHEN debit AND dpd <= 0 THEN open ELSE 0 END) AS b0,
  sum(CASE WHEN debit AND dpd BETWEEN 1 AND 30 THEN open ELSE 0 END) AS b1,
  sum(CASE WHEN debit AND dpd BETWEEN 31 AND 60 THEN open ELSE 0 END) AS b2,
  sum(CASE WHEN debit AND dpd BETWEEN 61 AND 90 THEN open ELSE 0 END) AS b3,
  sum(CASE WHEN debit AND dpd BETWEEN 91 AND 120 THEN open ELSE 0 END) AS b4,
  sum(CASE WHEN debit AND dpd > 120 THEN open ELSE 0 END) AS b5,
  sum(CASE WHEN NOT debit THEN open ELSE 0 END) AS unapplied,
  sum(open) AS total
FROM (SELECT {key}, open, dpd, doc_type IN ('INV', 'DN', 'REF') AS debit FROM items
      UNION ALL SELECT {key}, open, 0, false FROM cash) t
GROUP BY {key}
"""

QUERIES = [
    ("aged balance by division", "aged balance by division",
     OPEN_ITEMS + AGING.format(key="division") + " ORDER BY division"),
    ("aged balance by customer top 20", "aged balance by customer top 20",
     OPEN_ITEMS + AGING.format(key="customer_id") + " ORDER BY total DESC, customer_id LIMIT 20"),
    ("balance, overdue by division where category = X", "balance, overdue by division where category = 'Retail'",
     OPEN_ITEMS + """SELECT division, sum(open) AS balance, sum(CASE WHEN debit AND dpd >= 1 THEN open ELSE 0 END) AS overdue
     FROM (SELECT division, category, open, dpd, doc_type IN ('INV', 'DN', 'REF') AS debit FROM items
           UNION ALL SELECT division, category, open, 0, false FROM cash) t
     WHERE category = 'Retail' GROUP BY division ORDER BY division"""),
    ("balance, overdue by division where open_amount > X", "balance, overdue by division where open_amount > 1000",
     OPEN_ITEMS + """SELECT division, sum(open) AS balance, sum(CASE WHEN debit AND dpd >= 1 THEN open ELSE 0 END) AS overdue
     FROM (SELECT division, open, dpd, doc_type IN ('INV', 'DN', 'REF') AS debit FROM items
           UNION ALL SELECT division, open, 0, false FROM cash) t
     WHERE open > 100000 GROUP BY division ORDER BY division"""),
    ("dso by division last 90 days", "dso by division last 90 days",
     OPEN_ITEMS + """, bal AS (SELECT division, sum(open) AS ar FROM (SELECT division, open FROM items
                              UNION ALL SELECT division, open FROM cash) t GROUP BY division),
     sales AS (SELECT division, sum(amt) AS s FROM inv i JOIN customers c ON c.customer_id = i.customer_id
               WHERE i.posting BETWEEN DATE '{D}' - 89 AND DATE '{D}' AND i.doc_type IN ('INV', 'DN', 'CN') GROUP BY division)
     SELECT division, CAST(round(CASE WHEN ar < 0 THEN 0 ELSE ar / s * 90 END * 100) AS BIGINT) AS dso_x100
     FROM bal JOIN sales USING (division) ORDER BY division"""),
    ("credit overruns by division (per customer)", "credit_overrun, customers_over_limit by division",
     """WITH e AS (SELECT customer_id, sum(a) AS a FROM (
         SELECT customer_id, CAST(round(CASE WHEN doc_type IN ('CN', 'WO') THEN -abs(amount) ELSE amount END * 100) AS BIGINT) AS a
         FROM invoices WHERE coalesce(posting_date, doc_date) <= DATE '{D}'
         UNION ALL SELECT customer_id, -CAST(round(amount * 100) AS BIGINT) FROM payments WHERE payment_date <= DATE '{D}'
         UNION ALL SELECT customer_id, CAST(round(amount * 100) AS BIGINT) FROM exposures WHERE date <= DATE '{D}') t GROUP BY customer_id)
     SELECT c.division, sum(greatest(0, e.a - CAST(round(c.credit_limit * 100) AS BIGINT))) AS overrun,
            100 * count(*) FILTER (WHERE e.a > CAST(round(c.credit_limit * 100) AS BIGINT)) AS over_limit
     FROM e JOIN customers c USING (customer_id) WHERE c.credit_limit > 0 GROUP BY c.division ORDER BY c.division"""),
    ("payment delay by category, paid only (180 days)", "payment_delay(open: exclude) by category",
     """SELECT c.category, CAST(round(sum(p.amount * greatest(0, p.payment_date - i.due_date)) / sum(p.amount) * 100) AS BIGINT)
     FROM payments p JOIN invoices i ON i.invoice_id = p.invoice_id JOIN customers c ON c.customer_id = p.customer_id
     WHERE p.payment_date BETWEEN DATE '{D}' - 179 AND DATE '{D}' AND coalesce(i.posting_date, i.doc_date) <= DATE '{D}'
       AND i.doc_type IN ('INV', 'DN', 'REF')
     GROUP BY c.category ORDER BY c.category"""),
    ("payer classes by division (per customer, 180 days)", "green_payers(open: exclude), red_payers(open: exclude) by division",
     # A class is decided on exact integers: delay <= 10 days when Σ amount × days <= 10 × Σ amount.
     "WITH d AS (" + PAID_180 + """)
     SELECT c.division, 100 * count(*) FILTER (WHERE num <= 10 * den), 100 * count(*) FILTER (WHERE num > 30 * den)
     FROM d JOIN customers c USING (customer_id) WHERE den > 0 GROUP BY c.division ORDER BY c.division"""),
    ("payer classes by division, open items included", "green_payers, red_payers by division",
     # The default delay counts the overdue items open at D at their days past due (kpi-spec §6.2):
     # Σ paid × days late + Σ overdue open × days past due over Σ paid + Σ overdue open; a
     # customer with neither is not classed. Classes decided on exact integers, as above.
     OPEN_ITEMS + """,
     late AS (
       SELECT customer_id, sum(open * dpd) AS num, sum(open) AS den FROM items
       WHERE doc_type IN ('INV', 'DN', 'REF') AND dpd >= 1 GROUP BY customer_id),
     paid AS (""" + PAID_180 + """),
     d AS (
       SELECT customer_id, coalesce(paid.num, 0) + coalesce(late.num, 0) AS num, coalesce(paid.den, 0) + coalesce(late.den, 0) AS den
       FROM paid FULL JOIN late USING (customer_id))
     SELECT c.division, 100 * count(*) FILTER (WHERE sign(den) * num <= 10 * abs(den)),
            100 * count(*) FILTER (WHERE sign(den) * num > 30 * abs(den))
     FROM d JOIN customers c USING (customer_id) WHERE den <> 0 GROUP BY c.division ORDER BY c.division"""),
    ("concentration (top 10 customers' share) by division", "concentration by division",
     OPEN_ITEMS + """, bal AS (SELECT customer_id, division, sum(open) AS b FROM (SELECT customer_id, division, open FROM items
                                  UNION ALL SELECT customer_id, division, open FROM cash) t GROUP BY customer_id, division),
     ranked AS (SELECT division, b, row_number() OVER (PARTITION BY division ORDER BY b DESC) AS r FROM bal)
     SELECT division, CAST(round(sum(b) FILTER (WHERE r <= 10) / sum(b) * 1000000) AS BIGINT) FROM ranked
     GROUP BY division ORDER BY division""", 1_000_000),
    ("risk score by division (per customer, 5 columns)", "risk_score by division",
     # Per customer: 100 − 30·min(1, delay / 60) − 25·overdue / gross − 15·min(1, exposure / limit − 1)⁺
     # − 15·disputed / gross, the delay open-inclusive over 180 days; each group the mean weighted
     # by gross open. Compared to the millionth, each of the score's five columns.
     OPEN_ITEMS + """,
     disp AS (SELECT invoice_id, CAST(round(amount * 100) AS BIGINT) AS a FROM disputes
              WHERE opened <= DATE '{D}' AND (resolved IS NULL OR resolved > DATE '{D}')),
     pos AS (
       SELECT t.customer_id,
         sum(CASE WHEN debit THEN open ELSE 0 END) AS gross,
         sum(CASE WHEN debit AND dpd >= 1 THEN open ELSE 0 END) AS overdue,
         sum(CASE WHEN debit AND dpd >= 1 THEN open * dpd ELSE 0 END) AS overdue_days,
         sum(CASE WHEN x.invoice_id IS NOT NULL THEN greatest(0, least(open, coalesce(x.a, open))) ELSE 0 END) AS disputed
       FROM (SELECT customer_id, invoice_id, open, dpd, doc_type IN ('INV', 'DN', 'REF') AS debit FROM items) t
       LEFT JOIN disp x ON x.invoice_id = t.invoice_id GROUP BY t.customer_id),
     paid AS (""" + PAID_180 + """),
     expo AS (
       SELECT customer_id, sum(a) AS a FROM (
         SELECT customer_id, CAST(round(CASE WHEN doc_type IN ('CN', 'WO') THEN -abs(amount) ELSE amount END * 100) AS BIGINT) AS a
         FROM invoices WHERE coalesce(posting_date, doc_date) <= DATE '{D}'
         UNION ALL SELECT customer_id, -CAST(round(amount * 100) AS BIGINT) FROM payments WHERE payment_date <= DATE '{D}'
         UNION ALL SELECT customer_id, CAST(round(amount * 100) AS BIGINT) FROM exposures WHERE date <= DATE '{D}') t
       GROUP BY customer_id),
     parts AS (
       SELECT c.division, greatest(0, coalesce(pos.gross, 0)) AS w,
         CASE WHEN coalesce(paid.den, 0) + coalesce(pos.overdue, 0) <> 0
              THEN 30 * least(1, greatest(0, (coalesce(paid.num, 0) + coalesce(pos.overdue_days, 0))
                                             / (coalesce(paid.den, 0) + coalesce(pos.overdue, 0))) / 60)
              ELSE 0 END AS p_delay,
         CASE WHEN pos.gross > 0 THEN 25 * least(1, greatest(0, pos.overdue / pos.gross)) ELSE 0 END AS p_overdue,
         CASE WHEN c.credit_limit > 0
              THEN 15 * least(1, greatest(0, coalesce(expo.a, 0) / CAST(round(c.credit_limit * 100) AS BIGINT) - 1)) ELSE 0 END AS p_credit,
         CASE WHEN pos.gross > 0 THEN 15 * least(1, greatest(0, pos.disputed / pos.gross)) ELSE 0 END AS p_disputes
       FROM customers c LEFT JOIN pos USING (customer_id) LEFT JOIN paid USING (customer_id) LEFT JOIN expo USING (customer_id))
     SELECT division,
       CAST(round(sum((100 - p_delay - p_overdue - p_credit - p_disputes) * w) / sum(w) * 1000000) AS BIGINT),
       CAST(round(sum(p_delay * w) / sum(w) * 1000000) AS BIGINT), CAST(round(sum(p_overdue * w) / sum(w) * 1000000) AS BIGINT),
       CAST(round(sum(p_credit * w) / sum(w) * 1000000) AS BIGINT), CAST(round(sum(p_disputes * w) / sum(w) * 1000000) AS BIGINT)
     FROM parts GROUP BY division ORDER BY division""", 1_000_000),
    ("overdue by month trend last 24 months", "overdue by month last 24 months",
     """WITH inv AS (
       SELECT invoice_id, coalesce(posting_date, doc_date) AS posting, due_date, doc_type,
              CAST(round(CASE WHEN doc_type IN ('CN', 'WO') THEN -abs(amount) ELSE amount END * 100) AS BIGINT) AS amt, applies_to
       FROM invoices),
     apps AS (
       SELECT p.invoice_id AS target, greatest(p.payment_date, i.posting) AS d, CAST(round(p.amount * 100) AS BIGINT) AS a
       FROM payments p JOIN inv i ON p.invoice_id = i.invoice_id
       UNION ALL
       SELECT c.applies_to, greatest(c.posting, t.posting), -c.amt FROM inv c JOIN inv t ON c.applies_to = t.invoice_id),
     months AS (SELECT CAST(m AS DATE) AS m FROM (SELECT unnest(range(DATE '{FIRST}', DATE '{LAST}' + INTERVAL 1 DAY, INTERVAL 1 MONTH)) AS m)),
     ends AS (SELECT CASE WHEN (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE > DATE '{D}' THEN DATE '{D}'
                          ELSE (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE END AS e, strftime(m, '%Y-%m') AS label FROM months),
     debits AS (SELECT e.label, sum(i.amt) AS s FROM ends e JOIN inv i ON i.posting <= e.e AND e.e - i.due_date >= 1
                WHERE i.doc_type IN ('INV', 'DN', 'REF') GROUP BY e.label),
     paid AS (SELECT e.label, sum(a.a) AS s FROM ends e JOIN apps a ON a.d <= e.e JOIN inv i ON i.invoice_id = a.target
              AND i.posting <= e.e AND e.e - i.due_date >= 1 WHERE i.doc_type IN ('INV', 'DN', 'REF') GROUP BY e.label)
     SELECT e.label, coalesce(d.s, 0) - coalesce(p.s, 0) AS overdue FROM ends e LEFT JOIN debits d USING (label)
     LEFT JOIN paid p USING (label) ORDER BY e.label"""),
]


def ledger(size):
    path = os.path.join(ROOT, "bench-data", f"ledger_{size}")
    if not os.path.exists(os.path.join(path, "invoices.csv")):
        subprocess.run([ARQL, "gen", "--invoices", str(size), "--seed", "42", "--out", path], check=True, stdout=subprocess.DEVNULL)
    return path


def arql_run(path, queries, runs, cold=True):
    """Best seconds of each query, all run `runs` times in one session (loaded once).
    cold: `set cache = off`, so every run computes its open amounts and plans as a first query
    does; warm: each query after the others of the session (the per-session cache)."""
    args = [ARQL, path, "--format", "csv", "--timer"]
    if cold:
        args += ["-c", "set cache = off"]
    for q in queries:
        for _ in range(runs):
            args += ["-c", q]
    out = subprocess.run(args, check=True, capture_output=True, text=True)
    times = [float(t) / 1000 for t in re.findall(r"time: ([0-9.]+) ms", out.stderr)]
    times = times[len(times) - len(queries) * runs:]  # the setting's own line, if timed
    return [min(times[i * runs:(i + 1) * runs]) for i in range(len(queries))]


def arql_result(path, query):
    """The CSV rows of one query (header dropped)."""
    out = subprocess.run([ARQL, path, "--format", "csv", "-c", query], check=True, capture_output=True, text=True).stdout
    return list(csv.reader(io.StringIO(out)))[1:]


def numbers(rows):
    return [[c for c in row] for row in rows]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import duckdb
    print(f"DuckDB {duckdb.__version__}, 2 threads; arql release build; best of {args.runs}; times exclude loading")
    print(f"{'ledger':>12}  {'query':<50} {'arql':>9} {'DuckDB':>9} {'DuckDB/arql':>12}")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = ledger(size)
        summary = subprocess.run([ARQL, "info", path], check=True, capture_output=True, text=True).stdout
        as_of = re.search(r"as of (\d{4}-\d{2}-\d{2})", summary).group(1)
        con = duckdb.connect()
        con.execute("SET threads = 2")
        for t in ["customers", "invoices", "payments", "exposures", "disputes"]:
            con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{path}/{t}.csv')")
        arql_times = arql_run(path, [q[1] for q in QUERIES], args.runs)
        y, m, d = map(int, as_of.split("-"))
        last_month = f"{y}-{m:02d}-01"
        first_total = y * 12 + (m - 1) - 23
        first_month = f"{first_total // 12}-{first_total % 12 + 1:02d}-01"
        for (name, query, sql, *rest), arql_time in zip(QUERIES, arql_times):
            scale = rest[0] if rest else 100  # arql's value × scale = DuckDB's integer (cents, days × 100, ...)
            text = sql.replace("{D}", as_of).replace("{FIRST}", first_month).replace("{LAST}", last_month)
            best = None
            rows = None
            for _ in range(args.runs):
                started = time.perf_counter()
                rows = con.execute(text).fetchall()
                elapsed = time.perf_counter() - started
                best = elapsed if best is None else min(best, elapsed)
            # Compare: arql CSV (header + rows) against DuckDB rows, money in cents (days × 100, a share × 10^6).
            arql_rows = arql_result(path, query)
            if "trend" in name:
                arql_rows = arql_rows[-len(rows):]
            mismatch = None
            for a, b in zip(arql_rows, rows):
                a_cents = [round(float(v) * scale) for v in a[1:len(b)]]
                b_cents = [int(v) for v in b[1:]]
                if a[0] != str(b[0]) or a_cents != b_cents:
                    mismatch = (a, b)
                    break
            if len(arql_rows) != len(rows):
                mismatch = (len(arql_rows), len(rows))
            status = "" if mismatch is None else f"  MISMATCH {mismatch}"
            print(f"{size:>12,}  {name:<50} {arql_time:>8.3f}s {best:>8.3f}s {best / arql_time:>11.1f}x{status}", flush=True)
            record("query", f"{size // 1_000_000}M: {name}", arql_time, "DuckDB SQL", best)
            if mismatch is not None:
                sys.exit(1)
        con.close()


if __name__ == "__main__":
    main()

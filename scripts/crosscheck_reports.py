#!/usr/bin/env python3
"""Recomputes some report figures of the demo ledger from its CSV files with plain Python, as a
check independent of the engine: credit-limit overruns, payment delays per category and the
collection rate. Prints `name<TAB>value` lines; the end-to-end tests compare them with arql's.

    python3 scripts/crosscheck_reports.py examples/demo 2025-12-31
"""
import csv
import datetime
import sys
from collections import defaultdict
from decimal import Decimal

folder, as_of = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])


def rows(name):
    with open(f"{folder}/{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def day(text):
    return datetime.date.fromisoformat(text) if text else None


customers = {c["customer_id"]: c for c in rows("customers")}
invoices = rows("invoices")
payments = rows("payments")
exposures = rows("exposures")
for i in invoices:
    i["posting"] = day(i.get("posting_date")) or day(i["doc_date"])
    i["due"] = day(i["due_date"])
    i["amount"] = Decimal(i["amount"])
docs = {i["invoice_id"]: i for i in invoices}
DEBIT = {"INV", "DN", "REF"}

# Net receivables per customer: documents posted by D less all cash received by D (applied or not).
balance = defaultdict(Decimal)
for i in invoices:
    if i["posting"] <= as_of:
        balance[i["customer_id"]] += i["amount"]
for p in payments:
    if day(p["payment_date"]) <= as_of:
        balance[p["customer_id"]] -= Decimal(p["amount"])
# Risk exposure: + discounted bills, open orders, delivered not invoiced dated by D.
exposure = defaultdict(Decimal, balance)
for e in exposures:
    if day(e["date"]) <= as_of:
        exposure[e["customer_id"]] += Decimal(e["amount"])

overrun = Decimal(0)
over_limit = over_90 = 0
active = {i["customer_id"] for i in invoices} | {p["customer_id"] for p in payments} | {e["customer_id"] for e in exposures}
for c in active:
    limit = Decimal(customers[c]["credit_limit"] or 0)
    if limit <= 0:
        continue
    overrun += max(Decimal(0), exposure[c] - limit)
    over_limit += exposure[c] > limit
    over_90 += exposure[c] > limit * Decimal("0.9")
print("credit_overrun", f"{overrun:.2f}", sep="\t")
print("customers_over_limit", over_limit, sep="\t")
print("customers_over_90pct", over_90, sep="\t")

# Paid-only payment delay per category over the 180 days to D (kpi-spec §6.2, §6.3).
start = as_of - datetime.timedelta(days=179)
late = defaultdict(Decimal)
paid = defaultdict(Decimal)
for p in payments:
    target = docs.get(p["invoice_id"])
    when = day(p["payment_date"])
    if not target or not (start <= when <= as_of) or target["posting"] > as_of or target["doc_type"] not in DEBIT:
        continue
    category = customers[p["customer_id"]]["category"]
    amount = Decimal(p["amount"])
    late[category] += amount * max(0, (when - target["due"]).days)
    paid[category] += amount
for category in sorted(paid):
    print(f"paid_only[{category}]", f"{late[category] / paid[category]:.2f}", sep="\t")

# Collection rate of Q4 2025 (kpi-spec §8.3).
first, last = datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)
before = first - datetime.timedelta(days=1)
applied_by = defaultdict(Decimal)  # cash and credit notes applied to each document by the day before Q4
for p in payments:
    target = docs.get(p["invoice_id"])
    if target and max(day(p["payment_date"]), target["posting"]) <= before:
        applied_by[target["invoice_id"]] += Decimal(p["amount"])
for i in invoices:
    target = docs.get(i.get("applies_to") or "")
    if target and max(i["posting"], target["posting"]) <= before:
        applied_by[target["invoice_id"]] -= i["amount"]
open_due = sum(i["amount"] - applied_by[i["invoice_id"]] for i in invoices
               if i["doc_type"] in DEBIT and i["posting"] <= before and i["due"] <= last)
invoiced_due = sum(i["amount"] for i in invoices if i["doc_type"] in ("INV", "DN") and first <= i["posting"] <= last and i["due"] <= last)
collected_due = sum(Decimal(p["amount"]) for p in payments
                    if p["invoice_id"] in docs and first <= day(p["payment_date"]) <= last
                    and docs[p["invoice_id"]]["doc_type"] in DEBIT and docs[p["invoice_id"]]["due"] <= last
                    and docs[p["invoice_id"]]["posting"] <= as_of)
print("collection_rate", f"{collected_due / (open_due + invoiced_due):.4f}", sep="\t")

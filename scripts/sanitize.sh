#!/usr/bin/env bash
# Thread Sanitizer run of the parallel code (issue #15): arql built with -sanitize=thread into
# .build-tsan loads a generated ledger of 250,000 invoices and a FEC on both cores (the CSV
# reader's workers, the reference index, the FEC reader's parts and their merge) and runs the
# kernels that split their rows over the cores (two chunks from 200,000 rows), the series, the
# per-customer rollups and the forecast, an append in a session, and a snapshot written and opened
# (its sections encoded and decoded on both cores, its checksums and ranges checked on both).
# Any report of a data race fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product arql --build-path .build-tsan -Xswiftc -sanitize=thread >/dev/null
arql=.build-tsan/debug/arql
data=.build-tsan/data
if [ ! -d "$data/ledger" ]; then
  $arql gen --invoices 250000 --seed 7 --out "$data/ledger" >/dev/null
  $arql gen --invoices 60000 --seed 7 --format fec --out "$data/fec" >/dev/null
fi
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
queries=(
  "balance, overdue, not_due by division"
  "aged balance by customer top 20"
  "dso, countback_dso, cei by division last 90 days"
  "collected by month last 12 months vs previous period"
  "credit_overrun, payment_delay, payment_class, risk_score by division"
  "forecast by week next 8 weeks"
  "list overdue top 10"
  "disputed_amount, promise_kept_rate, dispute_dso by division"
)
status=0
for ledger in "$data/ledger" "$data/fec"; do
  args=("$ledger" --threads 2)
  for q in "${queries[@]}"; do args+=(-c "$q as csv"); done
  if "$arql" "${args[@]}" >/dev/null 2>"$data/tsan.log"; then
    echo "$(basename "$ledger"): ${#queries[@]} queries, no data race"
  elif grep -q "ThreadSanitizer" "$data/tsan.log"; then
    echo "$(basename "$ledger"): DATA RACE (see $data/tsan.log)"; status=1
  else
    echo "$(basename "$ledger"): failed: $(head -3 "$data/tsan.log")"; status=1
  fi
done
# A snapshot: written, then opened in place and queried.
"$arql" snapshot "$data/ledger" "$data/snap.arqlsnap" >/dev/null
if "$arql" "$data/snap.arqlsnap" --threads 2 -c "aged balance by customer top 5" -c "credit_overrun by division" >/dev/null 2>"$data/tsan.log"; then
  echo "snapshot: written, opened and queried, no data race"
elif grep -q "ThreadSanitizer" "$data/tsan.log"; then
  echo "snapshot: DATA RACE (see $data/tsan.log)"; status=1
else
  echo "snapshot: failed: $(head -3 "$data/tsan.log")"; status=1
fi
# An append in a session: the ledger's ids are prepared on both cores, then the rows checked and
# merged (new documents, cash on an old and a new one, a credit note on an old one).
customer=$(sed -n 2p "$data/ledger/invoices.csv" | cut -d, -f2)
invoice=$(sed -n 2p "$data/ledger/invoices.csv" | cut -d, -f1)
printf 'invoice_id,customer_id,doc_type,doc_date,due_date,amount,applies_to\nTSAN1,%s,INV,2026-01-05,2026-02-04,100.00,\nTSAN2,%s,CN,2026-01-06,2026-01-06,-10.00,%s\n' \
  "$customer" "$customer" "$invoice" >"$data/invoices_day.csv"
printf 'payment_id,customer_id,payment_date,amount,invoice_id\nTSANR1,%s,2026-01-07,50.00,TSAN1\nTSANR2,%s,2026-01-07,5.00,%s\n' \
  "$customer" "$customer" "$invoice" >"$data/payments_day.csv"
if printf '.append %s %s\nbalance, overdue by division\n' "$data/invoices_day.csv" "$data/payments_day.csv" \
    | "$arql" "$data/ledger" --threads 2 >/dev/null 2>"$data/tsan.log"; then
  echo "ledger: an append and a query, no data race"
elif grep -q "ThreadSanitizer" "$data/tsan.log"; then
  echo "append: DATA RACE (see $data/tsan.log)"; status=1
else
  echo "append: failed: $(head -3 "$data/tsan.log")"; status=1
fi
exit $status

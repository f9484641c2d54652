#!/usr/bin/env bash
# Alternated loads of two or more arql binaries on one ledger, for a change's before and after:
# each run is `BINARY LEDGER --timing-only` under `perf stat -e task-clock,page-faults` and
# `/usr/bin/time -f %M`, the binaries taken in turn RUNS times (this machine's speed drifts by up
# to 2x within minutes, so a change is judged on alternated medians, not on one run each).
# Prints per binary the median and least wall time (ms, as arql reports its load), CPU time (ms),
# page faults and peak RSS (MB). Needs perf (linux-perf) and GNU time.
# Usage: scripts/ab_load.sh RUNS LEDGER BINARY...   e.g. scripts/ab_load.sh 5 bench-data/ledger_1000000 /tmp/before .build/release/arql
set -euo pipefail
runs=$1; ledger=$2; shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq "$runs"); do
  for k in $(seq $#); do
    binary=${!k}
    perf stat -e task-clock,page-faults -x, -o "$out/stat" /usr/bin/time -f %M -o "$out/rss" "$binary" "$ledger" --timing-only > "$out/load" 2>&1
    echo "$(head -1 "$out/load" | cut -d' ' -f1) $(grep task-clock "$out/stat" | cut -d, -f1) $(grep page-faults "$out/stat" | cut -d, -f1) $(cat "$out/rss")" >> "$out/runs.$k"
  done
done
for k in $(seq $#); do
  python3 - "${!k}" "$out/runs.$k" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[2]) if line.strip()]
wall, cpu, faults, rss = zip(*rows)
print(f"{sys.argv[1]}: wall median {statistics.median(wall):.0f} ms (least {min(wall):.0f}), CPU median {statistics.median(cpu):.0f} ms "
      f"(least {min(cpu):.0f}), page faults median {statistics.median(faults):.0f}, peak median {statistics.median(rss) / 1024:.0f} MB "
      f"(largest {max(rss) / 1024:.0f})")
PY
done

#!/usr/bin/env bash
# Coverage-guided fuzzing (issue #15): builds Fuzz/ArqlFuzz with libFuzzer and AddressSanitizer
# into .build-fuzz, then runs each entry point for FUZZ_SECONDS (default 60) from its seed corpus
# (Tests/Fuzz/TARGET, read only) and the inputs found so far (.build-fuzz/corpus/TARGET).
# A crash, sanitizer report or hang is written to .build-fuzz/crashes/ and fails the run.
#   scripts/fuzz.sh                      every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh csv  one target, longer
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(query csv mapping fec append snapshot run)
ARQL_FUZZ=1 swift build -c release --product arql-fuzz --build-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing >/dev/null
mkdir -p .build-fuzz/crashes
status=0
for target in "${targets[@]}"; do
  seeds=Tests/Fuzz/$target
  [ "$target" = run ] && seeds=Tests/Fuzz/query
  mkdir -p ".build-fuzz/corpus/$target"
  log=".build-fuzz/$target.log"
  # Swift's runtime keeps metadata caches for the life of the process: not leaks.
  if ASAN_OPTIONS=detect_leaks=0 ARQL_FUZZ_TARGET=$target .build-fuzz/release/arql-fuzz \
      -max_total_time="$seconds" -max_len=8192 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix=".build-fuzz/crashes/$target-" ".build-fuzz/corpus/$target" "$seeds" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and .build-fuzz/crashes/)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  printf '%-8s %10s inputs in %ss (%s/s), corpus %s: %s\n' "$target" "${runs:-?}" "$seconds" "${rate:-?}" \
    "$(ls ".build-fuzz/corpus/$target" | wc -l)" "$result"
done
exit $status

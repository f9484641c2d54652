# arql — the two set-up commands (README.md) and the benchmark.
#   make run    build a release binary and open the bundled demo ledger
#   make test   build and run the whole test suite (installs tmux and chromium for its tests)
#   make bench  load and query benchmarks against DuckDB (generates 1M / 10M ledgers once), and
#               the same queries on DuckDB and PostgreSQL through arql --engine
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: run test deps bench demo clean fuzz sanitize

# libedit-dev (the REPL's line editor) and tmux (REPL tests) come from Debian; install them
# when missing and we may (root, or sudo without a password), else say exactly what to run.
deps:
	@missing="$(EXTRA_DEBS)"; \
	pkg-config --exists libedit 2>/dev/null || missing="$$missing libedit-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif sudo -n true 2>/dev/null; then sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "arql needs:$$missing — run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

run: deps
	$(SWIFT) build -c release --product arql
	.build/release/arql examples/demo

# The REPL tests drive the REPL through tmux; the HTML reports are checked in headless Chromium;
# the SQL-engine tests run on a private PostgreSQL (Debian's) and DuckDB's command-line tool (PyPI).
test: EXTRA_DEBS = $(strip $(if $(shell command -v tmux),,tmux) $(if $(shell command -v chromium),,chromium) \
  $(if $(wildcard /usr/lib/postgresql/*/bin/initdb),,postgresql))
test: deps
	@command -v duckdb >/dev/null || python3 -m pip install -q duckdb-cli
	$(SWIFT) build --build-tests
	@# A hung test must fail the run, not hold CI until its deadline. PostgreSQL stops at the end.
	@export PATH="$$PATH:$$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"; \
	url=$$(scripts/pg_private.sh start) || exit 1; trap 'scripts/pg_private.sh stop' EXIT; \
	ARQL_PG_URL=$$url ARQL_REQUIRE_ENGINES=1 timeout --kill-after=30 1500 $(SWIFT) test --skip-build

# Coverage-guided fuzzing with libFuzzer and AddressSanitizer (issue #15): every entry point
# for FUZZ_SECONDS (default 60) from its seed corpus in Tests/Fuzz; crashes land in
# .build-fuzz/crashes and fail the target. FUZZ_SECONDS=600 make fuzz for a long run.
fuzz:
	scripts/fuzz.sh

# Thread Sanitizer on the parallel loaders and kernels (a generated 250,000-invoice ledger and a FEC).
sanitize: deps
	scripts/sanitize.sh

# Regenerates the committed demo ledger (deterministic: same seed, same bytes).
demo:
	$(SWIFT) build -c release --product arql
	.build/release/arql gen --invoices 2000 --customers 200 --divisions 3 --months 24 --seed 42 --out examples/demo

bench: EXTRA_DEBS = $(if $(wildcard /usr/lib/postgresql/*/bin/initdb),,postgresql)
bench: deps
	$(SWIFT) build -c release --product arql
	python3 -m pip install -q duckdb
	@mkdir -p bench-data && rm -f bench-data/summary.jsonl
	@# Every script records its comparisons; the last prints them as one table (scripts/bench_summary.py).
	@command -v duckdb >/dev/null || python3 -m pip install -q duckdb-cli
	export ARQL_BENCH_SUMMARY=$(CURDIR)/bench-data/summary.jsonl; set -e; \
	python3 scripts/bench_load.py; \
	python3 scripts/bench_queries.py; \
	python3 scripts/bench_forecast.py; \
	python3 scripts/bench_fec.py; \
	python3 scripts/bench_snapshot.py; \
	python3 scripts/bench_append.py; \
	python3 scripts/bench_engines.py; \
	python3 scripts/bench_summary.py

clean:
	rm -rf .build

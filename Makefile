# One build tag set everywhere: changing tags recompiles SQLite (~30 s).
export GOFLAGS := -tags=sqlite_fts5
GO ?= go
SAMPLE := corpus/sample/seeds corpus/sample/extra
GOLD ?= corpus/sample/gold
DB ?= fiscal.db
FUZZTIME ?= 10s
# New inputs are minimised for at most this long (the default, 60 s, stalls
# the workers on multi-kilobyte report seeds).
FUZZMINIMIZE ?= 2s
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
BENCHSTAT := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
BENCHCOUNT ?= 6
LARGECOUNT ?= 1

.PHONY: build test race lint eval eval-shapes demo bench bench-large fuzz fuzz-long golden clean

build:
	$(GO) build -o fiscaldoc ./cmd/fiscaldoc

# The test command of the README and CI: vet, the race detector, every test.
test:
	$(GO) vet ./...
	$(GO) test -race -timeout 30m ./...

race: test

lint:
	test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Ingest the sample into a fresh database and score it against the gold.
eval: build
	rm -f eval.db eval.db-wal eval.db-shm
	./fiscaldoc ingest -db eval.db $(SAMPLE) > /dev/null
	./fiscaldoc eval -db eval.db -gold $(GOLD)/seeds.jsonl,$(GOLD)/extra.jsonl

# Synthesize SHAPES_N documents in each shape of SHAPES.md (corpus/synth),
# ingest and score each: one line per shape, then each shape's five
# weakest fields. The corpora and databases stay in SHAPES_DIR.
SHAPES_N ?= 300
SHAPES_DIR ?= shapes.out
SHAPES ?= sample tab cells-blank cells pipe flat runtogether preamble trad
eval-shapes: build
	@mkdir -p $(SHAPES_DIR)
	@for s in $(SHAPES); do \
		rm -rf $(SHAPES_DIR)/$$s $(SHAPES_DIR)/$$s.db $(SHAPES_DIR)/$$s.db-wal $(SHAPES_DIR)/$$s.db-shm; \
		./fiscaldoc synth -n $(SHAPES_N) -seed 1 -shape $$s -out $(SHAPES_DIR)/$$s > /dev/null || exit 1; \
		./fiscaldoc ingest -db $(SHAPES_DIR)/$$s.db $(SHAPES_DIR)/$$s > /dev/null; \
		./fiscaldoc eval -db $(SHAPES_DIR)/$$s.db -gold $(SHAPES_DIR)/$$s/gold.jsonl > $(SHAPES_DIR)/$$s.eval || exit 1; \
	done
	@printf '%-12s %7s %7s %7s %9s\n' shape gold got recall precision
	@for s in $(SHAPES); do awk -v s=$$s '$$1 == "OVERALL" { printf "%-12s %7s %7s %7s %9s\n", s, $$2, $$3, $$4, $$5 }' $(SHAPES_DIR)/$$s.eval; done
	@echo; echo "weakest fields (recall/precision):"
	@for s in $(SHAPES); do \
		awk '/^field/ { f = 1; next } /^document/ { f = 0 } f && NF >= 5 { print $$4 + $$5, $$1 " " $$4 "/" $$5 }' $(SHAPES_DIR)/$$s.eval \
			| sort -n | head -5 | cut -d' ' -f2- | paste -sd, - | sed "s/,/, /g; s/^/$$s: /"; \
	done

# Ingest the sample and show what came out.
demo: build
	./fiscaldoc ingest -db $(DB) $(SAMPLE)
	./fiscaldoc query -db $(DB) "SELECT name, doc_type, org, county, region_code, fiscal_year AS year, report_date, \
		(SELECT count(*) FROM facts f WHERE f.doc_id = d.id) AS facts FROM documents d ORDER BY name"

# Benchmarks, each repeated BENCHCOUNT times and summarised by benchstat:
# the ratios of issue 8 (BenchmarkRatio: ingest vs gse alone, 2 workers vs
# 1, re-run vs first run, on a 300-document synthetic corpus) and the
# sample's MB/s. Compare two runs with `benchstat old.txt bench.txt`.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./... | tee bench.txt
	$(GO) run $(BENCHSTAT) bench.txt

# The fiscaldoc binary on 1,000 and 10,000 synthetic documents: peak RSS,
# re-run over the unchanged 10,000, analyst query plans and times (minutes).
bench-large:
	FISCALDOC_BENCH_LARGE=1 $(GO) test -run '^$$' -bench BenchmarkScale -benchtime 1x -count $(LARGECOUNT) \
		-timeout 60m -v ./cmd/fiscaldoc | tee bench-large.txt
	$(GO) run $(BENCHSTAT) bench-large.txt

# Each fuzz target for FUZZTIME (fuzz-long: five minutes each).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg || exit 1; \
		done; \
	done

fuzz-long:
	$(MAKE) fuzz FUZZTIME=5m

# Rewrite the golden files of the extractors after a deliberate change.
golden:
	$(GO) test ./extract -run Golden -update

clean:
	rm -rf $(SHAPES_DIR)
	rm -f fiscaldoc eval.db* $(DB) $(DB)-wal $(DB)-shm bench.txt bench-large.txt

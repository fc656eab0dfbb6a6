# One build tag set everywhere: changing tags recompiles SQLite (~30 s).
export GOFLAGS := -tags=sqlite_fts5
GO ?= go
SAMPLE := corpus/sample/seeds corpus/sample/extra
GOLD ?= corpus/sample/gold
DB ?= fiscal.db
FUZZTIME ?= 10s
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: build test race lint eval demo bench fuzz fuzz-long golden clean

build:
	$(GO) build -o fiscaldoc ./cmd/fiscaldoc

# The test command of the README and CI: vet, the race detector, every test.
test:
	$(GO) vet ./...
	$(GO) test -race ./...

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

# Ingest the sample and show what came out.
demo: build
	./fiscaldoc ingest -db $(DB) $(SAMPLE)
	./fiscaldoc query -db $(DB) "SELECT name, doc_type, org, fiscal_year AS year, report_date, \
		(SELECT count(*) FROM facts f WHERE f.doc_id = d.id) AS facts FROM documents d ORDER BY name"

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee bench.txt

# Each fuzz target for FUZZTIME (fuzz-long: five minutes each).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

fuzz-long:
	$(MAKE) fuzz FUZZTIME=5m

# Rewrite the golden files of the extractors after a deliberate change.
golden:
	$(GO) test ./extract -update

clean:
	rm -f fiscaldoc eval.db* $(DB) $(DB)-wal $(DB)-shm bench.txt

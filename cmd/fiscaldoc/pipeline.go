package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/extract"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// defaultWorkers is one worker per CPU less the one the writer keeps busy:
// the single writer is the pipeline's bottleneck, and a worker more than
// the cores left makes it wait for the CPU. On 2 cores, 1 worker ingests
// as fast as 2 or faster (BENCHMARKS.md: 2 workers over 1, 0.83–1.02).
func defaultWorkers() int { return max(1, runtime.NumCPU()-1) }

// A Pipeline ingests files into the database: a lister, Workers goroutines
// that read → normalise → repair → segment → extract → check each document, and one
// writer that loads each document in its own transaction. The stages are
// connected by bounded channels.
type Pipeline struct {
	DB *sql.DB
	// Segmenter loads the segmenter; it is called once, and only when some
	// document needs extracting, so a run over an unchanged corpus does not
	// pay for the dictionary.
	Segmenter func() (*normalize.Segmenter, error)
	Workers   int // default defaultWorkers()
	Limits    corpus.Limits
	Prune     bool // delete documents whose files were not listed
	Log       *slog.Logger
	// Progress, if set, is called by the writer after each document.
	Progress func(done, total int, bytes int64)

	segOnce sync.Once
	seg     *normalize.Segmenter
	segErr  error
}

// A Summary is what one run did.
type Summary struct {
	Listed, Ingested, Unchanged, Failed, Pruned int
	Facts, Problems, FailedChecks, Repairs      int
	Bytes                                       int64
	FailedPaths                                 []string // with their errors
}

// segmenter returns the shared segmenter, loading it on first use.
func (p *Pipeline) segmenter() (*normalize.Segmenter, error) {
	p.segOnce.Do(func() { p.seg, p.segErr = p.Segmenter() })
	return p.seg, p.segErr
}

// result is a worker's output: a processed document, or a note that the
// stored one is current.
type result struct {
	doc       *fiscaldoc.Document
	unchanged bool
}

// Run ingests the files named by paths. It returns an error only when the
// run itself could not go on (the database failed, ctx was cancelled);
// documents that could not be read are counted in the summary and stored as
// failed.
func (p *Pipeline) Run(ctx context.Context, paths []string) (Summary, error) {
	var sum Summary
	log := p.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	files, listErrs := corpus.List(paths)
	sum.Listed = len(files) + len(listErrs)
	known, err := schema.Known(ctx, p.DB)
	if err != nil {
		return sum, fmt.Errorf("read stored documents: %w", err)
	}
	store, err := schema.NewStore(ctx, p.DB, toolVersion())
	if err != nil {
		return sum, err
	}
	defer store.Close()

	workers := p.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string, workers)
	results := make(chan result, workers)

	go func() {
		defer close(jobs)
		for _, f := range files {
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				r := p.process(ctx, path, known[path])
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	done, total := 0, sum.Listed
	load := func(doc *fiscaldoc.Document) error {
		if err := store.Load(ctx, doc); err != nil {
			return err
		}
		sum.Bytes += doc.Bytes
		if doc.Err != nil {
			sum.Failed++
			sum.FailedPaths = append(sum.FailedPaths, doc.Err.Error())
			log.Warn("failed", "path", doc.Path, "err", doc.Err)
			return nil
		}
		sum.Ingested++
		sum.Facts += len(doc.Facts)
		sum.Problems += len(doc.Problems)
		sum.Repairs += len(doc.Repairs)
		for _, c := range doc.Checks {
			if !c.OK {
				sum.FailedChecks++
			}
		}
		log.Info("ingested", "path", doc.Path, "facts", len(doc.Facts), "problems", len(doc.Problems))
		return nil
	}
	for _, le := range listErrs {
		if err := load(&fiscaldoc.Document{Path: le.Path, Name: filepath.Base(le.Path), Err: le}); err != nil {
			return sum, err
		}
		done++
	}
	for r := range results {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		done++
		if r.unchanged {
			sum.Unchanged++
			log.Debug("unchanged", "path", r.doc.Path)
		} else if err := load(r.doc); err != nil {
			cancel()
			return sum, err
		}
		if p.Progress != nil {
			p.Progress(done, total, sum.Bytes)
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if p.Prune {
		keep := map[string]bool{}
		for _, f := range files {
			keep[f] = true
		}
		for _, le := range listErrs {
			keep[le.Path] = true
		}
		if sum.Pruned, err = store.Prune(ctx, keep); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// process runs the per-document stages. A panic in any stage becomes the
// document's error: one poisonous file never stops the run.
func (p *Pipeline) process(ctx context.Context, path string, stored schema.Stored) (r result) {
	defer func() {
		if v := recover(); v != nil {
			r = result{doc: &fiscaldoc.Document{Path: path, Name: filepath.Base(path),
				Err: fmt.Errorf("%s: internal error: %v", path, v)}}
		}
	}()
	// The stored document is current when its bytes and rules are. A stored
	// file is hashed before it is decoded: a re-run over an unchanged corpus
	// reads each file once and decodes none.
	current := func(sum string) bool { return sum == stored.SHA256 && stored.ToolVersion == toolVersion() }
	if stored.SHA256 != "" {
		if n, sum, err := corpus.Hash(path); err == nil && current(sum) {
			return result{doc: &fiscaldoc.Document{Path: path, Name: filepath.Base(path), SHA256: sum, Bytes: n}, unchanged: true}
		}
	}
	doc := corpus.Read(ctx, path, p.Limits)
	if doc.Err != nil {
		return result{doc: doc}
	}
	if current(doc.SHA256) {
		return result{doc: doc, unchanged: true}
	}
	seg, err := p.segmenter()
	if err != nil {
		doc.Err = fmt.Errorf("%s: %w", path, err)
		return result{doc: doc}
	}
	normalize.Document(doc)
	place.RepairDocument(doc)
	doc.Tokens = seg.SegmentLines(doc.Lines)
	extract.Extract(doc)
	extract.Check(doc)
	return result{doc: doc}
}

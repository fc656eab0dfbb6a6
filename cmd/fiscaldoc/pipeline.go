package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
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

// A Summary is what one run did. Every path listed or found is counted
// once: Listed = Ingested + NotReports + Unchanged + Aliased + Failed +
// len(Skipped).
type Summary struct {
	Listed, Ingested, NotReports, Unchanged, Aliased, Failed, Pruned int
	Facts, Problems, FailedChecks, Repairs                           int
	Bytes                                                            int64
	FailedPaths                                                      []string // with their errors
	NotReportPaths                                                   []string
	Skipped                                                          []corpus.Skip
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

// canonical returns the absolute form of path and its canonical form (the
// absolute path with symbolic links resolved): a document's identity is its
// bytes and its canonical path, whatever spelling named it.
func canonical(path string) (canon, abs string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path, path
	}
	if canon, err = filepath.EvalSymlinks(abs); err != nil {
		return abs, abs
	}
	return canon, abs
}

// Run ingests the files named by paths. It returns an error only when the
// run itself could not go on (the database failed, ctx was cancelled);
// documents that could not be read are counted in the summary and stored as
// failed.
//
// A document is its bytes and its canonical path: a file named twice (a
// relative and an absolute path, a path through a symbolic link) is read
// once, and the same bytes at another path are recorded as an alias of the
// stored document instead of being stored again. Within one run the
// smallest canonical path of a set of identical files is the document.
func (p *Pipeline) Run(ctx context.Context, paths []string) (Summary, error) {
	var sum Summary
	log := p.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	listed, listErrs, skipped := corpus.List(paths)
	sum.Listed = len(listed) + len(listErrs) + len(skipped)
	sum.Skipped = skipped
	var files []string                 // canonical paths, once each, sorted
	spellings := map[string][]string{} // canonical path → the other absolute paths that named it
	for _, f := range listed {
		c, abs := canonical(f)
		if _, ok := spellings[c]; ok {
			sum.Aliased++ // another spelling of a file already listed
		} else {
			files = append(files, c)
		}
		if abs != c && !slices.Contains(spellings[c], abs) {
			spellings[c] = append(spellings[c], abs)
		} else if spellings[c] == nil {
			spellings[c] = []string{}
		}
	}
	slices.Sort(files)
	known, err := schema.Known(ctx, p.DB)
	if err != nil {
		return sum, fmt.Errorf("read stored documents: %w", err)
	}
	aliases, err := schema.Aliases(ctx, p.DB)
	if err != nil {
		return sum, fmt.Errorf("read stored aliases: %w", err)
	}
	store, err := schema.NewStore(ctx, p.DB, toolVersion())
	if err != nil {
		return sum, err
	}
	defer store.Close()
	// A document an older fiscaldoc stored under a relative path takes the
	// canonical path of the file it names, when that file is listed.
	for path, st := range known {
		if filepath.IsAbs(path) {
			continue
		}
		c, _ := canonical(path)
		if _, listed := spellings[c]; !listed || known[c].ID != 0 {
			continue
		}
		if err := store.Rename(ctx, path, c); err != nil {
			return sum, err
		}
		delete(known, path)
		known[c] = st
	}
	// The documents by content, and the paths stored this run.
	bySHA := map[string]int64{}
	pathOf := map[int64]string{}
	for path, st := range known {
		pathOf[st.ID] = path
		if st.Status != "failed" {
			bySHA[st.SHA256] = st.ID
		}
	}
	byID := map[int64]schema.Stored{}
	for _, st := range known {
		byID[st.ID] = st
	}
	newThisRun := map[int64]bool{}

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
				stored, ok := known[path]
				if id, alias := aliases[path]; alias && !ok {
					stored = byID[id] // an alias is current while its bytes are its document's
				}
				r := p.process(ctx, path, stored)
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	done, total := 0, sum.Listed-len(skipped)-sum.Aliased
	load := func(doc *fiscaldoc.Document) error {
		if doc.Err == nil {
			if id, ok := bySHA[doc.SHA256]; ok && pathOf[id] != doc.Path {
				return alias(ctx, store, &sum, doc, id, pathOf, newThisRun)
			}
		}
		if err := store.Load(ctx, doc); err != nil {
			return err
		}
		if doc.Err == nil {
			id, err := store.ID(ctx, doc.Path)
			if err != nil {
				return err
			}
			bySHA[doc.SHA256], pathOf[id], newThisRun[id] = id, doc.Path, true
		}
		sum.Bytes += doc.Bytes
		switch schema.Status(doc) {
		case "failed":
			sum.Failed++
			sum.FailedPaths = append(sum.FailedPaths, doc.Err.Error())
			log.Debug("failed", "path", doc.Path)
			return nil
		case "not_a_report":
			sum.NotReports++
			sum.NotReportPaths = append(sum.NotReportPaths, doc.Path)
			log.Info("not a report", "path", doc.Path)
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
			st, isDoc := known[r.doc.Path]
			switch {
			case !isDoc:
				sum.Aliased++
			case st.Status == "failed":
				// Still failed: the run is not clean while it is.
				sum.Failed++
				sum.FailedPaths = append(sum.FailedPaths, st.Error)
			case st.Status == "not_a_report":
				sum.NotReports++
				sum.NotReportPaths = append(sum.NotReportPaths, r.doc.Path)
			default:
				sum.Unchanged++
			}
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
	// The other spellings of each listed file are aliases of its document.
	for c, abss := range spellings {
		for _, abs := range abss {
			id, err := store.ID(ctx, c)
			if err != nil || id == 0 {
				continue // the file failed before it had a document
			}
			if err := store.Alias(ctx, abs, id); err != nil {
				return sum, err
			}
		}
	}
	sort.Strings(sum.FailedPaths)
	sort.Strings(sum.NotReportPaths)
	if p.Prune {
		keep := map[string]bool{}
		for c, abss := range spellings {
			keep[c] = true
			for _, abs := range abss {
				keep[abs] = true
			}
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

// alias records doc's path as an alias of the stored document id of the
// same bytes. Within a run, the smaller path is the document's: when doc's
// path sorts before that of a document stored this run, the document moves
// to doc's path and its old path becomes the alias, so the outcome does not
// depend on which worker finished first.
func alias(ctx context.Context, store *schema.Store, sum *Summary, doc *fiscaldoc.Document, id int64,
	pathOf map[int64]string, newThisRun map[int64]bool) error {
	sum.Aliased++
	aliasPath := doc.Path
	if other := pathOf[id]; newThisRun[id] && doc.Path < other {
		if err := store.Rename(ctx, other, doc.Path); err != nil {
			return err
		}
		pathOf[id], aliasPath = doc.Path, other
	}
	return store.Alias(ctx, aliasPath, id)
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

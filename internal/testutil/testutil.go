// Package testutil holds helpers shared by the tests: the sample corpus,
// one gse segmenter per test binary, and the pipeline's per-document stages
// run without a database.
package testutil

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
)

var (
	segOnce sync.Once
	seg     *normalize.Segmenter
	segErr  error
)

// Segmenter returns the test binary's shared segmenter, loading it once.
func Segmenter(tb testing.TB) *normalize.Segmenter {
	tb.Helper()
	segOnce.Do(func() { seg, segErr = normalize.NewSegmenter() })
	if segErr != nil {
		tb.Fatal(segErr)
	}
	return seg
}

// Root returns the repository's root directory.
func Root(tb testing.TB) string {
	tb.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		tb.Fatal("testutil: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Sample returns the paths of the sample reports in corpus/sample/<set>
// ("seeds" or "extra"), sorted.
func Sample(tb testing.TB, set string) []string {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join(Root(tb), "corpus", "sample", set, "*.txt"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("sample %s: %v (%d files)", set, err, len(paths))
	}
	sort.Strings(paths)
	return paths
}

// GoldPath returns the path of corpus/sample/gold/<set>.jsonl.
func GoldPath(tb testing.TB, set string) string {
	tb.Helper()
	p := filepath.Join(Root(tb), "corpus", "sample", "gold", set+".jsonl")
	if _, err := os.Stat(p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Process reads, repairs, segments, lays out and extracts one file as the
// pipeline does, without a database.
func Process(tb testing.TB, path string, extract, check func(*fiscaldoc.Document)) *fiscaldoc.Document {
	tb.Helper()
	doc := corpus.Read(context.Background(), path, corpus.Limits{})
	if doc.Err != nil {
		tb.Fatal(doc.Err)
	}
	normalize.Document(doc)
	place.RepairDocument(doc)
	doc.Tokens = Segmenter(tb).SegmentLines(doc.Lines)
	layout.Read(doc)
	extract(doc)
	check(doc)
	return doc
}

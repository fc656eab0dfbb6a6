package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// sampleText returns the sample files and their contents.
func sampleText(b *testing.B) ([]string, []string) {
	b.Helper()
	files := append(testutil.Sample(b, "seeds"), testutil.Sample(b, "extra")...)
	texts := make([]string, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts[i] = string(data)
	}
	return files, texts
}

func totalBytes(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}

// BenchmarkIngest ingests the sample corpus into a fresh temporary database,
// segmenter already loaded: its MB/s against BenchmarkSegment's is the cost
// of everything but segmentation.
func BenchmarkIngest(b *testing.B) {
	files, texts := sampleText(b)
	seg := testutil.Segmenter(b)
	dir := b.TempDir()
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		path := filepath.Join(dir, fmt.Sprintf("bench%d.db", i))
		db, err := schema.Open(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		p := &Pipeline{DB: db, Segmenter: func() (*normalize.Segmenter, error) { return seg, nil }}
		if _, err := p.Run(context.Background(), files); err != nil {
			b.Fatal(err)
		}
		db.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
	}
}

// BenchmarkSegment is gse alone on the same text, line by line as the
// segment stage cuts it: the bound ingest is measured against.
func BenchmarkSegment(b *testing.B) {
	_, texts := sampleText(b)
	seg := testutil.Segmenter(b)
	var lines []string
	for _, t := range texts {
		lines = append(lines, strings.Split(t, "\n")...)
	}
	b.SetBytes(totalBytes(texts))
	b.ReportAllocs()
	for b.Loop() {
		for _, ln := range lines {
			seg.Tokens(ln)
		}
	}
}

// BenchmarkLoadSegmenter is the one-off cost of loading the dictionary.
func BenchmarkLoadSegmenter(b *testing.B) {
	for b.Loop() {
		if _, err := normalize.NewSegmenter(); err != nil {
			b.Fatal(err)
		}
	}
}

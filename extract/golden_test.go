package extract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite extract/testdata/<part>/<case>/want.jsonl")

// noCheck is the check stage of tests that run an extractor alone: the
// table extractors store their own identities.
func noCheck(*fiscaldoc.Document) {}

// runGolden runs extract and check, as the pipeline does, on each
// testdata/<part>/<case>/input.txt and compares render(doc) with the case's
// want.jsonl. Cases are named for the quirk they cover; -update rewrites
// the files (review the diff).
func runGolden(t *testing.T, part string, extract, check func(*fiscaldoc.Document), render func(*fiscaldoc.Document) []byte) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("testdata", part, "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases in testdata/%s: %v", part, err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := render(testutil.Process(t, filepath.Join(dir, "input.txt"), extract, check))
			want := filepath.Join(dir, "want.jsonl")
			if *update {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			w, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (-update creates it)", err)
			}
			if !bytes.Equal(w, got) {
				t.Errorf("%s differs (-update rewrites it; review the diff):\n%s", want, lineDiff(string(w), string(got)))
			}
		})
	}
}

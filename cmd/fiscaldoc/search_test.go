package main

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
	"github.com/fiscaldoc/fiscaldoc/schema"
)

// TestSearchFindsWhatIsPrinted (issue 17): 1,000 strings of two to twelve
// characters drawn at random from the sample's lines are each found on
// their line, and 300 strings of the sample's own characters that are
// printed nowhere are found nowhere.
func TestSearchFindsWhatIsPrinted(t *testing.T) {
	db, _ := openSample(t)
	type line struct {
		path string
		n    int
		text []rune
	}
	var lines []line
	var all strings.Builder
	for _, set := range []string{"seeds", "extra"} {
		for _, p := range testutil.Sample(t, set) {
			doc := corpus.Read(context.Background(), p, corpus.Limits{})
			if doc.Err != nil {
				t.Fatal(doc.Err)
			}
			canon, err := filepath.EvalSymlinks(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range doc.Lines {
				if r := []rune(l.Text); len(r) >= 2 && strings.TrimSpace(l.Text) != "" {
					lines = append(lines, line{canon, l.N, r})
					all.WriteString(l.Text + "\n")
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(17, 1))
	for range 1000 {
		l := lines[rng.IntN(len(lines))]
		n := 2 + rng.IntN(min(11, len(l.text)-1))
		i := rng.IntN(len(l.text) - n + 1)
		q := string(l.text[i : i+n])
		hits, err := schema.Search(context.Background(), db, q, 0, 0)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		found := false
		for _, h := range hits {
			if !strings.Contains(h.Text, q) && !strings.Contains(h.Printed, q) {
				t.Errorf("%q: hit %s:%d does not hold it: %s", q, h.Path, h.Line, h.Text)
			}
			found = found || h.Path == l.path && h.Line == l.n
		}
		if !found {
			t.Errorf("%q: not found on %s:%d (%d hits elsewhere)", q, l.path, l.n, len(hits))
		}
	}
	// Strings of printed characters that are not printed.
	chars := []rune(strings.ReplaceAll(all.String(), "\n", ""))
	text := all.String()
	for tried := 0; tried < 300; {
		r := make([]rune, 2+rng.IntN(3))
		for i := range r {
			r[i] = chars[rng.IntN(len(chars))]
		}
		q := string(r)
		if strings.Contains(text, q) || strings.TrimSpace(q) != q {
			continue
		}
		tried++
		if hits, err := schema.Search(context.Background(), db, q, 0, 0); err != nil || len(hits) > 0 {
			t.Errorf("%q is printed nowhere: %d hits, %v", q, len(hits), err)
		}
	}
}

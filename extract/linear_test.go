package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

// pageLines writes a text of n lines of width characters each, made of the
// sample reports' lines (tabs as spaces) joined by a space: pages exported
// as one line each. With prose, only the lines outside tables are used. It
// returns the file's path.
func pageLines(tb testing.TB, prose bool, n, width int) string {
	tb.Helper()
	var words []string
	for _, p := range testutil.Sample(tb, "seeds") {
		data, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		for _, ln := range strings.Split(string(data), "\n") {
			if prose && strings.ContainsAny(ln, "\t|") {
				continue
			}
			if ln = strings.TrimSpace(strings.ReplaceAll(ln, "\t", " ")); ln != "" {
				words = append(words, ln)
			}
		}
	}
	all := []rune(strings.Join(words, " ") + " ")
	var b strings.Builder
	for i := range n {
		for k := range width {
			b.WriteRune(all[(i*width+k)%len(all)])
		}
		b.WriteByte('\n')
	}
	path := filepath.Join(tb.TempDir(), "pages.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestLongLinesLinear: lines twice as long take about twice the time, not
// four times (a page of 60,000 characters exported as one line took 46 s:
// meta read the rest of the line again at each name and date it found, and
// the self-evaluation's cut names looked for their seams in the whole line).
func TestLongLinesLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times the pipeline on long lines")
	}
	testutil.Segmenter(t) // loaded before the clock starts
	paths := []string{pageLines(t, true, 1, 35000), pageLines(t, true, 1, 70000)}
	// The best of five runs each, taken in turns: a loaded machine slows
	// some runs, and slows both sizes alike.
	best := []time.Duration{time.Hour, time.Hour}
	for range 5 {
		for i, path := range paths {
			start := time.Now()
			testutil.Process(t, path, Extract, Check)
			best[i] = min(best[i], time.Since(start))
		}
	}
	ratio := float64(best[1]) / float64(best[0])
	t.Logf("a line of 35,000 characters: %v; of 70,000: %v (%.2fx)", best[0], best[1], ratio)
	if ratio > 3 {
		t.Errorf("a line twice as long took %.2fx the time (%v, then %v), want about 2x", ratio, best[0], best[1])
	}
}

// BenchmarkLongLines reads two lines of 30,000 characters: prose, and the
// sample's text with its tables flattened.
func BenchmarkLongLines(b *testing.B) {
	for _, prose := range []bool{true, false} {
		name := "tables"
		if prose {
			name = "prose"
		}
		b.Run(name, func(b *testing.B) {
			path := pageLines(b, prose, 2, 30000)
			fi, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}
			testutil.Segmenter(b)
			b.ReportAllocs()
			b.SetBytes(fi.Size())
			for b.Loop() {
				testutil.Process(b, path, Extract, Check)
			}
		})
	}
}

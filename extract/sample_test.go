package extract

import (
	"os"
	"sync"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

var (
	sampleOnce sync.Once
	sample     gold.Result
)

// sampleResult extracts the sample corpus (seeds and extra) once per test
// binary and scores it against the gold facts.
func sampleResult(t *testing.T) gold.Result {
	t.Helper()
	sampleOnce.Do(func() {
		var want, got []gold.Fact
		for _, set := range []string{"seeds", "extra"} {
			g, err := gold.ReadFile(testutil.GoldPath(t, set))
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, g...)
			for _, p := range testutil.Sample(t, set) {
				got = append(got, gold.FromDocument(testutil.Process(t, p, Extract, Check))...)
			}
		}
		sample = gold.Compare(want, got)
	})
	return sample
}

// A floor is the recall and precision a field has reached on the sample. A
// change that falls below one fails. Raise floors as extraction improves;
// never lower one to make a change pass.
type floor struct{ recall, precision float64 }

// assertFloors fails for each field whose score is below its floor.
func assertFloors(t *testing.T, floors map[string]floor) {
	t.Helper()
	res := sampleResult(t)
	for field, min := range floors {
		s := res.Fields[field]
		if s.Recall() < min.recall || s.Precision() < min.precision {
			t.Errorf("%s: recall %.3f precision %.3f, below the floor %.3f %.3f",
				field, s.Recall(), s.Precision(), min.recall, min.precision)
		}
	}
}

// TestSample prints the per-field table with -v, and the misses with
// FISCALDOC_MISSES=1. Each extractor's tests assert the floors of its fields.
func TestSample(t *testing.T) {
	res := sampleResult(t)
	if testing.Verbose() {
		res.Write(os.Stdout, "sample (seeds + extra)")
	}
	if os.Getenv("FISCALDOC_MISSES") != "" {
		res.WriteMisses(os.Stdout)
	}
}

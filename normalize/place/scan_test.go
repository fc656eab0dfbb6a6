package place

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestScan checks the indexed scan against every window of every line: the
// near windows are exactly those agreeing with the form in at least one
// character and at most two fewer than its length, short of all; the exact
// occurrences are those strings.Index finds, left to right.
func TestScan(t *testing.T) {
	files, _ := filepath.Glob("../../corpus/sample/*/*.txt")
	if len(files) == 0 {
		t.Fatal("no sample files")
	}
	for _, path := range files {
		lines := readLines(t, path)
		sq := make([]squashed, len(lines))
		for i, l := range lines {
			sq[i] = squash(l.Text)
		}
		weights := lineWeights(lines)
		forms, _ := documentForms(sq, weights)
		near := scan(sq, weights, forms)
		for fi, f := range forms {
			n := len(f.text)
			var want [][2]int32
			var at [][2]int
			support := 0
			for li, q := range sq {
				for s := 0; s+n <= len(q.runes); s++ {
					same := 0
					for k, r := range q.runes[s : s+n] {
						if r == f.text[k] {
							same++
						}
					}
					if same < n && same >= max(1, n-2) {
						want = append(want, [2]int32{int32(li), int32(s)})
					}
				}
				line, term := string(q.runes), string(f.text)
				for off := 0; ; {
					i := strings.Index(line[off:], term)
					if i < 0 {
						break
					}
					off += i
					w := 1
					if f.kind == KindPlace {
						w = weights[li]
					}
					support += w
					at = append(at, [2]int{li, len([]rune(line[:off]))})
					off += len(term)
				}
			}
			if !slices.Equal(near[fi], want) {
				t.Errorf("%s: %s: near windows %v, want %v", filepath.Base(path), string(f.text), near[fi], want)
			}
			if !slices.Equal(f.at, at) || f.support != support {
				t.Errorf("%s: %s: occurrences %v (support %d), want %v (%d)",
					filepath.Base(path), string(f.text), f.at, f.support, at, support)
			}
		}
	}
}

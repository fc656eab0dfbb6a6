package extract

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// The classification dictionary of 政府收支分类科目: the names printed in the
// document's own coded tables first, then the embedded seed (data/README.md).
// It repairs OCR-split codes: a code whose digits do not form a valid,
// hierarchy-consistent code is looked up by the name printed beside it,
// keeping only codes whose parent (a 项's first 5 digits are its 款, a 款's
// first 3 its 类) is the 类 or 款 the table is in.

//go:embed data/codes_seed.tsv
var seedTSV string

// A knownCode is a code and a name printed for it.
type knownCode struct{ code, name string }

// A codeDict is the codes known by name: the seed's, and those the
// document's coded tables print cleanly (fromDoc).
type codeDict struct {
	known   []knownCode
	fromDoc map[string]bool
}

func newCodeDict() *codeDict {
	d := &codeDict{fromDoc: map[string]bool{}}
	for _, ln := range strings.Split(seedTSV, "\n") {
		if f := strings.Split(ln, "\t"); len(f) >= 3 && !strings.HasPrefix(ln, "#") {
			d.known = append(d.known, knownCode{f[0], label(f[1])})
		}
	}
	return d
}

// add records name as a name of code.
func (d *codeDict) add(code, name string) {
	if k := (knownCode{code, name}); !slices.Contains(d.known, k) {
		d.known = append(d.known, k)
	}
}

// names returns the names known for code.
func (d *codeDict) names(code string) (out []string) {
	for _, k := range d.known {
		if k.code == code {
			out = append(out, k.name)
		}
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// learn adds the codes a coded table prints cleanly: a first cell of a
// code only (or a code then the name), and the name in it or in the first
// cell after it with words, before any cell with digits (OCR debris in the
// code cells, or the amounts).
func (d *codeDict) learn(t *table) {
	for _, r := range t.rows {
		if len(r.cells) < 2 {
			continue
		}
		code, rest := layout.SplitCode(r.cells[0])
		if !layout.FunctionCode(code) {
			continue
		}
		for _, c := range append([]string{rest}, r.cells[1:]...) {
			if strings.ContainsAny(c, "0123456789") {
				break
			}
			if normalize.HanCount(c) >= 2 {
				d.add(code, label(c))
				d.fromDoc[code] = true
				break
			}
		}
	}
}

// digitRuns returns the runs of ASCII digits in s.
func digitRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// fits reports whether code can stand below the code of the row above it:
// a 款 in that row's 类, a 项 in its 款 (in its 类 below a 类 row).
func fits(code, above string) bool {
	return strings.HasPrefix(code, above[:min(len(above), len(code)-2)])
}

// nameAgrees reports whether name may be code's name: the dictionary knows
// no name for it, or one of its names is close to name.
func (d *codeDict) nameAgrees(code, name string) bool {
	names := d.names(code)
	return len(names) == 0 || name == "" || slices.ContainsFunc(names, func(n string) bool { return similar(n, name) })
}

// similar reports whether two names share 85% of the longer one's
// characters in order (OCR drops and splits characters).
func similar(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	return n > 0 && lcs(ra, rb)*100 >= n*85
}

// resolve finds the code of a row from the digits OCR left in its code
// cells, its printed name and the code of the row above. It returns the
// code and, when the digits alone did not give it, the evidence for the
// repair.
func (d *codeDict) resolve(runs []string, name, above string) (code, evidence string, ok bool) {
	joined := strings.Join(runs, "")
	var valid string // the first try that is a code at all
	for _, c := range append([]string{joined}, runs...) {
		if layout.FunctionCode(c) && valid == "" {
			valid = c
		}
		if layout.FunctionCode(c) && fits(c, above) && d.nameAgrees(c, name) {
			if c != joined {
				return c, fmt.Sprintf("digits %s hold the full code", c), true
			}
			return c, "", true
		}
	}
	// By name, among the codes that fit below the row above; the
	// document's own tables outrank the seed, then the digits decide.
	best, bestScore, tie := "", -1, false
	for _, k := range d.known {
		if k.code == best || !layout.FunctionCode(k.code) || !fits(k.code, above) || k.name != name && !similar(k.name, name) {
			continue
		}
		s := lcs([]rune(joined), []rune(k.code))
		if d.fromDoc[k.code] {
			s += 100
		}
		switch {
		case s > bestScore:
			best, bestScore, tie = k.code, s, false
		case s == bestScore:
			tie = true
		}
	}
	if best != "" && !tie {
		src, parent := "the seed", "none (类)"
		if d.fromDoc[best] {
			src = "another table of this report"
		}
		if len(best) > 3 {
			parent = best[:len(best)-2]
		}
		return best, fmt.Sprintf("name %s is the name of %s in %s; parent %s", name, best, src, parent), true
	}
	// Digits that form a valid code whose name disagrees or whose parent is
	// elsewhere: keep them rather than lose the row; the checks will tell.
	return valid, "", valid != ""
}

// codeName records a printed (year, code, name) for the codes table after
// checking it against the dictionary: a name that is only a fragment of the
// code's known name (OCR cut it) is not recorded; a different name is
// recorded and reported, since names do change between editions.
func (a *accounts) codeName(t *table, code, name string, ln fiscaldoc.Line) {
	if normalize.HanCount(name) < 2 {
		return
	}
	if known := a.dict.names(code); !a.dict.nameAgrees(code, name) {
		if slices.ContainsFunc(known, func(k string) bool { return lcs([]rune(name), []rune(k)) == len([]rune(name)) }) {
			return
		}
		a.problemf(ln, "code", "code %s printed as %s; known as %s", code, name, strings.Join(known, " / "))
	}
	a.codes = append(a.codes, fiscaldoc.CodeName{Year: t.year, Code: code, Name: name, Line: ln.N})
}

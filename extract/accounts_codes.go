package extract

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// The classification dictionary of 政府收支分类科目: the names printed in the
// document's own coded tables first, then the embedded seed (data/README.md).
// It repairs OCR-split codes: a code whose digits do not form a valid,
// hierarchy-consistent code is looked up by the name printed beside it,
// keeping only codes whose parent (a 项's first 5 digits are its 款, a 款's
// first 3 its 类) is the 类 or 款 the table is in.

//go:embed data/codes_seed.tsv
var seedTSV string

type seedCode struct{ code, name, kind string }

var seedCodes = func() []seedCode {
	var out []seedCode
	for _, ln := range strings.Split(seedTSV, "\n") {
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		f := strings.Split(ln, "\t")
		if len(f) >= 3 {
			out = append(out, seedCode{code: f[0], name: label(f[1]), kind: f[2]})
		}
	}
	return out
}()

// A codeDict maps names to codes and codes to names.
type codeDict struct {
	byName  map[string][]string
	byCode  map[string][]string
	fromDoc map[string]bool // code → printed cleanly in this document
}

func newCodeDict() *codeDict {
	d := &codeDict{byName: map[string][]string{}, byCode: map[string][]string{}, fromDoc: map[string]bool{}}
	for _, s := range seedCodes {
		d.add(s.code, s.name)
	}
	return d
}

func (d *codeDict) add(code, name string) {
	if name == "" {
		return
	}
	if slices.Contains(d.byName[name], code) {
		return
	}
	d.byName[name] = append(d.byName[name], code)
	d.byCode[code] = append(d.byCode[code], name)
}

// functionCode reports whether c has the shape of a 支出功能分类 code.
func functionCode(c string) bool {
	return (len(c) == 3 || len(c) == 5 || len(c) == 7) && c[0] == '2' && allDigits(c)
}

// economicCode reports whether c has the shape of a 支出经济分类 code.
func economicCode(c string) bool {
	return (len(c) == 3 || len(c) == 5) && c[0] == '3' && allDigits(c)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// learn adds the codes a coded table prints cleanly: a code cell of digits
// only (or digits then the name), no digits in the other code cells, and a
// name.
func (d *codeDict) learn(t *table) {
	for _, r := range t.rows {
		cells := r.cells
		if len(cells) < 2 {
			continue
		}
		head, rest := splitLead(cells[0])
		if !functionCode(head) || strings.ContainsAny(rest, "0123456789") {
			continue
		}
		name := label(rest)
		for _, c := range cells[1:] {
			if strings.ContainsAny(c, "0123456789") {
				if isNumber(c) {
					break
				}
				name = ""
				break
			}
			if hanCount(c) >= 2 {
				name = label(c)
				break
			}
		}
		if hanCount(name) >= 2 {
			d.add(head, name)
			d.fromDoc[head] = true
		}
	}
}

// splitLead splits a cell into its leading code (the digits before the
// first Han character or letter) and the rest.
func splitLead(cell string) (digits, rest string) {
	i := strings.IndexFunc(cell, func(r rune) bool { return !(r >= '0' && r <= '9' || r == ' ') })
	if i < 0 {
		return strings.ReplaceAll(cell, " ", ""), ""
	}
	return strings.ReplaceAll(cell[:i], " ", ""), strings.TrimSpace(cell[i:])
}

// digitRuns returns the runs of ASCII digits in s.
func digitRuns(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// A codeCtx is where a table is: the 类 and 款 of the rows above.
type codeCtx struct{ lei, kuan string }

func (c *codeCtx) enter(code string) {
	c.lei = code[:3]
	c.kuan = ""
	if len(code) >= 5 {
		c.kuan = code[:5]
	}
}

// fits reports whether code can stand at this place of the hierarchy.
func (c codeCtx) fits(code string) bool {
	switch len(code) {
	case 5:
		return c.lei == "" || code[:3] == c.lei
	case 7:
		if c.kuan != "" {
			return code[:5] == c.kuan
		}
		return c.lei == "" || code[:3] == c.lei
	}
	return true
}

// nameAgrees reports whether name may be code's name: the dictionary knows
// no name for it, or one of its names is close to name.
func (d *codeDict) nameAgrees(code, name string) bool {
	names := d.byCode[code]
	if len(names) == 0 || name == "" {
		return true
	}
	for _, n := range names {
		if similar(n, name) {
			return true
		}
	}
	return false
}

// similar reports whether two names share 85% of the longer one's
// characters in order (OCR drops and splits characters).
func similar(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	return n > 0 && lcs(ra, rb)*100 >= n*85
}

// resolve finds the code of a row from the digits OCR left in its code
// cells, its printed name and its place. It returns the code and, when the
// digits alone did not give it, the evidence for the repair.
func (d *codeDict) resolve(runs []string, name string, ctx codeCtx) (code, evidence string, ok bool) {
	joined := strings.Join(runs, "")
	tries := []string{joined}
	for _, r := range runs {
		if r != joined {
			tries = append(tries, r)
		}
	}
	for _, c := range tries {
		if functionCode(c) && ctx.fits(c) && d.nameAgrees(c, name) {
			if c != joined {
				return c, fmt.Sprintf("digits %s hold the full code", c), true
			}
			return c, "", true
		}
	}
	// By name, among the codes whose parent is the current 类 or 款.
	var cands []string
	seen := map[string]bool{}
	for n, codes := range d.byName {
		if n != name && !similar(n, name) {
			continue
		}
		for _, c := range codes {
			if functionCode(c) && ctx.fits(c) && !seen[c] {
				seen[c] = true
				cands = append(cands, c)
			}
		}
	}
	best, bestScore, tie := "", -1, false
	for _, c := range cands {
		s := lcs([]rune(joined), []rune(c))
		if d.fromDoc[c] {
			s += 100 // the document's own tables outrank the seed
		}
		switch {
		case s > bestScore:
			best, bestScore, tie = c, s, false
		case s == bestScore && c != best:
			tie = true
		}
	}
	if best != "" && !tie {
		src := "the seed"
		if d.fromDoc[best] {
			src = "another table of this report"
		}
		return best, fmt.Sprintf("name %s is the name of %s in %s; parent %s", name, best, src, parentOf(best)), true
	}
	// Digits that form a valid code whose name disagrees or whose parent is
	// elsewhere: keep them rather than lose the row; the checks will tell.
	for _, c := range tries {
		if functionCode(c) {
			return c, "", true
		}
	}
	return "", "", false
}

func parentOf(code string) string {
	switch len(code) {
	case 7:
		return code[:5]
	case 5:
		return code[:3]
	}
	return "none (类)"
}

// codeName records a printed (year, code, name) for the codes table after
// checking it against the dictionary: a name that is only a fragment of the
// code's known name (OCR cut it) is not recorded; a different name is
// recorded and reported, since names do change between editions.
func (a *accounts) codeName(t *table, code, name string, ln fiscaldoc.Line) {
	if hanCount(name) < 2 {
		return
	}
	if known := a.dict.byCode[code]; len(known) > 0 && !a.dict.nameAgrees(code, name) {
		for _, k := range known {
			if lcs([]rune(name), []rune(k)) == len([]rune(name)) {
				return
			}
		}
		a.problemf(ln, "code", "code %s printed as %s; known as %s", code, name, strings.Join(known, " / "))
	}
	a.codes = append(a.codes, fiscaldoc.CodeName{Year: t.year, Code: code, Name: name, Line: ln.N})
}

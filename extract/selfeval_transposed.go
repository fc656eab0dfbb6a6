package extract

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A long 实际完成值 cell of a narrow column is sometimes read by OCR column
// by column instead of line by line: its characters all there, their order
// lost ("密审经道异居记协道务项…"). Reports state the same achievements in
// their text (the 绩效自评 report's own list of what was done), so the
// passage whose characters the cell holds is the cell.
//
// unscrambleCells replaces such a cell by that passage: the stretch of
// another line whose characters match the cell's best, scored as the F1 of
// the two character multisets, when the score is at least minTransposed.
// The passage starts with the cell's first character (the top left of the
// column grid is read first either way) and ends where a sentence ends.
// A cell that reads in order (most of its character pairs are the
// passage's) is a restatement or an ordinary misreading, and stays.

const (
	// minTransposedRunes is the shortest cell looked up: shorter cells are
	// values or names, and a short passage matches by chance.
	minTransposedRunes = 24
	// minTransposed is the F1 a passage needs.
	minTransposed = 0.9
	// maxInOrder is the share of a cell's character pairs the passage may
	// print too: a cell read column by column keeps almost none.
	maxInOrder = 0.5
	// maxLookups bounds the look-ups of a document, each of which reads
	// the whole document: a report has a few scrambled cells, not hundreds.
	maxLookups = 32
)

// unscrambleCells repairs the targets and actuals of p's indicator rows
// that are their passage transposed, and the facts read from them.
func (p *seParse) unscrambleCells() {
	type key struct {
		line         int
		field, value string
	}
	fixed := map[key]string{}
	for _, t := range p.tables {
		for _, r := range t.rows {
			for _, c := range []struct {
				field string
				text  *string
			}{{"indicator_target", &r.target}, {"indicator_actual", &r.actual}} {
				cell := indicatorValue(*c.text)
				passage, at, score, ok := p.transposed(cell, r.first, r.last)
				if !ok {
					continue
				}
				line := p.doc.Lines[r.first].N
				p.doc.Repairs = append(p.doc.Repairs, fiscaldoc.Repair{
					Line: line, Kind: "cell", Raw: cell, Repaired: passage,
					Evidence: fmt.Sprintf("the cell holds the characters of line %d's passage (F1 %.2f): read column by column", at, score),
				})
				fixed[key{line, c.field, cell}] = passage
				*c.text = passage
			}
		}
	}
	for i, f := range p.facts {
		if v, ok := fixed[key{f.Line, f.Field, f.Value}]; ok {
			p.facts[i].Value = v
		}
	}
}

// transposed finds the passage a cell is the transposition of, in the
// lines outside first..last: the passage, its line number and its score.
// A cell printed as it is elsewhere is not transposed.
func (p *seParse) transposed(cell string, first, last int) (string, int, float64, bool) {
	n := utf8.RuneCountInString(cell)
	if n < minTransposedRunes {
		return "", 0, 0, false
	}
	// A cell whose character pairs the document mostly prints elsewhere
	// reads in order: it is not looked up (the look-up reads the whole
	// document, the pre-test only the cell).
	if ev := p.cutEvidence(seRow{first: first, last: last}); pairShare(cell, ev.printed) > maxInOrder {
		return "", 0, 0, false
	}
	if p.lookups++; p.lookups > maxLookups {
		if p.lookups == maxLookups+1 {
			p.doc.Problemf(p.doc.Lines[first].N, "selfeval", "more than %d scrambled cells: the rest are not looked up in the text", maxLookups)
		}
		return "", 0, 0, false
	}
	want := map[rune]int{}
	for _, r := range cell {
		want[r]++
	}
	top, _ := utf8.DecodeRuneInString(cell)
	best, bestAt, bestScore := "", 0, 0.0
	for i, ln := range p.doc.Lines {
		if i >= first && i <= last {
			continue
		}
		squashed := normalize.Squash(ln.Text)
		if strings.Contains(squashed, cell) {
			return "", 0, 0, false
		}
		// A window scoring minTransposed shares at least
		// minTransposed/(2-minTransposed) of the cell's characters.
		text := []rune(squashed)
		if float64(overlapCount(text, want)) < minTransposed/(2-minTransposed)*float64(n) {
			continue
		}
		for s := range text {
			if text[s] != top {
				continue
			}
			got, common := map[rune]int{}, 0
			for e := s; e < len(text) && e-s < 2*n; e++ {
				r := text[e]
				if got[r] < want[r] {
					common++
				}
				got[r]++
				if !sentenceEnd(text, e) {
					continue
				}
				if score := 2 * float64(common) / float64(n+e-s+1); score > bestScore {
					best, bestAt, bestScore = string(text[s:e+1]), ln.N, score
				}
			}
		}
	}
	inPassage := func(pair string) bool { return strings.Contains(best, pair) }
	if bestScore < minTransposed || best == cell || pairShare(cell, inPassage) > maxInOrder {
		return "", 0, 0, false
	}
	return best, bestAt, bestScore, true
}

// pairShare is the share of cell's character pairs that printed reports
// printed.
func pairShare(cell string, printed func(pair string) bool) float64 {
	r := []rune(cell)
	if len(r) < 2 {
		return 1
	}
	n := 0
	for i := 1; i < len(r); i++ {
		if printed(string(r[i-1 : i+1])) {
			n++
		}
	}
	return float64(n) / float64(len(r)-1)
}

// sentenceEnd reports whether a passage may end at text[e]: at the end of
// a sentence or of the line (a cell states whole sentences).
func sentenceEnd(text []rune, e int) bool {
	return e == len(text)-1 || strings.ContainsRune("。；;！!？?", text[e])
}

// overlapCount is how many of text's characters the multiset want holds.
func overlapCount(text []rune, want map[rune]int) int {
	got, common := map[rune]int{}, 0
	for _, r := range text {
		if got[r] < want[r] {
			common++
		}
		got[r]++
	}
	return common
}

package extract

import (
	"bytes"
	"fmt"
	"index/suffixarray"
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// OCR sometimes cuts a 三级指标 cell of several printed lines into two
// columns, and reads the left column top to bottom before the right one:
// the cell
//
//	医疗救助资金
//	发放准确率
//
// comes out as "医疗救 发放准" | "助资金 主确率", the spaces marking the
// printed line breaks. A glyph the cut runs through is read on both sides
// of it, whole or in part (准 | 主, 众 | 入, 放 | 枚), or on one side as
// a fragment (在职力 | 人员).
//
// joinCut puts such a name back together: the pieces of the two cells are
// interleaved line by line, and at each seam a character is dropped when
// the document's own text supports the reading without it. The evidence is
// the text printed elsewhere in the document: across a real name's seam
// runs a stretch the report prints again (资金发放, 准确率), while a ghost
// glyph breaks every such stretch.

// An evidence is the text of a document, indexed, with where the lines of
// the row being read are in it, so that a name is never its own evidence.
type evidence struct {
	doc      *suffixarray.Index
	from, to int // the row's lines: bytes from:to of the indexed text
}

// printed reports whether s is printed outside the row. It reads the
// index, not the row: a row of one long line (a flattened table) is not
// searched again for each stretch.
func (e evidence) printed(s string) bool {
	for _, at := range e.doc.Lookup([]byte(s), -1) {
		if at < e.from || at+len(s) > e.to {
			return true
		}
	}
	return false
}

// maxCutRunes is the longest name joinCut reads; longer cells are joined as
// printed (the search is quadratic in a cell's length).
const maxCutRunes = 40

// maxSpan is the longest stretch across a seam looked up in the evidence.
const maxSpan = 8

// span is the length of the longest stretch across the seam between left
// and right (both sides included) printed elsewhere, or 0.
func (e evidence) span(left, right []rune) int {
	best := 0
	for i := 1; i <= len(left) && i < maxSpan; i++ {
		for j := 1; j <= len(right) && i+j <= maxSpan; j++ {
			if !e.printed(string(left[len(left)-i:]) + string(right[:j])) {
				break
			}
			best = max(best, i+j)
		}
	}
	return best
}

// cutEvidence returns the evidence for row r. The document's text is
// indexed once, on first need (a cut cell, a long cell).
func (p *seParse) cutEvidence(r seRow) evidence {
	if p.text == nil {
		var b bytes.Buffer
		p.lineAt = make([]int, len(p.doc.Lines)+1)
		for i, ln := range p.doc.Lines {
			p.lineAt[i] = b.Len()
			b.WriteString(ln.Text)
			b.WriteByte('\n')
		}
		p.lineAt[len(p.doc.Lines)] = b.Len()
		p.text = suffixarray.New(b.Bytes())
	}
	return evidence{p.text, p.lineAt[r.first], p.lineAt[r.last+1]}
}

// joinCut joins the raw text of a 三级指标 cell and the cell OCR cut from
// it (see above). The result says how: the lines interleaved or not, and
// the characters dropped at the seams.
func joinCut(ev evidence, left, right string) seamed {
	a, b := cutPieces(left), cutPieces(right)
	plain := []string{strings.Join(a, ""), strings.Join(b, "")}
	if utf8.RuneCountInString(plain[0]+plain[1]) > maxCutRunes {
		return seamed{text: plain[0] + plain[1]} // a sentence, not a name
	}
	best := joinSeams(ev, plain, 1)
	// A cell of one piece may still hold two printed lines that OCR ran
	// together: try each place the break can be. An interleaving at a
	// guessed break counts only when the document prints the pair at every
	// seam. Ghosts are dropped only at the cut, and not at all when both
	// breaks are guessed, lest dropping characters make up the evidence.
	for i, a := range twoLines(a, len(b)) {
		for j, b := range twoLines(b, len(a)) {
			if len(a) != len(b) || len(a) < 2 {
				continue
			}
			every := 2 // the cut seams, a[k]|b[k]
			if i > 0 && j > 0 {
				every = 0
			}
			if c := joinSeams(ev, interleave(a, b), every); c.weakest >= minDoubleSpan || i+j == 0 {
				best = better(best, c)
			}
		}
	}
	return best
}

// twoLines returns the ways pieces can be the printed lines of a cell whose
// other half has n lines: as they are, and, for a single piece beside at
// most two lines, split in two at every place.
func twoLines(pieces []string, n int) [][]string {
	out := [][]string{pieces}
	if len(pieces) != 1 || n > 2 {
		return out
	}
	runes := []rune(pieces[0])
	for k := 1; k < len(runes); k++ {
		out = append(out, []string{string(runes[:k]), string(runes[k:])})
	}
	return out
}

// cutPieces splits a raw cell at its white space into the printed lines.
func cutPieces(s string) []string {
	return strings.Fields(normalize.Fold(s))
}

// interleave pairs the lines of a left and a right piece list.
func interleave(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	for i := range a {
		out = append(out, a[i], b[i])
	}
	return out
}

// A seamed is a name joined from pieces, with how many of its seams the
// document attests and what was dropped at them.
type seamed struct {
	text        string
	attested    int // the stretches across the seams, summed
	weakest     int // the shortest of them
	interleaved bool
	dropped     []string // "主 at 准|主 (4 characters across the seam printed elsewhere without it, 0 with it)"
}

// better returns the candidate whose weakest seam the document attests
// more, then whose seams it attests more; on a tie, the first.
func better(x, y seamed) seamed {
	if y.weakest > x.weakest || y.weakest == x.weakest && y.attested > x.attested {
		return y
	}
	return x
}

// minGhostSpan is the stretch across a seam the document must print for a
// character to be dropped there; a character printed on both sides of the
// seam needs less.
const (
	minGhostSpan  = 3
	minDoubleSpan = 2
)

// joinSeams joins pieces, deciding at each seam whether a character is a
// ghost of the cut: of keeping both characters, dropping the right one and
// dropping the left one, the reading with the longest stretch across the
// seam printed elsewhere wins, keeping both on a tie or when the stretch is
// short. Only every-th seam, counting from the first, may drop a character
// (every 0: none).
func joinSeams(ev evidence, pieces []string, every int) seamed {
	var out []rune
	var dropped []string
	attested, weakest := 0, maxSpan
	for k, piece := range pieces {
		right := []rune(piece)
		if len(right) == 0 {
			continue
		}
		if len(out) == 0 {
			out = right
			continue
		}
		x, y := out[len(out)-1], right[0]
		keep, dropLeft, dropRight := ev.span(out, right), 0, 0
		if len(out) > 1 {
			dropLeft = ev.span(out[:len(out)-1], right)
		}
		if len(right) > 1 {
			dropRight = ev.span(out, right[1:])
		}
		least := minGhostSpan
		if x == y {
			least = minDoubleSpan
		}
		if every == 0 || (k-1)%every != 0 {
			least = maxSpan + 1 // never drop here
		}
		drop := func(ghost rune, n int) {
			attested, weakest = attested+n, min(weakest, n)
			dropped = append(dropped, fmt.Sprintf("%c at %c|%c (%d characters across the seam printed elsewhere without it, %d with it)", ghost, x, y, n, keep))
		}
		switch {
		case dropRight >= least && dropRight > keep && dropRight >= dropLeft:
			drop(y, dropRight)
			right = right[1:]
		case dropLeft >= least && dropLeft > keep:
			drop(x, dropLeft)
			out = out[:len(out)-1]
		default:
			attested, weakest = attested+keep, min(weakest, keep)
		}
		out = append(out, right...)
	}
	return seamed{text: string(out), attested: attested, weakest: weakest, interleaved: len(pieces) > 2, dropped: dropped}
}

package extract

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Some exports of a table printed one cell a line write an empty cell as a
// blank line, the mark that also ends a row (SHAPES.md 2), so a row with an
// empty cell reaches the reader in pieces:
//
//	质量指标 / 餐食抽检合格率 / % / 20 / 100%     (调整指标值 empty)
//	(blank)
//	100% / 20
//
// The template puts them back together: a row short of the values its
// header names takes the pieces after it, each blank line between read as
// one empty cell, as long as the row stays within the header's width and
// every cell suits its column, and it is kept only when the whole holds what
// an indicator row holds: a 三级指标, a target and an actual in one unit,
// and a score not above its weight.

// rowValues are the columns an indicator row fills when its header names
// them.
var rowValues = []colKind{colTarget, colAchieved, colWeight, colScore}

// joinEmptyCells returns the indicator row rows[*i], joined with the pieces
// after it that empty cells printed as blank lines cut off; *i moves to the
// last piece taken. Any other row is returned as it is.
func (p *seParse) joinEmptyCells(t *seTable, rows []seRow, i *int) seRow {
	r := rows[*i]
	if !r.word {
		return r
	}
	if got, ok := align(indicatorCells(r), false, t.ind); ok && filled(got, t.ind) {
		return r
	}
	width := 0
	for _, c := range t.ind {
		width = max(width, c.pos+1)
	}
	cur := r
	for k := *i + 1; k < len(rows); k++ {
		next := rows[k]
		if !next.word || totalAt(next) >= 0 || isIndicatorHeader(next) {
			break
		}
		blanks, ok := p.blankLines(cur.last+1, next.first)
		if !ok || blanks == 0 {
			break
		}
		cur.cells = append(append(append([]string{}, cur.cells...), make([]string, blanks)...), next.cells...)
		cur.raw = append(append(append([]string{}, cur.raw...), make([]string, blanks)...), next.raw...)
		cur.last = next.last
		if len(cur.cells) > width {
			break
		}
		cells := indicatorCells(cur)
		got, ok := align(cells, false, t.ind)
		if !ok || !allPlaced(cells, got) {
			break
		}
		if filled(got, t.ind) {
			if !wholeRow(got, t.ind) {
				break
			}
			*i = k
			return cur
		}
	}
	return r
}

// blankLines counts the blank lines from line index from up to to (0-based,
// furniture aside); ok is false when a line between prints something.
func (p *seParse) blankLines(from, to int) (n int, ok bool) {
	for _, ln := range p.doc.Lines[from:to] {
		switch {
		case ln.Furniture:
		case strings.TrimSpace(ln.Text) != "":
			return 0, false
		default:
			n++
		}
	}
	return n, true
}

// filled reports whether a row read as got fills every value column its
// header names.
func filled(got map[colKind]cell, cols []column) bool {
	for _, k := range rowValues {
		if hasKind(cols, k) && got[k].text == "" {
			return false
		}
	}
	return true
}

// allPlaced reports whether every printed cell went to a column.
func allPlaced(cells []cell, got map[colKind]cell) bool {
	placed := map[int]bool{}
	for _, c := range got {
		placed[c.pos] = true
	}
	for _, c := range cells {
		if c.text != "" && !placed[c.pos] {
			return false
		}
	}
	return true
}

// wholeRow checks a joined row with the template: a 三级指标, points where
// points go and a score not above its weight, and a target and an actual
// in one unit (≥90%, 95%), or both words (健全, 健全).
func wholeRow(got map[colKind]cell, cols []column) bool {
	if !hasLetters(got[colL3].text) {
		return false
	}
	var points []decimal.Decimal
	for _, k := range []colKind{colWeight, colScore} {
		if !hasKind(cols, k) {
			continue
		}
		v, err := parsePoints(got[k].text)
		if err != nil {
			return false
		}
		points = append(points, v)
	}
	if len(points) == 2 && points[1].GreaterThan(points[0]) {
		return false
	}
	target, actual := got[colTarget].text, got[colAchieved].text
	if isMeasure(target) != isMeasure(actual) {
		return false
	}
	return !isMeasure(target) || sameUnit(target, actual)
}

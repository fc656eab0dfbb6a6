package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A seRow is one table row of a self-evaluation report, whatever the
// layout it was printed in.
type seRow struct {
	cells       []string // trimmed, normalised cells; empty cells kept where the layout keeps them
	raw         []string // the same cells from the raw lines (OCR spaces kept), or nil
	first, last int      // 0-based indices into doc.Lines
	// loose rows were split at single spaces: empty cells are lost, so a
	// cell's position says nothing about its column.
	loose bool
	word  bool // a cell-per-line row
}

// text is the row's cells joined by single spaces.
func (r seRow) text() string { return strings.Join(r.cells, " ") }

// nonEmpty reports how many cells print something.
func (r seRow) nonEmpty() int {
	n := 0
	for _, c := range r.cells {
		if c != "" {
			n++
		}
	}
	return n
}

// maxWrapRunes is the longest line that continues the cell above it in a
// cell-per-line export ("(50分)", "及改进措施", "标").
const maxWrapRunes = 16

// seRows splits a document into rows. Three layouts are recognised:
//
//   - cell per line (Word exports): each cell a line starting with one tab,
//     a blank line between rows; a line without a tab continues the cell
//     above it, even across blank lines ("产出指标\n\n(50分)");
//   - tab-separated OCR rows: one row per line, cells split at tabs;
//   - plain lines: split at runs of two or more spaces, or when there are
//     none at single spaces (a loose row).
func seRows(doc *fiscaldoc.Document) []seRow {
	var rows []seRow
	var cur *seRow // open cell-per-line row
	gap := false   // a blank line since the last cell of cur
	flush := func() {
		if cur != nil {
			rows = append(rows, *cur)
			cur = nil
		}
	}
	for i, ln := range doc.Lines {
		if ln.Furniture {
			continue
		}
		t := ln.Text
		// An empty cell is a line holding one tab, which Text trims away:
		// the layout is read from the raw line.
		raw := strings.TrimRight(ln.Raw, "\r")
		switch {
		case strings.HasPrefix(raw, "\t") && strings.Count(raw, "\t") == 1:
			if cur != nil && gap {
				flush()
			}
			if cur == nil {
				cur = &seRow{first: i, word: true}
			}
			cur.cells = append(cur.cells, cleanCell(t))
			cur.raw = append(cur.raw, cleanCell(raw))
			cur.last = i
			gap = false
		case strings.TrimSpace(t) == "":
			gap = true
		case cur != nil && continuesCell(t):
			k := len(cur.cells) - 1
			cur.cells[k] = joinWrapped(cur.cells[k], cleanCell(t))
			cur.raw[k] = joinWrapped(cur.raw[k], cleanCell(ln.Raw))
			cur.last = i
			gap = false
		default:
			flush()
			gap = false
			rows = append(rows, lineRow(t, ln.Raw, i))
		}
	}
	flush()
	return rows
}

// continuesCell reports whether a plain line can be the wrapped end of the
// cell above it: short, and not a heading of what follows ("附件三", a
// table title).
func continuesCell(t string) bool {
	s := strings.TrimSpace(t)
	return !strings.Contains(t, "\t") && !strings.HasPrefix(t, " ") &&
		utf8.RuneCountInString(s) <= maxWrapRunes &&
		!strings.HasPrefix(s, "附件") && !strings.HasSuffix(s, "表")
}

// lineRow splits one line into a row.
func lineRow(t, raw string, i int) seRow {
	r := seRow{first: i, last: i}
	split := func(s string) []string {
		var out []string
		for _, c := range Cells(s) {
			out = append(out, cleanCell(c))
		}
		return out
	}
	if strings.Contains(t, "\t") {
		r.cells, r.raw = split(t), split(raw)
	} else {
		// Text joins CJK words OCR printed with one space between them; in
		// a line without tabs that space may be all that separates cells,
		// so the raw line is split, each piece normalised.
		for _, f := range strings.Fields(normalize.Fold(raw)) {
			r.cells = append(r.cells, normalize.Text(f))
		}
		r.raw = r.cells
		r.loose = true
	}
	// Text trims trailing tabs, so the raw line may have more cells.
	if len(r.raw) >= len(r.cells) {
		r.raw = r.raw[:len(r.cells)]
	} else {
		r.raw = nil
	}
	return r
}

// cleanCell trims a cell, folding the ideographic space Word pads cells with.
func cleanCell(s string) string {
	return strings.TrimSpace(normalize.Fold(s))
}

// joinWrapped joins a cell with the text OCR or a narrow column wrapped onto
// the next line. A character printed on both sides of the break ("住院救助"
// + "助人次数") is OCR reading the boundary twice and is kept once.
func joinWrapped(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" {
		return a + b
	}
	la, _ := utf8.DecodeLastRuneInString(a)
	fb, n := utf8.DecodeRuneInString(b)
	if la == fb && normalize.IsCJK(la) && utf8.RuneCountInString(a) > 1 && utf8.RuneCountInString(b) > 1 {
		b = b[n:]
	}
	sep := ""
	if isASCIIWord(la) && isASCIIWord(fb) {
		sep = " "
	}
	return a + sep + b
}

func isASCIIWord(r rune) bool {
	return r < utf8.RuneSelf && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

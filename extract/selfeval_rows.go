package extract

import (
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// A seRow is one table row of a self-evaluation report, whatever the
// shape it was printed in.
type seRow struct {
	cells       []string // trimmed, normalised cells; empty cells kept where the shape keeps them
	raw         []string // the same cells from the raw lines (OCR spaces kept), or nil
	first, last int      // 0-based indices into doc.Lines
	// loose rows were split at single spaces, or come from a shape that
	// collapses empty cells: a cell's position says nothing about its
	// column.
	loose bool
	word  bool // a cell-per-line row
	// stream rows are a whole table whose row breaks were lost (layout's
	// Stream tables): the template cuts them (unflatten).
	stream bool
	lines  []int  // a stream row's line index (0-based) of each cell, or nil
	unit   string // the money unit stated above the row's table (单位:元), or ""
	// excerpt marks the header a cut-off table borrowed from the report's
	// next one (headlessExcerpt): the rows above the cut are lost.
	excerpt bool
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

// withCells returns the row with its cells replaced by cs, read again
// (joined, or cut apart), whose positions are their indices.
func (r seRow) withCells(cs []cell, loose bool) seRow {
	r.cells = make([]string, len(cs))
	for i, c := range cs {
		r.cells[i] = c.text
	}
	r.raw, r.loose, r.lines = r.cells, loose, nil
	return r
}

// seRows reads a document as rows: the rows of its tables (package
// layout), and each line of text between them as a loose row, split at
// white space, since an OCR dump prints a table's rows as lines of words.
func seRows(doc *fiscaldoc.Document) []seRow {
	var rows []seRow
	at := map[int][]*fiscaldoc.Table{} // tables by the index of their first line
	for i := range doc.Tables {
		t := &doc.Tables[i]
		at[t.First-1] = append(at[t.First-1], t)
	}
	for i := 0; i < len(doc.Lines); i++ {
		if ts, ok := at[i]; ok {
			for _, t := range ts {
				rows = append(rows, gridRows(t)...)
				i = max(i, t.Last-1)
			}
			continue
		}
		ln := doc.Lines[i]
		if ln.Furniture || strings.TrimSpace(ln.Text) == "" {
			continue
		}
		rows = append(rows, lineRow(ln.Text, ln.Raw, i))
	}
	return rows
}

// gridRows turns a table of the model into rows.
func gridRows(t *fiscaldoc.Table) []seRow {
	rows := make([]seRow, 0, len(t.Rows))
	width := t.Cols()
	for _, cells := range t.Rows {
		if len(cells) == 0 {
			continue
		}
		r := seRow{
			first: cells[0].First - 1, last: cells[0].Last - 1,
			// A pipe row shorter than the table lost its empty cells.
			loose:  t.Stream || t.Shape == fiscaldoc.ShapePipe && len(cells) < width,
			word:   t.Shape == fiscaldoc.ShapeCellLine,
			stream: t.Stream,
			unit:   unitOf(t.Unit),
		}
		for _, c := range cells {
			r.cells = append(r.cells, c.Text)
			r.raw = append(r.raw, c.Raw)
			r.first, r.last = min(r.first, c.First-1), max(r.last, c.Last-1)
			if t.Stream {
				r.lines = append(r.lines, c.First-1)
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// lineRow splits one line of text into a loose row: the raw line is split
// at white space, each piece normalised, since Text joins CJK words OCR
// printed with one space between them, and that space may be all that
// separates two cells. A pipe alone separates or ends cells (one cell a
// line, each ending in " |": "92 |"), and is no cell.
func lineRow(t, raw string, i int) seRow {
	r := seRow{first: i, last: i, loose: true}
	r.raw = strings.Fields(normalize.Fold(raw))
	if pieces := slices.DeleteFunc(slices.Clone(r.raw), func(p string) bool { return p == "|" }); len(pieces) > 0 {
		r.raw = pieces
	}
	r.cells = layout.Pieces(fiscaldoc.Line{Text: t, Raw: raw}, r.raw)
	return r
}

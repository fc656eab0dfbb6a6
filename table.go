package fiscaldoc

import "strings"

// The table model: every reader of a shape (tab rows, one cell a line, pipe
// tables, flattened lines, PDF ruling lines or glyph gaps) produces Tables,
// and the extractors read tables only through it. Package layout finds the
// tables of a text; package corpus those of a PDF from its geometry.

// Shapes a table was read from, the values of Table.Shape.
const (
	ShapeTab      = "tab"       // one row a line, cells split at tabs
	ShapeSpaces   = "spaces"    // one row a line, cells split at runs of two or more spaces
	ShapeLoose    = "loose"     // one row a line, cells split at single spaces: empty cells lost
	ShapeCellLine = "cell-line" // one cell a line, blank lines between rows
	ShapeCellRun  = "cell-run"  // one cell a line, no row separators (Stream)
	ShapePipe     = "pipe"      // | a | b | rows
	ShapeFlat     = "flat"      // a whole table on one or a few lines (Stream)
	ShapeLattice  = "lattice"   // a PDF table read from its ruling lines
	ShapeGlyphGap = "stream"    // a PDF table read from the gaps between glyphs
)

// A Cell is one cell of a table as read.
type Cell struct {
	Text string // normalised (normalize.Text), wrapped lines joined
	Raw  string // as printed, wrapped lines joined by "\n"
	// Row and Col place the cell in the grid (0-based); in a Stream table
	// every cell has Row 0 and Col its reading order.
	Row, Col int
	// RowSpan and ColSpan are 1 for an unmerged cell; a merged cell is
	// stored once, at its top-left position.
	RowSpan, ColSpan int
	First, Last      int // 1-based numbers (Line.N) of the lines it was read from
}

// A Table is a grid of cells read from a document, whatever shape it was
// printed in, with the title and unit line printed above it.
type Table struct {
	Title     string // the title line above the table, "" when none was printed
	TitleLine int    // its line number, 0 when none
	Unit      string // the unit line (单位:元), "" when none
	Shape     string // ShapeTab, ShapePipe, …
	Rows      [][]Cell
	// Stream is set when the shape lost the row breaks (one cell a line
	// with no separators, a table flattened onto a line) and they were
	// not found again: Rows holds one row of cells in reading order, and
	// only the template the table follows can cut it into rows. A table
	// of those shapes whose rows layout cut at their codes is no Stream,
	// but its cells are not Aligned.
	Stream      bool
	First, Last int // 1-based line numbers of the table's first and last line
	Page        int // 1-based PDF page of its first row; 0 for text
}

// Aligned reports whether the table's cells stand in their columns: it is
// no Stream, and no table whose rows layout cut from one (ShapeFlat,
// ShapeCellRun) or read at single spaces (ShapeLoose), whose rows keep only
// the cells they print.
func (t *Table) Aligned() bool {
	return !t.Stream && t.Shape != ShapeFlat && t.Shape != ShapeCellRun && t.Shape != ShapeLoose
}

// Texts returns the normalised text of each cell of row i ("" past the end).
func (t *Table) Texts(i int) []string {
	if i < 0 || i >= len(t.Rows) {
		return nil
	}
	out := make([]string, len(t.Rows[i]))
	for j, c := range t.Rows[i] {
		out[j] = c.Text
	}
	return out
}

// Cols is the number of columns of the widest row.
func (t *Table) Cols() int {
	n := 0
	for _, r := range t.Rows {
		if len(r) > 0 {
			last := r[len(r)-1]
			n = max(n, last.Col+max(last.ColSpan, 1))
		}
	}
	return n
}

// String renders the table for people: title and unit, then one row a line
// with cells separated by " | ", for `fiscaldoc tables` and test failures.
func (t *Table) String() string {
	var b strings.Builder
	b.WriteString("table " + t.Shape)
	if t.Stream {
		b.WriteString(" (rows unknown)")
	}
	if t.Title != "" {
		b.WriteString(" 《" + t.Title + "》")
	}
	if t.Unit != "" {
		b.WriteString(" " + t.Unit)
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		for j, c := range r {
			if j > 0 {
				b.WriteString(" | ")
			}
			b.WriteString(c.Text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

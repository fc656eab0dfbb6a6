package extract

import (
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// An excerpt may start in the middle of a project's indicator table, its
// title, name and header cut off: its first lines are indicator rows and
// the table's 总分 row, before the next table's title (SHAPES.md 9). One
// report prints all its 自评表 in one template, so those rows are read
// with the header of the report's next indicator table: the cut-off
// table's rows are known to be its rows only by the 总分 row that ends
// them, and each must suit that header (a 三级指标 and points).

// headlessExcerpt puts, before the rows of a cut-off table that open a
// report, a copy of the report's first indicator header, and cuts their
// cells into indicator rows when they lost their row breaks. Rows are
// returned unchanged when the report does not open so.
func headlessExcerpt(rows []seRow) []seRow {
	start := slices.IndexFunc(rows, func(r seRow) bool {
		_, title := tableTitle(r)
		return title || opensTable(r) && totalAt(r) < 0
	})
	if start <= 0 {
		return rows
	}
	h := slices.IndexFunc(rows[start:], isIndicatorHeader)
	if h < 0 {
		return rows
	}
	header := rows[start+h]
	cols := headerColumns(header.cells, indicatorKind)
	// The 总分 row that ends the cut-off table, right before the next
	// table, and the rows of words and values from the report's start to
	// it.
	// The 总分 row's numbers may follow on rows of their own.
	z := start - 1
	for z >= 0 && flatTotalAt(rows[z]) < 0 && numbersOnly(rows[z]) {
		z--
	}
	if z < 0 || flatTotalAt(rows[z]) < 0 || slices.ContainsFunc(rows[:start], isProse) {
		return rows
	}
	for k := 1; k <= z; k++ {
		if rows[k].loose && rows[k-1].last+1 < rows[k].first {
			return rows // lines apart: not one flattened table
		}
	}
	block := rows[:z+1]
	head := header
	head.first, head.last, head.lines, head.excerpt = block[0].first, block[0].first, nil, true
	out := []seRow{head}
	if !slices.ContainsFunc(block, func(r seRow) bool { return r.loose }) || lineRows(block, cols) {
		// Rows that kept their breaks are read as rows, under the header.
		return append(out, rows...)
	}
	// Rows that lost their breaks (a flattened table) are cut by the
	// template, as a flattened table's rows are.
	var cells []string
	var lines []int
	for k, r := range block {
		cs := r.cells
		if k == len(block)-1 {
			cs = cs[:flatTotalAt(r)]
		}
		for _, c := range cs {
			if c != "" {
				cells = append(cells, c)
				lines = append(lines, r.first)
			}
		}
	}
	spans := segmentIndicators(cells, cols)
	if len(spans) == 0 {
		return rows
	}
	for _, sp := range spans {
		r := seRow{first: lines[sp.from], last: lines[sp.to-1], loose: true}
		r.cells = rotate(slices.Clone(cells[sp.from:sp.to]), sp.names)
		r.raw = r.cells
		out = append(out, r)
	}
	// The 总分 row with the numbers that follow it on rows of their own.
	total := block[len(block)-1]
	total.cells = slices.Clone(total.cells[flatTotalAt(total):])
	for _, r := range rows[z+1 : start] {
		total.cells = append(total.cells, slices.DeleteFunc(slices.Clone(r.cells), func(c string) bool { return c == "" })...)
		total.last = max(total.last, r.last)
	}
	total.raw, total.lines = total.cells, nil
	out = append(out, total)
	return append(out, rows[start:]...)
}

// lineRows reports whether a cut-off table printed as lines of text kept
// its row breaks: a line a row, each read alone under the header as one
// indicator row (its cells run together or not), and the 总分 row starting
// a line of its own. A table flattened onto lines has lines of several
// rows, or rows cut across lines.
func lineRows(block []seRow, cols []column) bool {
	last := block[len(block)-1]
	if totalAt(last) < 0 {
		return false
	}
	for _, r := range block[:len(block)-1] {
		if !oneIndicatorRow(r, cols) {
			return false
		}
	}
	return true
}

// oneIndicatorRow reports whether a loose row reads as one whole indicator
// row under cols: a row that ran together cuts into one row the template's
// arithmetic allows (fusedCells); any other puts every cell in a column of
// its own, and holds a 三级指标 and its points.
func oneIndicatorRow(r seRow, cols []column) bool {
	if letterThenDigit(strings.Join(r.cells, " ")) {
		return fusedCells(r, cols) != nil
	}
	cells := indicatorCells(r)
	got, ok := align(cells, r.loose, cols)
	if !ok || !hasLetters(got[colL3].text) || !allPlaced(cells, got) {
		return false
	}
	_, errW := parsePoints(got[colWeight].text)
	_, errS := parsePoints(got[colScore].text)
	return errW == nil || errS == nil
}

// numbersOnly reports whether every cell of a row is empty or a number.
func numbersOnly(r seRow) bool {
	for _, c := range r.cells {
		if _, err := parsePoints(c); c != "" && err != nil {
			return false
		}
	}
	return true
}

// isIndicatorHeader reports whether a row is the header of an indicator
// table: a 三级指标 column among three or more.
func isIndicatorHeader(r seRow) bool {
	cols := headerColumns(r.cells, indicatorKind)
	return hasKind(cols, colL3) && len(cols) >= 3
}

// flatTotalAt is the index of the 总分 cell of a row, anywhere in a loose
// row (a flattened table's last line), or -1.
func flatTotalAt(r seRow) int {
	if !r.loose {
		return totalAt(r)
	}
	return slices.IndexFunc(r.cells, func(c string) bool { return strings.HasPrefix(normalize.Squash(c), "总分") })
}

// isProse reports whether a row reads as a sentence or a paragraph rather
// than cells of a table. A cell is long by its words: one whose cells ran
// together (农民人均纯收入增长率22≥85%92%86.36%19部分目标未完成) is long
// by its numbers.
func isProse(r seRow) bool {
	for _, c := range r.cells {
		c = normalize.Squash(c)
		if strings.ContainsAny(c, "。;；") || strings.HasSuffix(c, ":") || strings.HasSuffix(c, "：") || normalize.HanCount(c) > 30 {
			return true
		}
	}
	return false
}

package extract

import (
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// Tables that lost their row breaks (layout's Stream tables: one cell a line
// without blank lines, a table flattened onto a line) are cut into rows by
// the template's own evidence: a coded row starts at a classification code
// (3, 5 or 7 digits) followed by its name, a total row at 合计 or 总计, a
// 总表 row at its label; the header is what comes before the first row, and
// its 栏次 cell is followed by the column numbers 1 … K. A row's values are
// its amounts and its empty marks (-) in column order; header words a
// flattening interleaved with the first rows' amounts are header, not
// values. The template names the value columns from their count and the
// header's words, since no cell position does.

// isEmptyMark reports whether a cell marks an empty amount.
func isEmptyMark(c string) bool {
	switch c {
	case "-", "--", "—", "——", "－", "–":
		return true
	}
	return false
}

// isAmountCell reports whether a cell is an amount or an empty mark.
func isAmountCell(c string) bool { return isEmptyMark(c) || isNumber(c) }

// columnRun returns the index of the first 栏次 cell and how many column
// numbers (1, 2, …, K in order) follow it; -1 and 0 when none.
func columnRun(cells []fiscaldoc.Cell) (at, k int) {
	for i, c := range cells {
		if !strings.Contains(c.Text, "栏次") {
			continue
		}
		for j := i + 1; j < len(cells) && cells[j].Text == strconv.Itoa(k+1); j++ {
			k++
		}
		return i, k
	}
	return -1, 0
}

// A streamRow is one row cut from a stream: the cell that starts it (a
// code or a total label), its name, its values, and the cells it spans.
type streamRow struct {
	lead  fiscaldoc.Cell
	code  string
	name  fiscaldoc.Cell
	vals  []fiscaldoc.Cell
	extra []fiscaldoc.Cell // words of the header interleaved with the row
}

// cutStream cuts cells at each row start (code reports a cell's code, ""
// for none; a code counts only when a name follows it) and at total labels.
// A total label before the first coded row starts the total row, whose
// values run to the first coded row (the header words around them are its
// extra), and so does another total label after a total row's amounts
// (公用经费合计 after 人员经费合计); the cells of the 栏次 run are dropped. With blanks, an empty cell
// (a line of a lone |) is a value, empty, unless it comes between a code and its name.
func cutStream(cells []fiscaldoc.Cell, code func(string) string, totals func(string) bool, blanks bool) (head []fiscaldoc.Cell, rows []streamRow) {
	at, k := columnRun(cells)
	var cur *streamRow
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if at >= 0 && i >= at && i <= at+k {
			continue
		}
		lead, rest := splitLead(c.Text)
		cd := code(lead)
		named := cd != "" && (hanCount(rest) >= 2 || rest == "" && i+1 < len(cells) && hanCount(nextWord(cells[i+1:])) >= 2)
		switch {
		case named:
			rows = append(rows, streamRow{lead: c, code: cd})
			cur = &rows[len(rows)-1]
			if rest != "" {
				cur.name = fiscaldoc.Cell{Text: rest, Raw: rest, First: c.First, Last: c.Last}
			}
		case totals(label(c.Text)) && (cur == nil || cur.code != "" || label(c.Text) != label(cur.lead.Text) && anyAmount(cur.vals)):
			rows = append(rows, streamRow{lead: c, name: c})
			cur = &rows[len(rows)-1]
		case cur == nil:
			head = append(head, c)
		case isAmountCell(c.Text) || blanks && c.Text == "":
			cur.vals = append(cur.vals, c)
		case hanCount(c.Text) >= 2 && cur.code != "" && hanCount(c.Text) > hanCount(cur.name.Text):
			if cur.name.Text != "" {
				cur.extra = append(cur.extra, cur.name)
			} else if !anyAmount(cur.vals) {
				cur.vals = nil // empty cells between a code and its name are the code's columns (类 款 项)
			}
			cur.name = c
		default:
			cur.extra = append(cur.extra, c)
		}
	}
	return head, rows
}

// nextWord is the text of the first cell of cells that holds words or an
// amount: OCR debris (?, ")") between a code and its name is skipped.
func nextWord(cells []fiscaldoc.Cell) string {
	for _, c := range cells {
		if hanCount(c.Text) > 0 || isAmountCell(c.Text) || strings.ContainsAny(c.Text, "0123456789") {
			return c.Text
		}
	}
	return ""
}

// templateCols names k value columns of a stream or a header whose column
// positions are lost: all the spec's columns in template order when it has
// k, else the columns the header's words name, in template order, when they
// are k.
func templateCols(specCols []colSpec, header string, k int) []string {
	var all, found []string
	for _, cs := range specCols {
		all = append(all, cs.name)
		for _, key := range cs.keys {
			if strings.Contains(header, key) {
				found = append(found, cs.name)
				break
			}
		}
	}
	switch {
	case k == len(all):
		return all
	case k == len(found):
		return found
	}
	return nil
}

// cell makes a cell of a rebuilt row, read from the lines of at.
func builtCell(text string, at fiscaldoc.Cell) fiscaldoc.Cell {
	return fiscaldoc.Cell{Text: text, Raw: text, RowSpan: 1, ColSpan: 1, First: at.First, Last: at.Last}
}

func isTotalLabel(l string) bool { return l == "合计" || l == "总计" }

func isEconTotal(l string) bool {
	return isTotalLabel(l) || l == "人员经费合计" || l == "公用经费合计"
}

// streamRows cuts a Stream table's cells into the rows its template reads.
// A table whose rows the template cannot find, a 三公 table and a 总表,
// whose readers take their cells in reading order, is read one cell a row.
func (a *accounts) streamRows(t *table, cells []fiscaldoc.Cell) {
	var rows [][]fiscaldoc.Cell
	switch {
	case t.spec.coded():
		rows = a.codedStream(t, cells)
	case t.spec.kind == kindEconomic:
		rows = econStream(cells)
	}
	if rows == nil {
		for _, c := range cells {
			rows = append(rows, []fiscaldoc.Cell{c})
		}
	}
	t.rows = a.rows(rows)
}

// codedStream cuts a coded table into one row a code and the 合计 row
// (code, name, values), and names its value columns by the template: the
// 栏次 run, or else the most common number of values of a row, says how
// many there are, and the header's words which they are.
func (a *accounts) codedStream(t *table, cells []fiscaldoc.Cell) [][]fiscaldoc.Cell {
	code := func(s string) string {
		if functionCode(s) {
			return s
		}
		return ""
	}
	head, rows := cutStream(cells, code, isTotalLabel, true)
	if len(rows) == 0 {
		return nil
	}
	var words strings.Builder
	for _, c := range head {
		words.WriteString(label(c.Text))
	}
	for _, r := range rows {
		if r.code == "" {
			for _, c := range r.extra {
				words.WriteString(label(c.Text))
			}
		}
	}
	_, k := columnRun(cells)
	if k == 0 {
		k = modalValues(rows)
	}
	if t.cols = templateCols(t.spec.cols, words.String(), k); t.cols == nil {
		if k > 0 || anyAmount(cells) { // not an empty table (本表为空表)
			a.problemf(a.line(cells[0].First), "table", "%s: %d value columns, which the header's words do not name", t.spec.name, k)
		}
		return [][]fiscaldoc.Cell{}
	}
	var out [][]fiscaldoc.Cell
	for _, r := range rows {
		row := []fiscaldoc.Cell{builtCell(r.code, r.lead), r.name}
		out = append(out, append(row, r.vals...))
	}
	return out
}

// anyAmount reports whether a cell of vals is an amount, not an empty mark.
func anyAmount(vals []fiscaldoc.Cell) bool {
	for _, v := range vals {
		if isNumber(v.Text) {
			return true
		}
	}
	return false
}

// modalValues is the most common number of values of the coded rows.
func modalValues(rows []streamRow) int {
	count := map[int]int{}
	best := 0
	for _, r := range rows {
		if r.code == "" {
			continue
		}
		count[len(r.vals)]++
		if count[len(r.vals)] > count[best] {
			best = len(r.vals)
		}
	}
	return best
}

// econStream rebuilds the basic-expenditure table: its header words in one
// row, then one row a code (code, name, amounts) and the total rows.
func econStream(cells []fiscaldoc.Cell) [][]fiscaldoc.Cell {
	code := func(s string) string {
		if economicCode(s) {
			return s
		}
		return ""
	}
	head, rows := cutStream(cells, code, isEconTotal, false)
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		head = append(head, r.extra...)
	}
	out := [][]fiscaldoc.Cell{head}
	for _, r := range rows {
		var row []fiscaldoc.Cell
		if r.code != "" {
			row = []fiscaldoc.Cell{builtCell(r.code, r.lead), r.name}
		} else {
			row = []fiscaldoc.Cell{r.lead}
		}
		out = append(out, append(row, r.vals...))
	}
	return out
}

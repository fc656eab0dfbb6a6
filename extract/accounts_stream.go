package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
)

// Tables that lost their row breaks (layout's Stream tables: one cell a line
// without blank lines, a table flattened onto a line) are cut into rows by
// the template's own evidence: a coded row starts at a classification code
// (3, 5 or 7 digits) followed by its name, a total row at 合计 or 总计; the
// header is what comes before the first row, and its 栏次 cell is followed
// by the column numbers 1 … K. A row's values are its amounts and its empty
// marks (-) in column order; header words a flattening interleaved with
// the first rows' amounts are header, not values. The rows are then read
// as a grid's are (readCoded, readEconomic).

// isAmountCell reports whether a cell is an amount or an empty mark.
func isAmountCell(c string) bool { return layout.IsEmptyMark(c) || isNumber(c) }

// columnRun returns the index of the first 栏次 cell and how many column
// numbers (1, 2, …, K in order) follow it; -1 and 0 when none.
func columnRun(cells []string) (at, k int) {
	for i, c := range cells {
		if !strings.Contains(c, "栏次") {
			continue
		}
		for j := i + 1; j < len(cells) && cells[j] == strconv.Itoa(k+1); j++ {
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

// cutStream cuts cells into the rows a template reads: the header's words,
// its 栏次 run (栏次 1 2 … K), then a row (code, name, values) at each cell
// code accepts followed by a name, and at total labels. A total label
// before the first coded row starts the total row, whose values run to the
// first coded row, and so does another total label after a total row's
// amounts (公用经费合计 after 人员经费合计). A row's name is its first
// words that are not the header's (streamHeader); the words no row reads
// are the header's. With blanks, an empty cell (a line of a lone |) is a
// value, empty, unless it comes between a code and its name. nil when no
// row starts.
func cutStream(cells []fiscaldoc.Cell, code func(string) bool, totals func(string) bool, blanks bool) [][]fiscaldoc.Cell {
	texts := make([]string, len(cells))
	for i, c := range cells {
		texts[i] = c.Text
	}
	at, k := columnRun(texts)
	var head []fiscaldoc.Cell
	var rows []streamRow
	var cur *streamRow
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if at >= 0 && i >= at && i <= at+k {
			continue
		}
		lead, rest := splitLead(c.Text)
		named := code(lead) && (hanCount(rest) >= 2 || rest == "" && i+1 < len(cells) && hanCount(nextWord(cells[i+1:])) >= 2)
		switch {
		case named:
			rows = append(rows, streamRow{lead: c, code: lead})
			cur = &rows[len(rows)-1]
			if rest != "" {
				cur.name = builtCell(rest, c)
			}
		case totals(label(c.Text)) && (cur == nil || cur.code != "" || label(c.Text) != label(cur.lead.Text) && anyAmount(cur.vals)):
			rows = append(rows, streamRow{lead: c, name: c})
			cur = &rows[len(rows)-1]
		case cur == nil:
			head = append(head, c)
		case isAmountCell(c.Text) || blanks && c.Text == "":
			cur.vals = append(cur.vals, c)
		case hanCount(c.Text) >= 2 && cur.code != "" && cur.name.Text == "" &&
			!slices.ContainsFunc(streamHeader, func(h string) bool { return strings.Contains(h, label(c.Text)) }):
			if !anyAmount(cur.vals) {
				cur.vals = nil // empty cells between a code and its name are the code's columns (类 款 项)
			}
			cur.name = c
		default:
			cur.extra = append(cur.extra, c)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		head = append(head, r.extra...)
	}
	out := [][]fiscaldoc.Cell{head}
	if at >= 0 {
		out = append(out, cells[at:at+k+1])
	}
	for _, r := range rows {
		out = append(out, append([]fiscaldoc.Cell{builtCell(r.code, r.lead), r.name}, r.vals...))
	}
	return out
}

// streamHeader are the header cells of the templates' code and name
// columns and of the economic table's value columns: one, or a piece a
// flattening cut from one (经济 分类科目编码, 人员 经费), is no row's name.
var streamHeader = []string{"功能分类科目编码", "经济分类科目编码", "科目名称", "决算数", "预算数", colPersonnel, colPublic}

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

// templateCols names k value columns from a header's words: all the
// spec's columns in template order when it has k, else the columns the
// words name, in template order, when they are k (or k < 0).
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
	case k == len(found) || k < 0 && len(found) > 0:
		return found
	}
	return nil
}

// builtCell makes a cell of a rebuilt row, read from the lines of at.
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
		rows = cutStream(cells, functionCode, isTotalLabel, true)
	case t.spec.kind == kindEconomic:
		rows = cutStream(cells, economicCode, isEconTotal, false)
	}
	if rows == nil {
		for _, c := range cells {
			rows = append(rows, []fiscaldoc.Cell{c})
		}
	}
	t.rows = a.rows(rows)
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

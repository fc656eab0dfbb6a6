package layout

import (
	"slices"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Keyed tables. The 决算 and 预算 tables list their rows by the national
// classification codes: 支出功能分类 (类, 款, 项: 3, 5 or 7 digits from 2)
// or 支出经济分类 (3 or 5 digits from 3), each code followed by its name,
// and their header names the code column (科目编码, 科目名称). A Stream
// table of them is cut into rows here, by that evidence alone: the header,
// its 栏次 run (栏次 1 2 … K), then a row at each code followed by a name
// and at each total label (合计, 总计; 人员经费合计 and 公用经费合计 in the
// economic table), each row holding the cells it prints: code, name,
// values. Header words a flattening interleaved with the first rows'
// amounts go back to the header.
//
//	科目编码 科目名称 合计 栏次 1 208 社会保障和就业支出 65.5 合计 65.5
//	→ 科目编码 | 科目名称 | 合计   栏次 | 1   208 | 社会保障和就业支出 | 65.5   | 合计 | 65.5

// A keySystem is how a code system's rows start and what they hold.
type keySystem struct {
	code   func(string) bool
	totals []string
	blanks bool // an empty cell (a lone | line) is an empty value
}

var (
	functionKeys = keySystem{code: FunctionCode, totals: []string{"合计", "总计"}, blanks: true}
	economicKeys = keySystem{code: EconomicCode, totals: []string{"合计", "总计", "人员经费合计", "公用经费合计"}}
)

// FunctionCode and EconomicCode report whether c has the shape of a
// 支出功能分类 or a 支出经济分类 code.
func FunctionCode(c string) bool { return codeShape(c, '2', 3, 5, 7) }
func EconomicCode(c string) bool { return codeShape(c, '3', 3, 5) }

func codeShape(c string, first byte, lens ...int) bool {
	return slices.Contains(lens, len(c)) && c[0] == first && strings.Trim(c, "0123456789") == ""
}

// SplitCode splits a cell into its leading code (the digits, spaces
// dropped, before the first other character) and the rest.
func SplitCode(cell string) (code, rest string) {
	n := len(cell) - len(strings.TrimLeft(cell, "0123456789 "))
	return strings.ReplaceAll(cell[:n], " ", ""), strings.TrimSpace(cell[n:])
}

// keyHeader are the header cells of the code and name columns and of the
// economic table's value columns: one, or a piece a flattening cut from one
// (经济 分类科目编码, 人员 经费), is no row's name.
var keyHeader = []string{"功能分类科目编码", "经济分类科目编码", "科目名称", "决算数", "预算数", "人员经费", "公用经费"}

// CutKeyed cuts a Stream table whose rows are keyed by codes into its rows
// and clears Stream; any other table is left as it is. Its header must
// name the code column (科目), unless keyed: the caller knows the table is
// one of codes (package extract, by a title that names such a template,
// for a Stream whose header the wrap left above it or OCR misread: 科日编码).
// Read cuts the tables it finds; extract cuts the rest with this.
func CutKeyed(t *fiscaldoc.Table, keyed bool) {
	if !t.Stream || len(t.Rows) != 1 {
		return
	}
	cells := t.Rows[0]
	keys, fn, econ := functionKeys, 0, 0
	for i := range cells {
		if keyAt(cells, i, FunctionCode) != "" {
			fn++
		}
		if keyAt(cells, i, EconomicCode) != "" {
			econ++
		}
	}
	if econ > fn || econ == fn && slices.ContainsFunc(cells, func(c fiscaldoc.Cell) bool { return strings.Contains(c.Text, "经济分类") }) {
		keys = economicKeys
	}
	rows := keys.cut(cells)
	if rows == nil || !keyed && !slices.ContainsFunc(rows[0], func(c fiscaldoc.Cell) bool { return strings.Contains(c.Text, "科目") }) {
		return
	}
	for _, r := range rows {
		for j := range r {
			r[j].Col = j
		}
	}
	setRows(t, rows)
	t.Stream = false
}

// keyAt returns the code cell i starts a row with: a code of the system
// followed by a name (two Han characters) in the cell or, past OCR debris,
// in the next; "" for none.
func keyAt(cells []fiscaldoc.Cell, i int, code func(string) bool) string {
	lead, rest := SplitCode(cells[i].Text)
	if !code(lead) {
		return ""
	}
	if rest == "" {
		rest = nextWord(cells[i+1:])
	}
	if normalize.HanCount(rest) < 2 {
		return ""
	}
	return lead
}

// A keyedRow is one row cut from a stream: the cell that starts it (a code
// or a total label), its name, its values, and the header's words
// interleaved with it.
type keyedRow struct {
	lead    fiscaldoc.Cell
	code    string
	name    fiscaldoc.Cell
	vals    []fiscaldoc.Cell
	amounts bool // a value is an amount, not an empty mark
	extra   []fiscaldoc.Cell
}

// cut cuts cells into rows: the header's words, its 栏次 run, then a row
// (code, name, values) at each code followed by a name, and at total
// labels. A total label before the first coded row starts the total row,
// whose values run to the first coded row, and so does another total label
// after a total row's amounts (公用经费合计 after 人员经费合计). A row's
// name is its first words that are not the header's (keyHeader); the
// words no row reads are the header's. With blanks, an empty cell is a
// value, unless it comes between a code and its name. nil when no row
// starts.
func (k keySystem) cut(cells []fiscaldoc.Cell) [][]fiscaldoc.Cell {
	texts := make([]string, len(cells))
	for i, c := range cells {
		texts[i] = c.Text
	}
	run := ColumnRun(texts)
	var head []fiscaldoc.Cell
	var rows []keyedRow
	var cur *keyedRow
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if slices.Contains(run, i) {
			continue
		}
		l := normalize.Squash(c.Text)
		switch code := keyAt(cells, i, k.code); {
		case code != "":
			rows = append(rows, keyedRow{lead: c, code: code})
			cur = &rows[len(rows)-1]
			if _, rest := SplitCode(c.Text); rest != "" {
				cur.name = builtCell(rest, c)
			}
		case slices.Contains(k.totals, l) && (cur == nil || cur.code != "" || l != normalize.Squash(cur.lead.Text) && cur.amounts):
			rows = append(rows, keyedRow{lead: c, name: c})
			cur = &rows[len(rows)-1]
		case cur == nil:
			head = append(head, c)
		case IsAmount(c.Text) || k.blanks && c.Text == "":
			cur.vals = append(cur.vals, c)
			cur.amounts = cur.amounts || normalize.IsNumber(c.Text)
		case normalize.HanCount(c.Text) >= 2 && cur.code != "" && cur.name.Text == "" &&
			!slices.ContainsFunc(keyHeader, func(h string) bool { return strings.Contains(h, l) }):
			if !cur.amounts {
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
	var body [][]fiscaldoc.Cell
	for _, r := range rows {
		head = append(head, r.extra...)
		if r.code == "" && len(r.vals) == 0 {
			head = append(head, r.lead) // a total label with no values: the header's 合计 column
			continue
		}
		body = append(body, append([]fiscaldoc.Cell{builtCell(r.code, r.lead), r.name}, r.vals...))
	}
	slices.SortStableFunc(head, func(a, b fiscaldoc.Cell) int { return a.Col - b.Col })
	out := [][]fiscaldoc.Cell{head}
	if run != nil {
		numbers := make([]fiscaldoc.Cell, len(run))
		for j, i := range run {
			numbers[j] = cells[i]
		}
		out = append(out, numbers)
	}
	return append(out, body...)
}

// ColumnRun returns the indexes of the first 栏次 cell and of the column
// numbers (1, 2, …, K in order) that follow it; nil when none. A flattening
// interleaves the header's cells with the first row's, so an amount or an
// empty amount's mark between two column numbers (栏次 1 2 3 - 4 5 6) is
// the row's, not the end of the run.
func ColumnRun(cells []string) []int {
	for i, c := range cells {
		if !strings.Contains(c, "栏次") {
			continue
		}
		run := []int{i}
		for j := i + 1; j < len(cells); j++ {
			switch {
			case cells[j] == strconv.Itoa(len(run)):
				run = append(run, j)
			case len(run) == 1 || !IsAmount(cells[j]):
				return run
			}
		}
		return run
	}
	return nil
}

// nextWord is the text of the first cell of cells that holds words or an
// amount: OCR debris (?, ")") between a code and its name is skipped.
func nextWord(cells []fiscaldoc.Cell) string {
	for _, c := range cells {
		if normalize.HanCount(c.Text) > 0 || IsAmount(c.Text) || strings.ContainsAny(c.Text, "0123456789") {
			return c.Text
		}
	}
	return ""
}

// builtCell makes a cell of a cut row, read from the lines of at.
func builtCell(text string, at fiscaldoc.Cell) fiscaldoc.Cell {
	return fiscaldoc.Cell{Text: text, Raw: text, RowSpan: 1, ColSpan: 1, First: at.First, Last: at.Last}
}

// IsAmount reports whether a cell is an amount or an empty amount's mark.
func IsAmount(c string) bool { return IsEmptyMark(c) || normalize.IsNumber(c) }

package extract

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// Tables keyed by 功能分类科目编码: 收入决算表, 支出决算表 and the three
// 财政拨款 tables by fund, in any shape, read one way. The template names
// the value columns from the header's words and their count (its 栏次 run
// 栏次 1 2 3 …, else the rows' values). Each row is the cells before its
// name (its code, however OCR split it), its name, and its values in
// column order: OCR and exports move cells (a code fused with its name, a
// name over two cells or drifted left, empty cells trimmed or dropped), so
// the cells that print no amount are dropped where the row's identities
// hold (placeValues).

// A codedTable is a parsed coded table.
type codedTable struct {
	spec  *tableSpec
	cols  []string // value columns found in the header
	total map[string]amount
	rows  []codedRow
}

// A codedRow is one row with a code.
type codedRow struct {
	code string
	ln   fiscaldoc.Line
	vals map[string]amount
}

// codedCols names a coded table's value columns by the template: the
// header's 栏次 run (its rows end at end), else the most common number of
// cells after a row's name (rowName), says how many there are, and the
// header's words which they are (templateCols). nil when the words do not
// name them.
func (a *accounts) codedCols(t *table, end, nameCol int) []string {
	var head []string
	for _, r := range t.rows[:end+1] {
		head = append(head, r.cells...)
	}
	words := label(strings.Join(head, ""))
	k := max(len(layout.ColumnRun(head))-1, 0)
	run := k > 0
	if !run {
		var counts []int
		for _, r := range t.rows[end+1:] {
			if i := rowName(r.cells, nameCol); i >= 0 {
				counts = append(counts, len(r.cells)-i-1)
			}
		}
		k = mostCommon(counts)
	}
	cols := templateCols(t.spec.cols, words, k)
	if cols == nil && !run {
		cols = templateCols(t.spec.cols, words, -1) // as many as the header's words name
	}
	if cols == nil && (k > 0 || slices.ContainsFunc(t.rows, func(r row) bool { return anyNumber(r.cells) })) { // not an empty table (本表为空表)
		a.problemf(t.title, "table", "%s: %d value columns, which the header's words do not name", t.spec.name, k)
	}
	return cols
}

// headerEnd is the index of a coded table's last header row: its 栏次 row
// (栏次 1 2 3 …), else the row above the first with a code or a total with
// amounts; -1 for none.
func headerEnd(t *table) int {
	for i, r := range t.rows {
		if len(r.cells) >= 2 && strings.Contains(r.text(), "栏次") {
			return i
		}
	}
	for i, r := range t.rows {
		if lead, _ := layout.SplitCode(r.cells[0]); len(lead) >= 3 || totalRow(r.cells) && anyNumber(r.cells) {
			return i - 1
		}
	}
	return len(t.rows) - 1
}

// totalRow reports whether a row is the 合计 (总计) row.
func totalRow(cells []string) bool {
	return slices.ContainsFunc(cells, func(c string) bool { return isTotalLabel(label(c)) })
}

// readCoded reads a table keyed by 功能分类科目编码 into line items, the
// money of its 合计 row, and its rows for the checks.
func (a *accounts) readCoded(t *table) {
	// The cell most rows print their name in: a code cell OCR gave some
	// of its name (210 卫生健/) is not the name.
	end := headerEnd(t)
	var names []int
	for _, r := range t.rows[end+1:] {
		if i := rowName(r.cells, -1); i >= 0 {
			names = append(names, i)
		}
	}
	nameCol := mostCommon(names)
	cols := a.codedCols(t, end, nameCol)
	if cols == nil {
		return
	}
	ct := &codedTable{spec: t.spec, cols: cols, total: map[string]amount{}}
	a.coded = append(a.coded, ct)
	// A grid row's cells, the empty ones its export trimmed at its end put
	// back: as many as the columns, or the header's, or a row's that
	// prints its last cell (the rows may hold a cell more than the header,
	// 类 款 项 under one 科目编码). A stream's rows kept only the cells they
	// print.
	width := 0
	if t.Aligned() {
		width = nameCol + 1 + len(cols)
		for i, r := range t.rows {
			if n := len(r.cells); n > width && (i <= end || normalize.IsNumber(r.cells[n-1])) {
				width = n
			}
		}
	}
	// A row as read: its code ("" for the total row), and its values.
	type codedLine struct {
		r                       row
		code, name, raw, repair string
		vals                    []string
	}
	var lines []codedLine
	var above string // the code of the row above
	for _, r := range t.rows[end+1:] {
		cells, ln := r.cells, r.ln
		if len(cells) < 2 || strings.Contains(r.text(), "栏次") {
			continue
		}
		nameIdx := rowName(cells, nameCol)
		if nameIdx < 0 {
			if anyNumber(cells) && !strings.HasPrefix(cells[0], "注") {
				a.problemf(ln, "table", "%s: row without a name skipped", t.spec.name)
			}
			continue
		}
		lead, name := layout.SplitCode(cells[nameIdx])
		name = label(name)
		vals := make([]string, max(len(cells), width)-nameIdx-1)
		for i, c := range cells[nameIdx+1:] {
			if !layout.IsEmptyMark(c) {
				vals[i] = c
			}
		}
		if isTotalLabel(name) {
			lines = append(lines, codedLine{r: r, name: name, vals: vals})
			continue
		}
		var runs, raw []string
		clean := true
		for _, c := range append(cells[:nameIdx:nameIdx], lead) {
			lc, rest := layout.SplitCode(c)
			if len(digitRuns(c)) == 0 {
				continue
			}
			// A code cell may carry its name; anything else beside the
			// digits is OCR debris.
			clean = clean && (rest == "" || normalize.HanCount(rest) > 0)
			raw = append(raw, c)
			runs = append(runs, digitRuns(lc)...)
		}
		if len(runs) == 0 {
			if anyNumber(vals) {
				a.problemf(ln, "table", "%s: row %s has no code; not a line item", t.spec.name, name)
			}
			continue
		}
		code, evidence, ok := a.dict.resolve(runs, name, above)
		if !ok {
			a.problemf(ln, "code", "%s: code %q for %s not resolved", t.spec.name, strings.Join(raw, " "), name)
			continue
		}
		above = code
		if evidence == "" && !clean {
			evidence = "stray characters in the code cell"
		}
		lines = append(lines, codedLine{r: r, code: code, name: name, raw: strings.Join(raw, " "), repair: evidence, vals: vals})
	}
	// The rows placed so far, by code, which a row short of the columns
	// asks for (placeValues): a second pass places a row by rows below it.
	got := map[string][]string{}
	for range 2 {
		for _, l := range lines {
			if vals, ok := placeValues(t.spec, cols, l.vals, l.code, got); ok {
				got[l.code] = vals
			}
		}
	}
	for _, l := range lines {
		placed, ok := placeValues(t.spec, cols, l.vals, l.code, got)
		if !ok {
			if anyNumber(l.vals) {
				a.problemf(l.r.ln, "table", "%s: row %s %s has %d values for %d columns; skipped",
					t.spec.name, l.code, l.name, len(l.vals), len(cols))
			}
			continue
		}
		vals := map[string]amount{}
		for k, c := range placed {
			if am, ok := a.toWan(t, l.r, c); ok {
				vals[cols[k]] = am
			}
		}
		if l.code == "" {
			ct.total = vals
			continue
		}
		if l.repair != "" {
			a.repair(l.r.ln, "code", l.raw, l.code, l.repair)
		}
		a.codeName(t, l.code, l.name, l.r.ln)
		ct.rows = append(ct.rows, codedRow{code: l.code, ln: l.r.ln, vals: vals})
		for _, col := range ct.cols {
			if v, ok := vals[col]; ok {
				a.item(t, "line_item", l.code, col, v)
			}
		}
	}
	a.codedMoney(t, ct)
}

// rowName returns the index of the row's name cell: the header's name
// column when it holds a name, else the first cell with two Han characters.
func rowName(cells []string, nameCol int) int {
	named := func(c string) bool {
		_, rest := layout.SplitCode(c)
		return normalize.HanCount(rest) >= 2
	}
	if nameCol >= 0 && nameCol < len(cells) && named(cells[nameCol]) {
		return nameCol
	}
	for i, c := range cells {
		if named(c) {
			return i
		}
	}
	return -1
}

// anyNumber reports whether a cell holds a number.
func anyNumber(cells []string) bool { return slices.ContainsFunc(cells, normalize.IsNumber) }

// fitValues reads a row's value cells into the table's columns when it has
// at least as many cells as columns. The extra cells print no amount: the
// code cells a flattening or a shifted row printed before the name, and
// empty cells at the end. Among the ways to drop them, the one dropping
// most before the values whose row identity holds wins, else the one
// dropping most before the values.
func fitValues(spec *tableSpec, cols, vals []string) ([]string, bool) {
	k := len(cols)
	first, last := len(vals), -1 // the cells of the first and the last amount
	for i, v := range vals {
		if normalize.IsNumber(v) {
			first, last = min(first, i), i
		}
	}
	hi, lo := min(len(vals)-k, first), max(0, last-k+1) // the cells that may go before the values
	for lead := hi; lead >= lo && hi > lo; lead-- {
		if rowHolds(spec, cols, vals[lead:lead+k]) {
			return vals[lead : lead+k], true
		}
	}
	if hi < lo {
		return nil, false
	}
	return vals[hi : hi+k], true
}

// placeValues reads a row's value cells into the table's columns. A row
// of a stream with fewer cells lost empty ones: its values stand in the
// columns, in order, the one way that keeps a row identity (total = Σ
// parts, 年末 = 年初 + 收入 − 支出) and the hierarchy (类 = Σ 款 = Σ 项, the
// 合计 row = Σ 类): no row under it prints an amount in a column it leaves
// empty, and what the nearest row above it prints in a column it fills,
// less what its other rows at its level print there, is at least its
// amount. Else the document does not tell where they stand. got holds the
// rows placed so far, by code.
func placeValues(spec *tableSpec, cols, vals []string, code string, got map[string][]string) ([]string, bool) {
	if len(vals) >= len(cols) {
		return fitValues(spec, cols, vals)
	}
	if len(vals) < 2 {
		return nil, false
	}
	num := func(v []string, i int) (d decimal.Decimal) {
		d, _ = normalize.ParseDecimal(v[i])
		return d
	}
	p := "" // the nearest row above it: its 款, its 类, the 合计 row
	for _, q := range []string{code[:min(len(code), 3)], code[:max(len(code)-2, 0)]} {
		if _, ok := got[q]; ok && len(q) < len(code) {
			p = q
		}
	}
	above, known := got[p]
	fits := func(out []string) bool {
		for i := range cols {
			need, empty := num(out, i), num(out, i).IsZero()
			for c, v := range got {
				if c != code && len(c) == len(code) && strings.HasPrefix(c, p) {
					need = need.Add(num(v, i))
				}
				if empty && len(c) > len(code) && strings.HasPrefix(c, code) && !num(v, i).IsZero() {
					return false
				}
			}
			if !empty && known && code != "" && num(above, i).LessThan(need) {
				return false
			}
		}
		return rowHolds(spec, cols, out)
	}
	var found [][]string
	for set := range 1 << len(cols) { // the columns the values stand in
		if bits.OnesCount(uint(set)) != len(vals) {
			continue
		}
		out, k := make([]string, len(cols)), 0
		for i := range cols {
			if set>>i&1 == 1 {
				out[i], k = vals[k], k+1
			}
		}
		if fits(out) && !slices.ContainsFunc(found, func(f []string) bool { return slices.Equal(f, out) }) {
			found = append(found, out)
		}
	}
	if len(found) != 1 {
		return nil, false
	}
	return found[0], true
}

// rowHolds reports whether value cells read into cols keep one of the
// template's row identities; a cell that prints no amount is zero.
func rowHolds(spec *tableSpec, cols, vals []string) bool {
	return slices.ContainsFunc(spec.identities, func(id equation) bool {
		return id.holds(func(c string) (d decimal.Decimal) {
			if i := slices.Index(cols, c); i >= 0 && i < len(vals) {
				d, _ = normalize.ParseDecimal(vals[i])
			}
			return d
		})
	})
}

// codedMoney derives the money fields printed in the 合计 rows of the
// income and expenditure tables.
func (a *accounts) codedMoney(t *table, ct *codedTable) {
	for _, cf := range map[int][][2]string{
		kindIncome:      {{colIncomeTotal, "income_total"}},
		kindExpenditure: {{colExpTotal, "expenditure_total"}, {colBasic, "expenditure_basic"}, {colProject, "expenditure_project"}},
	}[ct.spec.kind] {
		if v, ok := ct.total[cf[0]]; ok {
			a.money(t, cf[1], cf[0], v)
		}
	}
}

// mostCommon returns the value xs hold most often, the first to reach
// that count (the zero value for none).
func mostCommon[T comparable](xs []T) T {
	var best T
	count := map[T]int{}
	for _, x := range xs {
		if count[x]++; count[x] > count[best] {
			best = x
		}
	}
	return best
}

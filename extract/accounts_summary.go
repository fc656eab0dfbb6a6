package extract

import (
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// The two 总表 (收入支出决算总表, 财政拨款收入支出决算总表) print an income
// side and an expenditure side, each 项目 | 行次 | 决算数 columns; the
// 财政拨款 总表 splits the expenditure 决算数 by fund. Rows carry no codes:
// they give the money fields.

// A summaryTable is a parsed 总表: the rows of each side, with the value
// columns of that side.
type summaryTable struct {
	spec  *tableSpec
	sides [2]summarySide
}

type summarySide struct {
	cols []string
	rows []summaryRow
}

type summaryRow struct {
	label string
	ln    fiscaldoc.Line
	vals  map[string]amount
}

var ordinal = regexp.MustCompile(`^[一二三四五六七八九十]+、`)

// summaryCols names the value columns of a side from the header text.
var summaryCols = []colSpec{
	{colActual, []string{"决算数", "决算", "金额"}},
	{colExpTotal, []string{"小计", "合计"}},
	{colGeneralBudget, []string{"一般公共预算", "一般公共"}},
	{colGovFund, []string{"政府性基金", "基金"}},
	{colStateCapital, []string{"国有资本经营", "国有资本"}},
}

// find returns the row whose label contains s, if any.
func (s summarySide) find(sub string) (summaryRow, bool) {
	for _, r := range s.rows {
		if strings.Contains(r.label, sub) {
			return r, true
		}
	}
	return summaryRow{}, false
}

// first returns the row's first value column.
func (s summarySide) first(r summaryRow) (amount, bool) {
	if len(s.cols) == 0 {
		return amount{}, false
	}
	v, ok := r.vals[s.cols[0]]
	return v, ok
}

func (a *accounts) readSummary(t *table) {
	// The 栏次 row: each 栏次 cell starts a side (项目, 行次, values…).
	end := -1
	var head []string
	var headerRows [][]string
	for i, ln := range t.body {
		cells := rowCells(ln.Text)
		if len(cells) < 2 {
			continue
		}
		if strings.Contains(ln.Text, "栏次") {
			end, head = i, cells
			break
		}
		headerRows = append(headerRows, cells)
	}
	if end < 0 {
		if hasRows(t) {
			a.problemf(t.title, "table", "%s: no 栏次 row", t.spec.name)
		}
		return
	}
	var starts []int
	for j, c := range head {
		if strings.Contains(c, "栏次") {
			starts = append(starts, j)
		}
	}
	if len(starts) != 2 {
		a.problemf(t.body[end], "table", "%s: %d sides, want 2", t.spec.name, len(starts))
		return
	}
	st := &summaryTable{spec: t.spec}
	var pos [2][]int
	for s := 0; s < 2; s++ {
		stop := len(head)
		if s == 0 {
			stop = starts[1]
		}
		for j := starts[s] + 1; j < stop; j++ {
			if isColumnNumber(head[j]) {
				pos[s] = append(pos[s], j)
			}
		}
		for _, p := range pos[s] {
			var text strings.Builder
			for _, r := range headerRows {
				if p < len(r) {
					text.WriteString(label(r[p]))
				}
			}
			name := colActual
			if len(pos[s]) > 1 {
				name = bestCol(text.String(), summaryCols)
			}
			st.sides[s].cols = append(st.sides[s].cols, name)
		}
	}
	a.summaries = append(a.summaries, st)
	for _, ln := range t.body[end+1:] {
		cells := rowCells(ln.Text)
		if len(cells) < 2 || strings.HasPrefix(strings.TrimSpace(ln.Text), "注") {
			continue
		}
		for len(cells) < len(head) {
			cells = append(cells, "") // normalize.Text trims trailing empty cells
		}
		if len(cells) != len(head) {
			if anyNumber(cells[1:]) {
				a.problemf(ln, "table", "%s: row has %d cells, header %d; skipped", t.spec.name, len(cells), len(head))
			}
			continue
		}
		for s := 0; s < 2; s++ {
			lbl := label(cells[starts[s]])
			if hanCount(lbl) < 2 {
				continue
			}
			r := summaryRow{label: lbl, ln: ln, vals: map[string]amount{}}
			for k, p := range pos[s] {
				if v, ok := a.toWan(t, ln, cells[p]); ok {
					r.vals[st.sides[s].cols[k]] = v
				}
			}
			st.sides[s].rows = append(st.sides[s].rows, r)
		}
	}
	a.summaryMoney(st)
}

// bestCol returns the standard column whose longest key text contains.
func bestCol(text string, specs []colSpec) string {
	best, bestLen := "", 0
	for _, cs := range specs {
		for _, k := range cs.keys {
			if strings.Contains(text, k) && len(k) > bestLen {
				best, bestLen = cs.name, len(k)
			}
		}
	}
	return best
}

// summaryMoney derives the money fields of a 总表. Income by fund is read
// only above 本年收入合计 (below it the same words label carry-overs).
func (a *accounts) summaryMoney(st *summaryTable) {
	in, out := st.sides[0], st.sides[1]
	full := st.spec.kind == kindSummary
	for _, r := range in.rows {
		v, ok := in.first(r)
		if strings.Contains(r.label, "本年收入合计") {
			if ok && full {
				a.money("income_total", fiscaldoc.Actual, v)
			}
			break
		}
		if !ok {
			continue
		}
		switch {
		case strings.Contains(r.label, "一般公共预算财政拨款"):
			a.money("income_general_budget", fiscaldoc.Actual, v)
		case strings.Contains(r.label, "政府性基金预算财政拨款"):
			a.money("income_gov_fund", fiscaldoc.Actual, v)
		}
	}
	if !full {
		return
	}
	for _, x := range []struct {
		side  summarySide
		label string
		field string
	}{
		{out, "本年支出合计", "expenditure_total"},
		{in, "年初结转和结余", "carryover_begin"},
		{out, "年末结转和结余", "carryover_end"},
		{in, "总计", "grand_total"},
		{out, "总计", "grand_total"},
	} {
		if r, ok := x.side.find(x.label); ok {
			if v, ok := x.side.first(r); ok {
				a.money(x.field, fiscaldoc.Actual, v)
			}
		}
	}
}

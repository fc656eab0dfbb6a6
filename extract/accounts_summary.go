package extract

import (
	"regexp"
	"slices"
	"strconv"
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

// fundCols are the value columns of a 总表 side split by fund; summaryCols
// name the value columns of a side from the header text.
var (
	fundCols    = templates.list("fund")
	summaryCols = slices.Concat(templates.list("summary"), fundCols)
)

// find returns the first row whose label contains one of subs, if any.
func (s summarySide) find(subs ...string) (summaryRow, bool) {
	for _, r := range s.rows {
		for _, sub := range subs {
			if strings.Contains(r.label, sub) {
				return r, true
			}
		}
	}
	return summaryRow{}, false
}

// first returns the row's amount in the side's first amount column.
func (s summarySide) first(r summaryRow) (amount, bool) {
	cols := s.amountCols()
	if len(cols) == 0 {
		return amount{}, false
	}
	v, ok := r.vals[cols[0]]
	return v, ok
}

// readSummary reads a 总表 whatever its shape: by the positions of its
// header's two sides where a grid gives them, else by its labels.
func (a *accounts) readSummary(t *table) {
	st := a.summaryGrid(t)
	if st == nil {
		st = a.summaryStream(t)
	}
	if st == nil {
		return
	}
	a.summaries = append(a.summaries, st)
	a.summaryMoney(t, st)
}

// summaryGrid reads a 总表 grid whose header gives its two sides: each
// side's values stand in the cells under its header columns, named by
// their header text, and its labels in the cells under its 项目 (reflowed
// where a wrap carried them across rows). It returns nil for a table
// without such a header, or whose rows lost their cells' positions.
func (a *accounts) summaryGrid(t *table) *summaryTable {
	end, head, headerRows := summaryHeader(t)
	starts := sideStarts(head)
	if t.collapsed || end < 0 || len(starts) != 2 {
		return nil
	}
	numbered := strings.Contains(strings.Join(head, ""), "栏次")
	st := &summaryTable{spec: t.spec}
	var pos [2][]int
	for s := 0; s < 2; s++ {
		stop := len(head)
		if s == 0 {
			stop = starts[1]
		}
		for j := starts[s] + 1; j < stop; j++ {
			if numbered && isColumnNumber(head[j]) || !numbered && !strings.Contains(head[j], "行次") {
				pos[s] = append(pos[s], j)
			}
		}
		for _, p := range pos[s] {
			name := bestCol(columnText(headerRows, p), summaryCols, nil)
			if len(pos[s]) == 1 && !mainCol(name) {
				name = map[string]string{fiscaldoc.Actual: colActual, fiscaldoc.Budget: colBudgetNum}[t.spec.basis]
			}
			st.sides[s].cols = append(st.sides[s].cols, name)
		}
	}
	var rows []row
	var labels [2][]string // each side's labels, the header's 栏次 cell first
	for s := range labels {
		labels[s] = append(labels[s], strings.TrimPrefix(label(head[starts[s]]), "栏次"))
	}
	for _, r := range t.rows[end+1:] {
		cells := r.cells
		if len(cells) < 2 || strings.HasPrefix(cells[0], "注") {
			continue
		}
		for len(cells) < len(head) {
			cells = append(cells, "") // normalize.Text trims trailing empty cells
		}
		if len(cells) != len(head) {
			if anyNumber(cells[1:]) {
				a.problemf(r.ln, "table", "%s: row has %d cells, header %d; skipped", t.spec.name, len(cells), len(head))
			}
			continue
		}
		r.cells = cells
		rows = append(rows, r)
		for s := range labels {
			labels[s] = append(labels[s], label(cells[starts[s]]))
		}
	}
	for s := range labels {
		labels[s] = reflow(labels[s])[1:]
	}
	for i, r := range rows {
		for s := 0; s < 2; s++ {
			var vals []string
			for _, p := range pos[s] {
				vals = append(vals, r.cells[p])
			}
			a.summaryRow(t, &st.sides[s], labels[s][i], r, vals)
		}
	}
	return st
}

// summaryRow adds a row of a 总表 side: its label, and its values in the
// side's columns. A label of fewer than two Han characters labels nothing.
func (a *accounts) summaryRow(t *table, side *summarySide, lbl string, r row, vals []string) {
	if hanCount(lbl) < 2 {
		return
	}
	sr := summaryRow{label: lbl, ln: r.ln, vals: map[string]amount{}}
	for k, v := range vals {
		if am, ok := a.toWan(t, r, v); ok {
			sr.vals[side.cols[k]] = am
		}
	}
	side.rows = append(side.rows, sr)
}

// numberedItem is where a numbered label (一、…) starts.
var numberedItem = regexp.MustCompile(`[一二三四五六七八九十]+、`)

// reflow repairs a side's labels whose text flowed across the rows (a
// wrapped label printed a line early: 一、一般公共预算财政拨款收入二、政府性基 |
// 金预算财政拨款收入): when a label holds a numbered label's start after its
// own beginning, or the header's 栏次 cell holds one, the numbered labels are read from the labels joined, up to
// the first total (合计, 结转, 总计), and each row takes the one that ends
// in it, since the amounts stay on the row where the label ends.
func reflow(labels []string) []string {
	flowed := false
	stop := len(labels)
	for i, l := range labels {
		if strings.Contains(l, "合计") || strings.Contains(l, "结转") || strings.Contains(l, "总计") {
			stop = i
			break
		}
		if loc := numberedItem.FindStringIndex(l); loc != nil && (i == 0 || loc[0] > 0 || len(numberedItem.FindAllString(l, 2)) > 1) {
			flowed = true
		}
	}
	if !flowed {
		return labels
	}
	joined := strings.Join(labels[:stop], "")
	starts := numberedItem.FindAllStringIndex(joined, -1)
	out := slices.Clone(labels)
	at := 0 // where label i starts in joined
	for i := range labels[:stop] {
		end := at + len(labels[i])
		out[i] = ""
		for k, st := range starts {
			itemEnd := len(joined)
			if k+1 < len(starts) {
				itemEnd = starts[k+1][0]
			}
			if itemEnd > at && itemEnd <= end && itemEnd > st[0] {
				out[i] = joined[st[0]:itemEnd]
				break
			}
		}
		at = end
	}
	return out
}

// sideStarts returns the cells of a 总表 header that start a side: each
// 栏次 (or 项目) cell, followed by 行次 and the side's values.
func sideStarts(head []string) []int {
	var starts []int
	for j, c := range head {
		if sideStart(c) {
			starts = append(starts, j)
		}
	}
	return starts
}

// summaryHeader finds the header of a 总表: the 栏次 row, or, where none is
// printed (部门收支总表), the row naming 项目 twice and the header rows under
// it down to the first row of numbers. It returns the index of the header's
// last row, the row of side starts, and the rows naming the columns.
func summaryHeader(t *table) (end int, head []string, names [][]string) {
	if end, _, names = numberRow(t); end >= 0 {
		return end, t.rows[end].cells, names
	}
	for i, r := range t.rows {
		switch {
		case len(r.cells) < 2:
			continue
		case head == nil:
			n := 0
			for _, c := range r.cells {
				if sideStart(c) {
					n++
				}
			}
			if n == 2 {
				head, end = r.cells, i
				names = append(names, r.cells)
			}
		case anyNumber(r.cells):
			return end, head, names
		default:
			end = i
			names = append(names, r.cells)
		}
	}
	return end, head, names
}

// sideStart reports whether a header cell starts a side of a 总表.
func sideStart(c string) bool {
	l := label(c)
	return strings.Contains(l, "栏次") || strings.HasPrefix(l, "项目")
}

// mainCol reports whether a 总表 column is a side's amount, not a fund's.
func mainCol(col string) bool {
	return col == colActual || strings.HasSuffix(col, colBudgetNum)
}

// bestCol returns the standard column, not yet used, whose longest key
// text contains.
func bestCol(text string, specs []colSpec, used map[string]bool) string {
	best, bestLen := "", 0
	for _, cs := range specs {
		if used[cs.name] {
			continue
		}
		for _, k := range cs.keys {
			if strings.Contains(text, k) && len(k) > bestLen {
				best, bestLen = cs.name, len(k)
			}
		}
	}
	return best
}

// summaryMoney derives the money fields of a 总表, from each side's
// amount columns. Income by fund is read only above 本年收入合计 (below it
// the same words label carry-overs).
func (a *accounts) summaryMoney(t *table, st *summaryTable) {
	in, out := st.sides[0], st.sides[1]
	full := st.spec.kind == kindSummary
	money := func(side summarySide, field string, r summaryRow) {
		for _, col := range side.amountCols() {
			if v, ok := r.vals[col]; ok {
				a.money(t, field, col, v)
			}
		}
	}
	for _, r := range in.rows {
		if strings.Contains(r.label, "本年收入合计") {
			if full {
				money(in, "income_total", r)
			}
			break
		}
		switch {
		case !strings.Contains(r.label, "拨款"):
		case strings.Contains(r.label, "一般公共预算"):
			money(in, "income_general_budget", r)
		case strings.Contains(r.label, "政府性基金预算"):
			money(in, "income_gov_fund", r)
		}
	}
	if !full {
		return
	}
	for _, x := range []struct {
		side   summarySide
		labels []string
		field  string
	}{
		{out, []string{"本年支出合计"}, "expenditure_total"},
		{in, carryBegin, "carryover_begin"},
		{out, carryEnd, "carryover_end"},
		{in, []string{"总计"}, "grand_total"},
		{out, []string{"总计"}, "grand_total"},
	} {
		if r, ok := x.side.find(x.labels...); ok {
			money(x.side, x.field, r)
		}
	}
}

// The labels of the carry-over rows, in the 决算 and the 预算 templates.
var carryBegin, carryEnd = templates.words("carry-over", "begin"), templates.words("carry-over", "end")

// amountCols returns the side's amount columns (决算数, 预算数 …), or its
// first column when it names none.
func (s summarySide) amountCols() []string {
	var out []string
	for _, c := range s.cols {
		if mainCol(c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 && len(s.cols) > 0 {
		out = s.cols[:1]
	}
	return out
}

// summaryLabel reports whether a cell of a 总表 stream labels a row
// (一、…收入, 本年收入合计, 年初结转和结余, 总计) rather than heads a column
// (收入, 项目, 行次, 决算数, 小计, 一般公共预算财政拨款).
func summaryLabel(l string) bool {
	switch {
	case ordinal.MatchString(l), l == "总计", strings.HasPrefix(l, "其中"):
		return true
	case hanCount(l) < 4:
		return false
	}
	return strings.Contains(l, "合计") || strings.Contains(l, "总计") || strings.Contains(l, "结转") || strings.Contains(l, "结余")
}

// printed returns the cells of vals that print something.
func printed(vals []fiscaldoc.Cell) []fiscaldoc.Cell {
	var out []fiscaldoc.Cell
	for _, v := range vals {
		if v.Text != "" {
			out = append(out, v)
		}
	}
	return out
}

// A summaryGroup is one side of one 总表 row cut from a stream: its label,
// its 行次, its values, and the whole numbers after its 行次 (a column
// number or the 行次 of an empty row on the other side, or a value).
type summaryGroup struct {
	label, line fiscaldoc.Cell
	vals, ints  []fiscaldoc.Cell
	side        int
}

// summaryStream reads a 总表 by its labels, for a stream or a grid whose
// header does not give its sides: a row is a label, its 行次 (when the
// header has the column) and its amounts; the 行次 tell the sides apart
// (the expenditure side's numbers follow the income side's), else the
// label does (…支出, the second 总计). Each side's values fill its columns:
// one amount column (决算数 or 预算数), or a total and its funds, named by
// the template from their count.
func (a *accounts) summaryStream(t *table) *summaryTable {
	var words strings.Builder
	var groups []summaryGroup
	numbered := false
	for _, c := range t.cells {
		l := label(c.Text)
		if len(groups) == 0 && strings.Contains(l, "行次") {
			numbered = true
		}
		if summaryLabel(l) {
			groups = append(groups, summaryGroup{label: c})
			continue
		}
		if len(groups) == 0 {
			words.WriteString(l)
			continue
		}
		g := &groups[len(groups)-1]
		switch {
		case numbered && g.line.Text == "" && allDigits(l):
			g.line = c
		case allDigits(l):
			g.ints = append(g.ints, c)
		case isAmountCell(l) || l == "":
			g.vals = append(g.vals, c)
		default:
			words.WriteString(l)
		}
	}
	if len(groups) == 0 {
		return nil
	}
	// The sides: by 行次 from the first expenditure row's, else by label.
	first := 0
	for _, g := range groups {
		if n, err := strconv.Atoi(g.line.Text); err == nil && strings.Contains(label(g.label.Text), "支出") && (first == 0 || n < first) {
			first = n
		}
	}
	totals := 0
	for i := range groups {
		g := &groups[i]
		l := label(g.label.Text)
		if n, err := strconv.Atoi(g.line.Text); err == nil && first > 0 {
			g.side = map[bool]int{true: 1}[n >= first]
			continue
		}
		if strings.Contains(l, "总计") {
			totals++
		}
		if strings.Contains(l, "支出") || strings.Contains(l, "总计") && totals > 1 {
			g.side = 1
		}
	}
	// Each side's width is the most common count of values of its rows
	// that print an amount, empty cells aside.
	var width [2]int
	for s := range width {
		count := map[int]int{}
		for i := range groups {
			g := &groups[i]
			if n := len(printed(g.vals)); g.side == s && anyAmount(g.vals) {
				count[n]++
				if count[n] > count[width[s]] {
					width[s] = n
				}
			}
		}
	}
	st := &summaryTable{spec: t.spec}
	for s, k := range width {
		switch {
		case k == 1 && t.spec.basis == fiscaldoc.Budget:
			st.sides[s].cols = []string{colBudgetNum}
		case k == 1:
			st.sides[s].cols = []string{colActual}
		default:
			st.sides[s].cols = templateCols(fundCols, words.String(), k)
		}
		if st.sides[s].cols == nil {
			a.problemf(a.line(t.cells[0].First), "table", "%s: %d value columns on a side, which the header's words do not name", t.spec.name, k)
			return nil
		}
	}
	for _, g := range groups {
		vals := g.vals
		if len(vals) != width[g.side] {
			vals = printed(vals) // the empty cells of a cell-per-line export, or cells a pipe export collapsed
		}
		if len(vals) != width[g.side] && len(vals)+len(g.ints) == width[g.side] {
			vals = append(vals, g.ints...) // whole amounts
		}
		if len(vals) != width[g.side] {
			if anyAmount(vals) {
				a.problemf(a.line(g.label.First), "table", "%s: row %s has %d values for %d columns; skipped", t.spec.name, g.label.Text, len(vals), width[g.side])
			}
			continue
		}
		r := a.rows([][]fiscaldoc.Cell{append([]fiscaldoc.Cell{g.label}, vals...)})[0]
		var texts []string
		for _, v := range vals {
			texts = append(texts, v.Text)
		}
		a.summaryRow(t, &st.sides[g.side], label(g.label.Text), r, texts)
	}
	return st
}

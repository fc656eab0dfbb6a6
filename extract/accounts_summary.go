package extract

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
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

// find returns the first row whose label contains one of subs; a row with
// no label and no values when there is none.
func (s summarySide) find(subs ...string) summaryRow {
	if i := slices.IndexFunc(s.rows, func(r summaryRow) bool { return containsAny(r.label, subs) }); i >= 0 {
		return s.rows[i]
	}
	return summaryRow{}
}

// first returns the row's amount in the side's first column: its 决算数
// or 预算数, or the total of its funds.
func (s summarySide) first(r summaryRow) (amount, bool) {
	v, ok := r.vals[cmp.Or(s.cols...)] // no column is ""
	return v, ok
}

// readSummary reads a 总表 whatever its shape, by its labels (summaryGroups):
// a row of a side is a label, its 行次 (when the header has the column) and
// its values. Each side's values fill its columns: one amount column
// (决算数 or 预算数; a 决算 may print 年初预算数 and 全年预算数 beside it),
// or a total and its funds: named by the words over each column where a
// grid prints them, else by the template from their count.
func (a *accounts) readSummary(t *table) {
	groups, words, width, heads := summaryGroups(t)
	if len(groups) == 0 {
		return
	}
	st := &summaryTable{spec: t.spec}
	for s, k := range width {
		cols := headCols(heads[s])
		switch {
		case cols != nil:
		case k == 1 && t.spec.basis == fiscaldoc.Budget:
			cols = []string{colBudgetNum}
		case k == 1:
			cols = []string{colActual}
		default:
			cols = templateCols(fundCols, words, k)
		}
		if cols == nil {
			a.problemf(lineAt(a.doc, t.Rows[0][0].First), "table", "%s: %d value columns on a side, which the header's words do not name", t.spec.name, k)
			return
		}
		st.sides[s].cols = cols
	}
	for _, g := range groups {
		vals := g.vals
		if len(vals) != width[g.side] {
			vals = printed(vals) // the empty cells of a cell-per-line export, or cells a pipe export collapsed
		}
		if len(vals) != width[g.side] {
			if anyAmount(vals) {
				a.problemf(lineAt(a.doc, g.label.First), "table", "%s: row %s has %d values for %d columns; skipped", t.spec.name, g.label.Text, len(vals), width[g.side])
			}
			continue
		}
		lbl := label(g.label.Text)
		if normalize.HanCount(lbl) < 2 || strings.HasPrefix(lbl, "注") {
			continue
		}
		r := a.rows([][]fiscaldoc.Cell{append([]fiscaldoc.Cell{g.label}, vals...)})[0]
		sr := summaryRow{label: lbl, ln: r.ln, vals: map[string]amount{}}
		for k, v := range vals {
			if am, ok := a.toWan(t, r, v.Text); ok {
				sr.vals[st.sides[g.side].cols[k]] = am
			}
		}
		st.sides[g.side].rows = append(st.sides[g.side].rows, sr)
	}
	a.summaries = append(a.summaries, st)
	a.summaryMoney(t, st)
}

// A summaryGroup is one side of one 总表 row: its label and its values.
type summaryGroup struct {
	label fiscaldoc.Cell
	vals  []fiscaldoc.Cell
	side  int
}

// summaryGroups cuts a 总表's cells, in reading order, into the sides of
// its rows, and returns them with the header's words and the number of
// value columns of each side. The header is what comes before the first
// label (the first row that prints one, in a grid). In a grid (a table
// with its row breaks and its empty cells) the two columns that print the
// most labels start the sides, each cell stands in the side and column
// its position gives, and labels that flowed across the rows are put back
// (reflow). In a stream each label starts a side of a row, and says which
// side (…支出, 年末结转, 结余分配 and the second 总计 are the expenditure
// side's); a side's width is the most common count of amounts of its rows.
func summaryGroups(t *table) (groups []summaryGroup, words string, width [2]int, heads [2][]string) {
	var cells []fiscaldoc.Cell // in reading order
	count := map[int]int{}     // labels by column
	body := -1                 // the first cell of the first row that prints a label
	for _, r := range t.Rows {
		for _, c := range r {
			if summaryLabel(label(c.Text)) {
				count[c.Col]++
				if body < 0 {
					body = len(cells)
				}
			}
		}
		cells = append(cells, r...)
	}
	starts := slices.Collect(maps.Keys(count))
	slices.SortFunc(starts, func(x, y int) int { return cmp.Or(count[y]-count[x], x-y) })
	grid := !t.collapsed() && len(t.Rows) > 1 && len(starts) >= 2
	if grid {
		starts = starts[:2]
		slices.Sort(starts)
	}
	var b strings.Builder
	over := [2]map[int]string{{}, {}} // the header's words over each column of a side, in a grid
	numbered := false
	totals := 0 // the 总计 labels of a stream
	for i, c := range cells {
		l := label(c.Text)
		side, start := 0, summaryLabel(l)
		if grid {
			side = b2i(c.Col >= starts[1])
			start = c.Col == starts[side]
			width[side] = max(width[side], c.Col-starts[side])
		} else if start {
			totals += b2i(strings.Contains(l, "总计"))
			side = b2i(containsAny(l, []string{"支出", "年末", "结余分配"}) || strings.Contains(l, "总计") && totals > 1)
		}
		switch {
		case grid && i < body, !grid && len(groups) == 0 && !start:
			numbered = numbered || strings.Contains(l, "行次")
			if grid {
				over[side][c.Col-starts[side]] += l
			}
			b.WriteString(l)
		case start:
			groups = append(groups, summaryGroup{label: c, side: side})
		case grid && (c.Col < starts[0] || numbered && c.Col == starts[side]+1): // left of the sides, or a 行次
		case !grid && allDigits(l): // a 行次, a column number, or the 行次 of an empty row on the other side
		case grid || layout.IsAmount(l) || l == "":
			g := &groups[len(groups)-1]
			g.vals = append(g.vals, c)
		default:
			b.WriteString(l)
		}
	}
	for s := range width {
		if !grid {
			var counts []int
			for _, g := range groups {
				if g.side == s && anyAmount(g.vals) {
					counts = append(counts, len(printed(g.vals)))
				}
			}
			width[s] = mostCommon(counts)
			continue
		}
		width[s] -= b2i(numbered)
		heads[s] = make([]string, width[s])
		for k := range heads[s] {
			heads[s][k] = over[s][k+1+b2i(numbered)]
		}
		labels, at := []string{over[s][0]}, []int{} // the header over the side's labels, the labels, and their groups
		for i, g := range groups {
			if g.side == s {
				labels, at = append(labels, label(g.label.Text)), append(at, i)
				groups[i].vals = append(g.vals, make([]fiscaldoc.Cell, max(0, width[s]-len(g.vals)))...) // normalize.Text trims trailing empty cells
			}
		}
		for k, l := range reflow(labels)[1:] {
			groups[at[k]].label.Text = l
		}
	}
	return groups, b.String(), width, heads
}

// headCols names a grid side's value columns by the words over each: the
// column whose longest word they hold (年初预算数 | 全年预算数 | 决算数, or
// 小计 and the funds); nil when a column names none, two name the same, or
// the one column names no amount.
func headCols(heads []string) []string {
	var cols []string
	for _, h := range heads {
		best, n := "", 0
		for _, cs := range summaryCols {
			for _, k := range cs.keys {
				if strings.Contains(h, k) && len(k) > n {
					best, n = cs.name, len(k)
				}
			}
		}
		if best == "" || slices.Contains(cols, best) {
			return nil
		}
		cols = append(cols, best)
	}
	if len(cols) == 1 && !mainCol(cols[0]) {
		return nil
	}
	return cols
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// numberedItem is where a numbered label (一、…) starts.
var numberedItem = regexp.MustCompile(`[一二三四五六七八九十]+、`)

// reflow repairs a side's labels whose text flowed across the rows (a
// wrapped label printed a line early: 一、一般公共预算财政拨款收入二、政府性基 |
// 金预算财政拨款收入): when a label holds a numbered label's start after its
// own beginning, or the header over them (labels[0]) holds one, the
// numbered labels are read from the labels joined, up to the first total
// (合计, 结转, 总计), and each row takes the one that ends in it, since the
// amounts stay on the row where the label ends.
func reflow(labels []string) []string {
	stop := slices.IndexFunc(labels, func(l string) bool { return containsAny(l, []string{"合计", "结转", "总计"}) })
	if stop < 0 {
		stop = len(labels)
	}
	flowed := func(l string) bool {
		loc := numberedItem.FindStringIndex(l)
		return loc != nil && (loc[0] > 0 || len(numberedItem.FindAllString(l, 2)) > 1)
	}
	if stop == 0 || !numberedItem.MatchString(labels[0]) && !slices.ContainsFunc(labels[1:stop], flowed) {
		return labels
	}
	joined := strings.Join(labels[:stop], "")
	starts := append(numberedItem.FindAllStringIndex(joined, -1), []int{len(joined)}) // and where the last item ends
	out := slices.Clone(labels)
	at := 0 // where label i starts in joined
	for i := range labels[:stop] {
		end := at + len(labels[i])
		out[i] = ""
		for k, st := range starts[:len(starts)-1] {
			if e := starts[k+1][0]; e > at && e <= end {
				out[i] = joined[st[0]:e]
				break
			}
		}
		at = end
	}
	return out
}

// summaryMoney derives the money fields of a 总表 from each side's amount
// columns (决算数, 预算数 …), or its first column when it names none.
// Income by fund is read only above 本年收入合计 (below it the same words
// label carry-overs).
func (a *accounts) summaryMoney(t *table, st *summaryTable) {
	in := st.sides[0]
	money := func(side summarySide, field string, r summaryRow) {
		for _, col := range side.amountCols() {
			if v, ok := r.vals[col]; ok {
				a.money(t, field, col, v)
			}
		}
	}
	for _, r := range in.rows {
		if strings.Contains(r.label, "本年收入合计") {
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
	if st.spec.kind != kindSummary {
		return
	}
	for _, f := range summaryFields {
		for _, side := range st.sides {
			money(side, f.name, side.find(f.keys...))
		}
	}
}

// summaryFields are the money fields of a 收支总表 and the labels of their
// rows (data/templates.txt).
var summaryFields = templates.list("summary-fields")

// amountCols returns the side's amount columns (决算数, 预算数 …), or its
// first column when it names none.
func (s summarySide) amountCols() []string {
	out := slices.DeleteFunc(slices.Clone(s.cols), func(c string) bool { return !mainCol(c) })
	if len(out) == 0 && len(s.cols) > 0 {
		return s.cols[:1]
	}
	return out
}

// summaryLabel reports whether a cell of a 总表 labels a row (一、…收入,
// 本年收入合计, 年初结转和结余, 总计) rather than heads a column (收入, 项目,
// 行次, 决算数, 小计, 一般公共预算财政拨款).
func summaryLabel(l string) bool {
	switch {
	case ordinal.MatchString(l), l == "总计", strings.HasPrefix(l, "其中"):
		return true
	case normalize.HanCount(l) < 4:
		return false
	}
	return containsAny(l, []string{"合计", "总计", "结转", "结余"})
}

// printed returns the cells of vals that print something.
func printed(vals []fiscaldoc.Cell) []fiscaldoc.Cell {
	return slices.DeleteFunc(slices.Clone(vals), func(v fiscaldoc.Cell) bool { return v.Text == "" })
}

// mainCol reports whether a 总表 column is a side's amount, not a fund's.
func mainCol(col string) bool {
	return col == colActual || strings.HasSuffix(col, colBudgetNum)
}

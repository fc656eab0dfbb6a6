package extract

import (
	"regexp"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
)

// 财政拨款"三公"经费支出决算表, in the layouts the sample shows: items as
// columns (合计 | 因公出国(境)费 | 公务用车… | 公务接待费, once for 预算数 and
// once for 决算数, one data row), or items as rows with 预算数 | 决算数
// columns, tab-separated or one cell per line. A table with no data row
// whose note says there was no budget or no spending gives zeros.

// A threeTable holds the amounts read, by field and column (预算数 or
// 决算数; the template says what basis each is).
type threeTable struct {
	spec *tableSpec
	vals map[[2]string]amount
}

const (
	tpTotal     = "three_public_total"
	tpOutbound  = "three_public_outbound"
	tpVehicle   = "three_public_vehicle"
	tpPurchase  = "three_public_vehicle_purchase"
	tpOperation = "three_public_vehicle_operation"
	tpReception = "three_public_reception"
)

// threePublicField maps an item label to its field ("" for none).
func threePublicField(s string) string {
	s = label(s)
	switch {
	case strings.Contains(s, "出国"):
		return tpOutbound
	case strings.Contains(s, "接待"):
		return tpReception
	case strings.Contains(s, "购置及运行"), strings.Contains(s, "购置和运行"), s == "小计":
		return tpVehicle
	case strings.Contains(s, "运行"), strings.Contains(s, "运维"):
		return tpOperation
	case strings.Contains(s, "购置"):
		return tpPurchase
	case strings.Contains(s, "公务用车"), strings.Contains(s, "公车"):
		return tpVehicle
	case strings.Contains(s, "合计"), strings.Contains(s, "总计"):
		return tpTotal
	}
	return ""
}

// amountCol reads 预算数 / 决算数 in a header cell.
func amountCol(s string) string {
	s = label(s)
	switch {
	case strings.Contains(s, "决算"), strings.Contains(s, "实际"), strings.Contains(s, "执行"):
		return colActual
	case strings.Contains(s, "预算"):
		return colBudgetNum
	}
	return ""
}

var (
	noBudget   = regexp.MustCompile(`无[^,，。;；]*预算`)
	noSpending = regexp.MustCompile(`(未发生|无)[^,，。;；]*(支出|决算)`)
)

func (a *accounts) readThreePublic(t *table) {
	tt := &threeTable{spec: t.spec, vals: map[[2]string]amount{}}
	a.three = append(a.three, tt)
	var rows []row
	var notes []fiscaldoc.Line
	for _, r := range t.rows {
		s := strings.TrimSpace(r.text())
		if strings.HasPrefix(s, "注") || strings.HasPrefix(s, "备注") || strings.HasPrefix(s, "说明") {
			notes = append(notes, r.ln)
			continue
		}
		if unitLine.MatchString(s) && len(r.cells) < 2 {
			continue
		}
		rows = append(rows, r)
	}
	if !a.threeByRows(t, tt, rows) {
		a.threeByColumns(t, tt, rows)
	}
	if len(tt.vals) == 0 {
		for _, ln := range notes {
			for _, x := range []struct {
				re  *regexp.Regexp
				col string
			}{{noBudget, colBudgetNum}, {noSpending, colActual}} {
				if !x.re.MatchString(ln.Text) || t.spec.basisOf(x.col) != t.spec.basisOf(x.col+"决算") {
					continue
				}
				for _, f := range []string{tpTotal, tpOutbound, tpVehicle, tpReception} {
					tt.vals[[2]string{f, x.col}] = amount{ln: ln, raw: ln.Raw}
				}
			}
		}
	}
	for _, f := range []string{tpTotal, tpOutbound, tpVehicle, tpPurchase, tpOperation, tpReception} {
		for _, col := range []string{colBudgetNum, colActual} {
			if v, ok := tt.vals[[2]string{f, col}]; ok {
				a.money(t, f, col, v)
			}
		}
	}
}

// threeByRows reads items as rows under a 项目 | 预算数 | 决算数 header,
// whether each row is one line or each cell is one line.
func (a *accounts) threeByRows(t *table, tt *threeTable, rows []row) bool {
	type cell struct {
		text string
		r    row
	}
	var stream []cell
	for _, r := range rows {
		for _, c := range r.cells {
			stream = append(stream, cell{c, r})
		}
	}
	// The header: 项目 then the basis cells, up to the first item label.
	start := -1
	for i, c := range stream {
		if strings.Contains(label(c.text), "项目") {
			start = i
			break
		}
	}
	if start < 0 {
		return false
	}
	var bases []string
	i := start + 1
	for ; i < len(stream) && threePublicField(stream[i].text) == ""; i++ {
		if b := amountCol(stream[i].text); b != "" {
			bases = append(bases, b)
		}
	}
	if len(bases) == 0 {
		return false
	}
	width := len(bases) + 1
	for ; i+width <= len(stream); i += width {
		field := threePublicField(stream[i].text)
		if field == "" {
			break
		}
		ok := true
		for k := 1; k < width; k++ {
			if c := stream[i+k].text; c != "" && !isNumber(c) {
				ok = false
			}
		}
		if !ok {
			break
		}
		for k := 1; k < width; k++ {
			if am, ok := a.toWan(t, stream[i+k].r, stream[i+k].text); ok {
				am.ln, am.last = stream[i].r.ln, stream[i+k].r.end()
				am.raw = lineRange(a.doc, am.ln.N, am.last.N)
				tt.vals[[2]string{field, bases[k-1]}] = am
			}
		}
	}
	return true
}

// threeByColumns reads items as columns: the header rows name each column,
// the first 合计 starts the first basis group, a second 合计 the next; the
// data row is the row of numbers under the column numbers.
func (a *accounts) threeByColumns(t *table, tt *threeTable, rows []row) {
	var names []string
	budgetFirst := true
	var data []string
	var dataRow row
	for _, rw := range rows {
		r := rw.cells
		text := label(strings.Join(r, ""))
		if p, q := strings.Index(text, "预算"), strings.Index(text, "决算"); p >= 0 && q >= 0 {
			budgetFirst = p < q
		} else if q >= 0 && p < 0 && names == nil {
			budgetFirst = false
		}
		if names == nil && strings.Contains(text, "合计") && strings.Contains(text, "接待") {
			names = slices.Clone(r)
			continue
		}
		if names != nil && !anyNumber(r) {
			refineNames(names, r)
			continue
		}
		if names != nil && anyNumber(r) && !allColumnNumbers(r) {
			data, dataRow = r, rw
			break
		}
	}
	if names == nil || data == nil {
		return
	}
	group := -1
	for k, n := range names {
		f := threePublicField(n)
		if f == tpTotal {
			group++
		}
		if f == "" || group < 0 || group > 1 || k >= len(data) {
			continue
		}
		col := colActual
		if group == 0 && budgetFirst || group == 1 && !budgetFirst {
			col = colBudgetNum
		}
		if am, ok := a.toWan(t, dataRow, data[k]); ok {
			tt.vals[[2]string{f, col}] = am
		}
	}
}

// refineNames fills a header of item names from the header row under it:
// a cell under an empty position or under the merged 公务用车购置及运行维护费
// names that column (小计, 公务用车购置费, 公务用车运行维护费).
func refineNames(names, sub []string) {
	for k, c := range sub {
		if k >= len(names) || threePublicField(c) == "" {
			continue
		}
		if names[k] == "" || threePublicField(names[k]) == tpVehicle {
			names[k] = c
		}
	}
}

func allColumnNumbers(r []string) bool {
	for _, c := range r {
		if c != "" && !isColumnNumber(c) {
			return false
		}
	}
	return true
}

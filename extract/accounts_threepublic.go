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

// A threeTable holds the amounts read, by field and basis.
type threeTable struct {
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

// basisOf reads 预算数 / 决算数 in a header cell.
func basisOf(s string) string {
	s = label(s)
	switch {
	case strings.Contains(s, "决算"), strings.Contains(s, "实际"), strings.Contains(s, "执行"):
		return fiscaldoc.Actual
	case strings.Contains(s, "预算"):
		return fiscaldoc.Budget
	}
	return ""
}

var (
	noBudget   = regexp.MustCompile(`无[^,，。;；]*预算`)
	noSpending = regexp.MustCompile(`(未发生|无)[^,，。;；]*(支出|决算)`)
)

func (a *accounts) readThreePublic(t *table) {
	tt := &threeTable{vals: map[[2]string]amount{}}
	a.three = append(a.three, tt)
	var rows [][]string
	var lines []fiscaldoc.Line
	var notes []fiscaldoc.Line
	for _, ln := range t.body {
		s := strings.TrimSpace(ln.Text)
		if strings.HasPrefix(s, "注") || strings.HasPrefix(s, "备注") || strings.HasPrefix(s, "说明") {
			notes = append(notes, ln)
			continue
		}
		if s == "" || unitLine.MatchString(s) && len(rowCells(s)) < 2 {
			continue
		}
		rows = append(rows, rowCells(ln.Text))
		lines = append(lines, ln)
	}
	if !a.threeByRows(t, tt, rows, lines) {
		a.threeByColumns(t, tt, rows, lines)
	}
	if len(tt.vals) == 0 {
		for _, ln := range notes {
			for _, x := range []struct {
				re    *regexp.Regexp
				basis string
			}{{noBudget, fiscaldoc.Budget}, {noSpending, fiscaldoc.Actual}} {
				if !x.re.MatchString(ln.Text) {
					continue
				}
				for _, f := range []string{tpTotal, tpOutbound, tpVehicle, tpReception} {
					am := amount{ln: ln, raw: ln.Raw}
					tt.vals[[2]string{f, x.basis}] = am
				}
			}
		}
	}
	for _, f := range []string{tpTotal, tpOutbound, tpVehicle, tpPurchase, tpOperation, tpReception} {
		for _, b := range []string{fiscaldoc.Budget, fiscaldoc.Actual} {
			if v, ok := tt.vals[[2]string{f, b}]; ok {
				a.money(f, b, v)
			}
		}
	}
}

// threeByRows reads items as rows under a 项目 | 预算数 | 决算数 header,
// whether each row is one line or each cell is one line.
func (a *accounts) threeByRows(t *table, tt *threeTable, rows [][]string, lines []fiscaldoc.Line) bool {
	type cell struct {
		text string
		ln   fiscaldoc.Line
	}
	var stream []cell
	for i, r := range rows {
		for _, c := range r {
			stream = append(stream, cell{c, lines[i]})
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
		if b := basisOf(stream[i].text); b != "" {
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
			if am, ok := a.toWan(t, stream[i+k].ln, stream[i+k].text); ok {
				am.ln, am.last = stream[i].ln, stream[i+k].ln
				am.raw = lineRange(a.doc, stream[i].ln.N, stream[i+k].ln.N)
				tt.vals[[2]string{field, bases[k-1]}] = am
			}
		}
	}
	return true
}

// threeByColumns reads items as columns: the header rows name each column,
// the first 合计 starts the first basis group, a second 合计 the next; the
// data row is the row of numbers under the column numbers.
func (a *accounts) threeByColumns(t *table, tt *threeTable, rows [][]string, lines []fiscaldoc.Line) {
	var names []string
	budgetFirst := true
	var data []string
	var dataLn fiscaldoc.Line
	for i, r := range rows {
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
			data, dataLn = r, lines[i]
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
		basis := fiscaldoc.Actual
		if group == 0 && budgetFirst || group == 1 && !budgetFirst {
			basis = fiscaldoc.Budget
		}
		if am, ok := a.toWan(t, dataLn, data[k]); ok {
			tt.vals[[2]string{f, basis}] = am
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

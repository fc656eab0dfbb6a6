package extract

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// The basic-expenditure table by 经济分类 (一般公共预算财政拨款基本支出决算
// 明细表, 一般公共预算基本支出表): groups of 经济分类科目编码 | 科目名称 |
// amount, side by side (人员经费, 公用经费) in the 决算, one a row followed
// by its 人员经费 and 公用经费 split in the 预算, read group by group
// wherever a row prints them. The totals are the 人员经费合计 / 公用经费合计
// row of the 决算, or the 人员经费 and 公用经费 columns of the 合计 row.

// An econTable is the parsed table: items by code, and the two totals.
type econTable struct {
	spec      *tableSpec
	items     map[string][]amount
	personnel *amount
	public    *amount
}

var econTotal = regexp.MustCompile(`人员经费合计|公用经费合计|[0-9][0-9 ,]*\.?[0-9 ]*`)

// personnelCode reports whether an economic 类 belongs to 人员经费 (工资福利
// 支出, 对个人和家庭的补助); the others are 公用经费.
func personnelCode(c string) bool { return c == "301" || c == "303" }

func (a *accounts) readEconomic(t *table) {
	et := &econTable{spec: t.spec, items: map[string][]amount{}}
	a.econ = append(a.econ, et)
	col := map[string]string{fiscaldoc.Actual: colActual, fiscaldoc.Budget: colBudgetNum}[t.spec.basis]
	header := false
	var split []string // the value columns of a 预算 header: 合计, 人员经费, 公用经费
	var totals []row
	for _, r := range t.rows {
		cells := r.cells
		text := r.text()
		if strings.Contains(text, "人员经费合计") || strings.Contains(text, "公用经费合计") {
			totals = append(totals, r)
			continue
		}
		if strings.Contains(text, "决算") || strings.Contains(text, "预算") || strings.Contains(text, "合计") && !anyNumber(cells) {
			header = true
		}
		if split == nil && !anyNumber(cells) {
			split = econSplit(cells)
		}
		if split != nil && totalRow(cells) && anyNumber(cells) {
			a.econSplitTotals(t, et, r, split)
			continue
		}
		for i := 0; i < len(cells); i++ {
			c := strings.ReplaceAll(cells[i], " ", "")
			if !allDigits(c) || len(c) < 3 || i+1 >= len(cells) || hanCount(cells[i+1]) == 0 {
				continue
			}
			name := label(cells[i+1])
			var val string
			if i+2 < len(cells) && isNumber(cells[i+2]) {
				val = cells[i+2]
			}
			i++
			if val != "" {
				i++
			}
			if !economicCode(c) {
				if val != "" {
					a.problemf(r.ln, "code", "%s: %q is no economic code; value %s skipped", t.spec.name, c, val)
				}
				continue
			}
			a.codeName(t, c, name, r.ln)
			if val == "" {
				continue
			}
			am, ok := a.toWan(t, r, val)
			if !ok {
				continue
			}
			et.items[c] = append(et.items[c], am)
			a.item(t, "econ_item", c, col, am)
			if split != nil {
				break // the rest of the row is the amount's split
			}
		}
	}
	if !header && len(et.items) > 0 {
		a.problemf(t.title, "table", "%s: no 决算数 or 预算数 header found", t.spec.name)
	}
	for _, r := range totals {
		a.econTotals(t, et, r)
	}
	if et.personnel != nil {
		a.money(t, "personnel_cost", col, *et.personnel)
	}
	if et.public != nil {
		a.money(t, "public_cost", col, *et.public)
	}
}

// econSplit returns the value columns of a header row that names 人员经费
// and 公用经费 after a 合计 column (the 预算 layout), nil for any other row.
func econSplit(cells []string) []string {
	var cols []string
	for _, c := range cells {
		switch l := label(c); {
		case strings.Contains(l, "人员经费"):
			cols = append(cols, colPersonnel)
		case strings.Contains(l, "公用经费"):
			cols = append(cols, colPublic)
		case l == "合计" || l == "小计":
			cols = append(cols, colTotal)
		}
	}
	if len(cols) != 3 || cols[0] != colTotal {
		return nil
	}
	return cols
}

// econSplitTotals reads the 合计 row of the 预算 layout: its amounts in the
// order of the header's 合计, 人员经费 and 公用经费.
func (a *accounts) econSplitTotals(t *table, et *econTable, r row, split []string) {
	var nums []string
	for _, c := range r.cells {
		if isNumber(c) {
			nums = append(nums, c)
		}
	}
	if len(nums) != len(split) {
		a.problemf(r.ln, "table", "%s: 合计 row has %d amounts for %d columns", t.spec.name, len(nums), len(split))
		return
	}
	for k, c := range split {
		am, ok := a.toWan(t, r, nums[k])
		switch {
		case !ok:
		case c == colPersonnel:
			et.personnel = &am
		case c == colPublic:
			et.public = &am
		}
	}
}

// sum returns the total of the 类 items for which keep is true.
func (et *econTable) sum(keep func(string) bool) (decimal.Decimal, bool) {
	s, any := decimal.Zero, false
	for c, vs := range et.items {
		if len(c) == 3 && keep(c) {
			s, any = s.Add(vs[0].v), true
		}
	}
	return s, any
}

// econTotals reads a 人员经费合计 / 公用经费合计 line. OCR may cut a number
// ("7.") and print the rest elsewhere on the line ("7. 36"): every number
// after a label up to the next label is a reading, and the one equal to the
// sum of the table's 类 items wins.
func (a *accounts) econTotals(t *table, et *econTable, r row) {
	ln := r.ln
	toks := econTotal.FindAllString(strings.Join(r.cells, "|"), -1)
	for i := 0; i < len(toks); i++ {
		lbl := toks[i]
		if lbl != "人员经费合计" && lbl != "公用经费合计" {
			continue
		}
		var readings []string
		for j := i + 1; j < len(toks) && toks[j] != "人员经费合计" && toks[j] != "公用经费合计"; j++ {
			if r := strings.TrimSpace(toks[j]); r != "" {
				readings = append(readings, r)
			}
		}
		keep := func(c string) bool { return personnelCode(c) == (lbl == "人员经费合计") }
		want, known := et.sum(keep)
		var chosen *amount
		var chosenRaw string
		for _, rd := range readings {
			am, ok := a.toWan(t, r, strings.TrimSuffix(rd, "."))
			if !ok {
				continue
			}
			if chosen == nil || known && within(am.v, want, 1) && !within(chosen.v, want, 1) {
				c := am
				chosen, chosenRaw = &c, rd
			}
		}
		if chosen == nil {
			a.problemf(ln, "table", "%s: %s has no readable amount", t.spec.name, lbl)
			continue
		}
		if len(readings) > 1 || chosenRaw != readings[0] || strings.HasSuffix(chosenRaw, ".") {
			a.repair(ln, "number", readings[0], normalize.Canonical(chosen.v),
				fmt.Sprintf("%s read as %s of %q: equals the sum of its 类 items (%s)", lbl, chosenRaw, strings.Join(readings, " | "), want))
		}
		if lbl == "人员经费合计" {
			et.personnel = chosen
		} else {
			et.public = chosen
		}
	}
}

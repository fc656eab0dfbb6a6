package extract

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// 一般公共预算财政拨款基本支出决算明细表 (经济分类): groups of
// 经济分类科目编码 | 科目名称 | 决算数 side by side (人员经费, 公用经费), read
// group by group wherever a line prints them, and the 人员经费合计 /
// 公用经费合计 line.

const econTableName = "一般公共预算财政拨款基本支出决算明细表"

// An econTable is the parsed table: items by code, and the two totals.
type econTable struct {
	items     map[string][]amount
	personnel *amount
	public    *amount
}

var econTotal = regexp.MustCompile(`人员经费合计|公用经费合计|[0-9][0-9 ,]*\.?[0-9 ]*`)

// personnelCode reports whether an economic 类 belongs to 人员经费 (工资福利
// 支出, 对个人和家庭的补助); the others are 公用经费.
func personnelCode(c string) bool { return c == "301" || c == "303" }

func (a *accounts) readEconomic(t *table) {
	et := &econTable{items: map[string][]amount{}}
	a.econ = append(a.econ, et)
	header := false
	var totals []fiscaldoc.Line
	for _, ln := range t.body {
		if strings.Contains(ln.Text, "人员经费合计") || strings.Contains(ln.Text, "公用经费合计") {
			totals = append(totals, ln)
			continue
		}
		cells := rowCells(ln.Text)
		if strings.Contains(ln.Text, "决算") {
			header = true
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
					a.problemf(ln, "code", "%s: %q is no economic code; value %s skipped", econTableName, c, val)
				}
				continue
			}
			a.codeName(c, name, ln)
			if val == "" {
				continue
			}
			am, ok := a.toWan(t, ln, val)
			if !ok {
				continue
			}
			et.items[c] = append(et.items[c], am)
			a.item("econ_item", econTableName, c, colActual, am)
		}
	}
	if !header && len(et.items) > 0 {
		a.problemf(t.title, "table", "%s: no 决算数 header found", econTableName)
	}
	for _, ln := range totals {
		a.econTotals(t, et, ln)
	}
	if et.personnel != nil {
		a.money("personnel_cost", fiscaldoc.Actual, *et.personnel)
	}
	if et.public != nil {
		a.money("public_cost", fiscaldoc.Actual, *et.public)
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
func (a *accounts) econTotals(t *table, et *econTable, ln fiscaldoc.Line) {
	toks := econTotal.FindAllString(strings.ReplaceAll(ln.Text, "\t", "|"), -1)
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
		for _, r := range readings {
			am, ok := a.toWan(t, ln, strings.TrimSuffix(r, "."))
			if !ok {
				continue
			}
			if chosen == nil || known && within(am.v, want, 1) && !within(chosen.v, want, 1) {
				c := am
				chosen, chosenRaw = &c, r
			}
		}
		if chosen == nil {
			a.problemf(ln, "table", "%s: %s has no readable amount", econTableName, lbl)
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

package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
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

// econTotal splits a row into total labels, items (a code and its name,
// a word that ends a total's readings) and numbers.
var econTotal = regexp.MustCompile(`人员经费合计|公用经费合计|[0-9]+\|\p{Han}|[0-9][0-9 ,]*\.?[0-9 ]*`)

// personnelCode reports whether an economic 类 belongs to 人员经费 (工资福利
// 支出, 对个人和家庭的补助); the others are 公用经费.
func personnelCode(c string) bool { return c == "301" || c == "303" }

func (a *accounts) readEconomic(t *table) {
	et := &econTable{spec: t.spec, items: map[string][]amount{}}
	a.econ = append(a.econ, et)
	col := map[string]string{fiscaldoc.Actual: colActual, fiscaldoc.Budget: colBudgetNum}[t.spec.basis]
	var head []string  // every cell: the header's words may be cut over rows and cells
	var split []string // the value columns of a 预算 header: 合计, 人员经费, 公用经费
	type totalLine struct {
		r    row
		toks []string // 人员经费合计 or 公用经费合计, then its readings
	}
	var totals []totalLine
	for _, r := range t.rows {
		cells, text := r.cells, r.text()
		if strings.Contains(text, "人员经费合计") || strings.Contains(text, "公用经费合计") {
			totals = append(totals, totalLine{r, econTotal.FindAllString(strings.Join(cells, "|"), -1)})
		}
		head = append(head, cells...)
		if split == nil && !anyNumber(cells) {
			split = econSplit(cells)
		}
		if split != nil && totalRow(cells) && anyNumber(cells) {
			// The 合计 row's amounts under the 人员经费 and 公用经费
			// columns are the 人员经费合计 and 公用经费合计.
			nums := slices.DeleteFunc(slices.Clone(cells), func(c string) bool { return !normalize.IsNumber(c) })
			if len(nums) != len(split) {
				a.problemf(r.ln, "table", "%s: 合计 row has %d amounts for %d columns", t.spec.name, len(nums), len(split))
				continue
			}
			var toks []string
			for k, c := range split {
				toks = append(toks, c+"合计", nums[k])
			}
			totals = append(totals, totalLine{r, toks})
			continue
		}
		for i := 0; i+1 < len(cells); i++ {
			c := strings.ReplaceAll(cells[i], " ", "")
			if !allDigits(c) || len(c) < 3 || normalize.HanCount(cells[i+1]) == 0 {
				continue
			}
			name, val := label(cells[i+1]), ""
			if i+2 < len(cells) && normalize.IsNumber(cells[i+2]) {
				val = cells[i+2]
				i++
			}
			i++
			if !layout.EconomicCode(c) {
				if val != "" {
					a.problemf(r.ln, "code", "%s: %q is no economic code; value %s skipped", t.spec.name, c, val)
				}
				continue
			}
			a.codeName(t, c, name, r.ln)
			if am, ok := a.toWan(t, r, val); ok {
				et.items[c] = append(et.items[c], am)
				a.item(t, "econ_item", c, col, am)
			}
		}
	}
	// The header names its value columns: 决算数 or 预算数, or 人员经费 and
	// 公用经费 (the 预算 layout's columns, the 决算 layout's groups) outside
	// the 人员经费合计 and 公用经费合计 rows' labels.
	words := label(strings.Join(slices.DeleteFunc(head, func(c string) bool { return normalize.IsNumber(c) || strings.HasSuffix(label(c), "经费合计") }), ""))
	header := strings.Contains(words, "决算") || strings.Contains(words, "预算") ||
		strings.Contains(words, colPersonnel) && strings.Contains(words, colPublic)
	if !header && len(et.items) > 0 {
		a.problemf(t.title, "table", "%s: no 决算数 or 预算数 header found", t.spec.name)
	}
	for _, tl := range totals {
		a.econTotals(t, et, tl.r, tl.toks)
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

// econTotals reads the 人员经费合计 and 公用经费合计 of a line, toks its
// labels and numbers. OCR may cut a number ("7.") and print the rest
// elsewhere on the line ("7. 36"): every number after a label up to the
// next label is a reading, and the one equal to the sum of the table's 类
// items wins.
func (a *accounts) econTotals(t *table, et *econTable, r row, toks []string) {
	for i, lbl := range toks {
		if lbl != "人员经费合计" && lbl != "公用经费合计" {
			continue
		}
		var readings []string
		for _, tok := range toks[i+1:] {
			if normalize.HanCount(tok) > 0 {
				break
			}
			if tok = strings.TrimSpace(tok); tok != "" {
				readings = append(readings, tok)
			}
		}
		want, known := decimal.Zero, false
		for c, vs := range et.items {
			if len(c) == 3 && personnelCode(c) == (lbl == "人员经费合计") {
				want, known = want.Add(vs[0].v), true
			}
		}
		var chosen *amount
		var chosenRaw string
		for _, rd := range readings {
			am, ok := a.toWan(t, r, strings.TrimSuffix(rd, "."))
			if ok && (chosen == nil || known && within(am.v, want, 1) && !within(chosen.v, want, 1)) {
				chosen, chosenRaw = &am, rd
			}
		}
		if chosen == nil {
			a.problemf(r.ln, "table", "%s: %s has no readable amount", t.spec.name, lbl)
			continue
		}
		if len(readings) > 1 || chosenRaw != readings[0] || strings.HasSuffix(chosenRaw, ".") {
			a.repair(r.ln, "number", readings[0], normalize.Canonical(chosen.v),
				fmt.Sprintf("%s read as %s of %q: equals the sum of its 类 items (%s)", lbl, chosenRaw, strings.Join(readings, " | "), want))
		}
		if lbl == "人员经费合计" {
			et.personnel = chosen
		} else {
			et.public = chosen
		}
	}
}

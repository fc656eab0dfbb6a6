package extract

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
)

// The accounting identities of the 部门决算 tables, stored as checks
// whether they hold or not: 类 = Σ 款 = Σ 项 and 合计 = Σ 类 per column,
// each row's total = Σ its parts, the 总表 totals against their rows and
// against the detail tables, the economic items against their 类 and the
// 人员/公用经费 totals, 三公 total = its parts, and the carry-over equation
// where the carry-overs are printed.

// A checker collects the checks stored.
type checker []fiscaldoc.Check

// eq stores Expected = Σ terms, within the rounding of the terms (within).
func (c *checker) eq(name string, expected amount, terms []amount, detail string) {
	sum := decimal.Zero
	for _, t := range terms {
		sum = sum.Add(t.v)
	}
	*c = append(*c, fiscaldoc.Check{
		Name: name, Expected: expected.v, Actual: sum, OK: within(expected.v, sum, len(terms)),
		Line: expected.ln.N, Detail: detail,
	})
}

func (a *accounts) checks() []fiscaldoc.Check {
	var c checker
	for _, ct := range a.coded {
		codedChecks(&c, ct)
	}
	for _, st := range a.summaries {
		summaryChecks(&c, st)
	}
	for _, et := range a.econ {
		econChecks(&c, et)
	}
	for _, tt := range a.three {
		threeChecks(&c, tt.spec, func(key [2]string) (amount, bool) {
			v, ok := tt.vals[key]
			return v, ok
		})
	}
	a.crossChecks(&c)
	return c
}

// threeChecks stores the 三公 identities in each column (预算数, 决算数),
// among the items get reads (by field and column).
func threeChecks(c *checker, spec *tableSpec, get func(key [2]string) (amount, bool)) {
	for _, col := range []string{colBudgetNum, colActual} {
		for _, id := range threeIDs {
			id.check(c, "三公经费 "+spec.basisOf(col), func(l string) (amount, bool) { return get([2]string{threeField(l), col}) })
		}
	}
}

// codedChecks stores, in each column, 合计 = Σ 类 and each code = Σ its
// children (codeFamilies), and each row's identities of its template.
// Children printed with every amount empty (an excerpt, a table cut off)
// leave nothing to sum.
func codedChecks(c *checker, ct *codedTable) {
	name := ct.spec.name
	byCode := map[string]codedRow{}
	for _, r := range slices.Backward(ct.rows) {
		byCode[r.code] = r // the first row of a code
	}
	lei, kids := codeFamilies(slices.Sorted(maps.Keys(byCode)))
	for _, col := range ct.cols {
		sum := func(codes []string) (out []amount, printed bool) {
			for _, code := range codes {
				_, has := byCode[code].vals[col]
				printed = printed || has
				out = append(out, valueOr0(byCode[code], col))
			}
			return out, printed
		}
		if tot, ok := ct.total[col]; ok && len(lei) > 0 {
			terms, _ := sum(lei)
			c.eq(fmt.Sprintf("%s 合计 %s = Σ 类", name, col), tot, terms, "")
		}
		for _, p := range slices.Sorted(maps.Keys(kids)) {
			if terms, printed := sum(kids[p]); printed {
				level := [...]string{3: "款", 5: "项"}[len(p)]
				c.eq(fmt.Sprintf("%s %s %s = Σ %s", name, p, col, level), valueOr0(byCode[p], col), terms, strings.Join(kids[p], "+"))
			}
		}
	}
	for _, r := range append([]codedRow{{code: "合计", vals: ct.total}}, ct.rows...) {
		for _, eq := range ct.spec.identities {
			eq.check(c, name+" "+r.code, func(col string) (amount, bool) {
				return valueOr0(r, col), len(r.vals) > 0 && slices.Contains(ct.cols, col)
			})
		}
	}
}

// valueOr0 returns the row's amount in col, or a zero on the row's line.
func valueOr0(r codedRow, col string) amount {
	if v, ok := r.vals[col]; ok {
		return v
	}
	for _, v := range r.vals {
		return amount{v: decimal.Zero, ln: v.ln}
	}
	return amount{ln: r.ln}
}

// codeFamilies returns the 类 among codes (sorted), and the 款 of each 类
// and the 项 of each 款, in code order.
func codeFamilies(codes []string) (lei []string, kids map[string][]string) {
	kids = map[string][]string{}
	for _, code := range codes {
		p := code[:max(len(code)-2, 0)]
		if _, found := slices.BinarySearch(codes, p); len(code) == 3 {
			lei = append(lei, code)
		} else if (len(code) == 5 || len(code) == 7) && found {
			kids[p] = append(kids[p], code)
		}
	}
	return lei, kids
}

// summaryChecks stores the identities of a 总表's rows: on each side,
// 本年合计 = Σ its numbered items in each column, 总计 = 本年合计 + the
// 结转/结余 rows below it, and 小计 = Σ funds on each row split by fund;
// 收入总计 = 支出总计; and the carry-over equation where one is printed.
func summaryChecks(c *checker, st *summaryTable) {
	name := st.spec.name
	words := [...]string{colIncomeTotal, colExpTotal} // 本年收入合计, 本年支出合计
	totals := map[int]amount{}
	for s, side := range st.sides {
		if at := slices.IndexFunc(side.rows, func(r summaryRow) bool { return strings.Contains(r.label, words[s]) }); at >= 0 {
			for _, col := range side.cols {
				var items []amount
				for _, r := range side.rows[:at] {
					if v, ok := r.vals[col]; ok && ordinal.MatchString(r.label) {
						items = append(items, v)
					}
				}
				if v, ok := side.rows[at].vals[col]; ok {
					c.eq(fmt.Sprintf("%s %s %s = Σ 项目", name, words[s], col), v, items, "")
				}
			}
			var parts []amount
			for _, r := range side.rows[at:] {
				v, ok := side.first(r)
				switch {
				case !ok:
				case strings.Contains(r.label, words[s]):
					parts = append(parts, v)
				case strings.Contains(r.label, "总计"):
					c.eq(fmt.Sprintf("%s 总计 = %s + 结转结余", name, words[s]), v, parts, "")
					totals[s] = v
				case strings.Contains(r.label, "结余") || strings.Contains(r.label, "结转"):
					parts = append(parts, v)
				}
			}
		}
		for _, r := range side.rows {
			// A fund-split side: 小计 = Σ funds on every row.
			if tot, ok := r.vals[colExpTotal]; ok && len(side.cols) > 1 && side.cols[0] == colExpTotal {
				var funds []amount
				for _, col := range side.cols[1:] {
					if v, ok := r.vals[col]; ok {
						funds = append(funds, v)
					}
				}
				c.eq(fmt.Sprintf("%s %s 小计 = Σ 各项财政拨款", name, r.label), tot, funds, "")
			}
		}
	}
	if len(totals) == 2 {
		c.eq(name+" 收入总计 = 支出总计", totals[0], []amount{totals[1]}, "")
	}
	// 年初结转和结余 + 收入 − 支出 = 年末结转和结余, where a carry-over is printed.
	begin, end := st.sides[0].find("年初", "上年结转"), st.sides[1].find("年末")
	bv, hasB := st.sides[0].first(begin)
	ev, hasE := st.sides[1].first(end)
	if begin.label == "" || end.label == "" || !hasB && !hasE {
		return
	}
	terms := []amount{bv}
	for s, side := range st.sides {
		for _, r := range side.rows {
			v, ok := side.first(r)
			if !ok || !strings.Contains(r.label, words[s]) && !strings.Contains(r.label, [...]string{"使用非财政拨款结余", "结余分配"}[s]) {
				continue
			}
			if s == 1 {
				v.v = v.v.Neg()
			}
			terms = append(terms, v)
		}
	}
	if !hasE {
		ev = amount{ln: end.ln}
	}
	c.eq(name+" 年末结转和结余 = 年初结转和结余 + 收入 − 支出", ev, terms, "")
}

// econChecks stores 类 = Σ 款 and the 人员经费 and 公用经费 totals against
// their 类 items.
func econChecks(c *checker, et *econTable) {
	lei, kids := codeFamilies(slices.Sorted(maps.Keys(et.items)))
	sum := func(codes []string, keep func(string) bool) (out []amount) {
		for _, code := range codes {
			if keep(code) {
				out = append(out, et.items[code][0])
			}
		}
		return out
	}
	for _, p := range lei {
		if len(kids[p]) > 0 {
			c.eq(fmt.Sprintf("%s %s = Σ 款", et.spec.name, p), et.items[p][0], sum(kids[p], func(string) bool { return true }), "")
		}
	}
	if et.personnel != nil {
		c.eq(et.spec.name+" 人员经费合计 = 301 + 303", *et.personnel, sum(lei, personnelCode), "")
	}
	if et.public != nil {
		c.eq(et.spec.name+" 公用经费合计 = Σ 其他类", *et.public, sum(lei, func(c string) bool { return !personnelCode(c) }), "")
	}
}

// crossChecks compares the 总表 totals with the detail tables' 合计 rows,
// and the 基本支出 of the 一般公共预算 table with the 人员经费 and 公用经费
// totals.
func (a *accounts) crossChecks(c *checker) {
	// total is the 合计 row's amount in col of the first table of a kind.
	total := func(kind int, basis, col string) (amount, bool) {
		for _, ct := range a.coded {
			if ct.spec == specOf(kind, basis) {
				v, ok := ct.total[col]
				return v, ok
			}
		}
		return amount{}, false
	}
	for _, st := range a.summaries {
		// A 总表 row's amount (or its amount in a fund's column) against
		// the 合计 of the same column of a detail table.
		type pair struct {
			label, fund string
			kind        int
		}
		pairs := map[int][]pair{
			kindSummary:   {{colIncomeTotal, "", kindIncome}, {colExpTotal, "", kindExpenditure}},
			kindFiscalSum: {{colExpTotal, colGeneralBudget, kindGeneral}, {colExpTotal, colGovFund, kindGovFund}, {colExpTotal, colStateCapital, kindStateCapital}},
		}[st.spec.kind]
		for _, p := range pairs {
			side := st.sides[b2i(p.label == colExpTotal)]
			r := side.find(p.label)
			x, okX := side.first(r)
			if p.fund != "" {
				x, okX = r.vals[p.fund]
			}
			if y, okY := total(p.kind, st.spec.basis, p.label); okX && okY {
				c.eq(fmt.Sprintf("%s %s = %s 合计", st.spec.name, strings.TrimSpace(p.label+" "+p.fund), specOf(p.kind, st.spec.basis).name), x, []amount{y}, "")
			}
		}
	}
	for _, et := range a.econ {
		if basic, ok := total(kindGeneral, et.spec.basis, colBasic); ok && et.personnel != nil && et.public != nil {
			c.eq(specOf(kindGeneral, et.spec.basis).name+" 基本支出 = 人员经费合计 + 公用经费合计", basic, []amount{*et.personnel, *et.public}, "")
		}
	}
}

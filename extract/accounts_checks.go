package extract

import (
	"fmt"
	"slices"
	"sort"
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

type checker struct {
	out []fiscaldoc.Check
}

// eq stores Expected = Σ terms; n is the number of rounded terms.
func (c *checker) eq(name string, expected amount, terms []amount, detail string) {
	sum := decimal.Zero
	for _, t := range terms {
		sum = sum.Add(t.v)
	}
	c.out = append(c.out, fiscaldoc.Check{
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
		threeChecks(&c, tt)
	}
	a.crossChecks(&c)
	return c.out
}

func codedChecks(c *checker, ct *codedTable) {
	name := ct.spec.name
	byCode := map[string]codedRow{}
	var codes []string
	for _, r := range ct.rows {
		if _, dup := byCode[r.code]; !dup {
			byCode[r.code] = r
			codes = append(codes, r.code)
		}
	}
	sort.Strings(codes)
	lei, kids := codeFamilies(codes)
	for _, col := range ct.cols {
		// 合计 = Σ 类; 类 = Σ 款; 款 = Σ 项. Children printed with every
		// amount empty (an excerpt, a table cut off) leave nothing to sum.
		terms := func(codes []string) (out []amount, printed bool) {
			for _, code := range codes {
				_, has := byCode[code].vals[col]
				printed = printed || has
				out = append(out, valueOr0(byCode[code], col))
			}
			return out, printed
		}
		if tot, ok := ct.total[col]; ok && len(lei) > 0 {
			sum, _ := terms(lei)
			c.eq(fmt.Sprintf("%s 合计 %s = Σ 类", name, col), tot, sum, "")
		}
		for _, p := range codes {
			if sum, printed := terms(kids[p]); printed {
				level := [...]string{3: "款", 5: "项"}[len(p)]
				c.eq(fmt.Sprintf("%s %s %s = Σ %s", name, p, col, level), valueOr0(byCode[p], col), sum, strings.Join(kids[p], "+"))
			}
		}
	}
	// Each row: its template's identities, among the columns printed.
	for _, r := range append([]codedRow{{code: "合计", vals: ct.total}}, ct.rows...) {
		if len(r.vals) == 0 {
			continue
		}
		for _, eq := range ct.spec.identities {
			eq.check(c, name+" "+r.code, func(col string) (amount, bool) { return valueOr0(r, col), slices.Contains(ct.cols, col) })
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

func summaryChecks(c *checker, st *summaryTable) {
	name := st.spec.name
	var totals [2]amount
	var hasTotal [2]bool
	for s, side := range st.sides {
		word := []string{"本年收入合计", "本年支出合计"}[s]
		for _, col := range side.cols {
			var items []amount
			for _, r := range side.rows {
				if strings.Contains(r.label, word) {
					if v, ok := r.vals[col]; ok {
						c.eq(fmt.Sprintf("%s %s %s = Σ 项目", name, word, col), v, items, "")
					}
					break
				}
				if v, ok := r.vals[col]; ok && ordinal.MatchString(r.label) {
					items = append(items, v)
				}
			}
		}
		// 总计 = 本年合计 + the 结转/结余 rows below it.
		var parts []amount
		seen := false
		for _, r := range side.rows {
			v, ok := side.first(r)
			switch {
			case strings.Contains(r.label, word):
				seen = true
				if ok {
					parts = append(parts, v)
				}
			case strings.Contains(r.label, "总计"):
				if ok && seen {
					c.eq(fmt.Sprintf("%s 总计 = %s + 结转结余", name, word), v, parts, "")
					totals[s], hasTotal[s] = v, true
				}
			case seen && ok && (strings.Contains(r.label, "结余") || strings.Contains(r.label, "结转")):
				parts = append(parts, v)
			}
		}
		// A fund-split side: 小计 = Σ funds on every row.
		if len(side.cols) > 1 && side.cols[0] == colExpTotal {
			for _, r := range side.rows {
				tot, ok := r.vals[colExpTotal]
				if !ok {
					continue
				}
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
	if hasTotal[0] && hasTotal[1] {
		c.eq(name+" 收入总计 = 支出总计", totals[0], []amount{totals[1]}, "")
	}
	// 年初结转和结余 + 收入 − 支出 = 年末结转和结余, where a carry-over is printed.
	in, out := st.sides[0], st.sides[1]
	begin, okB := in.find("年初", "上年结转")
	end, okE := out.find("年末")
	bv, hasB := in.first(begin)
	ev, hasE := out.first(end)
	if okB && okE && (hasB || hasE) {
		terms := []amount{bv}
		for _, r := range in.rows {
			if v, ok := in.first(r); ok && (strings.Contains(r.label, "本年收入合计") || strings.Contains(r.label, "使用非财政拨款结余")) {
				terms = append(terms, v)
			}
		}
		for _, r := range out.rows {
			if v, ok := out.first(r); ok && (strings.Contains(r.label, "本年支出合计") || strings.Contains(r.label, "结余分配")) {
				v.v = v.v.Neg()
				terms = append(terms, v)
			}
		}
		if !hasE {
			ev = amount{ln: end.ln}
		}
		c.eq(name+" 年末结转和结余 = 年初结转和结余 + 收入 − 支出", ev, terms, "")
	}
}

// codeFamilies returns the 类 among codes (sorted), and the 款 of each 类
// and the 项 of each 款, in code order.
func codeFamilies(codes []string) (lei []string, kids map[string][]string) {
	kids = map[string][]string{}
	for _, code := range codes {
		p := code[:max(len(code)-2, 0)]
		_, found := slices.BinarySearch(codes, p)
		switch {
		case len(code) == 3:
			lei = append(lei, code)
		case (len(code) == 5 || len(code) == 7) && found:
			kids[p] = append(kids[p], code)
		}
	}
	return lei, kids
}

func econChecks(c *checker, et *econTable) {
	var codes []string
	for code := range et.items {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	lei, kids := codeFamilies(codes)
	first := func(codes []string, keep func(string) bool) (out []amount) {
		for _, code := range codes {
			if keep(code) {
				out = append(out, et.items[code][0])
			}
		}
		return out
	}
	all := func(string) bool { return true }
	for _, p := range lei {
		if len(kids[p]) > 0 {
			c.eq(fmt.Sprintf("%s %s = Σ 款", et.spec.name, p), et.items[p][0], first(kids[p], all), "")
		}
	}
	if et.personnel != nil {
		c.eq(et.spec.name+" 人员经费合计 = 301 + 303", *et.personnel, first(lei, personnelCode), "")
	}
	if et.public != nil {
		c.eq(et.spec.name+" 公用经费合计 = Σ 其他类", *et.public, first(lei, func(c string) bool { return !personnelCode(c) }), "")
	}
}

func threeChecks(c *checker, tt *threeTable) {
	for _, col := range []string{colBudgetNum, colActual} {
		for _, id := range threeIDs {
			id.check(c, "三公经费 "+tt.spec.basisOf(col), func(l string) (amount, bool) {
				v, ok := tt.vals[[2]string{threeField[l], col}]
				return v, ok
			})
		}
	}
}

// crossChecks compares the 总表 totals with the detail tables' 合计 rows.
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
	type pair struct {
		side       summarySide
		label, col string // the 总表 row, and its column ("" for its amount)
		kind       int    // the detail table
		total      string // its column
	}
	for _, st := range a.summaries {
		in, out := st.sides[0], st.sides[1]
		var pairs []pair
		switch st.spec.kind {
		case kindSummary:
			pairs = []pair{{in, "本年收入合计", "", kindIncome, colIncomeTotal}, {out, "本年支出合计", "", kindExpenditure, colExpTotal}}
		case kindFiscalSum:
			pairs = []pair{{out, "本年支出合计", colGeneralBudget, kindGeneral, colExpTotal},
				{out, "本年支出合计", colGovFund, kindGovFund, colExpTotal},
				{out, "本年支出合计", colStateCapital, kindStateCapital, colExpTotal}}
		}
		for _, p := range pairs {
			r, okR := p.side.find(p.label)
			x, okX := p.side.first(r)
			if p.col != "" {
				x, okX = r.vals[p.col]
				p.label += " " + p.col
			}
			if y, okY := total(p.kind, st.spec.basis, p.total); okR && okX && okY {
				c.eq(fmt.Sprintf("%s %s = %s 合计", st.spec.name, p.label, specOf(p.kind, st.spec.basis).name), x, []amount{y}, "")
			}
		}
	}
	for _, et := range a.econ {
		basic, ok := total(kindGeneral, et.spec.basis, colBasic)
		if !ok || et.personnel == nil || et.public == nil {
			continue
		}
		c.eq(specOf(kindGeneral, et.spec.basis).name+" 基本支出 = 人员经费合计 + 公用经费合计", basic, []amount{*et.personnel, *et.public}, "")
	}
}

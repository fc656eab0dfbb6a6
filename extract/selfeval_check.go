package extract

import (
	"fmt"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
)

// checks evaluates one 自评表's identities.
func (t *seTable) checks() []fiscaldoc.Check {
	var out []fiscaldoc.Check
	name := t.project
	switch {
	case t.cut:
		name = "(节选)"
	case name == "":
		name = "整体"
	}
	var moneyWeight, moneyScore decimal.Decimal
	if m := t.moneyRow; m != nil {
		moneyWeight, moneyScore = m.vals[colWeight].v, m.vals[colScore].v
	}
	// Templates that score budget execution count its 分值/得分 in 总分;
	// others do not. The identity holds if either reading adds up.
	sumCheck := func(what string, total *stated, get func(*indRow) *stated, money decimal.Decimal) {
		sum, n := t.sumOf(get)
		if total == nil || n == 0 || t.cut {
			return
		}
		ok := sum.Equal(total.v) || sum.Add(money).Equal(total.v)
		actual := sum
		if !sum.Equal(total.v) && !money.IsZero() {
			actual = sum.Add(money)
		}
		out = append(out, fiscaldoc.Check{
			Name: fmt.Sprintf("自评表 %s: Σ%s = 总分", name, what), Expected: total.v, Actual: actual, OK: ok, Line: total.first + 1,
			Detail: fmt.Sprintf("%d indicator rows sum to %s; 预算执行 %s", n, sum, money),
		})
	}
	sumCheck("分值", t.totalWeight, func(r *indRow) *stated { return r.weight }, moneyWeight)
	sumCheck("得分", t.totalScore, func(r *indRow) *stated { return r.score }, moneyScore)
	for _, r := range t.rows {
		if r.weight == nil || r.score == nil {
			continue
		}
		out = append(out, fiscaldoc.Check{
			Name:     fmt.Sprintf("自评表 %s: %s 得分 ≤ 分值", name, r.l3),
			Expected: r.weight.v, Actual: r.score.v, OK: r.score.v.LessThanOrEqual(r.weight.v), Line: r.first + 1,
		})
	}
	if c, ok := t.rateCheck(name); ok {
		out = append(out, c)
	}
	return out
}

// sumOf adds up what get returns for the indicator rows; n is how many
// rows have it.
func (t *seTable) sumOf(get func(*indRow) *stated) (sum decimal.Decimal, n int) {
	for _, r := range t.rows {
		if s := get(r); s != nil {
			sum, n = sum.Add(s.v), n+1
		}
	}
	return sum, n
}

// scoreSums are the two totals a 总分 may state: the rows' Σ得分, and that
// plus the 预算执行 得分. None without scored rows.
func (t *seTable) scoreSums() []decimal.Decimal {
	sum, n := t.sumOf(func(r *indRow) *stated { return r.score })
	if n == 0 {
		return nil
	}
	out := []decimal.Decimal{sum}
	if m := t.moneyRow; m != nil {
		if s, ok := m.vals[colScore]; ok && !s.v.IsZero() {
			out = append(out, sum.Add(s.v))
		}
	}
	return out
}

// rateCheck compares the printed 执行率 with 执行数 / 预算数, rounded (or
// cut) to the decimals printed.
func (t *seTable) rateCheck(name string) (fiscaldoc.Check, bool) {
	m := t.moneyRow
	if m == nil {
		return fiscaldoc.Check{}, false
	}
	rate, ok1 := m.vals[colRate]
	exec, ok2 := m.vals[colExec]
	budget, ok3 := m.vals[colBudget]
	if !ok3 {
		budget, ok3 = m.vals[colInitial]
	}
	if !ok1 || !ok2 || !ok3 || budget.v.IsZero() {
		return fiscaldoc.Check{}, false
	}
	places := -rate.v.Exponent()
	if places < 0 {
		places = 0
	}
	q := exec.v.Mul(decimal.NewFromInt(100)).DivRound(budget.v, places+4)
	ok := q.Round(places).Equal(rate.v) || q.Truncate(places).Equal(rate.v)
	return fiscaldoc.Check{
		Name: fmt.Sprintf("自评表 %s: 执行率 = 执行数/预算数", name), Expected: q.Round(places), Actual: rate.v, OK: ok,
		Line: rate.first + 1, Detail: fmt.Sprintf("%s / %s × 100 = %s; printed %s", exec.v, budget.v, q, rate.raw),
	}, true
}

// projectsAgainstDepartment compares the project tables' 执行数 with the
// 项目支出 the whole-department table states.
func projectsAgainstDepartment(tables []*seTable) []fiscaldoc.Check {
	var dept *stated
	sum, n := decimal.Zero, 0
	for _, t := range tables {
		if !t.isProject {
			if dept == nil {
				dept = t.deptProject
			}
			continue
		}
		if t.moneyRow != nil {
			if s, ok := t.moneyRow.vals[colExec]; ok {
				sum, n = sum.Add(s.v), n+1
			}
		}
	}
	if dept == nil || n == 0 {
		return nil
	}
	return []fiscaldoc.Check{{
		Name: "自评表: Σ 项目执行数 = 整体 项目支出", Expected: dept.v, Actual: sum, OK: sum.Equal(dept.v), Line: dept.first + 1,
		Detail: fmt.Sprintf("%d project tables", n),
	}}
}

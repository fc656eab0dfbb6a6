package extract

import (
	"fmt"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
)

// reconcile merges the figures that prose and a table both give. For each
// fact key found in both, one fact is kept and a check records both
// numbers and lines. When they agree the table's fact is kept. When they
// disagree the table's is kept too, unless one of the document's own
// identities (基本支出 = 人员经费 + 公用经费, 执行率 = 执行数 / 预算数, …)
// holds with the prose figure and not with the table's: then the table
// misread (an OCR digit too many, a rounded cell) and the prose is kept.
// Every disagreement is also a problem on the document. Keys only prose
// gives are settled by settleProse.
func reconcile(doc *fiscaldoc.Document) {
	groups := map[string][]int{}
	var keys []string
	for i, f := range doc.Facts {
		if !f.Num.Valid || f.Code != "" || f.Col != "" || f.Source != fiscaldoc.FromProse && f.Source != fiscaldoc.FromTable {
			continue
		}
		k := reconcileKey(f)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	drop := map[int]bool{}
	var wins []win
	for _, k := range keys {
		var table, prose []int
		for _, i := range groups[k] {
			if doc.Facts[i].Source == fiscaldoc.FromTable {
				table = append(table, i)
			} else {
				prose = append(prose, i)
			}
		}
		if len(table) == 0 {
			settleProse(doc, prose, drop)
			continue
		}
		if len(prose) == 0 {
			continue
		}
		if w, ok := reconcileKeyFacts(doc, table, prose, drop); ok {
			wins = append(wins, w)
		}
	}
	for _, w := range wins {
		repairSiblings(doc, w, drop)
	}
	out := doc.Facts[:0]
	for i, f := range doc.Facts {
		if !drop[i] {
			out = append(out, f)
		}
	}
	doc.Facts = out
}

// reconcileKey is the identity of a fact for reconciliation: a prose fact
// never names a table, so the table's name is left out.
func reconcileKey(f fiscaldoc.Fact) string {
	return fmt.Sprintf("%s|%s|%s|%d|%s|%s", f.Field, f.Project, f.Indicator, f.Year, f.Basis, f.Unit)
}

// settleProse settles a key only prose gives. A project's amount read
// from prose is evidence for the tables, not a figure of its own, and is
// dropped. Where sentences contradict each other (收入总计 and 支出总计 of
// different amounts) the first figure stands and the others are dropped,
// with a failed check and a problem.
func settleProse(doc *fiscaldoc.Document, prose []int, drop map[int]bool) {
	first := doc.Facts[prose[0]]
	checked := map[string]bool{first.Value: true}
	for _, i := range prose {
		p := doc.Facts[i]
		if p.Project != "" {
			drop[i] = true
			continue
		}
		if p.Num.Decimal.Equal(first.Num.Decimal) {
			continue
		}
		drop[i] = true
		if checked[p.Value] {
			continue
		}
		checked[p.Value] = true
		doc.Checks = append(doc.Checks, fiscaldoc.Check{
			Name:     "prose vs prose: " + keyText(p),
			Expected: first.Num.Decimal, Actual: p.Num.Decimal, Line: p.Line,
			Detail: fmt.Sprintf("prose line %d: %s; prose line %d: %s; kept the first", first.Line, first.Value, p.Line, p.Value),
		})
		doc.Problemf(p.Line, "prose", "%s: line %d says %s, line %d says %s; kept the first",
			keyText(p), first.Line, first.Value, p.Line, p.Value)
	}
}

// A win is a prose figure kept over the table's.
type win struct {
	prose fiscaldoc.Fact
	table decimal.Decimal // the table's figure it replaced
}

// reconcileKeyFacts settles one key given by the table facts at table and
// the prose facts at prose, marking the facts to drop, and reports a prose
// figure kept over the table's.
func reconcileKeyFacts(doc *fiscaldoc.Document, table, prose []int, drop map[int]bool) (w win, won bool) {
	t := doc.Facts[table[0]]
	checked := map[string]bool{}
	for _, pi := range prose {
		p := doc.Facts[pi]
		drop[pi] = true
		if checked[p.Value] {
			continue
		}
		checked[p.Value] = true
		c := fiscaldoc.Check{
			Name:     "prose vs table: " + keyText(p),
			Expected: t.Num.Decimal, Actual: p.Num.Decimal,
			OK:   t.Num.Decimal.Equal(p.Num.Decimal),
			Line: p.Line,
			Detail: fmt.Sprintf("table line %d: %s; prose line %d: %s",
				t.Line, t.Value, p.Line, p.Value),
		}
		if !c.OK {
			kept := "table"
			if id, ok := supports(doc, p, t); ok {
				kept = "prose (" + id + ")"
				w, won = win{p, t.Num.Decimal}, true
				drop[pi] = false
				for _, ti := range table {
					drop[ti] = true
				}
			}
			c.Detail += "; kept " + kept
			doc.Problemf(p.Line, "prose-table", "%s: table line %d says %s, prose line %d says %s; kept %s",
				keyText(p), t.Line, t.Value, p.Line, p.Value, kept)
		}
		doc.Checks = append(doc.Checks, c)
	}
	return w, won
}

// repairSiblings repairs the other figures of a project that the table
// printed the same as a figure prose overruled (专项资金 107万 as 年度资金总额
// and as 执行数, where prose and 项目支出 say 10), when the identity of
// their basis holds with the prose figure and not with the table's.
func repairSiblings(doc *fiscaldoc.Document, w win, drop map[int]bool) {
	if w.prose.Field != "budget_amount" || w.prose.Project == "" {
		return
	}
	for i, f := range doc.Facts {
		if drop[i] || f.Source != fiscaldoc.FromTable || f.Field != w.prose.Field || f.Project != w.prose.Project ||
			f.Basis == w.prose.Basis || f.Year != w.prose.Year || !f.Num.Valid || !f.Num.Decimal.Equal(w.table) {
			continue
		}
		id, ok := projectSum(doc, f)
		if !ok || !id.holds(w.prose.Num.Decimal) || id.holds(f.Num.Decimal) {
			continue
		}
		doc.Repairs = append(doc.Repairs, fiscaldoc.Repair{
			Line: f.Line, Kind: "number", Raw: f.Value, Repaired: w.prose.Value,
			Evidence: fmt.Sprintf("prose line %d gives %s for %s; %s", w.prose.Line, w.prose.Value, keyText(w.prose), id.name),
		})
		doc.Checks = append(doc.Checks, fiscaldoc.Check{
			Name:     "prose vs table: " + keyText(f),
			Expected: f.Num.Decimal, Actual: w.prose.Num.Decimal, Line: f.Line,
			Detail: fmt.Sprintf("table line %d: %s; prose line %d: %s for %s; repaired table (%s)",
				f.Line, f.Value, w.prose.Line, w.prose.Value, w.prose.Basis, id.name),
		})
		doc.Problemf(f.Line, "prose-table", "%s: table says %s; repaired to %s (%s)", keyText(f), f.Value, w.prose.Value, id.name)
		doc.Facts[i].Value, doc.Facts[i].Num = w.prose.Value, w.prose.Num
	}
}

// keyText names a fact's key for checks and problems:
// "income_total 2022 actual", "execution_rate 城乡医疗救助".
func keyText(f fiscaldoc.Fact) string {
	parts := []string{f.Field}
	if f.Project != "" {
		parts = append(parts, f.Project)
	}
	if f.Year != 0 {
		parts = append(parts, fmt.Sprint(f.Year))
	}
	if f.Basis != "" {
		parts = append(parts, f.Basis)
	}
	return strings.Join(parts, " ")
}

// A sum is an identity: whole = Σ parts, for one year and basis.
type sum struct {
	whole string
	parts []string
}

// The 三公 sums are the 三公 table's identities (data/templates.txt).
var sums = func() []sum {
	out := []sum{
		{"expenditure_total", []string{"expenditure_basic", "expenditure_project"}},
		{"expenditure_basic", []string{"personnel_cost", "public_cost"}},
	}
	for _, eq := range threeIDs {
		s := sum{whole: threeField(eq.lhs)}
		for _, t := range eq.terms {
			s.parts = append(s.parts, threeField(t))
		}
		out = append(out, s)
	}
	return out
}()

// supports reports whether an identity of the document holds with the
// prose figure p and not with the table figure t of the same key, and
// names it.
func supports(doc *fiscaldoc.Document, p, t fiscaldoc.Fact) (string, bool) {
	for _, id := range identities(doc, p) {
		if id.holds(p.Num.Decimal) && !id.holds(t.Num.Decimal) {
			return id.name, true
		}
	}
	return "", false
}

// An identity fixes the value of one fact from others: it holds for v when
// some reading of the other facts gives v.
type identity struct {
	name  string
	holds func(v decimal.Decimal) bool
}

// A term of a sum identity written as Σ sign·x = 0.
type term struct {
	sign   int64
	values []decimal.Decimal
}

// identities returns the identities the document offers for the key of f:
// the sums f takes part in, for f's year and basis, when every other term
// of the sum has a value; and for an execution rate, 执行数 / 预算数.
func identities(doc *fiscaldoc.Document, f fiscaldoc.Fact) []identity {
	var out []identity
	for _, s := range sums {
		sign := map[string]int64{s.whole: -1}
		for _, p := range s.parts {
			sign[p] = 1
		}
		own, ok := sign[f.Field]
		if !ok {
			continue
		}
		var others []term
		for field, sg := range sign {
			if field == f.Field {
				continue
			}
			vs := valuesOf(doc, field, f.Project, f.Year, f.Basis)
			if len(vs) == 0 {
				others = nil
				break
			}
			others = append(others, term{sg, vs})
		}
		if others == nil {
			continue
		}
		out = append(out, identity{
			name: s.whole + " = " + strings.Join(s.parts, " + "),
			holds: func(v decimal.Decimal) bool {
				return balances(others, v.Mul(decimal.NewFromInt(own)))
			},
		})
	}
	if f.Field == "budget_amount" && f.Project != "" {
		if id, ok := projectSum(doc, f); ok {
			out = append(out, id)
		}
	}
	if f.Field == "execution_rate" {
		actual := valuesOf(doc, "budget_amount", f.Project, 0, fiscaldoc.Actual)
		budget := valuesOf(doc, "budget_amount", f.Project, 0, fiscaldoc.Budget)
		out = append(out, identity{
			name: "execution_rate = actual / budget",
			holds: func(v decimal.Decimal) bool {
				for _, a := range actual {
					for _, b := range budget {
						if !b.IsZero() && a.Mul(decimal.NewFromInt(100)).Div(b).Round(-v.Exponent()).Equal(v) {
							return true
						}
					}
				}
				return false
			},
		})
	}
	return out
}

// projectSum is the identity 项目支出 = Σ the projects' amounts, for the
// year and basis of f, when the document gives 项目支出 and an amount (or an
// amount its execution rate implies) for every other project.
func projectSum(doc *fiscaldoc.Document, f fiscaldoc.Fact) (identity, bool) {
	whole := valuesOf(doc, "expenditure_project", "", f.Year, f.Basis)
	if len(whole) == 0 && f.Basis == fiscaldoc.Budget {
		// The projects' budgets sum to the 年初预算 of 项目支出 when
		// none was adjusted.
		whole = valuesOf(doc, "expenditure_project", "", f.Year, fiscaldoc.InitialBudget)
	}
	if len(whole) == 0 {
		return identity{}, false
	}
	others := []term{{-1, whole}}
	seen := map[string]bool{f.Project: true}
	for _, g := range doc.Facts {
		if g.Field != "budget_amount" || g.Project == "" || seen[g.Project] {
			continue
		}
		seen[g.Project] = true
		vs := valuesOf(doc, "budget_amount", g.Project, f.Year, f.Basis)
		if len(vs) == 0 {
			vs = impliedAmounts(doc, g.Project, f.Year, f.Basis)
		}
		if len(vs) == 0 {
			return identity{}, false
		}
		others = append(others, term{1, vs})
	}
	return identity{
		name:  "expenditure_project = Σ budget_amount of the projects",
		holds: func(v decimal.Decimal) bool { return balances(others, v) },
	}, true
}

// impliedAmounts returns a project's amounts on one basis that its amount
// on the other basis and its execution rate imply, where the tables print
// no cell for it: 执行数 = 预算数 × 执行率.
func impliedAmounts(doc *fiscaldoc.Document, project string, year int, basis string) []decimal.Decimal {
	other := map[string]string{fiscaldoc.Budget: fiscaldoc.Actual, fiscaldoc.Actual: fiscaldoc.Budget}[basis]
	if other == "" {
		return nil
	}
	hundred := decimal.NewFromInt(100)
	var out []decimal.Decimal
	for _, rate := range valuesOf(doc, "execution_rate", project, 0, "") {
		if rate.IsZero() {
			continue
		}
		for _, v := range valuesOf(doc, "budget_amount", project, year, other) {
			if basis == fiscaldoc.Budget {
				out = append(out, v.Mul(hundred).Div(rate).Round(2))
			} else {
				out = append(out, v.Mul(rate).Div(hundred).Round(2))
			}
		}
	}
	return out
}

// balances reports whether some choice of one value per term makes
// acc + Σ sign·value zero.
func balances(terms []term, acc decimal.Decimal) bool {
	if len(terms) == 0 {
		return acc.IsZero()
	}
	for _, v := range terms[0].values {
		if balances(terms[1:], acc.Add(v.Mul(decimal.NewFromInt(terms[0].sign)))) {
			return true
		}
	}
	return false
}

// valuesOf returns the distinct values of the facts of a field, project
// and basis; of any year when year is 0.
func valuesOf(doc *fiscaldoc.Document, field, project string, year int, basis string) []decimal.Decimal {
	var out []decimal.Decimal
	for _, g := range doc.Facts {
		if g.Field != field || g.Project != project || g.Basis != basis || year != 0 && g.Year != year || !g.Num.Valid {
			continue
		}
		dup := false
		for _, v := range out {
			dup = dup || v.Equal(g.Num.Decimal)
		}
		if !dup {
			out = append(out, g.Num.Decimal)
		}
	}
	return out
}

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
// Every disagreement is also a problem on the document.
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
	for _, k := range keys {
		var table, prose []int
		for _, i := range groups[k] {
			if doc.Facts[i].Source == fiscaldoc.FromTable {
				table = append(table, i)
			} else {
				prose = append(prose, i)
			}
		}
		if len(table) == 0 || len(prose) == 0 {
			continue
		}
		reconcileKeyFacts(doc, table, prose, drop)
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

// reconcileKeyFacts settles one key given by the table facts at table and
// the prose facts at prose, marking the facts to drop.
func reconcileKeyFacts(doc *fiscaldoc.Document, table, prose []int, drop map[int]bool) {
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
			Name:     "prose vs table: " + describe(p),
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
				drop[pi] = false
				for _, ti := range table {
					drop[ti] = true
				}
			}
			c.Detail += "; kept " + kept
			doc.Problemf(p.Line, "prose-table", "%s: table line %d says %s, prose line %d says %s; kept %s",
				describe(p), t.Line, t.Value, p.Line, p.Value, kept)
		}
		doc.Checks = append(doc.Checks, c)
	}
}

// describe names a fact's key for checks and problems:
// "income_total 2022 actual", "execution_rate 城乡医疗救助".
func describe(f fiscaldoc.Fact) string {
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

var sums = []sum{
	{"expenditure_total", []string{"expenditure_basic", "expenditure_project"}},
	{"expenditure_basic", []string{"personnel_cost", "public_cost"}},
	{"three_public_total", []string{"three_public_outbound", "three_public_vehicle", "three_public_reception"}},
	{"three_public_vehicle", []string{"three_public_vehicle_purchase", "three_public_vehicle_operation"}},
}

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

package extract

import (
	_ "embed"
	"regexp"
	"slices"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// The national templates of the 部门决算 and 部门预算 tables, as data
// (data/templates.txt, described in data/README.md). Each tableSpec names
// one template table, the titles provinces print for it, its basis (a 决算
// table is actual, a 预算 table budget), its value columns with the header
// words that name them, and the identities of its rows. A table's kind says
// how it is read and checked; both families share the kinds, since their
// tables have the same shapes. Adding a province's title, or a table, is a
// change to the data file.

// Kinds of template table, in the order of the standard report, by their
// names in the data file.
const (
	kindSummary      = iota // summary: 收入支出决算总表, 部门收支总表
	kindIncome              // income: 收入决算表, 部门收入总表
	kindExpenditure         // expenditure: 支出决算表, 部门支出总表
	kindFiscalSum           // fiscal-summary: 财政拨款收入支出决算总表, 财政拨款收支总表
	kindGeneral             // general: 一般公共预算财政拨款支出决算表, 一般公共预算支出表
	kindEconomic            // economic: 一般公共预算财政拨款基本支出决算明细表, 一般公共预算基本支出表
	kindGovFund             // gov-fund: 政府性基金预算财政拨款收入支出决算表, 政府性基金预算支出表
	kindStateCapital        // state-capital: 国有资本经营预算财政拨款支出决算表, 国有资本经营预算支出表
	kindThreePublic         // three-public: 财政拨款"三公"经费支出决算表, 一般公共预算"三公"经费支出表
)

var kindNames = []string{"summary", "income", "expenditure", "fiscal-summary", "general", "economic", "gov-fund", "state-capital", "three-public"}

// Standard column names the readers refer to (the `col` of line items).
const (
	colIncomeTotal   = "本年收入合计"
	colExpTotal      = "本年支出合计"
	colBasic         = "基本支出"
	colProject       = "项目支出"
	colActual        = "决算数"
	colBudgetNum     = "预算数"
	colTotal         = "合计"
	colGeneralBudget = "一般公共预算财政拨款"
	colGovFund       = "政府性基金预算财政拨款"
	colStateCapital  = "国有资本经营预算财政拨款"
	colPersonnel     = "人员经费"
	colPublic        = "公用经费"
)

// A colSpec is a standard column and the header words that name it; the
// longest key found in a header column wins.
type colSpec struct {
	name string
	keys []string
}

// A tableSpec describes one template table.
type tableSpec struct {
	kind       int
	name       string   // template name, the `table` of line items
	titles     []string // provincial titles that stand for it
	basis      string   // fiscaldoc.Actual (决算) or fiscaldoc.Budget (预算)
	cols       []colSpec
	identities []equation // of each row
}

func (s *tableSpec) coded() bool { return len(s.cols) > 0 }

// keyed reports whether the table's rows are keyed by classification
// codes: a coded table's (功能分类) or the economic table's (经济分类).
func (s *tableSpec) keyed() bool { return s.coded() || s.kind == kindEconomic }

// basisOf decides the basis of a figure in column col of a table of this
// spec: the one place budget and actual are told apart. Every figure of a
// 预算 table is budget; in a 决算 table a column that says 年初预算 is the
// initial budget, one that says 全年预算, 调整预算 or 预算数 the budget,
// any other the actual.
func (s *tableSpec) basisOf(col string) string {
	switch {
	case s.basis == fiscaldoc.Budget:
		return fiscaldoc.Budget
	case strings.Contains(col, "年初预算"):
		return fiscaldoc.InitialBudget
	case strings.Contains(col, "全年预算"), strings.Contains(col, "调整预算"), strings.Contains(col, colBudgetNum):
		return fiscaldoc.Budget
	}
	return fiscaldoc.Actual
}

// An equation is an identity of a template: a column (or a 三公 item) is the sum of others, each
// added or taken away: 本年支出合计 = 基本支出 + 项目支出.
type equation struct {
	lhs   string
	terms []string
	neg   []bool // terms[i] is taken away
	text  string // as written: lhs = a + b − c
}

// holds reports whether the identity holds for the values get gives (zero
// for one not printed), to the rounding of its terms.
func (id equation) holds(get func(string) decimal.Decimal) bool {
	var c checker
	id.check(&c, "", func(col string) (amount, bool) { return amount{v: get(col)}, true })
	return c[0].OK // an identity has a term at least (TestTemplates)
}

// check stores the identity as a check named name and the identity, where
// get reports its left side and one term at least printed; the terms not
// printed are left out.
func (id equation) check(c *checker, name string, get func(string) (amount, bool)) {
	lhs, ok := get(id.lhs)
	if !ok {
		return
	}
	var terms []amount
	for i, t := range id.terms {
		if v, ok := get(t); ok {
			if id.neg[i] {
				v.v = v.v.Neg()
			}
			terms = append(terms, v)
		}
	}
	if len(terms) > 0 {
		c.eq(name+" "+id.text, lhs, terms, "")
	}
}

// wordOf returns the name of the first entry of list one of whose words s
// contains (or is, for a word written =word), "" for none.
func wordOf(list []colSpec, s string) string {
	for _, e := range list {
		for _, w := range e.keys {
			if exact, ok := strings.CutPrefix(w, "="); ok && s == exact || !ok && strings.Contains(s, w) {
				return e.name
			}
		}
	}
	return ""
}

//go:embed data/templates.txt
var templatesText string

// templates is the embedded data file, loaded once; TestTemplates checks
// what it says.
var templates = parseTemplates(templatesText)

// A templateSet is the data of a templates file.
type templateSet struct {
	specs []*tableSpec
	lists map[string][]colSpec  // [columns NAME] and [words NAME]
	eqs   map[string][]equation // [identities NAME]
}

// list returns the named list of columns or words; the readers need each.
func (ts *templateSet) list(name string) []colSpec {
	l, ok := ts.lists[name]
	if !ok {
		panic("extract: data/templates.txt has no list " + name)
	}
	return l
}

// words returns the words of the named entry of a list.
func (ts *templateSet) words(list, name string) []string {
	for _, e := range ts.list(list) {
		if e.name == name {
			return e.keys
		}
	}
	panic("extract: data/templates.txt has no " + name + " in " + list)
}

// parseTemplates reads a templates file (data/README.md). It panics on a
// record of a table it does not know; what the records say (kinds, bases,
// columns, identities) is for TestTemplates to check.
func parseTemplates(text string) *templateSet {
	ts := &templateSet{lists: map[string][]colSpec{}, eqs: map[string][]equation{}}
	var sec, arg string
	for _, ln := range strings.Split(text, "\n") {
		f := strings.Fields(ln)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
		case strings.HasPrefix(ln, "["):
			sec, arg, _ = strings.Cut(strings.Trim(ln, "[] "), " ")
			if sec == "table" {
				ts.specs = append(ts.specs, &tableSpec{name: arg})
			}
		case sec == "identities":
			ts.eqs[arg] = append(ts.eqs[arg], parseEquation(f))
		case sec != "table": // columns and words
			ts.lists[arg] = append(ts.lists[arg], colSpec{f[0], f[1:]})
		default:
			s, val := ts.specs[len(ts.specs)-1], strings.Join(f[1:], " ")
			switch f[0] {
			case "kind":
				s.kind = slices.Index(kindNames, val)
			case "basis":
				s.basis = val
			case "title":
				s.titles = append(s.titles, val)
			case "columns":
				s.cols = ts.lists[val]
			case "identity":
				s.identities = append(s.identities, parseEquation(f[1:]))
			default:
				panic("extract: data/templates.txt: unknown record: " + strings.TrimSpace(ln))
			}
		}
	}
	return ts
}

// parseEquation reads the fields of x = a + b − c.
func parseEquation(f []string) equation {
	eq := equation{lhs: f[0], text: strings.Join(f, " ")}
	for i := 1; i+1 < len(f); i += 2 {
		eq.terms = append(eq.terms, f[i+1])
		eq.neg = append(eq.neg, f[i] == "−")
	}
	return eq
}

// specOf returns the spec of the given kind and basis.
func specOf(kind int, basis string) *tableSpec {
	for _, s := range templates.specs {
		if s.kind == kind && s.basis == basis {
			return s
		}
	}
	return nil
}

var (
	yearPrefix = regexp.MustCompile(`(19|20)\d{2}年度?`)
	listMarker = regexp.MustCompile(`^[-\s]*([一二三四五六七八九十]+、|\d+[.、])`)
	// titleNoise is what a title prints around its table's name: its year,
	// its number or continuation mark ((表1), 表 2, 附表3, (续)), quotes.
	titleNoise = regexp.MustCompile(yearPrefix.String() + `|附?[(]?表\s*\d+[)]?|[(]?续[)]?|[“”"'‘’]`)
	// notFiscal marks the titles of tables that are none of the templates'
	// (indicator and evaluation tables).
	notFiscal = regexp.MustCompile(`绩效|评价|自评|目标|指标`)
)

// matchTitle returns the spec whose name or provincial title the line
// prints. A title that says 决 (决算, or 决箅 garbled) is matched among
// the 决算 tables only, any other among the 预算 tables, so a budget table
// never takes a 决算 table's name; a 算 that is neither 决算 nor 预算 is no
// guess. Within the family at least 85% of a name's characters must appear
// in order (OCR slips), and the name explaining more of the line wins. A
// line naming 三公 can only be the 三公 table. fiscal reports a line that
// reads as the title of a 预算 or 决算 table whether or not a spec matched.
func matchTitle(text string) (spec *tableSpec, fiscal bool) {
	if !strings.Contains(text, "表") {
		return nil, false
	}
	s := normalize.Squash(text)
	if strings.Contains(s, "说明") || strings.Contains(s, "情况") {
		return nil, false
	}
	s = titleNoise.ReplaceAllString(listMarker.ReplaceAllString(s, ""), "")
	rs := []rune(s)
	if len(rs) > 45 || len(rs) == 0 {
		return nil, false
	}
	fiscal = !notFiscal.MatchString(s) && strings.HasSuffix(s, "表") && (strings.ContainsAny(s, "算收支") || strings.Contains(s, "三公"))
	basis := fiscaldoc.Budget
	switch {
	case strings.Contains(s, "决"):
		basis = fiscaldoc.Actual
	case strings.Count(s, "算") > strings.Count(s, "预算"):
		return nil, fiscal // 算 of a garbled 决算 or 预算: no guess
	}
	sangong := strings.Contains(s, "三公")
	bestLCS, bestLen := 0, 0
	for _, sp := range templates.specs {
		if sp.basis != basis || sangong != (sp.kind == kindThreePublic) {
			continue
		}
		for _, name := range append([]string{sp.name}, sp.titles...) {
			n := []rune(name)
			// 85% of the name at least; prefer the name that explains more
			// of the line, then the one the line prints more completely.
			if l := lcs(n, rs); l*100 >= len(n)*85 && (l > bestLCS || l == bestLCS && len(n) < bestLen) {
				spec, bestLCS, bestLen = sp, l, len(n)
			}
		}
	}
	if spec == nil && sangong && fiscal {
		spec = specOf(kindThreePublic, basis)
	}
	return spec, fiscal || spec != nil
}

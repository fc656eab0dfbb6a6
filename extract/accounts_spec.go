package extract

import (
	_ "embed"
	"errors"
	"fmt"
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
	sum := decimal.Zero
	for i, t := range id.terms {
		if id.neg[i] {
			sum = sum.Sub(get(t))
		} else {
			sum = sum.Add(get(t))
		}
	}
	return within(get(id.lhs), sum, len(id.terms))
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

// A wordRule names what a label says: the first rule of a list one of whose
// words the label contains (or is, for a word written =word) wins.
type wordRule struct {
	name  string
	words []string
}

// wordOf returns the name of the first rule whose word s contains, "" for none.
func wordOf(rules []wordRule, s string) string {
	for _, r := range rules {
		for _, w := range r.words {
			if exact, ok := strings.CutPrefix(w, "="); ok && s == exact || !ok && strings.Contains(s, w) {
				return r.name
			}
		}
	}
	return ""
}

//go:embed data/templates.txt
var templatesText string

// templates is the embedded data file, loaded once.
var templates = func() *templateSet {
	ts, err := parseTemplates(templatesText)
	if err != nil {
		panic(err) // the embedded file is malformed: TestTemplates says where
	}
	return ts
}()

// A templateSet is the data of a templates file.
type templateSet struct {
	specs      []*tableSpec
	cols       map[string][]colSpec // column sets by name
	carryBegin []string             // labels of a 总表's carry-over rows
	carryEnd   []string
	threeItems []wordRule // 三公 fields in template column order, by label
	threeSplit []string   // the fields only a table splitting the vehicle cost prints
	threeIDs   []equation // in the items' labels
	threeRows  []wordRule // what a 三公 row label names
	threeCols  []wordRule // what a 三公 column header names
}

var tableSpecs = templates.specs

// parseTemplates reads a templates file (data/README.md); its errors name
// the lines.
func parseTemplates(text string) (*templateSet, error) {
	ts := &templateSet{cols: map[string][]colSpec{}}
	var errs []error
	fail := func(n int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("templates.txt:%d: %s", n, fmt.Sprintf(format, args...)))
	}
	var section, arg string
	var spec *tableSpec
	type line struct {
		text string
		n    int
	}
	type pending struct {
		spec     *tableSpec
		cols     string
		ids      []line
		n        int
		kindSeen bool
	}
	var tables []*pending
	for i, ln := range strings.Split(text, "\n") {
		n := i + 1
		ln = strings.TrimSpace(ln)
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		if h, ok := strings.CutPrefix(ln, "["); ok {
			h, ok = strings.CutSuffix(h, "]")
			f := strings.Fields(h)
			if !ok || len(f) == 0 {
				fail(n, "malformed section header %q", ln)
				continue
			}
			section, arg = f[0], strings.Join(f[1:], " ")
			switch {
			case section == "columns" && arg != "":
				if _, dup := ts.cols[arg]; dup {
					fail(n, "column set %s defined twice", arg)
				}
				ts.cols[arg] = nil
			case section == "table" && arg != "":
				spec = &tableSpec{kind: -1, name: arg}
				ts.specs = append(ts.specs, spec)
				tables = append(tables, &pending{spec: spec, n: n})
			case section == "carry-over" && arg == "",
				section == "three-public" && slices.Contains([]string{"items", "identities", "labels", "columns"}, arg):
			default:
				fail(n, "unknown section [%s]", h)
				section = ""
			}
			continue
		}
		f := strings.Fields(ln)
		switch section {
		case "":
			fail(n, "record outside a section")
		case "columns":
			if len(f) < 2 {
				fail(n, "column %s names no header words", f[0])
			}
			ts.cols[arg] = append(ts.cols[arg], colSpec{f[0], f[1:]})
		case "table":
			p := tables[len(tables)-1]
			val := strings.Join(f[1:], " ")
			switch {
			case len(f) < 2:
				fail(n, "%s without a value", f[0])
			case f[0] == "kind":
				p.kindSeen = true
				if spec.kind = slices.Index(kindNames, val); spec.kind < 0 {
					fail(n, "unknown kind %q", val)
				}
			case f[0] == "basis":
				if spec.basis = val; val != fiscaldoc.Actual && val != fiscaldoc.Budget {
					fail(n, "basis %q is neither actual nor budget", val)
				}
			case f[0] == "title":
				spec.titles = append(spec.titles, val)
			case f[0] == "columns":
				p.cols = val
			case f[0] == "identity":
				p.ids = append(p.ids, line{val, n})
			default:
				fail(n, "unknown record %q", ln)
			}
		case "carry-over":
			switch f[0] {
			case "begin":
				ts.carryBegin = f[1:]
			case "end":
				ts.carryEnd = f[1:]
			default:
				fail(n, "unknown carry-over %q", f[0])
			}
		case "three-public":
			switch arg {
			case "items":
				if len(f) < 2 || len(f) > 3 || len(f) == 3 && f[2] != "split" {
					fail(n, "a 三公 item is a field, its label and maybe split: %q", ln)
					continue
				}
				ts.threeItems = append(ts.threeItems, wordRule{f[0], f[1:2]})
				if len(f) == 3 {
					ts.threeSplit = append(ts.threeSplit, f[0])
				}
			case "identities":
				id, err := parseIdentity(ln)
				if err != nil {
					fail(n, "%v", err)
				}
				ts.threeIDs = append(ts.threeIDs, id)
			case "labels", "columns":
				rule := wordRule{f[0], f[1:]}
				if len(f) < 2 {
					fail(n, "%s names no words", f[0])
				}
				if arg == "labels" {
					ts.threeRows = append(ts.threeRows, rule)
				} else {
					ts.threeCols = append(ts.threeCols, rule)
				}
			}
		}
	}
	for _, p := range tables {
		s := p.spec
		if !p.kindSeen || s.basis == "" {
			fail(p.n, "table %s needs a kind and a basis (actual or budget)", s.name)
		}
		if p.cols != "" {
			if s.cols = ts.cols[p.cols]; s.cols == nil {
				fail(p.n, "table %s: no column set %q", s.name, p.cols)
			}
		}
		for _, ln := range p.ids {
			id, err := parseIdentity(ln.text)
			for _, c := range append([]string{id.lhs}, id.terms...) {
				if err == nil && !slices.ContainsFunc(s.cols, func(cs colSpec) bool { return cs.name == c }) {
					err = fmt.Errorf("identity %s: %s is none of its columns", id.text, c)
				}
			}
			if err != nil {
				fail(ln.n, "table %s: %v", s.name, err)
			}
			s.identities = append(s.identities, id)
		}
	}
	errs = append(errs, ts.validate()...)
	return ts, errors.Join(errs...)
}

// parseIdentity reads lhs = a + b − c (− or -).
func parseIdentity(text string) (equation, error) {
	f := strings.Fields(text)
	if len(f) < 3 || len(f)%2 == 0 || f[1] != "=" {
		return equation{}, fmt.Errorf("identity %q is not x = a + b …", text)
	}
	id := equation{lhs: f[0], terms: []string{f[2]}, neg: []bool{false}}
	b := []string{f[0], "=", f[2]}
	for i := 3; i+1 < len(f); i += 2 {
		op := f[i]
		if op != "+" && op != "-" && op != "−" {
			return equation{}, fmt.Errorf("identity %q: %q is neither + nor −", text, op)
		}
		if op == "-" {
			op = "−"
		}
		id.terms = append(id.terms, f[i+1])
		id.neg = append(id.neg, op == "−")
		b = append(b, op, f[i+1])
	}
	id.text = strings.Join(b, " ")
	return id, nil
}

// validate checks what a table of the data says across records: every kind
// in both families, no title claimed by two tables of a family, the 三公
// records naming the items.
func (ts *templateSet) validate() []error {
	var errs []error
	for _, basis := range []string{fiscaldoc.Actual, fiscaldoc.Budget} {
		claimed := map[string]string{}
		for kind, name := range kindNames {
			n := 0
			for _, s := range ts.specs {
				if s.kind == kind && s.basis == basis {
					n++
				}
			}
			if n != 1 {
				errs = append(errs, fmt.Errorf("templates: %d %s tables of kind %s, want 1", n, basis, name))
			}
		}
		for _, s := range ts.specs {
			if s.basis != basis {
				continue
			}
			for _, t := range append([]string{s.name}, s.titles...) {
				if other, ok := claimed[t]; ok && other != s.name {
					errs = append(errs, fmt.Errorf("templates: title %s claimed by %s and %s", t, other, s.name))
				}
				claimed[t] = s.name
			}
		}
	}
	if len(ts.carryBegin) == 0 || len(ts.carryEnd) == 0 {
		errs = append(errs, errors.New("templates: [carry-over] needs begin and end"))
	}
	label := map[string]bool{}
	field := map[string]bool{}
	for _, it := range ts.threeItems {
		field[it.name], label[it.words[0]] = true, true
	}
	for _, id := range ts.threeIDs {
		for _, l := range append([]string{id.lhs}, id.terms...) {
			if !label[l] {
				errs = append(errs, fmt.Errorf("templates: 三公 identity %s: %s is no item's label", id.text, l))
			}
		}
	}
	for _, r := range ts.threeRows {
		if !field[r.name] {
			errs = append(errs, fmt.Errorf("templates: 三公 label rule names %s, no item", r.name))
		}
	}
	for _, c := range []string{colActual, colBudgetNum} {
		if !slices.ContainsFunc(ts.threeCols, func(r wordRule) bool { return r.name == c }) {
			errs = append(errs, fmt.Errorf("templates: [three-public columns] does not name %s", c))
		}
	}
	return errs
}

// specOf returns the spec of the given kind and basis.
func specOf(kind int, basis string) *tableSpec {
	for _, s := range tableSpecs {
		if s.kind == kind && s.basis == basis {
			return s
		}
	}
	return nil
}

var (
	yearPrefix = regexp.MustCompile(`(19|20)\d{2}年度?`)
	// tableNumber is a table's number or continuation mark: (表1), 表 2, 附表3, (续).
	tableNumber = regexp.MustCompile(`附?[(]?表\s*\d+[)]?|[(]?续[)]?|[(]?续表[)]?`)
	listMarker  = regexp.MustCompile(`^[-\s]*([一二三四五六七八九十]+、|\d+[.、])`)
	// notFiscal marks the titles of tables that are none of the templates'
	// (indicator and evaluation tables).
	notFiscal = regexp.MustCompile(`绩效|评价|自评|目标|指标`)
)

// titleQuotes are the quotes a table title may print around its name.
var titleQuotes = strings.NewReplacer("“", "", "”", "", `"`, "", "'", "", "‘", "", "’", "")

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
	s = listMarker.ReplaceAllString(s, "")
	s = yearPrefix.ReplaceAllString(s, "")
	s = tableNumber.ReplaceAllString(s, "")
	s = titleQuotes.Replace(s)
	rs := []rune(s)
	if len(rs) > 45 || len(rs) == 0 {
		return nil, false
	}
	fiscal = !notFiscal.MatchString(s) && strings.HasSuffix(s, "表") &&
		(strings.Contains(s, "算") || strings.Contains(s, "收") || strings.Contains(s, "支") || strings.Contains(s, "三公"))
	var basis string
	switch {
	case strings.Contains(s, "决"):
		basis = fiscaldoc.Actual
	case strings.Count(s, "算") > strings.Count(s, "预算"):
		return nil, fiscal // 算 of a garbled 决算 or 预算: no guess
	default:
		basis = fiscaldoc.Budget
	}
	sangong := strings.Contains(s, "三公")
	bestLCS, bestLen := 0, 0
	for _, sp := range tableSpecs {
		if sp.basis != basis || sangong != (sp.kind == kindThreePublic) {
			continue
		}
		for _, name := range append([]string{sp.name}, sp.titles...) {
			n := []rune(name)
			l := lcs(n, rs)
			if l*100 < len(n)*85 {
				continue
			}
			// Prefer the name that explains more of the line, then the one
			// the line prints more completely.
			if spec == nil || l > bestLCS || l == bestLCS && len(n) < bestLen {
				spec, bestLCS, bestLen = sp, l, len(n)
			}
		}
	}
	if spec == nil && sangong && fiscal {
		spec = specOf(kindThreePublic, basis)
	}
	return spec, fiscal || spec != nil
}

package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// templateProblems checks what a templates file says across its records:
// one table of each kind in each family, each identity among its table's
// columns, no title claimed by two tables of a family, every template name
// and provincial title matched by matchTitle to its own table (so a title
// added to the file is tested without a test of its own), the 三公
// lists naming the 三公 items, and the 总表's and the 三公 items' fields
// in the fact vocabulary.
func templateProblems(ts *templateSet) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, basis := range []string{fiscaldoc.Actual, fiscaldoc.Budget} {
		for kind, name := range kindNames {
			n := 0
			for _, s := range ts.specs {
				if s.kind == kind && s.basis == basis {
					n++
				}
			}
			if n != 1 {
				bad("%d %s tables of kind %s, want 1", n, basis, name)
			}
		}
	}
	claimed := map[string]*tableSpec{}
	for _, s := range ts.specs {
		if s.kind < 0 || s.basis != fiscaldoc.Actual && s.basis != fiscaldoc.Budget {
			bad("%s: kind %d, basis %q: want a kind and actual or budget", s.name, s.kind, s.basis)
		}
		if s.coded() != (len(s.identities) > 0) {
			bad("%s: %d columns, %d identities: a coded table needs both", s.name, len(s.cols), len(s.identities))
		}
		for _, eq := range s.identities {
			equationProblems(eq, bad)
			for _, col := range append([]string{eq.lhs}, eq.terms...) {
				if !slices.ContainsFunc(s.cols, func(cs colSpec) bool { return cs.name == col }) {
					bad("%s: identity %s: %s is none of its columns", s.name, eq.text, col)
				}
			}
		}
		for _, title := range append([]string{s.name}, s.titles...) {
			key := s.basis + " " + title
			if other := claimed[key]; other != nil {
				bad("title %s claimed by %s and %s", title, other.name, s.name)
			}
			claimed[key] = s
			// matchTitle reads the package's templates; ts is checked
			// against them when it is the embedded file.
			if ts != templates {
				continue
			}
			for _, line := range []string{title, "2023年" + title + "(表3)"} {
				if got, _ := matchTitle(normalize.Text(line)); got != s {
					bad("matchTitle(%q) is not %s", line, s.name)
				}
			}
		}
	}
	items := map[string]string{} // label → field
	for _, it := range ts.lists["three-public-items"] {
		items[it.keys[0]] = it.name
	}
	fields := func(list string) []string {
		var out []string
		for _, e := range ts.lists[list] {
			out = append(out, e.name)
		}
		return out
	}
	for _, eq := range ts.eqs["three-public"] {
		equationProblems(eq, bad)
		for _, l := range append([]string{eq.lhs}, eq.terms...) {
			if items[l] == "" {
				bad("三公 identity %s: %s is no item's label", eq.text, l)
			}
		}
	}
	named := slices.Concat(fields("three-public-labels"), ts.lists["three-public-columns"][0].keys, ts.lists["three-public-columns"][1].keys)
	for _, f := range named {
		if !slices.Contains(fields("three-public-items"), f) {
			bad("三公 field %s is no item", f)
		}
	}
	if h := fields("three-public-headers"); !slices.Contains(h, colActual) || !slices.Contains(h, colBudgetNum) {
		bad("three-public-headers name %v, want %s and %s", h, colActual, colBudgetNum)
	}
	for _, list := range []string{"summary-fields", "three-public-items"} {
		for _, f := range fields(list) {
			if !slices.ContainsFunc(fiscaldoc.Fields, func(d fiscaldoc.FieldDef) bool { return d.Name == f }) {
				bad("%s: %s is no field of the fact vocabulary", list, f)
			}
		}
	}
	return out
}

// equationProblems checks that an identity is written x = a + b − c.
func equationProblems(eq equation, bad func(string, ...any)) {
	f := strings.Fields(eq.text)
	if len(f) < 3 || len(f)%2 == 0 || f[1] != "=" {
		bad("identity %q is not x = a + b …", eq.text)
	}
	for i := 3; i < len(f); i += 2 {
		if f[i] != "+" && f[i] != "−" {
			bad("identity %q: %q is neither + nor −", eq.text, f[i])
		}
	}
}

func TestTemplates(t *testing.T) {
	for _, p := range templateProblems(templates) {
		t.Error(p)
	}
}

// TestTemplatesBroken: a templates file that contradicts itself fails the
// checks, and one with a record the loader cannot place fails to load,
// each naming what is wrong.
func TestTemplatesBroken(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown kind", "kind      income\nbasis     actual", "kind      incomes\nbasis     actual", `收入决算表: kind -1, basis "actual"`},
		{"bad basis", "kind      income\nbasis     actual", "kind      income\nbasis     actuals", `basis "actuals": want`},
		{"malformed identity", "合计 = 上年结转 +", "合计 = 上年结转 *", `"*" is neither + nor −`},
		{"no equals", "合计 = 上年结转 +", "合计 上年结转 +", `is not x = a + b`},
		{"unknown column set", "columns   budget-income", "columns   budget-incomes", "部门收入总表: 0 columns, 1 identities"},
		{"unknown record", "title     收支总表", "titel     收支总表", "unknown record: titel     收支总表"},
		{"kind missing in a family", "kind      general\nbasis     budget", "kind      income\nbasis     budget", "0 budget tables of kind general"},
		{"identity off the columns", "合计 = 上年结转 +", "合计 = 基本支出 + 上年结转 +", "基本支出 is none of its columns"},
		{"title claimed twice", "title     收支总表\n", "title     收支总表\ntitle     收入总表\n", "title 收入总表 claimed by 部门收支总表 and 部门收入总表"},
		{"三公 identity off the items", "公务用车 = 购置 + 运行维护", "公务用车 = 购置 + 运行", "运行 is no item's label"},
		{"三公 label of no item", "three_public_vehicle            公务用车 公车", "three_public_car            公务用车 公车", "三公 field three_public_car is no item"},
		{"总表 field off the vocabulary", "carryover_end       年末结转和结余", "carryover_ending    年末结转和结余", "summary-fields: carryover_ending is no field"},
	}
	problems := func(text string) (got string) {
		defer func() {
			if r := recover(); r != nil {
				got = fmt.Sprint(r)
			}
		}()
		return strings.Join(templateProblems(parseTemplates(text)), "\n")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(templatesText, tt.old) {
				t.Fatalf("the templates file has no %q to break", tt.old)
			}
			if got := problems(strings.Replace(templatesText, tt.old, tt.new, 1)); !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want a problem saying %q", got, tt.want)
			}
		})
	}
}

package synth

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/corpus"
	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/shopspring/decimal"
)

func TestSynthPlaces(t *testing.T) {
	if got := len(synthPlaces()); got != len(synthCounties) {
		t.Errorf("the gazetteer resolves %d of %d counties", got, len(synthCounties))
	}
}

func TestSynthesizeDeterministic(t *testing.T) {
	for i := range 20 {
		a, b := Synthesize(7, i), Synthesize(7, i)
		if a.Name != b.Name || a.Text != b.Text || len(a.Facts) != len(b.Facts) {
			t.Fatalf("doc %d differs between two calls", i)
		}
		if c := Synthesize(8, i); c.Text == a.Text {
			t.Errorf("doc %d: seeds 7 and 8 give the same text", i)
		}
	}
}

// splitDigits matches the OCR spaces inside a number: "1, 085. 68".
var splitDigits = regexp.MustCompile(`([0-9][.,]) +([0-9])`)

// TestSynthesizeGold checks that every gold fact is printed in its
// document and that the facts keep the accounting identities.
func TestSynthesizeGold(t *testing.T) {
	kinds := map[string]int{}
	for i := range 200 {
		d := Synthesize(1, i)
		text := splitDigits.ReplaceAllString(d.Text, "$1$2")
		text = strings.ReplaceAll(text, ",", "")
		sums := map[string]decimal.Decimal{}
		key := func(f gold.Fact) string {
			return f.Field + "|" + f.Table + "|" + f.Code + "|" + f.Col + "|" + f.Basis + "|" + f.Project + "|" + string(rune('0'+f.Year%10))
		}
		var docType string
		for _, f := range d.Facts {
			if f.Doc != d.Name || f.Field == "" || f.Value == "" {
				t.Fatalf("doc %d: malformed fact %+v", i, f)
			}
			if f.Field == "doc_type" {
				docType = f.Value
			}
			switch f.Unit {
			case "万元":
				v, err := decimal.NewFromString(f.Value)
				if err != nil || f.Year == 0 {
					t.Fatalf("doc %d: money fact %+v: %v", i, f, err)
				}
				if !strings.Contains(text, f.Value) && !strings.Contains(text, v.StringFixed(2)) {
					t.Errorf("doc %d: %s %s %s not printed", i, f.Field, f.Code, f.Value)
				}
				sums[key(f)] = v
			case "":
				// Meta facts of the place come from the gazetteer, not the text.
				printed := f.Field == "org" || f.Field == "project_dept" || strings.HasPrefix(f.Field, "indicator_")
				if printed && !strings.Contains(text, f.Value) {
					t.Errorf("doc %d: %s %q not printed", i, f.Field, f.Value)
				}
			}
		}
		kinds[docType]++
		get := func(field, basis string, year int) decimal.Decimal {
			return sums[key(gold.Fact{Field: field, Basis: basis, Year: year})]
		}
		y := 0
		for _, f := range d.Facts {
			if f.Field == "fiscal_year" {
				y = int(decimal.RequireFromString(f.Value).IntPart())
			}
		}
		basis, table, threeBases := "actual", "支出决算表", []string{"budget", "actual"}
		switch docType {
		case fiscaldoc.FinalAccounts:
		case fiscaldoc.DeptBudget:
			basis, table, threeBases = "budget", "部门支出总表", []string{"budget"}
			for _, f := range d.Facts {
				if f.Unit == "万元" && f.Basis != fiscaldoc.Budget || strings.Contains(f.Table, "决算") {
					t.Errorf("doc %d: a 部门预算's fact %+v is not a budget of a budget table", i, f)
				}
			}
		default:
			continue
		}
		total := get("expenditure_total", basis, y)
		if b, p := get("expenditure_basic", basis, y), get("expenditure_project", basis, y); !b.Add(p).Equal(total) {
			t.Errorf("doc %d: basic %s + project %s != total %s", i, b, p, total)
		}
		if pc, pu := get("personnel_cost", basis, y), get("public_cost", basis, y); !pc.Add(pu).Equal(get("expenditure_basic", basis, y)) {
			t.Errorf("doc %d: personnel %s + public %s != basic", i, pc, pu)
		}
		levels := map[int]decimal.Decimal{}
		for _, f := range d.Facts {
			if f.Table == table && f.Col == "本年支出合计" {
				levels[len(f.Code)] = levels[len(f.Code)].Add(decimal.RequireFromString(f.Value))
			}
		}
		for _, n := range []int{3, 5, 7} {
			if !levels[n].Equal(total) {
				t.Errorf("doc %d: Σ of the %d-digit codes %s != total %s", i, n, levels[n], total)
			}
		}
		for _, basis := range threeBases {
			sum := get("three_public_outbound", basis, y).Add(get("three_public_vehicle", basis, y)).Add(get("three_public_reception", basis, y))
			if !sum.Equal(get("three_public_total", basis, y)) {
				t.Errorf("doc %d: 三公 %s parts %s != total %s", i, basis, sum, get("three_public_total", basis, y))
			}
		}
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s among 200 documents: %v", k, kinds)
		}
	}
}

// TestBudgetExecuted checks that the 部门决算 of a department-year spends,
// item by item, 60–105% of what its 部门预算 plans, and its 三公 budget is
// the budget's.
func TestBudgetExecuted(t *testing.T) {
	for i := range 30 {
		plan, spent := SynthesizeKind(2, i, Tab, fiscaldoc.DeptBudget), SynthesizeKind(2, i, Sample, fiscaldoc.FinalAccounts)
		planned := map[string]decimal.Decimal{}
		for _, f := range plan.Facts {
			switch {
			case f.Table == "部门支出总表":
				planned[f.Code+f.Col] = decimal.RequireFromString(f.Value)
			case strings.HasPrefix(f.Field, "three_public"):
				planned[f.Field] = decimal.RequireFromString(f.Value)
			}
		}
		items := 0
		for _, f := range spent.Facts {
			if f.Unit != "万元" {
				continue
			}
			v := decimal.RequireFromString(f.Value)
			switch {
			case f.Table == "支出决算表" && len(f.Code) == 7:
				items++
				b := planned[f.Code+f.Col]
				if r := v.Div(b); b.IsZero() || r.LessThan(decimal.RequireFromString("0.59")) || r.GreaterThan(decimal.RequireFromString("1.05")) {
					t.Errorf("doc %d: %s %s spent %s of a budget of %s", i, f.Code, f.Col, v, b)
				}
			case strings.HasPrefix(f.Field, "three_public") && f.Basis == fiscaldoc.Budget:
				if !v.Equal(planned[f.Field]) {
					t.Errorf("doc %d: the 决算's %s budget %s, the 预算's %s", i, f.Field, v, planned[f.Field])
				}
			}
		}
		if items == 0 {
			t.Errorf("doc %d: the 决算 has no 项 of 支出决算表", i)
		}
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	n, err := Write(dir, 12, 3)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := gold.ReadFile(filepath.Join(dir, "gold.jsonl"))
	if err != nil || len(facts) != n {
		t.Fatalf("gold.jsonl: %d facts, %v; Write said %d", len(facts), err, n)
	}
	files, errs, _ := corpus.List([]string{dir})
	if len(files) != 12 || len(errs) != 0 {
		t.Fatalf("listed %d files, errors %v", len(files), errs)
	}
	docs := map[string]bool{}
	for _, f := range facts {
		docs[f.Doc] = true
	}
	for _, f := range files {
		if !docs[filepath.Base(f)] {
			t.Errorf("%s has no gold facts", f)
		}
		if doc := corpus.Read(context.Background(), f, corpus.Limits{}); doc.Err != nil || len(doc.Lines) < 20 {
			t.Errorf("%s: %v, %d lines", f, doc.Err, len(doc.Lines))
		}
	}
	again := t.TempDir()
	if _, err := Write(again, 12, 3); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, _ := os.ReadFile(filepath.Join(again, filepath.Base(f)))
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs", filepath.Base(f))
		}
	}
}

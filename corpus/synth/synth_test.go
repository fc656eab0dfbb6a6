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
		if docType != fiscaldoc.FinalAccounts {
			continue
		}
		total := get("expenditure_total", "actual", y)
		if b, p := get("expenditure_basic", "actual", y), get("expenditure_project", "actual", y); !b.Add(p).Equal(total) {
			t.Errorf("doc %d: basic %s + project %s != total %s", i, b, p, total)
		}
		if pc, pu := get("personnel_cost", "actual", y), get("public_cost", "actual", y); !pc.Add(pu).Equal(get("expenditure_basic", "actual", y)) {
			t.Errorf("doc %d: personnel %s + public %s != basic", i, pc, pu)
		}
		classes := decimal.Zero
		for _, f := range d.Facts {
			if f.Table == "支出决算表" && f.Col == "本年支出合计" && len(f.Code) == 3 {
				classes = classes.Add(decimal.RequireFromString(f.Value))
			}
		}
		if !classes.Equal(total) {
			t.Errorf("doc %d: Σ类 %s != total %s", i, classes, total)
		}
		for _, basis := range []string{"budget", "actual"} {
			sum := get("three_public_outbound", basis, y).Add(get("three_public_vehicle", basis, y)).Add(get("three_public_reception", basis, y))
			if !sum.Equal(get("three_public_total", basis, y)) {
				t.Errorf("doc %d: 三公 %s parts %s != total %s", i, basis, sum, get("three_public_total", basis, y))
			}
		}
	}
	for _, k := range []string{fiscaldoc.FinalAccounts, fiscaldoc.DeptPerfSelfEval, fiscaldoc.ProjectPerfSelfEval} {
		if kinds[k] == 0 {
			t.Errorf("no %s among 200 documents: %v", k, kinds)
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

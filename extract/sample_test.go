package extract

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fiscaldoc/fiscaldoc/internal/gold"
	"github.com/fiscaldoc/fiscaldoc/internal/testutil"
)

var (
	sampleOnce sync.Once
	sample     gold.Result
)

// sampleResult extracts the sample corpus (seeds and extra) once per test
// binary and scores it against the gold facts.
func sampleResult(t *testing.T) gold.Result {
	t.Helper()
	sampleOnce.Do(func() {
		var want, got []gold.Fact
		for _, set := range []string{"seeds", "extra"} {
			g, err := gold.ReadFile(testutil.GoldPath(t, set))
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, g...)
			for _, p := range testutil.Sample(t, set) {
				got = append(got, gold.FromDocument(testutil.Process(t, p, Extract, Check))...)
			}
		}
		sample = gold.Compare(want, got)
	})
	return sample
}

// A floor is the recall and precision a field has reached on the sample, by
// the rule of FACTS.md (rebuilt names pair). A change that falls below one
// fails. Raise floors as extraction improves; never lower one to make a
// change pass.
type floor struct{ recall, precision float64 }

// sampleFloors holds a floor for every field the gold has: measured on the
// sample (seeds + extra) and rounded down a little.
var sampleFloors = map[string]floor{
	"doc_type":    {1, 1},
	"org":         {1, 1},
	"fiscal_year": {1, 1},
	"report_date": {1, 1},
	"province":    {1, 1},
	"prefecture":  {1, 1},
	"county":      {1, 1},
	"region_code": {1, 1},

	"income_total":                   {1, 1},
	"income_general_budget":          {1, 1},
	"income_gov_fund":                {1, 1},
	"expenditure_total":              {1, 1},
	"grand_total":                    {1, 1},
	"expenditure_basic":              {1, 1},
	"expenditure_project":            {1, 1},
	"personnel_cost":                 {1, 1},
	"public_cost":                    {1, 1},
	"three_public_total":             {1, 1},
	"three_public_outbound":          {1, 1},
	"three_public_vehicle":           {1, 1},
	"three_public_vehicle_purchase":  {1, 1},
	"three_public_vehicle_operation": {1, 1},
	"three_public_reception":         {1, 1},
	"org_operation_cost":             {1, 1},
	"procurement_total":              {1, 1},
	"carryover_begin":                {1, 1},
	"carryover_end":                  {1, 1},
	"staff_authorized":               {1, 1},
	"staff_actual":                   {1, 1},
	"staff_retired":                  {1, 1},
	"line_item":                      {1, 1},
	"econ_item":                      {1, 1},

	"budget_amount":    {0.96, 1},
	"execution_rate":   {1, 1},
	"eval_score":       {1, 1},
	"project_dept":     {1, 1},
	"indicator_target": {0.99, 0.985},
	"indicator_actual": {0.99, 0.99},
	"indicator_weight": {1, 0.99},
	"indicator_score":  {1, 0.99},
}

// checkFloors returns what is wrong with res against floors: a field below
// its floor, a floor on a field the gold does not have (a misspelt name
// must not pass), a floor of 0 (no floor), and a field the gold has with no
// floor.
func checkFloors(res gold.Result, floors map[string]floor) []string {
	var errs []string
	for field, min := range floors {
		s, ok := res.Fields[field]
		switch {
		case !ok || s.Gold == 0:
			errs = append(errs, fmt.Sprintf("%s: a floor, but no gold fact has this field", field))
		case min.recall <= 0 || min.precision <= 0:
			errs = append(errs, fmt.Sprintf("%s: floor %.3f %.3f is no floor", field, min.recall, min.precision))
		case s.Recall() < min.recall || s.Precision() < min.precision:
			errs = append(errs, fmt.Sprintf("%s: recall %.3f precision %.3f, below the floor %.3f %.3f",
				field, s.Recall(), s.Precision(), min.recall, min.precision))
		}
	}
	for field, s := range res.Fields {
		if _, ok := floors[field]; !ok && s.Gold > 0 {
			errs = append(errs, fmt.Sprintf("%s: gold facts but no floor", field))
		}
	}
	sort.Strings(errs)
	return errs
}

// TestSample scores the sample against the gold and asserts every field's
// floor. It prints the per-field table with -v, and the misses with
// FISCALDOC_MISSES=1.
func TestSample(t *testing.T) {
	res := sampleResult(t)
	if testing.Verbose() {
		res.Write(os.Stdout, "sample (seeds + extra)")
	}
	if os.Getenv("FISCALDOC_MISSES") != "" {
		res.WriteMisses(os.Stdout)
	}
	for _, e := range checkFloors(res, sampleFloors) {
		t.Error(e)
	}
}

// TestCheckFloors: the floor check fails where it must.
func TestCheckFloors(t *testing.T) {
	res := gold.Result{Fields: map[string]gold.Score{
		"org":       {Gold: 10, Found: 9, Got: 10, Right: 9},
		"line_item": {Gold: 4, Found: 4, Got: 4, Right: 4},
	}}
	tests := []struct {
		name   string
		floors map[string]floor
		want   []string
	}{
		{"met", map[string]floor{"org": {0.9, 0.9}, "line_item": {1, 1}}, nil},
		{"below", map[string]floor{"org": {0.95, 0.9}, "line_item": {1, 1}},
			[]string{"org: recall 0.900 precision 0.900, below the floor 0.950 0.900"}},
		{"misspelt field", map[string]floor{"org": {0.9, 0.9}, "line_items": {1, 1}, "line_item": {1, 1}},
			[]string{"line_items: a floor, but no gold fact has this field"}},
		{"zero precision", map[string]floor{"org": {0.9, 0}, "line_item": {1, 1}},
			[]string{"org: floor 0.900 0.000 is no floor"}},
		{"field without a floor", map[string]floor{"org": {0.9, 0.9}},
			[]string{"line_item: gold facts but no floor"}},
	}
	for _, tt := range tests {
		if got := checkFloors(res, tt.floors); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: checkFloors = %q, want %q", tt.name, got, tt.want)
		}
	}
}

package gold

import (
	"strings"
	"testing"
)

func TestMatches(t *testing.T) {
	tests := []struct {
		name      string
		want, got Fact
		match     bool
	}{
		{"decimal value", Fact{Doc: "a", Field: "income_total", Year: 2022, Value: "370.6", Unit: "万元"},
			Fact{Doc: "a", Field: "income_total", Year: 2022, Basis: "actual", Value: "370.60", Unit: "万元"}, true},
		{"year differs", Fact{Doc: "a", Field: "income_total", Year: 2022, Value: "1", Unit: "万元"},
			Fact{Doc: "a", Field: "income_total", Year: 2021, Value: "1", Unit: "万元"}, false},
		{"full-width project", Fact{Doc: "a", Field: "eval_score", Project: "甲，乙", Value: "90", Unit: "分"},
			Fact{Doc: "a", Field: "eval_score", Project: "甲, 乙", Value: "90", Unit: "分"}, true},
		{"text value spaces", Fact{Doc: "a", Field: "org", Value: "湟源县医疗保障局"},
			Fact{Doc: "a", Field: "org", Value: "湟源县 医疗保障局"}, true},
		{"gold sets code", Fact{Doc: "a", Field: "line_item", Code: "201", Value: "1", Unit: "万元"},
			Fact{Doc: "a", Field: "line_item", Value: "1", Unit: "万元"}, false},
		{"other doc", Fact{Doc: "a", Field: "org", Value: "x"}, Fact{Doc: "b", Field: "org", Value: "x"}, false},
	}
	for _, tt := range tests {
		if got := Matches(tt.want, tt.got); got != tt.match {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.match)
		}
	}
}

func TestCompare(t *testing.T) {
	want, err := Read(strings.NewReader(`
{"doc":"a","field":"org","value":"X局"}
{"doc":"a","field":"fiscal_year","value":"2023"}
{"doc":"b","field":"org","value":"Y局"}
`), "want")
	if err != nil {
		t.Fatal(err)
	}
	got := []Fact{
		{Doc: "a", Field: "org", Value: "X局"},
		{Doc: "a", Field: "fiscal_year", Value: "2022"},
		{Doc: "c", Field: "org", Value: "Z局"}, // not in gold: ignored
	}
	r := Compare(want, got)
	if o := r.Overall; o.Gold != 3 || o.Found != 1 || o.Got != 2 || o.Right != 1 {
		t.Errorf("overall = %+v, want gold 3 found 1 got 2 right 1", o)
	}
	if len(r.Missed) != 2 || len(r.Wrong) != 1 {
		t.Errorf("missed %d wrong %d, want 2 and 1", len(r.Missed), len(r.Wrong))
	}
	if s := r.Fields["org"]; s.Recall() != 0.5 || s.Precision() != 1 {
		t.Errorf("org recall %v precision %v, want 0.5 1", s.Recall(), s.Precision())
	}
}

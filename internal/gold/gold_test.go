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

func TestCharF1(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"门诊救助人次数", "门诊救助人次数", 1},
		{"门诊救助人次", "门诊救助人次数", 12.0 / 13},
		{"甲 乙", "乙甲", 1},           // multisets, white space removed
		{"ＡＢ", "AB", 1},            // NFKC
		{"aab", "ab", 2 * 2.0 / 5}, // a repeated character counts as often as both have it
		{"甲乙", "丙丁", 0},
		{"", "", 0},
	}
	for _, tt := range tests {
		if got := CharF1(tt.a, tt.b); got != tt.want {
			t.Errorf("CharF1(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestComparePairs checks the rule for rebuilt gold facts of FACTS.md:
// after exact matches, a rebuilt part pairs at character F1 ≥ 0.5 with an
// extracted fact that agrees on everything else and matches no gold fact
// exactly, best pairs first, each fact in one pair at most.
func TestComparePairs(t *testing.T) {
	ind := func(name, value string, rebuilt string) Fact {
		return Fact{Doc: "a", Field: "indicator_target", Project: "P", Indicator: name, Value: value, Rebuilt: rebuilt}
	}
	tests := []struct {
		name                       string
		want, got                  []Fact
		found, paired, right, got2 int      // Score.Found, Paired, Right, Got
		pairs                      []string // "gold indicator→got indicator", best first
	}{
		{
			name:  "exact match needs no pair",
			want:  []Fact{ind("门诊救助人次数", "≥6000人次", RebuiltIndicator)},
			got:   []Fact{ind("门诊救助人次数", "≥6000人次", "")},
			found: 1, right: 1, got2: 1,
		},
		{
			name:   "fragment pairs",
			want:   []Fact{ind("门诊救助人次数", "≥6000人次", RebuiltIndicator)},
			got:    []Fact{ind("门诊救助人", "≥6000人次", "")},
			paired: 1, got2: 1,
			pairs: []string{"门诊救助人次数→门诊救助人"},
		},
		{
			name: "below 0.5 does not pair",
			want: []Fact{ind("门诊救助人次数", "≥6000人次", RebuiltIndicator)},
			got:  []Fact{ind("人次", "≥6000人次", "")},
			got2: 1,
		},
		{
			name: "the value must agree when the indicator is rebuilt",
			want: []Fact{ind("门诊救助人次数", "≥6000人次", RebuiltIndicator)},
			got:  []Fact{ind("门诊救助人次数x", "≥5000人次", "")},
			got2: 1,
		},
		{
			name: "a fact not marked rebuilt never pairs",
			want: []Fact{ind("门诊救助人次数", "≥6000人次", "")},
			got:  []Fact{ind("门诊救助人次", "≥6000人次", "")},
			got2: 1,
		},
		{
			name: "an extracted fact matched exactly by another gold fact is not paired",
			want: []Fact{
				ind("门诊救助人次", "≥6000人次", ""),
				ind("门诊救助人次数", "≥6000人次", RebuiltIndicator),
			},
			got:   []Fact{ind("门诊救助人次", "≥6000人次", "")},
			found: 1, right: 1, got2: 1,
		},
		{
			name: "one to one, best pairs first",
			// 门诊救助人次 is the best reading for both gold names; it
			// pairs with 门诊救助人次数 (F1 0.92), not with the first gold
			// fact 门诊救助人数 (0.83), which takes 门诊人数 (0.80).
			want: []Fact{
				ind("门诊救助人数", "≥100", RebuiltIndicator),
				ind("门诊救助人次数", "≥100", RebuiltIndicator),
			},
			got: []Fact{
				ind("门诊救助人次", "≥100", ""),
				ind("门诊人数", "≥100", ""),
			},
			paired: 2, got2: 2,
			pairs: []string{"门诊救助人次数→门诊救助人次", "门诊救助人数→门诊人数"},
		},
		{
			name: "one extracted fact pairs one gold fact only",
			want: []Fact{
				ind("住院救助人次数", "≥100", RebuiltIndicator),
				ind("门诊救助人次数", "≥100", RebuiltIndicator),
			},
			got:    []Fact{ind("门诊救助人次", "≥100", "")},
			paired: 1, got2: 1,
			pairs: []string{"门诊救助人次数→门诊救助人次"},
		},
		{
			name:   "a rebuilt value",
			want:   []Fact{{Doc: "a", Field: "project_dept", Project: "P", Value: "湟源县医疗保障局", Rebuilt: RebuiltValue}},
			got:    []Fact{{Doc: "a", Field: "project_dept", Project: "P", Value: "湟源县医疗保"}},
			paired: 1, got2: 1,
			pairs: []string{"→"},
		},
		{
			name: "a rebuilt value still needs its keys",
			want: []Fact{{Doc: "a", Field: "project_dept", Project: "P", Value: "湟源县医疗保障局", Rebuilt: RebuiltValue}},
			got:  []Fact{{Doc: "a", Field: "project_dept", Project: "Q", Value: "湟源县医疗保障局"}},
			got2: 1,
		},
	}
	for _, tt := range tests {
		r := Compare(tt.want, tt.got)
		o := r.Overall
		if o.Found != tt.found || o.Paired != tt.paired || o.Right != tt.right || o.Got != tt.got2 || o.Gold != len(tt.want) {
			t.Errorf("%s: overall %+v, want found %d paired %d right %d got %d", tt.name, o, tt.found, tt.paired, tt.right, tt.got2)
		}
		var pairs []string
		for _, p := range r.Pairs {
			pairs = append(pairs, p.Gold.Indicator+"→"+p.Got.Indicator)
		}
		if strings.Join(pairs, " ") != strings.Join(tt.pairs, " ") {
			t.Errorf("%s: pairs %v, want %v", tt.name, pairs, tt.pairs)
		}
		if n := len(tt.want) - tt.found - tt.paired; len(r.Missed) != n {
			t.Errorf("%s: %d missed, want %d", tt.name, len(r.Missed), n)
		}
		if n := tt.got2 - tt.right - tt.paired; len(r.Wrong) != n {
			t.Errorf("%s: %d wrong, want %d", tt.name, len(r.Wrong), n)
		}
	}
}

func TestScoreRatios(t *testing.T) {
	s := Score{Gold: 10, Found: 6, Paired: 2, Got: 8, Right: 5}
	if s.Recall() != 0.8 || s.StrictRecall() != 0.6 || s.Precision() != 7.0/8 || s.StrictPrecision() != 5.0/8 {
		t.Errorf("recall %v strict %v, precision %v strict %v; want 0.8 0.6 0.875 0.625",
			s.Recall(), s.StrictRecall(), s.Precision(), s.StrictPrecision())
	}
}

func TestReadRejectsUnknownRebuilt(t *testing.T) {
	_, err := Read(strings.NewReader(`{"doc":"a","field":"org","value":"x","rebuilt":"name"}`), "g")
	if err == nil || !strings.Contains(err.Error(), "g:1") {
		t.Errorf("err = %v, want a positioned error", err)
	}
}

package normalize

import "testing"

func TestTraditional(t *testing.T) {
	tests := []struct {
		simp, trad string
	}{
		{"财政拨款预算", "財政撥款預算"},
		{"医疗保障局", "醫療保障局"},
		{"一般公共预算财政拨款支出决算表", "一般公共預算財政撥款支出決算表"},
		{"项目支出绩效自评表", "項目支出績效自評表"},
		{"发放后", "發放後"},
		{"三公经费", "三公經費"},
	}
	for _, tt := range tests {
		var got, back []rune
		for _, r := range tt.simp {
			tr, _ := Traditional(r)
			got = append(got, tr)
			s, _ := Simplified(tr)
			back = append(back, s)
		}
		if string(got) != tt.trad {
			t.Errorf("Traditional(%s) = %s, want %s", tt.simp, string(got), tt.trad)
		}
		if string(back) != tt.simp {
			t.Errorf("Simplified(Traditional(%s)) = %s", tt.simp, string(back))
		}
	}
}

// TestTraditionalRoundTrip checks Simplified(Traditional(r)) == r for every
// character the table knows.
func TestTraditionalRoundTrip(t *testing.T) {
	Simplified('a')
	for s := range stMap {
		tr, ok := Traditional(s)
		if back, _ := Simplified(tr); ok && back != s {
			t.Errorf("Traditional(%c) = %c, which folds to %c", s, tr, back)
		}
	}
}

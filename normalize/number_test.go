package normalize

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"1, 085. 68", "1085.68", nil},
		{"1,165.24", "1165.24", nil},
		{"１２３．４５", "123.45", nil},
		{"0. 8", "0.8", nil},
		{"－12.5", "-12.5", nil},
		{"370.60", "370.6", nil},
		{" 42 ", "42", nil},
		{"1 114. 03", "1114.03", nil},
		{"—", "", ErrNoValue},
		{"-", "", ErrNoValue},
		{"", "", ErrNoValue},
		{"  ", "", ErrNoValue},
		{"1e5", "", ErrNotNumber},
		{"12.3.4", "", ErrNotNumber},
		{"万元", "", ErrNotNumber},
		{".5", "", ErrNotNumber},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParseDecimal(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && Canonical(got) != tt.want {
			t.Errorf("ParseDecimal(%q) = %s, want %s", tt.in, Canonical(got), tt.want)
		}
	}
}

func TestParseMeasure(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"≥ 9 0%", "≥90%", nil},
		{"≤60分钟", "≤60分钟", nil},
		{"100%", "100%", nil},
		{"196人次", "196人次", nil},
		{"> 3500 人次", ">3500人次", nil},
		{"8 0%", "80%", nil},
		{">=95%", "≥95%", nil},
		{"１００％", "100%", nil},
		{"达标", "", ErrNotNumber},
		{"良好", "", ErrNotNumber},
		{"—", "", ErrNoValue},
		{"3年2次", "", ErrNotNumber},
	}
	for _, tt := range tests {
		got, err := ParseMeasure(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParseMeasure(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("ParseMeasure(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestToWan(t *testing.T) {
	tests := []struct {
		amount, unit, want string
	}{
		{"12345", Yuan, "1.2345"},
		{"0.01", Yuan, "0.000001"},
		{"1085.68", WanYuan, "1085.68"},
		{"1.5", YiYuan, "15000"},
		{"7", "", "7"},
	}
	for _, tt := range tests {
		got, err := ToWan(decimal.RequireFromString(tt.amount), tt.unit)
		if err != nil || Canonical(got) != tt.want {
			t.Errorf("ToWan(%s, %q) = %s, %v; want %s", tt.amount, tt.unit, Canonical(got), err, tt.want)
		}
	}
	if _, err := ToWan(decimal.NewFromInt(1), "美元"); err == nil {
		t.Error("ToWan with unknown unit: no error")
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"城 乡居民医疗保险", "城乡居民医疗保险"},
		{"项目名称  主管部门", "项目名称  主管部门"},
		{"两定机构数\t50\t100", "两定机构数\t50\t100"},
		{"ＡＢＣ　１２３", "ABC 123"},
		{"2023 年", "2023 年"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseDecimal checks that the parser never panics and that a parsed
// value prints back to something that parses to the same value.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1, 085. 68", "１２３．４５", "－12.5", "0. 8", "—", "1,165.24", "9 0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		back, err := ParseDecimal(Canonical(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("ParseDecimal(%q) = %s, reparse = %s, %v", s, d, back, err)
		}
	})
}

// FuzzParseMeasure checks that a parsed measure prints back to itself.
func FuzzParseMeasure(f *testing.F) {
	for _, s := range []string{"≥ 9 0%", "≤60分钟", "196人次", "> 3500 人次", "达标", "100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMeasure(s)
		if err != nil {
			return
		}
		m2, err := ParseMeasure(m.String())
		if err != nil || m2.String() != m.String() {
			t.Fatalf("ParseMeasure(%q) = %q, reparse = %q, %v", s, m.String(), m2.String(), err)
		}
	})
}

func TestNotNumberMessage(t *testing.T) {
	_, err := ParseDecimal("达标")
	if want := `"达标": not a number`; err == nil || err.Error() != want || !errors.Is(err, ErrNotNumber) {
		t.Errorf("ParseDecimal(达标) error = %v, want %s wrapping ErrNotNumber", err, want)
	}
}

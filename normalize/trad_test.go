package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
)

func TestSimplify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"機構(gòu)設(shè)置情況", "机构设置情况"},
		{"開展對3-6歲學(xué)齡前", "开展对3-6岁学龄前"},
		{"“三公”經(jīng)費(fèi)", "“三公”经费"},
		{"(一)收入決算情況", "(一)收入决算情况"},           // a numbered heading is no pinyin
		{"執行率(B/A) 表(A1)", "执行率(B/A) 表(A1)"}, // not lower-case pinyin
		{"医疗保障局", "医疗保障局"},                   // simplified text is unchanged
		{"學(xué", "学(xué"},                   // unclosed
		{"3(a)", "3(a)"},                     // pinyin follows a Han character only
	}
	for _, tt := range tests {
		if got := Simplify(tt.in); got != tt.want {
			t.Errorf("Simplify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSimplifiedTraditional(t *testing.T) {
	for _, tt := range []struct {
		trad, simple rune
	}{{'醫', '医'}, {'療', '疗'}, {'財', '财'}, {'撥', '拨'}} {
		if s, ok := Simplified(tt.trad); !ok || s != tt.simple {
			t.Errorf("Simplified(%c) = %c, %v; want %c, true", tt.trad, s, ok, tt.simple)
		}
		if tr, ok := Traditional(tt.simple); !ok || tr != tt.trad {
			t.Errorf("Traditional(%c) = %c, %v; want %c, true", tt.simple, tr, ok, tt.trad)
		}
	}
	for _, r := range "人abc1、" {
		if s, ok := Simplified(r); ok || s != r {
			t.Errorf("Simplified(%c) = %c, %v; want itself, false", r, s, ok)
		}
		if tr, ok := Traditional(r); ok || tr != r {
			t.Errorf("Traditional(%c) = %c, %v; want itself, false", r, tr, ok)
		}
	}
	// The inverse round-trips for every character it changes.
	tsOnce.Do(loadTS)
	for simple := range stMap {
		tr, _ := Traditional(simple)
		if back, ok := Simplified(tr); !ok || back != simple {
			t.Errorf("Simplified(Traditional(%c)) = %c, want %c", simple, back, simple)
		}
	}
}

// TestFoldMirror: a mirror is folded line by line, a simplified text with a
// character the map also holds (乾县) is left as printed.
func TestFoldMirror(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"mirror with pinyin",
			[]string{"2018年湛江市質(zhì)量技術(shù)監(jiān)督局“三公”經(jīng)費(fèi)預(yù)算情況說(shuō)明", "公務接待費4萬元"},
			[]string{"2018年湛江市质量技术监督局“三公”经费预算情况说明", "公务接待费4万元"}},
		{"simplified report naming 乾县",
			[]string{"乾县医疗保障局2022年部门决算", "乾县医疗保障局负责全县医疗保障工作。"},
			[]string{"乾县医疗保障局2022年部门决算", "乾县医疗保障局负责全县医疗保障工作。"}},
		{"simplified text with a bracketed letter", []string{"附件(a)说明"}, []string{"附件(a)说明"}},
	}
	for _, tt := range tests {
		var lines []fiscaldoc.Line
		for i, s := range tt.in {
			lines = append(lines, fiscaldoc.Line{N: i + 1, Raw: s, Text: Text(s)})
		}
		foldMirror(lines)
		for i, ln := range lines {
			if ln.Text != tt.want[i] || ln.Raw != tt.in[i] {
				t.Errorf("%s: line %d Text %q Raw %q, want Text %q Raw %q", tt.name, i+1, ln.Text, ln.Raw, tt.want[i], tt.in[i])
			}
		}
	}
}

// FuzzSimplify: valid text stays valid and never grows, and folding twice
// changes nothing more than once.
func FuzzSimplify(f *testing.F) {
	for _, s := range []string{"機構(gòu)設(shè)置", "學(xué", "(一)收入決算", "乾(qián)", "財政撥(bō)款"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := Simplify(s)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > utf8.RuneCountInString(s) {
			t.Fatalf("Simplify(%q) = %q: invalid or longer", s, got)
		}
		if !strings.Contains(s, "(") {
			if again := Simplify(got); again != got {
				t.Fatalf("Simplify(Simplify(%q)) = %q, want %q", s, again, got)
			}
		}
	})
}

package normalize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// foldSlow is Fold as the width transformer and strings.Map spell it: the
// specification the per-rune Fold must match byte for byte.
func foldSlow(s string) string { return strings.Map(spaceOrDash, width.Fold.String(s)) }

// textSlow is Text over a rune slice, the first way it was written.
func textSlow(s string) string {
	rs := []rune(strings.TrimRight(foldSlow(s), " \t\r"))
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && rs[i+1] != ' ' && rs[i-1] != ' ' &&
			IsCJK(rs[i-1]) && IsCJK(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestFold(t *testing.T) {
	tests := []string{"", "abc 123", "ＡＢＣ　１２３", "１，０８５．６８", "－12.5", "①2023年", "100㎡", "ｶﾀｶﾅ", "￥100", "a\xffb", "城\xe4\xb8", "\xef\xbc"}
	for r := rune(0x80); r <= utf8.MaxRune; r++ {
		tests = append(tests, "x"+string(r)+"y")
	}
	for _, s := range tests {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzFold checks Fold against the transformer, and Text against its rune
// slice version, on any input.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"ＡＢＣ　１２３", "城 乡居民", "a\xffb", "－１２．５％", "城 乡 居民  医疗 ", "2023 年 报"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldSlow(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
		if got, want := Text(s), textSlow(s); got != want {
			t.Fatalf("Text(%q) = %q, want %q", s, got, want)
		}
	})
}

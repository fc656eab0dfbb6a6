package normalize

import (
	"strings"
	"unicode"
)

// Text normalises one line for extraction: full-width forms folded (Fold),
// single spaces that OCR put between two CJK characters removed
// ("城 乡居民" → "城乡居民"), trailing space trimmed. Tabs and runs of two or
// more spaces are kept: they separate table cells. The raw line is kept
// elsewhere for provenance.
func Text(s string) string {
	s = strings.TrimRight(Fold(s), " \t\r")
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && rs[i+1] != ' ' && rs[i-1] != ' ' &&
			IsCJK(rs[i-1]) && IsCJK(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsCJK reports whether r is a Han character or CJK punctuation.
func IsCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// Squash removes all white space: the form in which names are compared.
func Squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

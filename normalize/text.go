package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text normalises one line for extraction: full-width forms folded (Fold),
// single spaces that OCR put between two CJK characters removed
// ("城 乡居民" → "城乡居民"), trailing space trimmed. Tabs and runs of two or
// more spaces are kept: they separate table cells. The raw line is kept
// elsewhere for provenance.
func Text(s string) string {
	s = strings.TrimRight(Fold(s), " \t\r")
	var b strings.Builder
	kept := 0 // s[:kept] is in b
	for i := 1; i+1 < len(s); i++ {
		if s[i] != ' ' || s[i-1] == ' ' || s[i+1] == ' ' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[i+1:])
		if IsCJK(prev) && IsCJK(next) {
			b.Grow(len(s))
			b.WriteString(s[kept:i])
			kept = i + 1
		}
	}
	if kept == 0 {
		return s
	}
	b.WriteString(s[kept:])
	return b.String()
}

// IsCJK reports whether r is a Han character or CJK punctuation.
func IsCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef
}

// HanCount counts the Han characters of s.
func HanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
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

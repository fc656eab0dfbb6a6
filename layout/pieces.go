package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Pieces returns the normalised text of each piece of a line cut from its
// raw form (at single spaces, at pipes), taken from the line's Text so
// that the document's repairs (a place OCR misread, a traditional mirror
// folded) stay in the cells. Each piece is found in Text rune for rune
// after the white space between pieces; when Text does not hold the
// pieces so (a repair changed a length), each piece is normalised alone.
func Pieces(ln fiscaldoc.Line, raw []string) []string {
	out := make([]string, len(raw))
	text := ln.Text
	for i, p := range raw {
		n := normalize.Text(p)
		text = strings.TrimLeft(text, " \t")
		k := runePrefix(text, utf8.RuneCountInString(n))
		if k < 0 || !sameShape(text[:k], n) {
			return normalized(raw)
		}
		out[i], text = text[:k], text[k:]
	}
	if strings.TrimSpace(text) != "" {
		return normalized(raw)
	}
	return out
}

// runePrefix returns the byte length of the first n runes of s, or -1.
func runePrefix(s string, n int) int {
	i := 0
	for ; n > 0; n-- {
		if i >= len(s) {
			return -1
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// sameShape reports whether a stretch of Text can stand for a piece: the
// same characters where either is not Han (digits, signs, letters), so a
// repair may change a Han character, never a number.
func sameShape(t, n string) bool {
	tr, nr := []rune(t), []rune(n)
	for i := range tr {
		if (tr[i] < 0x2e80 || nr[i] < 0x2e80) && tr[i] != nr[i] {
			return false
		}
	}
	return true
}

func normalized(raw []string) []string {
	out := make([]string, len(raw))
	for i, p := range raw {
		out[i] = normalize.Text(p)
	}
	return out
}

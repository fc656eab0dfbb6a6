package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Pieces returns the normalised text of each piece of a line cut from its
// raw form (at white space, at pipes), taken from the line's Text so
// that the document's repairs (a place OCR misread, a traditional mirror
// folded) stay in the cells. Each piece is found in Text rune for rune
// after the white space or pipe between pieces. When Text does not hold the pieces
// so (a mirror's pinyin was dropped), a line of one piece is its Text, and
// each of several is normalised alone, folded as the line was.
func Pieces(ln fiscaldoc.Line, raw []string) []string {
	out := make([]string, len(raw))
	text := ln.Text
	for i, p := range raw {
		n := normalize.Text(p)
		text = strings.TrimLeft(text, " \t|")
		k := runePrefix(text, utf8.RuneCountInString(n))
		if k < 0 || !sameShape(text[:k], n) {
			return fallback(ln, raw)
		}
		out[i], text = text[:k], text[k:]
	}
	if strings.Trim(text, " \t|") != "" {
		return fallback(ln, raw)
	}
	return out
}

func fallback(ln fiscaldoc.Line, raw []string) []string {
	if len(raw) == 1 {
		return []string{strings.Trim(ln.Text, " \t|")}
	}
	folded := normalize.Text(ln.Raw) != ln.Text
	out := make([]string, len(raw))
	for i, p := range raw {
		if folded {
			p = normalize.Simplify(p)
		}
		out[i] = normalize.Text(p)
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

package normalize

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
)

// Traditional-character mirrors are copies of official pages converted to
// traditional characters, sometimes with the pinyin of some characters in
// brackets after them: 財政撥(bō)款, 預(yù)算. Their facts are the simplified
// originals, so the text is folded back before anything reads it:
//
//	"機構(gòu)設(shè)置" → "机构设置"
//	"醫療保障局"        → "医疗保障局"
//
// The map is OpenCC's, character by character (opencc/README.md).

//go:embed opencc/TSCharacters.txt
var tsCharacters string

var (
	tsOnce sync.Once
	tsMap  map[rune]rune        // traditional → simplified
	stMap  map[rune]rune        // simplified → the first traditional form listed
	tsBMP  [0x10000 / 64]uint64 // a bit per rune below 0x10000: a key of tsMap
)

// Simplified returns the simplified form of a traditional character, and
// whether r is one; any other rune comes back as it is, with false.
func Simplified(r rune) (rune, bool) {
	tsOnce.Do(loadTS)
	if r < 0x10000 && tsBMP[r/64]&(1<<(r%64)) == 0 {
		return r, false // most characters: no map look-up
	}
	s, ok := tsMap[r]
	if !ok {
		return r, false
	}
	return s, true
}

// Traditional returns a traditional form of a simplified character, and
// whether it has one: the first the map lists when several fold to it (干 ←
// 乾, 幹), so that Simplified(Traditional(r)) is r for every r it changes.
// The map knows no frequencies: the form may be a rare variant (局 → 侷)
// where mirrors print the character unchanged.
func Traditional(r rune) (rune, bool) {
	tsOnce.Do(loadTS)
	t, ok := stMap[r]
	if !ok {
		return r, false
	}
	return t, true
}

// Simplify folds one line of a mirror: the pinyin printed in brackets after
// a Han character removed, traditional characters mapped to simplified ones.
// Brackets that hold anything but lower-case pinyin stay ("(一)", "(B/A)").
// Text with neither comes back as it is.
func Simplify(s string) string {
	if !strings.Contains(s, "(") && !hasTraditional(s) {
		return s
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		simple, _ := Simplified(r)
		b.WriteRune(simple)
		if unicode.Is(unicode.Han, r) {
			i += pinyinLen(rs[i+1:])
		}
	}
	return b.String()
}

// pinyinLen returns the length of a pinyin annotation "(xué)" at the start
// of rs, 0 when there is none.
func pinyinLen(rs []rune) int {
	if len(rs) < 3 || rs[0] != '(' {
		return 0
	}
	for n := 1; n < len(rs) && n <= 8; n++ {
		switch r := rs[n]; {
		case r == ')':
			if n == 1 {
				return 0
			}
			return n + 1
		case r >= 'a' && r <= 'z' || strings.ContainsRune("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", r):
		default:
			return 0
		}
	}
	return 0
}

// hasTraditional reports whether s has a character Simplified maps.
func hasTraditional(s string) bool {
	for _, r := range s {
		if _, ok := Simplified(r); ok {
			return true
		}
	}
	return false
}

// mirrorShare is the share of Han characters in traditional form from which
// a text is a traditional mirror. Mirrors print about a third of their
// characters in traditional forms; simplified reports next to none (a few
// characters of the map are also simplified ones: 乾 in 乾县).
const mirrorShare = 0.1

// foldMirror folds every line's Text with Simplify when the lines are a
// traditional-character mirror (isMirror). Other text is left as printed:
// a few characters of the map are simplified ones too (乾县).
func foldMirror(lines []fiscaldoc.Line) {
	if !isMirror(lines) {
		return
	}
	for i := range lines {
		lines[i].Text = Simplify(lines[i].Text)
	}
}

// isMirror reports whether the lines are a traditional-character mirror:
// at least mirrorShare of their Han characters are traditional forms.
func isMirror(lines []fiscaldoc.Line) bool {
	han, trad := 0, 0
	for _, ln := range lines {
		for _, r := range ln.Text {
			if !isHanBlock(r) {
				continue
			}
			han++
			if _, ok := Simplified(r); ok {
				trad++
			}
		}
	}
	return han > 0 && float64(trad) >= mirrorShare*float64(han)
}

// isHanBlock reports whether r lies in a block of CJK ideographs: a cheap
// stand-in for unicode.Han when counting characters.
func isHanBlock(r rune) bool {
	return r >= 0x3400 && r <= 0x9fff || r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x323af
}

func loadTS() {
	tsMap, stMap = map[rune]rune{}, map[rune]rune{}
	for _, line := range strings.Split(tsCharacters, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "\t")
		kr, _ := utf8.DecodeRuneInString(k)
		vr, _ := utf8.DecodeRuneInString(v)
		if !ok || kr == utf8.RuneError || vr == utf8.RuneError {
			panic(fmt.Sprintf("normalize: bad line in opencc/TSCharacters.txt: %q", line))
		}
		tsMap[kr] = vr
		if _, seen := stMap[vr]; !seen {
			stMap[vr] = kr
		}
		if kr < 0x10000 {
			tsBMP[kr/64] |= 1 << (kr % 64)
		}
	}
}

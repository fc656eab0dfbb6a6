package place

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/glyphs.tsv.gz
var glyphsGz []byte

// A glyph is what the Unicode Han database (Unihan) says about a
// character's shape, in fixed-size fields (zero bytes where it says
// nothing), so that the table of 21,000 characters stays small in the cache.
type glyph struct {
	fourCorner [4]byte // kFourCornerCode, four digits: the strokes at the four corners
	cangjie    [5]byte // kCangjie: the shapes it is typed by (at most five letters)
	radical    [3]byte // kRSUnicode radical number
	gb2312     bool    // in GB 2312, the basic simplified set (kIRG_GSource G0)
}

var loadGlyphs = sync.OnceValue(func() map[rune]glyph {
	zr, err := gzip.NewReader(bytes.NewReader(glyphsGz))
	if err != nil {
		panic("place: embedded glyph data: " + err.Error())
	}
	m := make(map[rune]glyph, 21000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f[1]) != 0 && len(f[1]) != 4 || len(f[2]) > 5 || len(f[3]) > 3 {
			panic("place: embedded glyph data: bad line " + sc.Text())
		}
		var g glyph
		copy(g.fourCorner[:], f[1])
		copy(g.cangjie[:], f[2])
		copy(g.radical[:], f[3])
		g.gb2312 = len(f) > 5 && f[5] == "G0"
		m[[]rune(f[0])[0]] = g
	}
	if err := sc.Err(); err != nil {
		panic("place: embedded glyph data: " + err.Error())
	}
	return m
})

// trimmed is a fixed-size field without its padding.
func trimmed(b []byte) []byte { return bytes.TrimRight(b, "\x00") }

// SimilarAt is the Similarity from which two characters count as looking
// alike. Of random pairs of common characters (the 5,825 of kIICore G)
// fewer than 1.5% reach it.
const SimilarAt = 0.45

// Similarity measures how alike two characters look, from 0 to 1, by their
// Unihan glyph descriptions: half from the four-corner code (share of the
// four corner digits that agree), a quarter from the Cangjie code (1 − edit
// distance / length), a quarter from sharing the radical. Identical
// characters score 1; characters the database does not describe score 0.
//
//	潼 湟 0.75   決 决 0.62   潢 湟 0.56   日 目 0.50
//	川 山 0.25   刊 功 0.19   凹 码 0.12   镇 湟 0.00
func Similarity(a, b rune) float64 {
	if a == b {
		return 1
	}
	gs := loadGlyphs()
	x, okx := gs[a]
	y, oky := gs[b]
	if !okx || !oky {
		return 0
	}
	s := 0.0
	if x.fourCorner[0] != 0 && y.fourCorner[0] != 0 {
		for i := 0; i < 4; i++ {
			if x.fourCorner[i] == y.fourCorner[i] {
				s += 0.5 / 4
			}
		}
	}
	if xc, yc := trimmed(x.cangjie[:]), trimmed(y.cangjie[:]); len(xc) > 0 && len(yc) > 0 {
		n := max(len(xc), len(yc))
		s += 0.25 * float64(n-levenshtein(xc, yc)) / float64(n)
	}
	if x.radical[0] != 0 && x.radical == y.radical {
		s += 0.25
	}
	return s
}

// InGB2312 reports whether r is in GB 2312, the basic set of simplified
// Chinese. A character outside it in a simplified report (決 for 决) is
// itself a sign of an OCR error.
func InGB2312(r rune) bool { return loadGlyphs()[r].gb2312 }

// levenshtein is the edit distance of two Cangjie codes (ASCII, at most
// five letters: two rows on the stack).
func levenshtein(a, b []byte) int {
	var rows [2][6]int
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

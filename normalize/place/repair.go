package place

import (
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// Kinds of repairs and problems.
const (
	KindPlace      = "place"
	KindVocabulary = "vocabulary"
	KindVariant    = "ocr_variant" // a Problem: a likely variant the evidence could not confirm
)

// Thresholds of the repair rule; see Repairs.
const (
	strongEvidence = 0.80 // evidence ratio enough on its own
	minSupport     = 3    // weighted mentions a document's own form needs
	supportRatio   = 3    // how much more often than the variant
	maxContext     = 8    // right context counted, in characters; left counts half as far
)

// lineWeights gives each line the weight of a place mention on it: title
// lines (the first ten non-empty ones) 3; cells labelled 单位名称, 部门名称,
// 主管部门, 实施单位 or 部门:, and the signature (the last ten non-empty lines)
// 2; others 1.
func lineWeights(lines []fiscaldoc.Line) []int {
	w := make([]int, len(lines))
	var nonEmpty []int
	for i, l := range lines {
		w[i] = 1
		if strings.TrimSpace(l.Text) != "" {
			nonEmpty = append(nonEmpty, i)
		}
		for _, label := range []string{"单位名称", "部门名称", "主管部门", "实施单位", "部门:", "部门："} {
			if strings.Contains(l.Text, label) {
				w[i] = 2
			}
		}
	}
	for k, i := range nonEmpty {
		switch {
		case k < 10:
			w[i] = 3
		case k >= len(nonEmpty)-10:
			w[i] = max(w[i], 2)
		}
	}
	return w
}

// DocumentPlace finds the place a document is about from its own lines:
// every place name counts with its line's weight (see lineWeights); short
// forms (湟源 for 湟源县) count only on title, cell and signature lines, and
// a county must be named in full at least once. The
// most specific place that the weighted mentions and the gazetteer agree on
// wins (see Resolve).
func DocumentPlace(lines []fiscaldoc.Line) (Place, bool) {
	texts := make([]string, len(lines))
	for i, l := range lines {
		texts[i] = normalize.Squash(l.Text)
	}
	return documentPlace(texts, lineWeights(lines))
}

// documentPlace is DocumentPlace of the lines' texts without white space,
// given their weights.
func documentPlace(texts []string, weights []int) (Place, bool) {
	g := loadGazetteer()
	var ms []weighted
	for i, text := range texts {
		for _, m := range g.mentions(text) {
			if m.full || weights[i] > 1 {
				ms = append(ms, weighted{m, float64(weights[i])})
			}
		}
	}
	return g.best(ms, true)
}

// A form is a text the document should contain: its own place's name or a
// known term.
type form struct {
	text    []rune
	kind    string
	support int      // weighted occurrences in the document
	at      [][2]int // occurrences: line index, rune offset in the squashed line
}

// squashed is a line without white space, with each rune's offset in Text.
type squashed struct {
	runes []rune
	str   string  // string(runes)
	pos   []int32 // rune offset in []rune(Text)
	text  []rune
}

func squash(s string) squashed {
	q := squashed{text: []rune(s)}
	q.runes, q.pos = make([]rune, 0, len(q.text)), make([]int32, 0, len(q.text))
	for i, r := range q.text {
		if !unicode.IsSpace(r) {
			q.runes = append(q.runes, r)
			q.pos = append(q.pos, int32(i))
		}
	}
	q.str = string(q.runes)
	return q
}

// A candidate is one near miss of a form.
type candidate struct {
	line, start int // line index, offset in the squashed line
	f           *form
	variant     string
	ratio       float64
	similar     int  // differing characters that look alike
	dissimilar  int  // differing characters that do not
	edgeLeft    bool // a dissimilar character is the first
	edgeRight   bool // a dissimilar character is the last
	foreign     int  // differing characters of the variant outside GB 2312
	context     int
	evidence    string
}

// Repairs finds the OCR near misses of a document's own place and of the
// known Terms in lines, and returns the repairs that the document's
// evidence supports and problems for the likely variants it does not.
//
// A variant has the length of its form and differs in one or two
// characters; it is not itself a known term or the document's place. Its
// evidence ratio is (identical characters + Σ Similarity of the differing
// pairs + shared context) / (length + shared context), where shared context
// counts the characters around the variant that equal those around the
// form where the document prints it correctly (up to 8 to the right, 4 to
// the left; a cell boundary on both counts one). It is repaired when
//
//   - at most one differing pair looks unalike (Similarity < SimilarAt),
//     and if that is the first or last character, context is shared on
//     that side;
//   - the ratio is at least 0.80 and plausible says the variant is anchored
//     by the document or vouched for by its glyphs;
//   - the form is printed at least three times as often as the variant
//     (weighted by line, see lineWeights), a place form at least three
//     times, and the variant at most twice.
//
// A variant of the document's place that passes all but the support rule
// becomes a Problem.
func Repairs(lines []fiscaldoc.Line) ([]fiscaldoc.Repair, []fiscaldoc.Problem) {
	weights := lineWeights(lines)
	sq := make([]squashed, len(lines))
	for i, l := range lines {
		sq[i] = squash(l.Text)
	}
	var doc string // the squashed lines, one a line: built on first need
	count := func(v string) int {
		if doc == "" {
			var all strings.Builder
			for _, q := range sq {
				all.WriteString(q.str)
				all.WriteByte('\n')
			}
			doc = all.String()
		}
		return strings.Count(doc, v)
	}
	forms, known := documentForms(sq, weights)
	near := scan(sq, weights, forms)

	var cands []candidate
	var problems []fiscaldoc.Problem
	for fi, f := range forms {
		if f.kind == KindVocabulary && f.support < supportRatio {
			// The variant is printed at least once, so the support rule
			// below rejects it, and only a place's variant is a problem.
			continue
		}
		n := len(f.text)
		for _, w := range near[fi] {
			li, s := int(w[0]), int(w[1])
			q := sq[li]
			c, ok := nearMiss(f, q.runes[s:s+n])
			if !ok {
				continue
			}
			c.line, c.start = li, s
			if known(c.variant) {
				continue
			}
			left, right := sharedContext(sq, f, li, s)
			c.context = left + right
			if (c.edgeLeft && left == 0) || (c.edgeRight && right == 0) {
				continue // a dissimilar character at an edge needs context on that side
			}
			c.ratio = (c.ratio + float64(c.context)) / float64(n+c.context)
			if !plausible(c, n) || shifted(sq, f, li, s) {
				continue
			}
			variantCount := weightedCount(sq, weights, c.variant, f.kind == KindPlace)
			switch {
			case f.support < supportRatio*variantCount || count(c.variant) > 2 ||
				!confirmed(f):
				if f.kind == KindPlace && count(c.variant) <= 2 {
					problems = append(problems, fiscaldoc.Problem{Line: lines[li].N, Kind: KindVariant,
						Msg: fmt.Sprintf("%s may be %s (%s), but the document's support is too weak: not repaired",
							c.variant, string(f.text), c.describe())})
				}
			default:
				weighted := ""
				if f.kind == KindPlace {
					weighted = " (title, org cell and signature lines count more)"
				}
				c.evidence = fmt.Sprintf("%s ×%d%s; %s; %d chars of context shared",
					string(f.text), f.support, weighted, c.describe(), c.context)
				cands = append(cands, c)
			}
		}
	}
	return choose(cands, lines, sq), problems
}

// termForms are the Terms as forms to look for, and termSet the Terms as
// a set: both built once (Terms must not change after the first Repairs).
var termForms = sync.OnceValues(func() ([]form, map[string]bool) {
	fs := make([]form, len(Terms))
	set := make(map[string]bool, len(Terms))
	for i, t := range Terms {
		fs[i] = form{text: []rune(t), kind: KindVocabulary}
		set[t] = true
	}
	return fs, set
})

// documentForms lists the forms to look for: the document's own county and
// prefecture names, and the Terms; and reports which texts are never
// variants (the Terms and every place the document names).
func documentForms(sq []squashed, weights []int) ([]*form, func(string) bool) {
	terms, termSet := termForms()
	var places []string
	var forms []*form
	texts := make([]string, len(sq))
	for i, q := range sq {
		texts[i] = q.str
	}
	if p, ok := documentPlace(texts, weights); ok {
		for _, name := range []string{p.County, p.Prefecture} {
			if name != "" && name != p.Province {
				forms = append(forms, &form{text: []rune(name), kind: KindPlace})
				places = append(places, name)
			}
		}
	}
	own := slices.Clone(terms) // support and at are the document's
	for i := range own {
		forms = append(forms, &own[i])
	}
	known := func(s string) bool { return termSet[s] || slices.Contains(places, s) }
	return forms, known
}

// A hit is a form's character: form index (into the Terms) and offset.
type hit struct{ form, k int32 }

// termHits indexes the characters of the Terms: rune → where it stands.
var termHits = sync.OnceValue(func() map[rune][]hit {
	terms, _ := termForms()
	m := map[rune][]hit{}
	for i, f := range terms {
		for k, r := range f.text {
			m[r] = append(m[r], hit{int32(i), int32(k)})
		}
	}
	return m
})

// scan finds, for every form, its exact occurrences in the squashed lines
// (non-overlapping, leftmost first, as strings.Index finds them: they set
// the form's support and at) and the windows of its length that could be a
// near miss: those agreeing with it in at least one character and in all
// but two (nearMiss decides). Each form's windows are in line and offset
// order. Only windows that share a character at its place with the form
// are looked at, found through an index of the forms' characters.
func scan(sq []squashed, weights []int, forms []*form) [][][2]int32 {
	index := termHits()
	nPlaces := len(forms) - len(Terms)
	near := make([][][2]int32, len(forms)) // line index, offset: int32 to halve the many windows
	longest := 0
	for _, q := range sq {
		longest = max(longest, len(q.runes))
	}
	size := len(forms) * (longest + 1)
	counts := make([]uint8, size)           // by key form*(L+1) + offset, L the line's length
	touched := make([]uint64, (size+63)/64) // a bit per key: its count is not 0
	end := make([]int, len(forms))          // where each form's last exact occurrence on the line ended
	for li, q := range sq {
		L := len(q.runes)
		need := len(forms) * (L + 1)
		add := func(f, s int) {
			if s < 0 || s+len(forms[f].text) > L {
				return
			}
			key := f*(L+1) + s
			touched[key/64] |= 1 << (key % 64)
			counts[key]++
		}
		for p, r := range q.runes {
			for f := 0; f < nPlaces; f++ {
				for k, fr := range forms[f].text {
					if fr == r {
						add(f, p-k)
					}
				}
			}
			for _, h := range index[r] {
				add(nPlaces+int(h.form), p-int(h.k))
			}
		}
		clear(end)
		for word, set := range touched[:(need+63)/64] {
			touched[word] = 0
			for ; set != 0; set &= set - 1 { // keys in order: by form, then offset
				key := word*64 + bits.TrailingZeros64(set)
				f, s := key/(L+1), key%(L+1)
				n, c := len(forms[f].text), int(counts[key])
				counts[key] = 0
				switch {
				case c == n:
					if s >= end[f] {
						w := 1
						if forms[f].kind == KindPlace {
							w = weights[li]
						}
						forms[f].support += w
						forms[f].at = append(forms[f].at, [2]int{li, s})
						end[f] = s + n
					}
				case c >= max(1, n-2):
					near[f] = append(near[f], [2]int32{int32(li), int32(s)})
				}
			}
		}
	}
	return near
}

// weightedCount counts s in the squashed lines, by line weight if weighted.
func weightedCount(sq []squashed, weights []int, s string, weighted bool) int {
	n := 0
	for li, q := range sq {
		k := strings.Count(q.str, s)
		if weighted {
			k *= weights[li]
		}
		n += k
	}
	return n
}

// nearMiss compares a window of a line with a form: one or two differing
// characters, all of the window Han. ratio is left as identical + Σ similarity;
// evidence is left to describe, for the few near misses that need it.
func nearMiss(f *form, w []rune) (candidate, bool) {
	diffs := 0
	for i, r := range w {
		if r != f.text[i] {
			diffs++
			if diffs > 2 {
				return candidate{}, false
			}
		}
	}
	if diffs == 0 || diffs >= len(w) {
		return candidate{}, false
	}
	for _, r := range w {
		if !unicode.Is(unicode.Han, r) {
			return candidate{}, false
		}
	}
	c := candidate{f: f, variant: string(w)}
	for i, r := range w {
		if r == f.text[i] {
			c.ratio++
			continue
		}
		s := Similarity(r, f.text[i])
		c.ratio += s
		if !InGB2312(r) {
			c.foreign++
		}
		if s >= SimilarAt {
			c.similar++
		} else {
			c.dissimilar++
			c.edgeLeft = c.edgeLeft || i == 0
			c.edgeRight = c.edgeRight || i == len(w)-1
		}
	}
	return c, c.dissimilar <= 1
}

// describe is the evidence of a near miss: each differing pair of
// characters and how alike they look.
func (c candidate) describe() string {
	var ev []string
	for i, r := range []rune(c.variant) {
		if r == c.f.text[i] {
			continue
		}
		if s := Similarity(r, c.f.text[i]); s >= SimilarAt {
			ev = append(ev, fmt.Sprintf("%c~%c similar %.2f", r, c.f.text[i], s))
		} else {
			ev = append(ev, fmt.Sprintf("%c/%c not similar %.2f", r, c.f.text[i], s))
		}
	}
	return strings.Join(ev, ", ")
}

// sharedContext counts the characters around a window at line li, offset s
// that equal those around the form's best-matching correct occurrence. Where
// no character agrees on a side, both standing at a cell boundary (line end
// or white space) counts as one.
func sharedContext(sq []squashed, f *form, li, s int) (left, right int) {
	n := len(f.text)
	q := sq[li]
	line := q.runes
	best := -1
	for _, at := range f.at {
		o := sq[at[0]]
		other := o.runes
		r := 0
		for r < maxContext && s+n+r < len(line) && at[1]+n+r < len(other) &&
			line[s+n+r] == other[at[1]+n+r] {
			r++
		}
		if r == 0 && q.boundary(s+n) && o.boundary(at[1]+n) {
			r = 1
		}
		l := 0
		for l < maxContext/2 && s-l-1 >= 0 && at[1]-l-1 >= 0 && line[s-l-1] == other[at[1]-l-1] {
			l++
		}
		if l == 0 && q.boundary(s) && o.boundary(at[1]) {
			l = 1
		}
		if l+r > best {
			best, left, right = l+r, l, r
		}
	}
	return left, right
}

// boundary reports whether squashed offset i starts a cell: the line's
// start or end, or white space before it in Text.
func (q squashed) boundary(i int) bool {
	return i == 0 || i >= len(q.runes) || q.pos[i]-q.pos[i-1] > 1
}

// plausible reports whether a near miss looks like an OCR error of its
// form at all, whatever the document's support: its evidence ratio is at
// least strongEvidence, and either the document anchors it (identical
// characters plus shared context at least twice the form's length) or its
// glyphs alone speak for it. For a place, every differing pair must then
// look alike. For a term, similar common characters are as likely another
// word (收益 for 效益), so unanchored they must also lie outside GB 2312
// (決 for 决). A variant that differs only by unalike characters must not
// be a place itself.
func plausible(c candidate, n int) bool {
	if c.ratio < strongEvidence || c.similar == 0 && len(Lookup(c.variant)) > 0 {
		return false
	}
	if n-c.dissimilar-c.similar+c.context >= 2*n {
		return true
	}
	if c.f.kind == KindVocabulary {
		return c.dissimilar == 0 && c.foreign == c.similar
	}
	return c.dissimilar == 0
}

// shifted reports whether the window at line li, offset s is the form with
// a character dropped or added rather than changed: 零陵医疗 is 零陵区医疗 less
// 区, not 零陵区 with 医 for 区.
func shifted(sq []squashed, f *form, li, s int) bool {
	n := len(f.text)
	line := sq[li].runes
	for _, at := range f.at {
		other := sq[at[0]].runes
		for _, d := range []int{-1, 1} {
			k := 0
			for k < 3 && s+n+d+k >= 0 && s+n+d+k < len(line) && at[1]+n+k < len(other) &&
				line[s+n+d+k] == other[at[1]+n+k] {
				k++
			}
			if k == 3 {
				return true
			}
		}
	}
	return false
}

// confirmed applies the support rule that plausible does not: a place form
// must be printed often enough.
func confirmed(f *form) bool {
	return f.kind != KindPlace || f.support >= minSupport
}

// choose keeps the best candidate where windows overlap and turns the
// survivors into repairs, one per line and variant.
func choose(cands []candidate, lines []fiscaldoc.Line, sq []squashed) []fiscaldoc.Repair {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].ratio > cands[j].ratio })
	taken := map[[2]int]bool{}
	seen := map[string]bool{}
	var out []fiscaldoc.Repair
	for _, c := range cands {
		n := len(c.f.text)
		free := true
		for k := 0; k < n; k++ {
			free = free && !taken[[2]int{c.line, c.start + k}]
		}
		if !free {
			continue
		}
		for k := 0; k < n; k++ {
			taken[[2]int{c.line, c.start + k}] = true
		}
		q := sq[c.line]
		from, to := q.pos[c.start], q.pos[c.start+n-1]+1
		raw := string(q.text[from:to])
		fixed := append([]rune(nil), q.text[from:to]...)
		for k := 0; k < n; k++ {
			fixed[q.pos[c.start+k]-from] = c.f.text[k]
		}
		key := fmt.Sprint(c.line, raw)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, fiscaldoc.Repair{Line: lines[c.line].N, Kind: c.f.kind, Raw: raw,
			Repaired: string(fixed), Evidence: c.evidence})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// Apply returns a copy of lines with the repairs made in Text; Raw is kept.
func Apply(lines []fiscaldoc.Line, repairs []fiscaldoc.Repair) []fiscaldoc.Line {
	out := append([]fiscaldoc.Line(nil), lines...)
	byLine := map[int][]fiscaldoc.Repair{}
	for _, r := range repairs {
		byLine[r.Line] = append(byLine[r.Line], r)
	}
	for i := range out {
		for _, r := range byLine[out[i].N] {
			out[i].Text = strings.ReplaceAll(out[i].Text, r.Raw, r.Repaired)
		}
	}
	return out
}

package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// A passage is running text read from consecutive prose lines, cleaned for
// reading sentences: white space and quotation marks removed (package
// normalize has already folded a traditional-character mirror). Every rune
// remembers where it came from, and whether the gse segmentation of its
// line starts a word there.
type passage struct {
	text []rune
	at   []origin
}

type origin struct {
	line  int32 // index into doc.Lines
	off   int32 // byte offset of the rune in Lines[line].Text
	size  int32 // its length in bytes
	start bool  // a word of the line's gse segmentation starts here
}

// readPassages splits the prose of doc into passages, furniture skipped (a
// page number between two halves of a sentence joins them). A passage ends at a
// blank or table line (a line of one of layout's tables, or of cells at tabs
// or spaces), after a heading or a line ending in sentence or clause-final
// punctuation, and before a line opening with a list marker; other line
// breaks are hard wraps inside a sentence (a PDF's 公务用车购 / 置及运行费).
func readPassages(doc *fiscaldoc.Document) []passage {
	var out []passage
	var cur passage
	flush := func() {
		if len(cur.text) > 0 {
			out = append(out, cur)
		}
		cur = passage{}
	}
	// A table's lines are not prose, whatever separates its cells (a
	// table flattened onto lines of single spaces).
	inTable := make([]bool, len(doc.Lines)+1)
	for _, t := range doc.Tables {
		for n := max(t.First, 1); n <= t.Last && n < len(inTable); n++ {
			inTable[n] = true
		}
	}
	for i, ln := range doc.Lines {
		if ln.Furniture {
			continue
		}
		text := ln.Text
		if strings.TrimSpace(text) == "" || isTableLine(text) || ln.N < len(inTable) && inTable[ln.N] {
			flush()
			continue
		}
		if opensList(text) {
			flush()
		}
		var tokens string
		if i < len(doc.Tokens) {
			tokens = doc.Tokens[i]
		}
		cur.add(i, text, tokens)
		if endsPassage(text) || isHeading(text) {
			flush()
		}
	}
	flush()
	return out
}

// isTableLine reports whether a line is a row of table cells rather than
// prose: cells split at tabs or runs of spaces, or a pipe table.
func isTableLine(text string) bool {
	return strings.Contains(text, "\t") || strings.Contains(text, "|") ||
		strings.Contains(strings.TrimRight(text, " "), "  ") // more than one of Cells, without splitting
}

// isHeading reports whether a line is a numbered heading: a list marker,
// then a short title without punctuation (二、一般公共预算支出情况).
func isHeading(text string) bool {
	return opensList(text) && !strings.ContainsAny(text, ",，。;；") && utf8.RuneCountInString(text) <= 40
}

func endsPassage(text string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(text))
	return strings.ContainsRune("。；;:：!?！？", r)
}

// opensList reports whether a line starts with a list or heading marker:
// "- ", "(一)", "一、", "1.", "2、" (a decimal such as "1.55" is no marker).
func opensList(text string) bool {
	rs := []rune(strings.TrimSpace(text))
	if len(rs) < 2 {
		return false
	}
	switch {
	case rs[0] == '-' || rs[0] == '•':
		return true
	case rs[0] == '(':
		return closesMarker(rs)
	case strings.ContainsRune(cjkNumerals, rs[0]):
		return rs[1] == '、'
	case unicode.IsDigit(rs[0]):
		j := 0
		for j < len(rs) && unicode.IsDigit(rs[j]) {
			j++
		}
		if j >= len(rs) || (rs[j] != '.' && rs[j] != '、') {
			return false
		}
		return j+1 >= len(rs) || !unicode.IsDigit(rs[j+1])
	}
	return false
}

const cjkNumerals = "一二三四五六七八九十"

// closesMarker reports whether rs opens with a short numbered marker
// "(一)", "(12)".
func closesMarker(rs []rune) bool {
	for j := 1; j < len(rs) && j <= 4; j++ {
		if rs[j] == ')' {
			return j > 1
		}
		if !strings.ContainsRune(cjkNumerals, rs[j]) && !unicode.IsDigit(rs[j]) {
			return false
		}
	}
	return false
}

// add appends line i of the document to the passage.
func (p *passage) add(i int, text, tokens string) {
	inside := wordInsides(text, tokens)
	rs := make([]rune, 0, len(text))
	offs := make([]int, 0, len(text)+1) // byte offset of each rune, then len(text)
	for off := 0; off < len(text); {
		r, size := utf8.DecodeRuneInString(text[off:])
		rs, offs = append(rs, r), append(offs, off)
		off += size
	}
	offs = append(offs, len(text))
	for k := 0; k < len(rs); k++ {
		r := rs[k]
		if unicode.IsSpace(r) || isQuote(r) {
			continue
		}
		p.text = append(p.text, r)
		p.at = append(p.at, origin{line: int32(i), off: int32(offs[k]), size: int32(offs[k+1] - offs[k]), start: !inside[offs[k]]})
	}
}

// wordInsides marks the byte offsets of text that lie inside a word of the
// line's segmentation but do not start it. Tokens are found in order; if
// one cannot be found (the tokens belong to other text) the rest of the line
// is left unmarked, which lets every position count as a word start.
func wordInsides(text, tokens string) []bool {
	inside := make([]bool, len(text))
	pos := 0
	for _, tok := range strings.Fields(tokens) {
		j := strings.Index(text[pos:], tok)
		if j < 0 {
			break
		}
		start := pos + j
		for k := start + 1; k < start+len(tok); k++ {
			inside[k] = true
		}
		pos = start + len(tok)
	}
	return inside
}

// A span is a half-open range [from, to) of runes of a passage.
type span struct{ from, to int }

// sentences splits a passage at sentence-final punctuation.
func (p passage) sentences() []span {
	var out []span
	from := 0
	for i, r := range p.text {
		if strings.ContainsRune("。!?！？", r) {
			if i > from {
				out = append(out, span{from, i})
			}
			from = i + 1
		}
	}
	if from < len(p.text) {
		out = append(out, span{from, len(p.text)})
	}
	return out
}

// clauses splits a sentence at commas and semicolons, but not at the
// thousands separator of a number ("1,165.24").
func (p passage) clauses(s span) []span {
	var out []span
	from := s.from
	for i := s.from; i < s.to; i++ {
		r := p.text[i]
		if r == ';' || r == '；' || r == '，' || r == ',' && !p.thousands(i) {
			if i > from {
				out = append(out, span{from, i})
			}
			from = i + 1
		}
	}
	if from < s.to {
		out = append(out, span{from, s.to})
	}
	return out
}

// thousands reports whether the comma at i separates thousands: digits
// without a decimal point before it, exactly three digits after.
func (p passage) thousands(i int) bool {
	j := i - 1
	for j >= 0 && isDigit(p.text[j]) {
		j--
	}
	if j == i-1 || j >= 0 && p.text[j] == '.' {
		return false
	}
	k := i + 1
	for k < len(p.text) && isDigit(p.text[k]) {
		k++
	}
	return k-i-1 == 3
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// A quantity is a number with its unit in a clause.
type quantity struct {
	span
	value decimal.Decimal // as printed, before any unit conversion
	unit  string          // 万元, 元, 亿元, %, 人, 名, 分
}

// units a figure in a sentence can carry, longest first; each with the
// runes that must not follow it (人次, 分钟).
var units = []struct {
	unit, notBefore string
}{
	{"万元", ""}, {"亿元", ""}, {"元", "/"}, {"%", ""}, {"人", "次"}, {"名", ""}, {"分", "钟"},
}

// quantities returns the figures in clause c: a number (with thousands
// separators and a fraction) directly followed by a unit.
func (p passage) quantities(c span) []quantity {
	var out []quantity
	for i := c.from; i < c.to; i++ {
		if !isDigit(p.text[i]) || i > c.from && (isDigit(p.text[i-1]) || p.text[i-1] == '.' || isLatin(p.text[i-1])) {
			continue
		}
		j := i
		for j < c.to && (isDigit(p.text[j]) || p.text[j] == '.' || p.text[j] == ',' && p.thousands(j)) {
			j++
		}
		num := string(p.text[i:j])
		v, err := normalize.ParseDecimal(strings.TrimRight(num, "."))
		if err != nil {
			i = j
			continue
		}
		for _, u := range units {
			w := []rune(u.unit)
			if !p.hasAt(j, c.to, w) {
				continue
			}
			n := len(w)
			if j+n < c.to && strings.ContainsRune(u.notBefore, p.text[j+n]) {
				break
			}
			out = append(out, quantity{span: span{i, j + n}, value: v, unit: u.unit})
			j += n
			break
		}
		i = j
	}
	return out
}

func isLatin(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// afterMarker returns the index just after the last list-item marker in s
// (5、, 12., ①, (3)), or -1.
func (p passage) afterMarker(s span) int {
	at := -1
	for i := s.from; i < s.to; i++ {
		r := p.text[i]
		switch {
		case r >= '①' && r <= '⑳':
			at = i + 1
		case isDigit(r) && (i == s.from || !isDigit(p.text[i-1]) && p.text[i-1] != '.'):
			j := i
			for j < s.to && isDigit(p.text[j]) {
				j++
			}
			if j-i > 2 || j >= s.to {
				continue
			}
			switch {
			case p.text[j] == '、' || p.text[j] == '.' && (j+1 >= s.to || !isDigit(p.text[j+1])):
				at = j + 1
			case p.text[j] == ')' && i > s.from && p.text[i-1] == '(':
				at = j + 1
			}
		}
	}
	return at
}

// hasAt reports whether the runes w stand at i, ending before limit.
func (p passage) hasAt(i, limit int, w []rune) bool {
	if i+len(w) > limit {
		return false
	}
	for k, r := range w {
		if p.text[i+k] != r {
			return false
		}
	}
	return true
}

// fillerTails reports, for each k in 0..len(s), whether the runes from
// s.from+k to s.to are filler words alone (dynamic programming from the end,
// so that every split into fillers is tried).
func (p passage) fillerTails(s span) []bool {
	n := s.to - s.from
	ok := make([]bool, n+1)
	ok[n] = true
	for k := n - 1; k >= 0; k-- {
		for _, fi := range fillersByFirst[p.text[s.from+k]] {
			if w := fillerRunes[fi]; k+len(w) <= n && ok[k+len(w)] && p.hasAt(s.from+k, s.to, w) {
				ok[k] = true
				break
			}
		}
	}
	return ok
}

// str returns the text of a span.
func (p passage) str(s span) string { return string(p.text[s.from:s.to]) }

// wordStart reports whether a word of the segmentation starts at rune i.
func (p passage) wordStart(i int) bool { return p.at[i].start }

// source returns the lines of a span and its text as the document prints
// it (normalised, with the spaces the reader dropped), lines
// joined by newlines.
func (p passage) source(doc *fiscaldoc.Document, s span) (first, last fiscaldoc.Line, raw string) {
	a, b := p.at[s.from], p.at[s.to-1]
	first, last = doc.Lines[a.line], doc.Lines[b.line]
	if a.line == b.line {
		return first, last, first.Text[a.off : b.off+b.size]
	}
	parts := []string{first.Text[a.off:]}
	for l := a.line + 1; l < b.line; l++ {
		parts = append(parts, doc.Lines[l].Text)
	}
	parts = append(parts, last.Text[:b.off+b.size])
	return first, last, strings.Join(parts, "\n")
}

package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
)

// OCR of a 自评表 scrambles indicator names: a character is printed twice
// (住院救助助人次数), a stray one is read into the cell (监督检查至覆盖率),
// a character is misread as one or two others, or a cell wrapped over two
// lines keeps only pieces of the name (推动医疗提质). The same document
// usually prints the name cleanly somewhere else: the project table repeats
// the row of the whole-department table, the project's summary paragraph
// states its goals in full, a 定性 row repeats its name as its target.
//
// repairNames replaces a garbled name by such a clean one when the garbled
// characters explain it and the evidence is strong; otherwise the printed
// name stays. The kinds of match, strongest first:
//
//	insertion  the candidate's characters in order, with one or two stray
//	           characters inside: each a repeat of its neighbour, not a
//	           letter, or a character the segmenter left on its own
//	           (参保对组象满意度 → 参保对象满意度, 组 a word by itself)
//	near       ≥ 80% of the candidate's characters, at most two foreign
//	           ones, in any order, and the row's target and actual are those
//	           of the candidate's row and of no other row
//	fragment   a piece that starts as the candidate starts, with at most two
//	           foreign characters, from a row with the same values, from a
//	           clause of the project's own summary paragraph, or from the
//	           row's own target when target and actual repeat it
//
// Candidates are the names of the other rows, the name common to two
// printings (门诊救且助人次数 and 门诊救助力人次数 → 门诊救助人次数), the
// clauses of the prose and the row's own target. A name printed twice, or
// printed in the prose, is clean and never changed.

// Kinds of name match, weakest first.
const (
	matchFragment = iota + 1
	matchNear
	matchInsertion
)

// Sources of a candidate name.
const (
	fromRow    = iota + 1 // another row's name
	fromPair              // common to two printings
	fromProse             // a clause of the prose
	fromTarget            // the row's own target and actual
)

// maxStray is the most foreign characters a garbled name may hold.
const maxStray = 2

// minNameRunes is the shortest candidate name.
const minNameRunes = 4

// A nameRow is one indicator row with what its name is compared by.
type nameRow struct {
	r       *indRow
	project string
	name    []rune
	values  string // target and actual, canonical; "" when either is empty
}

// A nameCand is a clean name a garbled one may stand for.
type nameCand struct {
	text   []rune
	src    int
	line   int      // source line number
	row    *nameRow // the row it was printed in (fromRow, fromPair)
	other  *nameRow // the second printing (fromPair)
	line2  int      // its line number (fromPair)
	prose  string   // the prose line (fromProse)
	agrees bool     // set per garbled row: same distinctive values
}

// A nameMatch is how well a candidate explains a garbled name.
type nameMatch struct {
	kind    int
	common  int // characters in common, in order
	cand    *nameCand
	details string
}

var clauseSep = regexp.MustCompile(`[，。；;：:！？!?,\s]+`)

// repairNames repairs garbled indicator names in p's facts and tables and
// records each repair on the document.
func (p *seParse) repairNames() {
	var rows []*nameRow
	printed := map[string]int{}
	values := map[string]int{}
	for _, t := range p.tables {
		project := ""
		if t.isProject {
			project = t.project
		}
		for _, r := range t.rows {
			nr := &nameRow{r: r, project: project, name: []rune(r.l3)}
			if r.target != "" && r.actual != "" {
				nr.values = indicatorValue(r.target) + "\x00" + indicatorValue(r.actual)
				values[nr.values]++
			}
			printed[r.l3]++
			rows = append(rows, nr)
		}
	}
	if len(rows) == 0 {
		return
	}
	clauses := proseClauses(p.doc)
	inProse := map[string]bool{}
	for _, c := range clauses {
		inProse[string(c.text)] = true
	}
	distinct := func(a, b *nameRow) bool {
		return a.values != "" && a.values == b.values && values[a.values] == 2
	}
	clean := func(nr *nameRow) bool { return printed[nr.r.l3] > 1 || inProse[nr.r.l3] }

	var cands []*nameCand
	for _, nr := range rows {
		if len(nr.name) >= minNameRunes && hasLetters(nr.r.l3) {
			cands = append(cands, &nameCand{text: nr.name, src: fromRow, line: p.doc.Lines[nr.r.first].N, row: nr})
		}
	}
	cands = append(cands, p.pairNames(rows, clean, distinct)...)
	candidates := candidateIndex(rows, append(cands, clauses...), values)

	fixed := map[string]string{}
	repair := func(nr *nameRow, repaired, evidence string) {
		line := p.doc.Lines[nr.r.first].N
		p.doc.Repairs = append(p.doc.Repairs, fiscaldoc.Repair{
			Line: line, Kind: "indicator", Raw: nr.r.l3, Repaired: repaired, Evidence: evidence,
		})
		fixed[nameKey(nr.project, line, nr.r.l3)] = repaired
		nr.r.l3 = repaired
	}
	for _, nr := range rows {
		if clean(nr) || len(nr.name) < 2 {
			continue
		}
		if piece, ok := cleanPiece(nr.r.pieces, printed); ok {
			repair(nr, piece, fmt.Sprintf("the cell's printed line %q is a name printed cleanly %d times; the other lines are 指标 labels OCR ran into it", piece, printed[piece]))
			continue
		}
		var own []*nameCand
		if t := normalize.Squash(nr.r.target); t != "" && t == normalize.Squash(nr.r.actual) && !isMeasure(t) {
			own = append(own, &nameCand{text: []rune(t), src: fromTarget, line: p.doc.Lines[nr.r.first].N})
		}
		var best []nameMatch
		for _, list := range [][]*nameCand{candidates(nr), own} {
			for _, c := range list {
				if c.src == fromRow && c.row == nr || string(c.text) == nr.r.l3 {
					continue
				}
				c.agrees = c.row != nil && (distinct(nr, c.row) || c.other != nil && distinct(nr, c.other))
				m, ok := p.matchName(nr, c)
				if !ok || c.src == fromRow && !clean(c.row) && p.reverseAsGood(nr, c, m) {
					continue
				}
				switch {
				case len(best) == 0 || m.better(best[0]):
					best = []nameMatch{m}
				case !best[0].better(m) && string(m.cand.text) != string(best[0].cand.text):
					best = append(best, m)
				}
			}
		}
		switch {
		case len(best) == 1:
			repair(nr, string(best[0].cand.text), best[0].details)
		case len(best) > 1:
			p.doc.Problemf(p.doc.Lines[nr.r.first].N, "indicator-name", "%q may stand for %q or %q: kept as printed",
				nr.r.l3, string(best[0].cand.text), string(best[1].cand.text))
		}
	}
	for i, f := range p.facts {
		if n, ok := fixed[nameKey(f.Project, f.Line, f.Indicator)]; ok && f.Indicator != "" {
			p.facts[i].Indicator = n
		}
	}
}

// candidateIndex returns, for a garbled row, the candidates among cands
// (in their order) that can explain its name (matchName): those that start
// with the name's character, and the name of the one other row that prints
// the same target and actual. A row reads those alone, not every
// candidate of the document.
func candidateIndex(rows []*nameRow, cands []*nameCand, values map[string]int) func(*nameRow) []*nameCand {
	byFirst := map[rune][]int{}
	ofRow := map[*nameRow]int{}
	for i, c := range cands {
		if len(c.text) > 0 {
			byFirst[c.text[0]] = append(byFirst[c.text[0]], i)
		}
		if c.src == fromRow {
			ofRow[c.row] = i
		}
	}
	byValues := map[string][]*nameRow{}
	for _, nr := range rows {
		if nr.values != "" && values[nr.values] == 2 {
			byValues[nr.values] = append(byValues[nr.values], nr)
		}
	}
	return func(nr *nameRow) []*nameCand {
		idx := byFirst[nr.name[0]]
		for _, other := range byValues[nr.values] {
			if i, ok := ofRow[other]; ok && other != nr {
				if k, found := slices.BinarySearch(idx, i); !found {
					idx = slices.Insert(slices.Clone(idx), k, i)
				}
			}
		}
		out := make([]*nameCand, len(idx))
		for k, i := range idx {
			out[k] = cands[i]
		}
		return out
	}
}

// cleanPiece returns the one printed line of a name cell that is itself a
// name printed cleanly elsewhere (twice or more), when the cell has several
// lines: "满意度 服务对 a 人民群众满意度 度指标" is 人民群众满意度 with the
// 一级/二级 labels of a loose row run into it.
func cleanPiece(pieces []string, printed map[string]int) (string, bool) {
	found := ""
	for _, piece := range pieces {
		if printed[piece] > 1 && utf8.RuneCountInString(piece) >= minNameRunes {
			if found != "" && found != piece {
				return "", false
			}
			found = piece
		}
	}
	return found, found != ""
}

func nameKey(project string, line int, name string) string {
	return fmt.Sprintf("%s\x00%d\x00%s", project, line, name)
}

// better reports whether m is a stronger match than o: of a stronger kind,
// with more characters in common, or, for pieces, from a nearer source (the
// row's own cells, then another row, then the prose).
func (m nameMatch) better(o nameMatch) bool {
	switch {
	case m.kind != o.kind:
		return m.kind > o.kind
	case m.common != o.common:
		return m.common > o.common
	case m.kind == matchFragment && m.cand.src != o.cand.src:
		return fragmentRank[m.cand.src] > fragmentRank[o.cand.src]
	}
	return false
}

var fragmentRank = map[int]int{fromTarget: 3, fromRow: 2, fromProse: 1}

// reverseAsGood reports whether the candidate row's name is explained by
// nr's name at least as well as the other way round: two printings that
// differ in a character or in order, and nothing says which one is right
// (unless the candidate is printed twice).
func (p *seParse) reverseAsGood(nr *nameRow, c *nameCand, m nameMatch) bool {
	back := &nameCand{text: nr.name, src: fromRow, line: p.doc.Lines[nr.r.first].N, row: nr, agrees: c.agrees}
	r, ok := p.matchName(c.row, back)
	return ok && r.kind >= m.kind
}

// pairNames returns the names common to two printings of a row, each with
// one or two stray characters inside: the strays junk by their look, or the
// two rows sharing values no other row has and no stray of one standing
// where the other has one (two names differing in a character have them at
// the same place).
func (p *seParse) pairNames(rows []*nameRow, clean func(*nameRow) bool, distinct func(a, b *nameRow) bool) []*nameCand {
	var out []*nameCand
	for i, a := range rows {
		if clean(a) {
			continue
		}
		for _, b := range rows[i+1:] {
			if clean(b) || a.r.l3 == b.r.l3 || !sameEnds(a.name, b.name) {
				continue // strays needs both names to start and end as the common one
			}
			common := lcsRunes(a.name, b.name)
			if len(common) < minNameRunes {
				continue
			}
			sa, oka := strays(a.name, common)
			sb, okb := strays(b.name, common)
			if !oka || !okb {
				continue
			}
			junk := p.allJunk(a, sa) && p.allJunk(b, sb)
			apart := distinct(a, b) && !sharePlace(sa, sb)
			if !junk && !apart {
				continue
			}
			out = append(out, &nameCand{text: common, src: fromPair, line: p.doc.Lines[a.r.first].N, row: a, other: b, line2: p.doc.Lines[b.r.first].N})
		}
	}
	return out
}

// sameEnds reports whether a and b start with the same character and end
// with the same character.
func sameEnds(a, b []rune) bool {
	return len(a) > 0 && len(b) > 0 && a[0] == b[0] && a[len(a)-1] == b[len(b)-1]
}

// sharePlace reports whether two printings have a stray character at the
// same place of their common name (a stray's place is its index less the
// strays before it): one character read two ways, not junk added.
func sharePlace(a, b []int) bool {
	at := map[int]bool{}
	for k, i := range a {
		at[i-k] = true
	}
	for k, i := range b {
		if at[i-k] {
			return true
		}
	}
	return false
}

// matchName reports how candidate c explains the garbled name of nr.
func (p *seParse) matchName(nr *nameRow, c *nameCand) (nameMatch, bool) {
	g, cand := nr.name, c.text
	if len(cand) < minNameRunes || !hasLetters(string(cand)) {
		return nameMatch{}, false
	}
	common := lcs(g, cand)
	m := nameMatch{common: common, cand: c}
	if st, ok := strays(g, cand); ok && c.src != fromTarget {
		if c.src == fromPair || c.agrees || p.allJunk(nr, st) {
			m.kind = matchInsertion
			m.details = fmt.Sprintf("characters of %s in order with %s; %s", string(cand), describeStrays(g, st), c.where())
			return m, true
		}
	}
	over := overlap(g, cand)
	foreign := len(g) - over
	if c.src == fromRow && c.agrees && foreign <= maxStray && over*5 >= 4*len(cand) {
		m.kind = matchNear
		m.details = fmt.Sprintf("%d of the %d characters of %s%s; %s", over, len(cand), string(cand), foreignNote(g, cand), c.where())
		return m, true
	}
	if g[0] != cand[0] || len(g) > 1 && g[1] != cand[1] || foreign > maxStray ||
		common < len(g)-foreign-1 || common < minNameRunes || common*5 < 2*len(cand) || common >= len(cand) {
		return nameMatch{}, false
	}
	switch c.src {
	case fromRow:
		if !c.agrees {
			return nameMatch{}, false
		}
	case fromProse:
		if nr.project == "" || !strings.Contains(c.prose, nr.project) {
			return nameMatch{}, false
		}
		fallthrough
	case fromTarget:
		// A clean short name may be part of a longer clause or target;
		// a piece is garbled when it skips characters of the clause and
		// holds a foreign one or stops short of its end.
		if strings.Contains(string(cand), string(g)) || foreign == 0 && g[len(g)-1] == cand[len(cand)-1] {
			return nameMatch{}, false
		}
	default:
		return nameMatch{}, false
	}
	m.kind = matchFragment
	m.details = fmt.Sprintf("a piece of %s: %d of its %d characters in order%s; %s", string(cand), common, len(cand), foreignNote(g, cand), c.where())
	return m, true
}

// where describes the candidate's source for a repair's evidence.
func (c *nameCand) where() string {
	switch c.src {
	case fromRow:
		if c.agrees {
			return fmt.Sprintf("name of the row on line %d, which has the same target and actual", c.line)
		}
		return fmt.Sprintf("name printed cleanly on line %d", c.line)
	case fromPair:
		return fmt.Sprintf("the characters common to the printings on lines %d and %d", c.line, c.line2)
	case fromProse:
		return fmt.Sprintf("clause of the prose on line %d", c.line)
	default:
		return "the row's own target and actual"
	}
}

// strays returns the indices of g's characters that are not cand's when
// cand's characters are all in g, in order, and g holds one or two more,
// inside (g starts and ends as cand does).
func strays(g, cand []rune) ([]int, bool) {
	n := len(g) - len(cand)
	if n < 1 || n > maxStray || len(cand) < minNameRunes || g[0] != cand[0] || g[len(g)-1] != cand[len(cand)-1] {
		return nil, false
	}
	var out []int
	j := 0
	for i, r := range g {
		if j < len(cand) && r == cand[j] {
			j++
			continue
		}
		out = append(out, i)
	}
	if j < len(cand) {
		return nil, false
	}
	for _, i := range out {
		if i == 0 || i == len(g)-1 {
			return nil, false
		}
	}
	return out, true
}

func describeStrays(g []rune, idx []int) string {
	var parts []string
	for _, i := range idx {
		switch {
		case g[i] == g[i-1] || g[i] == g[i+1]:
			parts = append(parts, string(g[i])+" repeated")
		default:
			parts = append(parts, string(g[i])+" inserted")
		}
	}
	return strings.Join(parts, ", ")
}

// allJunk reports whether every stray character of nr's name looks like OCR
// debris: a repeat of its neighbour, not a letter, or a word by itself in
// the segmentation of the row's line (a real word inserted into a name,
// 资金及时到位率, is segmented with its neighbour or as a word of two).
func (p *seParse) allJunk(nr *nameRow, idx []int) bool {
	lens := p.tokenLengths(nr)
	for _, i := range idx {
		g := nr.name
		switch {
		case g[i] == g[i-1] || g[i] == g[i+1]:
		case !unicode.IsLetter(g[i]) && !unicode.IsDigit(g[i]):
		case lens != nil && lens[i] == 1:
		default:
			return false
		}
	}
	return true
}

// tokenLengths returns, for each character of nr's name, the length of the
// segmenter's word it is part of (0 for characters the segmenter drops), or
// nil when the name is not found whole in one line's words.
func (p *seParse) tokenLengths(nr *nameRow) []int {
	var word []rune
	var at []int // index into nr.name of each kept character
	for i, r := range nr.name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, r)
			at = append(at, i)
		}
	}
	if len(word) == 0 {
		return nil
	}
	for li := nr.r.first; li <= nr.r.last && li < len(p.doc.Tokens); li++ {
		var text []rune
		var lens []int
		for _, tok := range strings.Fields(p.doc.Tokens[li]) {
			n := utf8.RuneCountInString(tok)
			for _, r := range tok {
				text = append(text, r)
				lens = append(lens, n)
			}
		}
		k := runeIndex(text, word)
		if k < 0 {
			continue
		}
		out := make([]int, len(nr.name))
		for j, i := range at {
			out[i] = lens[k+j]
		}
		return out
	}
	return nil
}

func runeIndex(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if string(s[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}

// proseClauses returns the clauses of the lines outside tables (lines
// without tabs), split at punctuation, as candidate names.
func proseClauses(doc *fiscaldoc.Document) []*nameCand {
	var out []*nameCand
	for _, ln := range doc.Lines {
		if ln.Furniture || strings.Contains(ln.Text, "\t") {
			continue
		}
		for _, c := range clauseSep.Split(ln.Text, -1) {
			c = normalize.Squash(c)
			if n := utf8.RuneCountInString(c); n < minNameRunes || n > 40 || !hasLetters(c) {
				continue
			}
			out = append(out, &nameCand{text: []rune(c), src: fromProse, line: ln.N, prose: ln.Text})
		}
	}
	return out
}

// lcsRunes is a longest common subsequence of a and b.
func lcsRunes(a, b []rune) []rune {
	n, m := len(a), len(b)
	dp := make([][]int, n+1)
	for i := range dp {
		dp[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			switch {
			case a[i] == b[j]:
				dp[i][j] = dp[i+1][j+1] + 1
			case dp[i+1][j] >= dp[i][j+1]:
				dp[i][j] = dp[i+1][j]
			default:
				dp[i][j] = dp[i][j+1]
			}
		}
	}
	var out []rune
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i, j = i+1, j+1
		case dp[i+1][j] >= dp[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}

// overlap is the size of the multiset intersection of a's and b's characters.
func overlap(a, b []rune) int {
	used := make([]bool, len(b)) // names are short: no map
	n := 0
	for _, r := range a {
		for j, s := range b {
			if s == r && !used[j] {
				used[j] = true
				n++
				break
			}
		}
	}
	return n
}

// foreignNote names g's characters that cand does not have.
func foreignNote(g, cand []rune) string {
	count := map[rune]int{}
	for _, r := range cand {
		count[r]++
	}
	var foreign []rune
	for _, r := range g {
		if count[r] > 0 {
			count[r]--
			continue
		}
		foreign = append(foreign, r)
	}
	if len(foreign) == 0 {
		return ""
	}
	return ", " + string(foreign) + " foreign"
}

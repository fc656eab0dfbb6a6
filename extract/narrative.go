package extract

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// extractNarrative reads the figures a report states in sentences: money,
// staff counts, execution rates and scores. For each figure (a number with
// its unit) the field comes from the nearest stem before it whose gap to
// the figure holds only filler words (基本支出为869.93万元); the year and
// basis from the words before it or, failing those, from earlier clauses of
// the sentence (2024年年初预算安排支出951.73万元，其中：基本支出549.88万元).
// Changes (比上年增加12.3万元) are never taken as the figure.
func extractNarrative(doc *fiscaldoc.Document) {
	fy := doc.Meta.FiscalYear
	projects := tableProjects(doc)
	var facts []fiscaldoc.Fact
	passages := readPassages(doc)
	for i, p := range passages {
		r := reader{doc: doc, p: p, fy: fy, projects: projects}
		r.read()
		facts = append(facts, r.facts...)
		if i+1 < len(passages) {
			if f, ok := r.labelled(passages[i+1]); ok {
				facts = append(facts, f)
			}
		}
	}
	doc.Facts = append(doc.Facts, checkVehicleParts(doc, facts)...)
}

// labelled reads a staff count laid out as a label and its value on lines
// of their own, as a form flattened to one cell a paragraph prints it
// (人员编制 / 21): the passage is a short label ending in a staff stem and
// fillers, the next a whole number.
func (r *reader) labelled(next passage) (fiscaldoc.Fact, bool) {
	all := span{0, len(r.p.text)}
	st, at, end, ok := r.findStem(all)
	value := string(next.text)
	if !ok || st.kind != staff || len(r.p.text) > 8 || !r.accept(st, r.p.str(span{0, at}), r.p.str(span{end, all.to})) ||
		len(value) > 6 || strings.Trim(value, "0123456789") != "" {
		return fiscaldoc.Fact{}, false
	}
	v, err := normalize.ParseDecimal(value)
	if err != nil {
		return fiscaldoc.Fact{}, false
	}
	first, _, label := r.p.source(r.doc, all)
	_, last, val := next.source(r.doc, span{0, len(next.text)})
	f := NumFact(st.field, "人", v, fiscaldoc.FromProse, first, last, label+"\n"+val)
	f.Year = r.fy
	return f, true
}

// A reader reads the sentences of one passage.
type reader struct {
	doc      *fiscaldoc.Document
	p        passage
	fy       int      // the report's fiscal year
	projects []string // the projects the tables name

	year        int  // year named by an earlier clause of the passage, 0 for none
	subordinate bool // the passage has turned to a unit under the department
	s           sentence
	facts       []fiscaldoc.Fact
}

// sentence is what earlier clauses of a sentence tell later ones. A
// sentence opening with 其中 continues the one before it.
type sentence struct {
	span       span
	head       bool   // its first figure has been read
	restricted bool   // the clause of its first figure names a funding source
	income     bool   // its first figure is income
	basis      string // basis named last
	field      string // money field read last, for 预算为0万元，支出决算为0万元
	last       int    // index in facts of the money fact read last, or -1
}

func (r *reader) read() {
	for _, s := range r.p.sentences() {
		if strings.HasPrefix(r.p.str(s), "其中") && r.s.head {
			r.s.span = span{r.s.span.from, s.to}
		} else {
			r.s = sentence{span: s, last: -1}
		}
		for _, c := range r.p.clauses(s) {
			r.clause(c)
		}
	}
}

func (r *reader) clause(c span) {
	text := r.p.str(c)
	if containsAny(text, subordinates) {
		r.subordinate = true
	}
	qs := r.p.quantities(c)
	if len(qs) == 0 {
		r.restate(c)
	}
	from := c.from
	for _, a := range qs {
		r.figure(span{from, a.from}, a)
		from = a.to
	}
	if y, ok := carriedYear(text); ok {
		r.year = y
	}
}

// figure reads one figure and its label, the clause text before it.
func (r *reader) figure(label span, a quantity) {
	head := !r.s.head
	if head {
		r.s.head = true
		r.s.restricted = containsAny(r.p.str(span{label.from, a.from}), sources)
	}
	lab := r.p.str(label)
	if containsAny(lab, changes) {
		return
	}
	st, at, end, found := r.findStem(label)
	field, k, project := st.field, st.kind, ""
	if !found || !r.accept(st, r.p.str(span{label.from, at}), r.p.str(span{end, label.to})) {
		_, _, named := basisIn(lab)
		switch {
		case named && r.s.field != "" && r.p.fillerTails(label)[0]:
			// A clause restating the last field on another basis: 预算为0万元，
			// 支出决算为0万元.
			field, k = r.s.field, money
		case r.listedProject(label) != "":
			// An item of a list of projects: 5、专项资金 10 万元.
			field, k, project = "budget_amount", money, r.listedProject(label)
		default:
			if found {
				r.s.field = ""
			}
			return
		}
	}
	if !k.fits(a.unit) || k == staff && r.subordinate {
		return
	}
	f, ok := r.fact(field, k, lab, a)
	if !ok {
		return
	}
	f.Project = project
	r.facts = append(r.facts, f)
	if k == money && project == "" {
		r.s.field, r.s.last = field, len(r.facts)-1
	}
	if head {
		r.s.income = strings.HasPrefix(field, "income_")
	}
}

// listedProject returns the project a list item names, as the tables name
// it, or "": the text from the item's marker (5、, ①, (2)) to the figure
// must share 60% of the longer name's characters in order with one table
// project, and more than with any other (医疗保险信息网路租赁费 is
// 医疗保险信息网络租赁费).
func (r *reader) listedProject(label span) string {
	if len(r.projects) == 0 {
		return ""
	}
	from := r.p.afterMarker(label)
	if from < 0 {
		return ""
	}
	name := r.p.text[from:label.to]
	best, bestScore, tie := "", 0.0, false
	for _, p := range r.projects {
		rp := []rune(p)
		sc := float64(lcs(name, rp)) / float64(max(len(name), len(rp)))
		switch {
		case sc > bestScore:
			best, bestScore, tie = p, sc, false
		case sc == bestScore:
			tie = true
		}
	}
	if bestScore < 0.6 || tie {
		return ""
	}
	return best
}

// tableProjects returns the project names the document's table facts
// carry, in order of first appearance.
func tableProjects(doc *fiscaldoc.Document) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range doc.Facts {
		if f.Source == fiscaldoc.FromTable && f.Project != "" && !seen[f.Project] {
			seen[f.Project] = true
			out = append(out, f.Project)
		}
	}
	return out
}

// findStem returns the stem nearest before the end of label whose gap to
// the end holds only fillers, and the rune indexes where it starts and ends. A stem
// naming an item beats a bare 收入 or 支出 or a 合计 (三公经费支出合计:
// 三公); of stems ending at the same place the longest wins (公务用车购置及运行
// over 购置及运行).
func (r *reader) findStem(label span) (stem, int, int, bool) {
	var best stem
	bestAt, bestEnd := -1, -1
	tails := r.p.fillerTails(label)
	for i := label.from; i < label.to; i++ {
		for _, si := range stemsByFirst[r.p.text[i]] {
			st := stems[si]
			end := i + len(stemRunes[si])
			if end > label.to || !tails[end-label.from] || !r.p.hasAt(i, label.to, stemRunes[si]) || !r.wordish(i, end) {
				continue
			}
			if bestAt < 0 || st.beats(best, end, bestEnd) {
				best, bestAt, bestEnd = st, i, end
			}
		}
	}
	return best, bestAt, bestEnd, bestAt >= 0
}

// beats reports whether st, ending at end, is a better reading than best,
// ending at bestEnd.
func (st stem) beats(best stem, end, bestEnd int) bool {
	if g, bg := st.generic(), best.generic(); g != bg {
		return !g
	}
	if end != bestEnd {
		return end > bestEnd
	}
	return len(st.word) > len(best.word)
}

func (st stem) generic() bool { return st.class == bare || st.class == total }

// wordish reports whether runes [i, end) may be read as a word: the gse
// segmentation starts a word at i, or ends one at end (a compound ending in
// the stem, as 人员编制 ends in 编制). 实有 in 真实有效 is neither.
func (r *reader) wordish(i, end int) bool {
	return r.p.wordStart(i) || end >= len(r.p.text) || r.p.wordStart(end)
}

// accept checks the text before a stem and the gap after it against the
// stem's class.
func (r *reader) accept(st stem, before, gap string) bool {
	if deptWide[st.field] && (r.s.restricted || containsAny(before, sources)) {
		return false
	}
	rest, trimmed := trimModifiers(before)
	switch st.class {
	case bare:
		if rest == "" || !unicode.Is(unicode.Han, lastRune(rest)) {
			return trimmed
		}
		return hasAnySuffix(rest, subjects)
	case total:
		return !hasAnySuffix(rest, sources)
	case fund:
		// 一般公共预算财政拨款支出 is spending, not an income part.
		return r.s.income && !strings.Contains(gap, "支出")
	case whole:
		return subjectEnds(rest)
	}
	return st.field != "staff_authorized" || !hasAnySuffix(before, subunits)
}

// fact builds the fact of a figure: money in 万元 with its year and basis,
// staff counts with their year, rates and scores as printed.
func (r *reader) fact(field string, k kind, label string, a quantity) (fiscaldoc.Fact, bool) {
	v, unit := a.value, a.unit
	switch k {
	case money:
		w, err := normalize.ToWan(v, unit)
		if err != nil {
			return fiscaldoc.Fact{}, false
		}
		v, unit = w, normalize.WanYuan
	case staff:
		unit = "人"
	}
	first, last, raw := r.p.source(r.doc, r.s.span)
	f := NumFact(field, unit, v, fiscaldoc.FromProse, first, last, raw)
	if k == money || k == staff {
		f.Year = r.yearOf(label)
	}
	if k == money {
		f.Basis = r.basisOf(label)
	}
	return f, true
}

// yearOf returns the year a figure is about: the last year its label names
// (上年 is the year before the report's), else the year an earlier clause
// named, else the report's.
func (r *reader) yearOf(label string) int {
	y := 0
	for _, m := range scanYears(label, r.fy) {
		if !m.date && !m.compared {
			y = m.year
		}
	}
	switch {
	case y != 0:
		return y
	case r.year != 0:
		return r.year
	}
	return r.fy
}

// basisOf returns the basis of a figure: named in its label, else named
// earlier in the sentence, else actual (budget in a 部门预算). A bare 预算
// after 年初预算 keeps initial_budget.
func (r *reader) basisOf(label string) string {
	b, strong, named := basisIn(label)
	switch {
	case !named:
		if r.s.basis != "" {
			return r.s.basis
		}
		if docBasis(r.doc) == fiscaldoc.Budget {
			return fiscaldoc.Budget // every figure of a 部门预算 not named otherwise
		}
		return fiscaldoc.Actual
	case !strong && r.s.basis == fiscaldoc.InitialBudget:
		b = fiscaldoc.InitialBudget
	}
	r.s.basis = b
	return b
}

// basisIn finds basis words in s without overlap and returns the last.
func basisIn(s string) (basis string, strong, named bool) {
	for s != "" {
		n := 0
		for _, w := range basisWords {
			if strings.HasPrefix(s, w.word) {
				n = len(w.word)
				if w.basis != "" {
					basis, strong, named = w.basis, w.strong, true
				}
				break
			}
		}
		if n == 0 {
			_, n = firstRune(s)
		}
		s = s[n:]
	}
	return basis, strong, named
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// restate reads a clause without figures that restates the last money
// figure as one of its parts (均为一般公共预算财政拨款收入).
func (r *reader) restate(c span) {
	text := r.p.str(c)
	if r.s.last < 0 {
		return
	}
	for _, w := range inherits {
		if !strings.HasPrefix(text, w) {
			continue
		}
		at := c.from + len([]rune(w))
		st, i, end, ok := r.findStem(span{at, c.to})
		if !ok || st.kind != money || !r.accept(st, r.p.str(span{at, i}), r.p.str(span{end, c.to})) {
			return
		}
		f := r.facts[r.s.last]
		f.Field = st.field
		r.facts = append(r.facts, f)
		return
	}
}

// A yearMention is a year named in text.
type yearMention struct {
	year     int
	date     bool // a date (2023年12月31日), which says when, not which year's money
	compared bool // the year compared with (比2021年, 与2021年度相比)
	relative bool // 上年, 本年
}

// scanYears finds the years text names: 2023年, 2023年度, 上年, 去年, 本年,
// 今年, 当年.
func scanYears(text string, fy int) []yearMention {
	if !strings.Contains(text, "年") { // in each of them
		return nil
	}
	var out []yearMention
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		switch {
		case i+4 < len(rs) && isYearAt(rs, i):
			y := 0
			for _, d := range rs[i : i+4] {
				y = y*10 + int(d-'0')
			}
			m := yearMention{year: y}
			j := i + 5
			if j < len(rs) && rs[j] == '度' {
				j++
			}
			k := j
			for k < len(rs) && isDigit(rs[k]) {
				k++
			}
			m.date = k > j && k < len(rs) && rs[k] == '月'
			m.compared = i > 0 && strings.ContainsRune("比较与同", rs[i-1])
			out = append(out, m)
			i += 4
		case hasRunesAt(rs, i, "上年") || hasRunesAt(rs, i, "去年") || hasRunesAt(rs, i, "上一年"):
			if fy != 0 {
				out = append(out, yearMention{year: fy - 1, relative: true})
			}
			i++
		case hasRunesAt(rs, i, "本年") || hasRunesAt(rs, i, "今年") || hasRunesAt(rs, i, "当年"):
			if fy != 0 {
				out = append(out, yearMention{year: fy, relative: true})
			}
			i++
		}
	}
	return out
}

// isYearAt reports whether rs[i:] starts with four digits 19xx or 20xx
// standing alone, then 年.
func isYearAt(rs []rune, i int) bool {
	if i > 0 && isDigit(rs[i-1]) {
		return false
	}
	for _, d := range rs[i : i+4] {
		if !isDigit(d) {
			return false
		}
	}
	lead := string(rs[i : i+2])
	return (lead == "19" || lead == "20") && rs[i+4] == '年'
}

func hasRunesAt(rs []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// carriedYear returns the year a clause sets for the clauses after it: the
// last year it names that is neither a date, nor compared with, nor
// relative; none if the clause compares (与2021年度相比).
func carriedYear(text string) (int, bool) {
	if strings.Contains(text, "相比") || strings.Contains(text, "同比") {
		return 0, false
	}
	y := 0
	for _, m := range scanYears(text, 0) {
		if !m.date && !m.compared && !m.relative {
			y = m.year
		}
	}
	return y, y != 0
}

// vehicleParts are the parts of 公务用车购置及运行维护费.
var vehicleParts = []string{"three_public_vehicle_purchase", "three_public_vehicle_operation"}

// checkVehicleParts checks, for each year and basis, that the prose's
// 公务用车购置费 and 运行维护费 add up to its 购置及运行维护费. When they do
// not, the part stated last is dropped: a report that says 购置 0, 购置及
// 运行 4.02 and then 运行维护 0 has contradicted itself in its last
// statement. Either way the check is recorded.
func checkVehicleParts(doc *fiscaldoc.Document, facts []fiscaldoc.Fact) []fiscaldoc.Fact {
	type key struct {
		year  int
		basis string
	}
	first := map[key]map[string]int{}
	var keys []key
	for i, f := range facts {
		k := key{f.Year, f.Basis}
		if first[k] == nil {
			first[k] = map[string]int{}
			keys = append(keys, k)
		}
		if _, seen := first[k][f.Field]; !seen {
			first[k][f.Field] = i
		}
	}
	drop := map[int]bool{}
	for _, k := range keys {
		idx := first[k]
		whole, ok := idx["three_public_vehicle"]
		if !ok {
			continue
		}
		sum, latest := decimal.Zero, -1
		for _, part := range vehicleParts {
			i, ok := idx[part]
			if !ok {
				latest = -1
				break
			}
			sum = sum.Add(facts[i].Num.Decimal)
			latest = max(latest, i)
		}
		if latest < 0 {
			continue
		}
		w := facts[whole]
		c := fiscaldoc.Check{
			Name:     fmt.Sprintf("prose: three_public_vehicle = purchase + operation %d %s", k.year, k.basis),
			Expected: w.Num.Decimal, Actual: sum, OK: sum.Equal(w.Num.Decimal), Line: w.Line,
		}
		if !c.OK {
			d := facts[latest]
			drop[latest] = true
			c.Detail = fmt.Sprintf("dropped %s %s (line %d)", d.Field, d.Value, d.Line)
			doc.Problemf(d.Line, "prose", "%s %s 万元 and its parts disagree; %s %s dropped",
				w.Field, w.Value, d.Field, d.Value)
		}
		doc.Checks = append(doc.Checks, c)
	}
	out := facts[:0]
	for i, f := range facts {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

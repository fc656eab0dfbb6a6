package extract

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
)

// Document-level facts come from the document's own words. Each field is
// chosen among candidates by weight: every place a value is printed adds the
// weight of that place (a title or a signature counts more than a sentence),
// and the best value wins.
//
//	doc_type     the kind named by the first title that names one
//	             (部门决算, 部门预算 or 预算情况说明, 部门整体支出绩效自评报告,
//	             项目支出绩效自评表); a text mixing a budget of one year with
//	             final accounts of another gets none
//	org          the reporting unit from titles, signatures, 单位名称/部门名称/
//	             实施单位/发布机构 cells and sentences; a fuller form that adds
//	             a place in front (永州市 + 零陵区医疗保障局) inherits the
//	             weight of the shorter one
//	fiscal_year  the year the report covers: the title's year, then the years
//	             the text names (not dates, not "与2021年相比")
//	report_date  a cover or signature date, 印发 date, 报告日期, 发布时间
//
// Lines are read as package normalize left them: a traditional-character
// mirror already folded to simplified characters, furniture (a preamble,
// page numbers) skipped.

// Weights of the places an org is named.
const (
	wOrgProse      = 1 // in a sentence
	wOrgSupervisor = 1 // a 主管部门 cell: the supervising department
	wOrgCell       = 3 // a 单位名称/部门名称/实施单位/发布机构 cell, or a line that is only the name
	wOrgTitle      = 4 // a title: the name before the year or the report's kind
	wOrgSignature  = 6 // the name beside a date
)

// Weights of the places a date is printed; a date elsewhere is no candidate.
const (
	wDateFilled    = 2 // 填报日期 of an attached table
	wDateCover     = 6 // a line that is only the date, or the date after the unit's name
	wDatePublished = 7 // 发布时间, 发布日期, 印发
	wDateReport    = 8 // 报告日期, 成文日期
)

// kindRules name the document kinds; the earliest match in a title wins, and
// rules listed first win a tie.
var kindRules = []kindRule{
	{fiscaldoc.ProjectPerfSelfEval, []string{"绩效"}, regexp.MustCompile(`项目(支出)?绩效(单位)?(自评|评价)`)},
	{fiscaldoc.DeptPerfSelfEval, []string{"绩效"}, regexp.MustCompile(`(部门|单位)?整体(支出)?绩效|部门(\(单位\))?绩效(自评|评价)`)},
	{fiscaldoc.DeptBudget, []string{"预算"}, regexp.MustCompile(`经费预算|(部门|单位)预算(公开|情况|表|$)|\d年度?(部门|单位)预算|预算(情况说明|安排情况|公开)`)},
	{fiscaldoc.FinalAccounts, []string{"决算", "三公经费"}, regexp.MustCompile(`(部门|单位)决算|决算(公开|情况|表|总额)|(支出|经费)决算|三公经费(增减|支出)?情况`)},
}

// A kindRule finds the name of a kind of document: re, in text that holds
// one of words (every match of re does; most lines hold none).
type kindRule struct {
	kind  string
	words []string
	re    *regexp.Regexp
}

// find returns where the rule first matches s, nil if nowhere.
func (r kindRule) find(s string) []int {
	if !containsAny(s, r.words) {
		return nil
	}
	return r.re.FindStringIndex(s)
}

// metaLine is a line in the form meta reads.
type metaLine struct {
	fiscaldoc.Line
	form    string   // Text, quotes removed; "" for furniture
	words   []string // gse words of the line
	heading bool     // short, no sentence end: a title, heading, cell or cover line
}

// extractMeta sets doc.Meta's DocType, Org, FiscalYear and ReportDate and
// emits them as facts, each on the line it was read from. A document that
// states no fiscal year, or two (a budget and final accounts), gets a problem.
func extractMeta(doc *fiscaldoc.Document) {
	lines := metaLines(doc)
	if len(lines) == 0 {
		return
	}
	m := &doc.Meta

	kind, kindAt, mixed := docKind(lines)
	if kind != "" {
		m.DocType = kind
		doc.Facts = append(doc.Facts, TextFact("doc_type", kind, fiscaldoc.FromMeta, lines[kindAt].Line))
	}

	if mixed {
		doc.Problemf(lines[kindAt].N, "meta", "budget and final accounts of different years in one text: no fiscal year")
	} else if y, at, ok := fiscalYear(lines, kindAt); ok {
		m.FiscalYear = y
		doc.Facts = append(doc.Facts, TextFact("fiscal_year", strconv.Itoa(y), fiscaldoc.FromMeta, lines[at].Line))
	} else {
		doc.Problemf(0, "meta", "no fiscal year stated")
	}

	var org string
	var at int
	var ok bool
	if kind == fiscaldoc.ProjectPerfSelfEval {
		org, at, ok = projectOrg(lines)
	}
	if !ok {
		org, at, ok = reportingOrg(lines)
	}
	if ok {
		m.Org = org
		doc.Facts = append(doc.Facts, TextFact("org", org, fiscaldoc.FromMeta, lines[at].Line))
	}

	if d, at, ok := reportDate(lines); ok {
		m.ReportDate = d
		doc.Facts = append(doc.Facts, TextFact("report_date", d, fiscaldoc.FromMeta, lines[at].Line))
	}
}

// metaLines returns the lines of doc in meta's form.
func metaLines(doc *fiscaldoc.Document) []metaLine {
	out := make([]metaLine, len(doc.Lines))
	for i, ln := range doc.Lines {
		if ln.Furniture {
			out[i] = metaLine{Line: ln}
			continue
		}
		ml := metaLine{Line: ln, form: dropQuotes(ln.Text)}
		if i < len(doc.Tokens) {
			ml.words = strings.Fields(doc.Tokens[i])
		}
		t := strings.TrimSpace(ml.form)
		ml.heading = t != "" && utf8.RuneCountInString(t) <= 64 && !strings.ContainsAny(t, "。;")
		out[i] = ml
	}
	return out
}

// docName is the name of a whole 部门预算 or 部门决算, as opposed to a
// section's (“三公”经费预算安排情况).
var docName = regexp.MustCompile(`(部门|单位)(预算|决算)`)

// titled reports whether a line is a document's title naming it a whole
// 部门预算 or 部门决算: the name, and no list marker of a section (一、).
func titled(s string) bool {
	return docName.MatchString(s) && !listMarker.MatchString(s)
}

// docKind returns the kind of the document and the index of the line that
// names it. The first block of consecutive heading lines that names a kind
// decides (a title split over lines is read joined); without one, the first
// line that names a kind; without one, the header of a 绩效指标 table (an
// excerpt of a 项目支出绩效自评表). A budget or final-accounts text that is
// not titled as a whole 部门预算 or 部门决算, and whose headings also name the
// other kind for another year, is mixed and has no kind: a 部门预算 may
// print last year's 三公 决算 and stays a budget. The
// index is -1 when no line names a kind.
func docKind(lines []metaLine) (kind string, at int, mixed bool) {
	kind, at = "", -1
	for i := 0; i < len(lines) && at < 0; {
		if !lines[i].heading {
			i++
			continue
		}
		var joined strings.Builder
		var starts []int // byte offset in joined of each line of the block
		var idx []int
		j := i
		for ; j < len(lines) && (lines[j].heading || strings.TrimSpace(lines[j].form) == ""); j++ {
			if lines[j].heading {
				starts = append(starts, joined.Len())
				idx = append(idx, j)
				joined.WriteString(strings.TrimSpace(lines[j].form))
			}
		}
		if k, pos := firstKind(joined.String()); k != "" {
			n := sort.Search(len(starts), func(x int) bool { return starts[x] > pos }) - 1
			kind, at = k, idx[n]
		}
		i = j
	}
	if at < 0 {
		for i, ln := range lines {
			if k, _ := firstKind(ln.form); k != "" {
				kind, at = k, i
				break
			}
		}
	}
	if at < 0 {
		if i := indicatorHeader(lines); i >= 0 {
			return fiscaldoc.ProjectPerfSelfEval, i, false
		}
		return "", -1, false
	}
	if (kind == fiscaldoc.DeptBudget || kind == fiscaldoc.FinalAccounts) && !titled(lines[at].form) {
		other := fiscaldoc.FinalAccounts
		if kind == fiscaldoc.FinalAccounts {
			other = fiscaldoc.DeptBudget
		}
		y := firstYear(lines[at].form)
		for _, ln := range lines {
			if ln.heading && ruleOf(other).find(ln.form) != nil {
				if oy := firstYear(ln.form); oy != 0 && y != 0 && oy != y {
					return "", at, true
				}
			}
		}
	}
	return kind, at, false
}

// indicatorHeader returns the index of the line where the header of a
// 绩效指标 table starts (三级指标, then 指标值 and 完成值 or 实际值 within
// indicatorHeaderLines lines, in any of its shapes), -1 if there is none:
// an excerpt of a 项目支出绩效自评表 that lost its title.
func indicatorHeader(lines []metaLine) int {
	for i, ln := range lines {
		if !strings.Contains(ln.form, "三级指标") {
			continue
		}
		var b strings.Builder
		for j := i; j < len(lines) && j < i+indicatorHeaderLines; j++ {
			b.WriteString(normalize.Squash(lines[j].form))
		}
		h := b.String()
		if strings.Contains(h, "指标值") && (strings.Contains(h, "完成值") || strings.Contains(h, "实际值")) {
			return i
		}
	}
	return -1
}

// indicatorHeaderLines bounds the lines an indicator table's header is
// read from: one cell a line, it spans as many lines as it has columns.
const indicatorHeaderLines = 12

// firstKind returns the kind named earliest in s and where.
func firstKind(s string) (kind string, pos int) {
	pos = -1
	for _, r := range kindRules {
		if loc := r.find(s); loc != nil && (pos < 0 || loc[0] < pos) {
			kind, pos = r.kind, loc[0]
		}
	}
	return kind, pos
}

func ruleOf(kind string) kindRule {
	for _, r := range kindRules {
		if r.kind == kind {
			return r
		}
	}
	panic("extract: no rule for kind " + kind)
}

func firstYear(s string) int {
	for _, y := range findYears(s) {
		if !y.date {
			return y.year
		}
	}
	return 0
}

// Weights of a printed year: 年度 twice 年; a heading's year counts double,
// the title's ten times. The title is the line that names the report's kind
// and the heading lines right below it ("项目支出绩效自评表" / "(2022年度)").
const (
	wYear        = 1
	wYearDu      = 2
	xYearHeading = 2
	xYearTitle   = 10
	titleLines   = 5 // lines below the title line read as part of it
)

// fiscalYear returns the best-scoring year the report covers and the index
// of the line where it weighs most.
func fiscalYear(lines []metaLine, titleAt int) (year, at int, ok bool) {
	cands := yearCandidates(lines, titleAt)
	if len(cands) == 0 {
		return 0, 0, false
	}
	return cands[0].year, cands[0].at, true
}

// A yearCandidate is a year with the sum of the weights of its mentions.
type yearCandidate struct {
	year, score int
	at          int // index of the line of its heaviest mention
}

// yearCandidates weighs the years the text names, best first (ties: the
// earlier). A year that is part of a date, or a comparison year
// (与2021年相比, 较2021年), is no candidate.
func yearCandidates(lines []metaLine, titleAt int) []yearCandidate {
	byYear := map[int]*yearCandidate{}
	heaviest := map[int]int{}
	var out []*yearCandidate
	titleEnd := titleAt
	for titleAt >= 0 && titleEnd+1 < len(lines) && titleEnd < titleAt+titleLines &&
		(lines[titleEnd+1].heading || strings.TrimSpace(lines[titleEnd+1].form) == "") {
		titleEnd++
	}
	for i, ln := range lines {
		for _, y := range findYears(ln.form) {
			if y.date || y.compared {
				continue
			}
			w := wYear
			if y.du {
				w = wYearDu
			}
			switch {
			case titleAt >= 0 && i >= titleAt && i <= titleEnd:
				w *= xYearTitle
			case ln.heading:
				w *= xYearHeading
			}
			c := byYear[y.year]
			if c == nil {
				c = &yearCandidate{year: y.year, at: i}
				byYear[y.year] = c
				out = append(out, c)
			}
			c.score += w
			if w > heaviest[y.year] {
				heaviest[y.year], c.at = w, i
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	res := make([]yearCandidate, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}

// A yearMatch is a year printed as "2023年" or "2023 年度".
type yearMatch struct {
	start, end int // byte offsets in the text
	year       int
	du         bool // 年度
	date       bool // followed by a month: part of a date
	compared   bool // a comparison year: 与2021年相比, 较2021年, 上年
}

var yearRe = regexp.MustCompile(`(\d ?\d ?\d ?\d) ?年(度)?`)

// findYears returns the years printed in s, 1990–2099.
func findYears(s string) []yearMatch {
	if !strings.Contains(s, "年") { // in every match
		return nil
	}
	var out []yearMatch
	for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > 0 && isDigitOrPoint(lastRune(s[:m[0]])) {
			continue
		}
		y, _ := strconv.Atoi(strings.ReplaceAll(s[m[2]:m[3]], " ", ""))
		if y < 1990 || y > 2099 {
			continue
		}
		ym := yearMatch{start: m[0], end: m[1], year: y, du: m[4] >= 0}
		after := strings.TrimLeft(s[m[1]:], " ")
		if !ym.du {
			digits := strings.TrimLeft(after, "0123456789 ")
			ym.date = len(digits) < len(after) && strings.HasPrefix(digits, "月")
		}
		ym.compared = strings.ContainsAny(lastRunes(strings.TrimRight(s[:m[0]], " "), 2), "与较比同至止") ||
			strings.HasPrefix(after, "相比") || strings.HasPrefix(after, "同期")
		out = append(out, ym)
	}
	return out
}

func isDigitOrPoint(r rune) bool { return r >= '0' && r <= '9' || r == '.' }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// A dateMatch is a full date: 2024年5月8日, 2023.6.19, 2025-04-29.
type dateMatch struct {
	start, end int    // byte offsets in the text
	value      string // YYYY-MM-DD
}

var dateRes = []*regexp.Regexp{
	regexp.MustCompile(`(\d ?\d ?\d ?\d) ?年 ?(\d ?\d?) ?月 ?(\d ?\d?) ?日`),
	regexp.MustCompile(`(\d{4}) ?[-./] ?(\d{1,2}) ?[-./] ?(\d{1,2})`),
}

// findDates returns the valid dates printed in s, in order. OCR spaces
// inside the numbers are allowed ("2024年 5 月 8日"); a numeric date inside a
// longer number or a timestamp (2019-05-22T04:56:35Z) is not a date.
func findDates(s string) []dateMatch {
	var out []dateMatch
	for k, re := range dateRes {
		// The regexps backtrack over every digit of a table row: skip
		// lines that cannot hold their dates.
		if k == 0 && !(strings.Contains(s, "月") && strings.Contains(s, "日")) || k == 1 && !fourDigitsThenSeparator(s) {
			continue
		}
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			if m[0] > 0 && isDigitOrPoint(lastRune(s[:m[0]])) {
				continue
			}
			if k == 1 {
				if r, _ := utf8.DecodeRuneInString(s[m[1]:]); isDigitOrPoint(r) || r == 'T' || r == '-' || r == '/' {
					continue
				}
			}
			num := func(a, b int) int {
				n, _ := strconv.Atoi(strings.ReplaceAll(s[a:b], " ", ""))
				return n
			}
			y, mo, d := num(m[2], m[3]), num(m[4], m[5]), num(m[6], m[7])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if y < 1990 || y > 2099 || t.Month() != time.Month(mo) || t.Day() != d {
				continue
			}
			out = append(out, dateMatch{start: m[0], end: m[1], value: t.Format("2006-01-02")})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

var (
	// dateLabels name a date printed after them, maybe with a colon
	// between; no label ends another.
	dateLabels = map[string]int{"报告日期": wDateReport, "成文日期": wDateReport,
		"发布时间": wDatePublished, "发布日期": wDatePublished, "印发日期": wDatePublished, "填报日期": wDateFilled}
)

// reportDate returns the best date and the index of its line.
func reportDate(lines []metaLine) (date string, at int, ok bool) {
	cands := dateCandidates(lines)
	if len(cands) == 0 {
		return "", 0, false
	}
	return cands[0].value, cands[0].at, true
}

// A dateCandidate is a date with the weight of its strongest place.
type dateCandidate struct {
	value         string // YYYY-MM-DD
	weight, count int    // strongest place; how many places
	at            int    // index of the line of the strongest place
}

// dateCandidates returns the dates printed in a place that dates the
// report, best first: by the strongest place, then by how often, then the
// earlier. Weights are not summed: the 填报日期 of five attached tables do
// not outweigh the cover.
func dateCandidates(lines []metaLine) []dateCandidate {
	byValue := map[string]*dateCandidate{}
	var out []*dateCandidate
	for i, ln := range lines {
		for _, d := range findDates(ln.form) {
			w := dateWeight(ln.form, d)
			if w == 0 {
				continue
			}
			c := byValue[d.value]
			if c == nil {
				c = &dateCandidate{value: d.value, at: i}
				byValue[d.value] = c
				out = append(out, c)
			}
			c.count++
			if w > c.weight {
				c.weight, c.at = w, i
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].count > out[j].count
	})
	res := make([]dateCandidate, len(out))
	for i, c := range out {
		res[i] = *c
	}
	return res
}

// dateWeight returns the weight of the place date d is printed in line s.
// It reads the few characters around the date, not the whole line: a line
// of many dates is weighed in linear time.
func dateWeight(s string, d dateMatch) int {
	before := strings.TrimRight(s[:d.start], " \t")
	after := squashHead(s[d.end:], 2) // 印发, (
	label := strings.TrimRightFunc(strings.TrimSuffix(strings.TrimRightFunc(before, isRegexpSpace), ":"), isRegexpSpace)
	for l, w := range dateLabels {
		if strings.HasSuffix(label, l) {
			return w
		}
	}
	if strings.HasPrefix(after, "印发") {
		return wDatePublished
	}
	if hasOrgSuffix(squashTail(before, orgSuffixRunes)) {
		return wDateCover // a signature, maybe run together with the next text
	}
	if strings.TrimRightFunc(before, unicode.IsSpace) == "" && (after == "" || strings.HasPrefix(after, "(")) {
		return wDateCover
	}
	return 0
}

// isRegexpSpace reports whether r is white space as \s of package regexp
// reads it.
func isRegexpSpace(r rune) bool { return strings.ContainsRune("\t\n\f\r ", r) }

// dateAt reports whether a date starts s. Only the start of s is read: a
// date and the character after it fit in dateWindow bytes.
func dateAt(s string) bool {
	if len(s) > dateWindow {
		end := dateWindow
		for !utf8.RuneStart(s[end]) {
			end--
		}
		s = s[:end]
	}
	ds := findDates(s)
	return len(ds) > 0 && ds[0].start == 0
}

// dateWindow bounds the bytes dateAt reads: the longest date dateRes match
// is 27 bytes ("2 0 2 4 年 1 2 月 3 1 日").
const dateWindow = 64

// isDateLine reports whether s is only a date, maybe with 印发.
func isDateLine(s string) bool {
	ds := findDates(s)
	return len(ds) == 1 && normalize.Squash(s[:ds[0].start]) == "" &&
		strings.TrimSuffix(normalize.Squash(s[ds[0].end:]), "印发") == ""
}

// fourDigitsThenSeparator reports whether s has four digits followed,
// after an optional space, by '-', '.' or '/': where dateRes[1] can match.
func fourDigitsThenSeparator(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			run++
			continue
		case run >= 4 && c == ' ' && i+1 < len(s) && strings.IndexByte("-./", s[i+1]) >= 0:
			return true
		case run >= 4 && strings.IndexByte("-./", c) >= 0:
			return true
		}
		run = 0
	}
	return false
}

// orgLabelWords are literal parts one of which every orgLabelRe match
// holds: a cheap test before the regexp.
var orgLabelWords = []string{"名称", "单位", "发布机构", "主管部门", "部门:"}

// Org names: a run of Han characters that names a place (a character of
// placeChars, not the last) and ends with one of orgSuffixes.
var (
	placeChars  = "省市县区州旗盟镇乡"
	orgSuffixes = []string{"人民政府", "办事处", "委员会", "办公室", "街道", "中心", "政府",
		"局", "站", "院", "园", "部", "厅", "委", "署", "所", "馆", "队", "社", "校", "会"}
	// orgLabelRe finds the labels of cells that name the reporting unit;
	// 主管部门 names the supervising department and weighs less.
	orgLabelRe = regexp.MustCompile(`部门\(单位\)名称|部门、单位名称|部门名称|单位名称|填报单位|实施单位|项目单位|发布机构|主管部门|主管单位|部门:`)
	// labelWords end a cell's value when cells run together.
	labelWords = []string{"实施单位", "主管部门", "主管单位", "项目单位", "项目实施", "项目负责人", "填报日期", "联系电话", "项目名称", "项目类型", "资金情况"}
	// titleStops end the name in a title: what follows the unit's name.
	titleStops = []string{"部门", "单位", "整体", "项目", "绩效", "三公", "一般公共", "预算", "决算",
		"文件", "概况", "自评", "情况说明", "工作报告"}
	titlePrefixRe = regexp.MustCompile(`^(\s*(#+|-|附件\s*[0-9一二三四五六七八九十]*\s*:?|第[一二三四五六七八九十0-9]+部分|` +
		`[一二三四五六七八九十]+、|\([一二三四五六七八九十0-9]+\)|[0-9]+[.、]|\d ?\d ?\d ?\d ?年度?))+\s*`)
	// titlePrefixStarts are the characters other than digits a
	// titlePrefixRe match starts with, after white space.
	titlePrefixStarts = "#-附第一二三四五六七八九十("
	proseStopWords    = "的及和与等对在为是由从向将并"
	notPlaceStarts    = "全本该各我每省市县区"
	// notPlaceWords come before a place character without naming a place: 简称州…
	notPlaceWords = " 简称 以下 所在 位于 前往 "
	// notUnitWords end like a unit but are none: 新格局, 全市住院.
	notUnitWords = " 格局 布局 大局 全局 结局 住院 出院 入院 "
)

// projectOrg returns the org of a stand-alone project self-evaluation and
// the index of its line: the unit its 实施单位 cells name (the unit that
// evaluates its own project), else the one its 主管部门 cells name; the
// name printed most often, the earlier on a tie.
func projectOrg(lines []metaLine) (org string, at int, ok bool) {
	for _, labels := range [][]string{{"实施单位", "项目单位"}, {"主管部门", "主管单位"}} {
		count := map[string]int{}
		for i := range lines {
			for _, lv := range labelledOrgs(lines, i) {
				if slices.Contains(labels, lv.label) {
					if count[lv.name]++; count[lv.name] > count[org] {
						org, at = lv.name, lv.at
					}
				}
			}
		}
		if org != "" {
			return org, at, true
		}
	}
	return "", 0, false
}

// reportingOrg returns the best-scoring name of the reporting unit and the
// index of the line where it is printed most strongly.
func reportingOrg(lines []metaLine) (org string, at int, ok bool) {
	cands := orgCandidates(lines)
	if len(cands) == 0 {
		return "", 0, false
	}
	c := placedVariant(cands)
	return c.name, c.at, true
}

// placedVariant returns the best candidate, or a name one character away
// from it whose place the gazetteer knows more closely: the best one is
// then a misreading the document repeats where one font prints the unit
// (海口市琼川区… on every table's 部门: line, 琼山区 in the title and the
// prose), and the other names the same unit as printed.
func placedVariant(cands []orgCandidate) orgCandidate {
	top := cands[0]
	level := -1
	if p, ok := place.Resolve(top.name); ok {
		level = p.Level()
	}
	for _, c := range cands[1:] {
		if oneRuneAt([]rune(top.name), []rune(c.name)) < 0 {
			continue
		}
		if q, ok := place.Resolve(c.name); ok && q.Level() > level {
			return c
		}
	}
	return top
}

// An orgCandidate is a name of the reporting unit with its score.
type orgCandidate struct {
	name  string
	score int
	at    int // index of the line of its strongest place
}

// orgCandidates weighs the candidate names of the reporting unit, best
// first. A name counts once per line, with the weight of its strongest place
// on the line; a name that only adds places in front of another (永州市 +
// 零陵区医疗保障局) is the same unit named more fully and adds the other's
// weight to its own. Ties go to the longer name, then the earlier.
func orgCandidates(lines []metaLine) []orgCandidate {
	byLine := map[string]map[int]int{}
	best := map[string]int{}
	var names []string
	add := func(name string, w, i int) {
		m := byLine[name]
		if m == nil {
			m = map[int]int{}
			byLine[name] = m
			best[name] = i
			names = append(names, name)
		}
		m[i] = max(m[i], w)
		if w > m[best[name]] {
			best[name] = i
		}
	}
	for i, ln := range lines {
		if ln.heading {
			if name := titleOrg(ln.form); name != "" {
				add(name, wOrgTitle, i)
			}
		}
		if name := signatureName(ln.form); name != "" && !excluded(ln.form, name, strings.Index(ln.form, name)) {
			w := wOrgCell
			if len(findDates(ln.form)) > 0 || nearDateLine(lines, i) {
				w = wOrgSignature
			}
			add(name, w, i)
		}
		for _, lv := range labelledOrgs(lines, i) {
			add(lv.name, lv.weight, lv.at)
		}
		for _, o := range proseOrgs(ln) {
			if excluded(ln.form, o.name, o.at) {
				continue
			}
			w := wOrgProse
			if dateAt(ln.form[o.at+len(o.name):]) {
				w = wOrgSignature
			}
			add(o.name, w, i)
		}
	}
	direct := map[string]int{}
	for name, m := range byLine {
		for _, w := range m {
			direct[name] += w
		}
	}
	out := make([]orgCandidate, 0, len(names))
	for _, name := range names {
		c := orgCandidate{name: name, score: direct[name], at: best[name]}
		for _, other := range names {
			if other != name && strings.HasSuffix(name, other) &&
				strings.ContainsRune(placeChars, lastRune(strings.TrimSuffix(name, other))) {
				c.score += direct[other]
			}
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.score != b.score {
			return a.score > b.score
		}
		return utf8.RuneCountInString(a.name) > utf8.RuneCountInString(b.name)
	})
	return out
}

// titleOrg returns the unit named at the start of a title line, after
// numbering and a year, before the year or the report's kind:
// "2022 年度武汉市青山区医疗保障局部门决算" → 武汉市青山区医疗保障局.
func titleOrg(s string) string {
	if mayHaveTitlePrefix(s) {
		s = titlePrefixRe.ReplaceAllString(s, "")
	}
	run := hanPrefix(s)
	if run == "" {
		return ""
	}
	end := len(run)
	for _, w := range titleStops {
		if k := strings.Index(run, w); k > 0 && k < end {
			end = k
		}
	}
	if end == len(run) && !startsWithYear(s[len(run):]) {
		return "" // no year or kind of report follows: not a title
	}
	return orgName(run[:end])
}

// mayHaveTitlePrefix is a necessary condition for titlePrefixRe to match
// s, much cheaper than the regexp (whose backtracker clears a bitmap the
// size of the line on every call, match or not): s starts, after white
// space, with a character a prefix can start with, and a leading number
// is followed by ., 、 or 年.
func mayHaveTitlePrefix(s string) bool {
	s = strings.TrimLeft(s, "\t\n\f\r ")
	r, _ := utf8.DecodeRuneInString(s)
	if r >= '0' && r <= '9' {
		r, _ = utf8.DecodeRuneInString(strings.TrimLeft(s, "0123456789 "))
		return r == '.' || r == '、' || r == '年'
	}
	return strings.ContainsRune(titlePrefixStarts, r)
}

// startsWithYear reports whether s starts with a year, as in
// "…中心2018绩效评价" or "…局 2023年部门绩效自评报告".
func startsWithYear(s string) bool {
	s = strings.TrimLeft(s, " ")
	if len(s) < 4 {
		return false
	}
	y, err := strconv.Atoi(s[:4])
	return err == nil && y >= 1990 && y <= 2099 && (len(s) == 4 || !isDigitOrPoint(rune(s[4])))
}

// signatureName returns the unit's name when s is only that name, maybe
// followed by a date ("永州市零陵区医疗保障局   2024年5月8日").
func signatureName(s string) string {
	start := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '#' || r == '*' })
	if r, _ := utf8.DecodeRuneInString(start); !unicode.Is(unicode.Han, r) {
		return "" // the name must start the line (a date before it leaves none)
	}
	if ds := findDates(s); len(ds) > 0 {
		s = s[:ds[0].start]
	}
	if len(nonEmpty(Cells(s))) != 1 {
		return ""
	}
	s = strings.TrimLeft(normalize.Squash(s), "#*")
	s = strings.TrimRight(s, "*")
	if s == "" || hanPrefix(s) != s {
		return ""
	}
	if name := orgName(s); name == s {
		return name
	}
	return ""
}

type labelled struct {
	name   string
	label  string // the label as printed: 实施单位, 主管部门, 单位名称, …
	weight int
	at     int // index of the line the name is printed on
}

// labelledOrgs returns the names printed after the unit labels of line i:
// in the same cell or the next, or alone on the next line when the label
// ends the line.
func labelledOrgs(lines []metaLine, i int) []labelled {
	s := lines[i].form
	if !containsAny(s, orgLabelWords) {
		return nil
	}
	var out []labelled
	for _, loc := range orgLabelRe.FindAllStringIndex(s, -1) {
		label := s[loc[0]:loc[1]]
		w := wOrgCell
		if label == "主管部门" || label == "主管单位" {
			w = wOrgSupervisor
		}
		rest, at := strings.TrimLeft(s[loc[1]:], " \t:|"), i
		if rest == "" {
			for j := i + 1; j < len(lines) && j <= i+3; j++ {
				if cells := nonEmpty(Cells(lines[j].form)); len(cells) > 0 {
					rest, at = cells[0], j
					break
				}
			}
		}
		rest = strings.TrimLeft(rest, "0123456789-")
		run := hanPrefix(rest)
		for _, lw := range labelWords {
			if k := strings.Index(run, lw); k >= 0 {
				run = run[:k]
			}
		}
		if name := orgName(run); name != "" {
			out = append(out, labelled{name, label, w, at})
		}
	}
	return out
}

func nonEmpty(cells []string) []string {
	out := cells[:0]
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// A proseOrg is a name found in a sentence and where the line first
// prints it.
type proseOrg struct {
	name string
	at   int // byte offset of its first occurrence in the line
}

// proseOrgs returns the names in a sentence, found on the gse words: one
// or more places (梧州市, 临江 县) and the words after them up to the first
// that ends like a unit (中心), with no function word between. A name the
// line prints again is looked up once.
func proseOrgs(ln metaLine) []proseOrg {
	var out []proseOrg
	first := map[string]int{}
	ws := ln.words
	for i := 0; i < len(ws); {
		n := placeSpan(ws, i)
		if n == 0 {
			i++
			continue
		}
		j := i + n
		for m := placeSpan(ws, j); m > 0; m = placeSpan(ws, j) {
			j += m
		}
		for k := j; k < len(ws) && k <= j+8; k++ {
			if !isHan(ws[k]) || strings.Contains(proseStopWords, ws[k]) {
				break
			}
			if hasOrgSuffix(ws[k]) && !strings.Contains(notUnitWords, " "+ws[k]+" ") {
				name := strings.Join(ws[i:k+1], "")
				at, seen := first[name]
				if !seen {
					at = strings.Index(ln.form, name)
					first[name] = at
				}
				if at >= 0 && orgName(name) == name {
					out = append(out, proseOrg{name, at})
				}
				break
			}
		}
		i = j
	}
	return out
}

// placeSpan returns how many words at ws[i:] name a place: 1 for 梧州市 or
// 寿县, 2 for a name the dictionary does not know cut before its 市 or 县
// (临江 县); 0 for none, and for 全县, 本市 or 各区.
func placeSpan(ws []string, i int) int {
	if i >= len(ws) || !isHan(ws[i]) {
		return 0
	}
	first, _ := utf8.DecodeRuneInString(ws[i])
	if strings.ContainsRune(notPlaceStarts, first) {
		return 0
	}
	if utf8.RuneCountInString(ws[i]) >= 2 && strings.ContainsRune(placeChars, lastRune(ws[i])) {
		return 1
	}
	if i+1 < len(ws) && utf8.RuneCountInString(ws[i]) >= 2 && utf8.RuneCountInString(ws[i+1]) == 1 &&
		strings.ContainsRune(placeChars, lastRune(ws[i+1])) && !strings.Contains(notPlaceWords, " "+ws[i]+" ") {
		return 2
	}
	return 0
}

// excluded reports whether name, first printed in s at byte k (-1: not
// printed), is printed there as the maker or compiler of the text, not its
// author: "岳阳市财政局(制)", "经龙泉市财政局汇总".
func excluded(s, name string, k int) bool {
	if k < 0 {
		return false
	}
	after := squashHead(s[k+len(name):], 3)
	for _, p := range []string{"(制)", "制)", "印制", "监制", "汇总"} {
		if strings.HasPrefix(after, p) {
			return true
		}
	}
	return strings.HasSuffix(s[:k], "经")
}

// nearDateLine reports whether a line that is only a date is within three
// lines of line i.
func nearDateLine(lines []metaLine, i int) bool {
	for j := max(0, i-3); j < len(lines) && j <= i+3; j++ {
		if j != i && isDateLine(lines[j].form) {
			return true
		}
	}
	return false
}

// orgName trims run to its last unit suffix and returns it when it names a
// place, is 4–30 characters long and holds no cell label; "" otherwise.
func orgName(run string) string {
	for end := len(run); end > 0; {
		name := run[:end]
		if !hasOrgSuffix(name) {
			_, size := utf8.DecodeLastRuneInString(name)
			end -= size
			continue
		}
		n := utf8.RuneCountInString(name)
		if n < 4 || n > 30 || !strings.ContainsAny(strings.TrimSuffix(name, lastRunes(name, 1)), placeChars) ||
			orgLabelRe.MatchString(name) || containsAny(name, labelWords) {
			return ""
		}
		return name
	}
	return ""
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// orgSuffixRunes is the length of the longest of orgSuffixes, in
// characters.
var orgSuffixRunes = func() int {
	n := 0
	for _, suf := range orgSuffixes {
		n = max(n, utf8.RuneCountInString(suf))
	}
	return n
}()

func hasOrgSuffix(s string) bool {
	for _, suf := range orgSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// lastRunes returns the end of s that holds its last n characters (all of
// s when it is shorter).
func lastRunes(s string, n int) string {
	end := len(s)
	for ; n > 0 && end > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
	}
	return s[end:]
}

// squashHead returns the first n characters of s that are not white space:
// the start of normalize.Squash(s), read no further than it needs.
func squashHead(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if n == 0 {
			break
		}
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
			n--
		}
	}
	return b.String()
}

// squashTail returns the last n characters of s that are not white space:
// the end of normalize.Squash(s), read no further than it needs.
func squashTail(s string, n int) string {
	var rs []rune
	for end := len(s); n > 0 && end > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		end -= size
		if !unicode.IsSpace(r) {
			rs = append(rs, r)
			n--
		}
	}
	slices.Reverse(rs)
	return string(rs)
}

// hanPrefix returns the leading run of Han characters of s.
func hanPrefix(s string) string {
	for i, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return s[:i]
		}
	}
	return s
}

func isHan(s string) bool { return s != "" && hanPrefix(s) == s }

// dropQuotes removes quotation marks: “三公”经费 reads as 三公经费.
func dropQuotes(s string) string {
	return strings.Map(func(r rune) rune {
		if isQuote(r) {
			return -1
		}
		return r
	}, s)
}

// isQuote reports whether r is a quotation mark dropQuotes removes.
func isQuote(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』':
		return true
	}
	return false
}

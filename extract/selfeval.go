package extract

import (
	"cmp"
	"fmt"
	"index/suffixarray"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/fiscaldoc/fiscaldoc/normalize/place"
	"github.com/shopspring/decimal"
)

// The self-evaluation (绩效自评) part of a report is a run of tables: the
// 基础数据表 (staff, budget and actual by category, 三公经费), the
// whole-department 自评表 and one 项目支出绩效自评表 per project. Each
// 自评表 has a 资金 block (年初预算数, 全年预算数, 全年执行数, 分值,
// 执行率, 得分), an indicator table (一级/二级/三级指标, 年度指标值,
// 实际完成值, 分值, 得分, 偏差原因) and a 总分 row. Columns are found from
// the header rows by their names, never by position alone.

// extractSelfEval reads the self-evaluation tables into facts, and from the
// same reading evaluates their identities as checks: Σ 分值 = 总分,
// Σ 得分 = stated score, 得分 ≤ 分值, 执行率 = 执行数/预算数, and the project
// tables against the whole-department table.
func extractSelfEval(doc *fiscaldoc.Document) {
	p := parseSelfEval(doc)
	doc.Facts = append(doc.Facts, p.facts...)
	for _, t := range p.tables {
		doc.Checks = append(doc.Checks, t.checks()...)
	}
	doc.Checks = append(doc.Checks, projectsAgainstDepartment(p.tables)...)
}

// A seParse is what one pass over a document's rows found.
type seParse struct {
	doc     *fiscaldoc.Document
	year    int
	facts   []fiscaldoc.Fact
	tables  []*seTable
	text    *suffixarray.Index // the document's lines, indexed on first need (cutEvidence)
	lineAt  []int              // where each line starts in text, and where text ends
	lookups int                // scrambled cells looked up in the text (unscrambleCells)
}

func parseSelfEval(doc *fiscaldoc.Document) *seParse {
	p := &seParse{doc: doc, year: doc.Meta.FiscalYear}
	unit := "" // a unit line printed between a table's title and its first row
	rows := headlessExcerpt(unflatten(seRows(doc)))
	var t *seTable
	var basic *basicTable
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if kind, ok := tableTitle(r); ok {
			p.close(t)
			t, basic = nil, nil
			if kind == titleBasic {
				basic = &basicTable{}
			} else {
				t = newTable(r)
			}
			unit = ""
			continue
		}
		if u := statedUnit(r); u != "" && r.nonEmpty() == 1 {
			unit = u
		}
		if t == nil && basic == nil && opensTable(r) {
			// An excerpt may start below the title, or a site drop it:
			// the table's own header or 项目名称 row opens it.
			t = &seTable{title: r.first, isProject: doc.Meta.DocType == fiscaldoc.ProjectPerfSelfEval, cut: r.excerpt}
		}
		if t != nil && t.unit == "" {
			t.unit = unit
		}
		switch {
		case basic != nil:
			if !p.basicRow(basic, r) {
				basic = nil
			}
		case t != nil:
			if p.tableRow(t, rows, &i) {
				p.close(t)
				t = nil
			}
		}
	}
	p.close(t)
	p.staffPairs(rows)
	p.repairNames()
	p.unscrambleCells()
	return p
}

type seTitleKind int

const (
	titleBasic seTitleKind = iota + 1
	titleSelfEval
)

var titleYearRe = regexp.MustCompile(`[(（]\d{4}年度?[)）]$`)

// tableTitle recognises the title line of a table: short, ending in 表
// (a trailing "(2023年度)" aside), naming a 基础数据表 or a 自评表/评价表.
func tableTitle(r seRow) (seTitleKind, bool) {
	if r.nonEmpty() != 1 && !r.loose {
		return 0, false
	}
	s := titleYearRe.ReplaceAllString(strings.Trim(normalize.Squash(r.text()), "*#"), "")
	if utf8.RuneCountInString(s) > 60 || !strings.HasSuffix(s, "表") {
		return 0, false
	}
	switch {
	case strings.Contains(s, "基础数据表"):
		return titleBasic, true
	case strings.Contains(s, "自评表") || strings.Contains(s, "评价表"):
		return titleSelfEval, true
	}
	return 0, false
}

// opensTable reports whether a row starts a 自评表 whose title is not
// printed: a 项目名称 row, the header of its 资金 block or indicators, or,
// in an excerpt that starts below them, a table's 总分 row.
func opensTable(r seRow) bool {
	if isProjectLabel(firstCell(r)) || !r.loose && totalAt(r) >= 0 {
		return true
	}
	if cols := headerColumns(r.cells, indicatorKind); hasKind(cols, colL3) && len(cols) >= 3 {
		return true
	}
	cols := headerColumns(r.cells, moneyKind)
	return len(cols) >= 3 && hasKind(cols, colExec)
}

// A seTable is one 自评表 as it is read.
type seTable struct {
	title     int    // row line index of the title
	project   string // project name; "" for the whole-department table
	isProject bool
	cut       bool // an excerpt's first table, cut off above its rows: its sums are not whole
	dept      string
	deptLine  int
	// deptWrapped: the 主管部门 row is a row of cells read from more than
	// one line, not a cell a line nor a row cut from a stream.
	deptWrapped bool
	// implementer is the 实施单位 the form prints, the evidence of
	// repairDept.
	implementer string

	money    []column
	unit     string // the money unit the table states, 万元 when it states none
	moneyRow *moneyRow
	zeroRow  *moneyRow // a 资金 row whose amounts are all 0, used if no other

	deptProject *stated // 项目支出 stated in a whole-department table

	ind    []column
	l1, l2 string
	rows   []*indRow

	totalWeight, totalScore *stated
	// scoreReadings are the readings of a 总分 OCR split into a number
	// and a piece with a leading zero ("10 … 00"): settled by the rows'
	// Σ得分 when the table closes.
	scoreReadings []stated
}

// A stated number with the line it was read from.
type stated struct {
	v           decimal.Decimal
	raw         string
	first, last int
}

type moneyRow struct {
	vals        map[colKind]stated
	first, last int
}

type indRow struct {
	l1, l2, l3, target, actual, note string
	pieces                           []string // the printed lines of a 三级指标 cell of several
	weight, score                    *stated
	first, last                      int
}

var quotedRe = regexp.MustCompile(`["“”「」『』]([^"“”「」『』]{2,40})["“”「」『』]`)

func newTable(r seRow) *seTable {
	t := &seTable{title: r.first}
	title := normalize.Squash(r.text())
	t.isProject = strings.Contains(title, "项目")
	if m := quotedRe.FindStringSubmatch(title); m != nil && t.isProject {
		t.project = m[1]
	}
	return t
}

// tableRow reads one row into t; it reports whether the table is complete.
func (p *seParse) tableRow(t *seTable, rows []seRow, i *int) bool {
	r := rows[*i]
	if u := cmp.Or(r.unit, statedUnit(r)); u != "" && t.moneyRow == nil {
		t.unit = u
	}
	first := firstCell(r)
	if t.ind == nil && t.implementer == "" {
		t.implementer = unitCell(r)
	}
	switch {
	case t.ind == nil && isProjectLabel(first):
		t.isProject = true
		p.projectName(t, r)
		if deptLabelAt(r) >= 0 {
			p.projectDept(t, r)
		}
		return false
	case t.ind == nil && deptLabelAt(r) >= 0:
		p.projectDept(t, r)
		return false
	case totalAt(r) >= 0:
		p.total(t, rows, i)
		return true
	}
	if cols := headerColumns(r.cells, indicatorKind); hasKind(cols, colL3) && len(cols) >= 3 {
		t.ind, t.l1, t.l2 = cols, "", ""
		p.settleMoney(t)
		return false
	}
	if cols := headerColumns(r.cells, moneyKind); len(cols) >= 3 && t.ind == nil {
		t.money = cols
		p.interleavedMoney(t, r)
		return false
	}
	if t.ind != nil {
		p.indicatorRow(t, p.joinEmptyCells(t, rows, i))
		return false
	}
	if t.money != nil && t.moneyRow == nil {
		p.moneyData(t, r)
	}
	if !t.isProject && t.deptProject == nil {
		t.deptProject = statedProjectTotal(r)
	}
	return false
}

func hasKind(cols []column, k colKind) bool {
	for _, c := range cols {
		if c.kind == k {
			return true
		}
	}
	return false
}

// firstCell is the squashed text of a row's first non-empty cell.
func firstCell(r seRow) string {
	for _, c := range r.cells {
		if c != "" {
			return normalize.Squash(c)
		}
	}
	return ""
}

func isProjectLabel(s string) bool {
	for _, p := range []string{"项目名称", "项目支出名称", "项目名", "项目/"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// labelEnd reports whether a cell starts the next label of a header block.
func labelEnd(s string) bool {
	s = normalize.Squash(s)
	for _, l := range []string{"项目负责人", "实施单位", "项目实施单位", "主管部门", "联系电话"} {
		if strings.HasPrefix(s, l) {
			return true
		}
	}
	return false
}

// projectName reads a 项目名称 row: the first cells after the label up to
// the next label. A label "项目名称 主管部门" holds both names in one cell,
// separated by a space.
func (p *seParse) projectName(t *seTable, r seRow) {
	label, at := "", -1
cells:
	for i, c := range r.cells {
		switch {
		case c == "":
		case label == "":
			label = normalize.Squash(c)
		case labelEnd(c):
			break cells
		default:
			at = i
			break cells
		}
	}
	if at < 0 {
		// "项目名称:农村低保补助": the name after the label's colon.
		if _, name, ok := strings.Cut(label, ":"); ok && name != "" && t.project == "" {
			t.project = name
		}
		return
	}
	name := normalize.Squash(r.cells[at])
	if strings.Contains(label, "主管部门") && r.raw != nil {
		// "项目名称 主管部门 | 政府购买医保基金监管服务 湟源县医疗保障局":
		// the raw cell's last space separates the two names.
		raw := strings.TrimSpace(r.raw[at])
		if k := strings.LastIndex(raw, " "); k > 0 {
			n := utf8.RuneCountInString(normalize.Squash(raw[:k]))
			rs := []rune(name)
			if n < len(rs) {
				p.setDept(t, string(rs[n:]), r)
				name = string(rs[:n])
			}
		}
	}
	if t.project == "" {
		t.project = name
	}
}

// deptLabelAt is the index of the cell that starts a 主管部门 label, or -1.
func deptLabelAt(r seRow) int {
	for i, c := range r.cells {
		if strings.HasPrefix(normalize.Squash(c), "主管") {
			return i
		}
	}
	return -1
}

var codePrefixRe = regexp.MustCompile(`^\d+-`)

// projectDept reads the 主管部门 cell: the cells after the label up to the
// 实施单位 label, joined; stray numbers and a budget code prefix ("219-")
// dropped.
func (p *seParse) projectDept(t *seTable, r seRow) {
	k := deptLabelAt(r)
	var parts []string
	for i, c := range r.cells[k:] {
		s := normalize.Squash(c)
		if i == 0 {
			if j := strings.Index(s, "部门"); j >= 0 {
				s = s[j+len("部门"):]
			} else {
				s = ""
			}
		} else if i == 1 && s == "部门" && len(parts) == 0 {
			continue
		}
		if j := strings.Index(s, "实施单位"); j >= 0 {
			parts = appendCell(parts, strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[:j]), "项目")))
			break
		}
		if labelEnd(s) {
			break
		}
		if _, err := normalize.ParseDecimal(s); err == nil || s == "" {
			continue
		}
		parts = appendCell(parts, s)
	}
	p.setDept(t, strings.Join(parts, ""), r)
}

// unitCell is the name a row prints after its 实施单位 label, past empty
// cells, or "".
func unitCell(r seRow) string {
	for i, c := range r.cells {
		if s := normalize.Squash(c); strings.HasPrefix(s, "实施单位") {
			if rest := strings.TrimPrefix(strings.TrimPrefix(s, "实施单位"), ":"); rest != "" {
				return rest
			}
			for _, c := range r.cells[i+1:] {
				if c != "" {
					return normalize.Squash(c)
				}
			}
		}
	}
	return ""
}

// repairDept repairs a 主管部门 name that OCR misread in one character
// when the same row's 实施单位 prints a name of its length that differs
// in that character only, and the document's own evidence says which of
// the two is the misreading:
//
//   - the 主管部门 wrapped over two lines, which the line-by-line OCR
//     repair (place.Repairs) cannot see whole, and the two characters look
//     alike (退役军入事务局 / 退役军人事务局);
//   - or the 实施单位's reading of that character lies in a place the
//     gazetteer lists (平顶山市) and the 主管部门's in none (平顶川市), or
//     in a department's name of the reports' vocabulary (退役军人事务局)
//     whose misreading is none and looks alike.
//
// The 实施单位's form is then the name. Two units that differ in a
// character that does not look alike and no place (水务局, 水利局) are two
// units, kept as printed; so is a 主管部门 that names a place of its own.
func (p *seParse) repairDept(dept, unit string, line int, wrapped bool) string {
	d, u := []rune(dept), []rune(unit)
	at := oneRuneAt(d, u)
	if at < 0 {
		return dept
	}
	alike := place.Similarity(d[at], u[at])
	var evidence string
	switch {
	case wrapped && alike >= place.SimilarAt:
		evidence = "主管部门 wrapped over two lines"
	case knownAt(u, at, isPlace) != "" && knownAt(d, at, isPlace) == "":
		evidence = fmt.Sprintf("the gazetteer lists %s, no place reads %s", knownAt(u, at, isPlace), string(d))
	case alike >= place.SimilarAt && knownAt(u, at, isTerm) != "" && knownAt(d, at, isTerm) == "" && knownAt(d, at, isPlace) == "":
		evidence = fmt.Sprintf("%s is a department's name, the misreading none", knownAt(u, at, isTerm))
	default:
		return dept
	}
	p.doc.Repairs = append(p.doc.Repairs, fiscaldoc.Repair{
		Line: p.doc.Lines[line].N, Kind: "org", Raw: dept, Repaired: unit,
		Evidence: fmt.Sprintf("%s; the form's 实施单位 prints %q, %c for %c (alike %.2f)", evidence, unit, u[at], d[at], alike),
	})
	return unit
}

// knownAt returns the longest part of name, two characters or more, that
// holds its character at and that known accepts, or "".
func knownAt(name []rune, at int, known func(string) bool) string {
	best := ""
	for i := 0; i <= at; i++ {
		for j := max(at+1, i+2); j <= len(name); j++ {
			if s := string(name[i:j]); j-i > utf8.RuneCountInString(best) && known(s) {
				best = s
			}
		}
	}
	return best
}

// isPlace reports whether the gazetteer lists a place by name s.
func isPlace(s string) bool { return len(place.Lookup(s)) > 0 }

// isTerm reports whether s is a word of the reports' vocabulary
// (place.Terms).
func isTerm(s string) bool { return slices.Contains(place.Terms, s) }

// appendCell appends cell to the cells of a name, dropping the last one
// when it is an OCR stutter of this one.
func appendCell(parts []string, cell string) []string {
	if n := len(parts); n > 0 && stutter(parts[n-1], cell) {
		parts = parts[:n-1]
	}
	return append(parts, cell)
}

// stutter reports whether cell prev is an OCR stutter of the cell after it:
// a shorter copy of next's beginning, its last character misread at most
// (区医疗保护 before 区医疗保健办公室, 1、部门预 before 1、部门预算项目).
func stutter(prev, next string) bool {
	p, n := []rune(prev), []rune(next)
	if len(p) < 3 || len(p) >= len(n) {
		return false
	}
	same := 0
	for same < len(p) && p[same] == n[same] {
		same++
	}
	return same >= len(p)-1
}

func (p *seParse) setDept(t *seTable, dept string, r seRow) {
	dept = codePrefixRe.ReplaceAllString(normalize.Squash(dept), "")
	if dept == "" || !hasLetters(dept) || t.dept != "" {
		return
	}
	t.dept, t.deptLine, t.deptWrapped = dept, r.first, r.first != r.last && !r.loose && !r.word
}

// settleMoney falls back on an all-zero 资金 row when no other was found.
func (p *seParse) settleMoney(t *seTable) {
	if t.moneyRow == nil && t.zeroRow != nil {
		t.moneyRow = t.zeroRow
	}
}

// moneyLabel reports whether a cell labels a 资金 row.
func moneyLabel(s string) bool {
	s = normalize.Squash(s)
	return strings.Contains(s, "总额") || strings.Contains(s, "财政拨款") || strings.Contains(s, "资金")
}

// moneyData reads the first 资金 row with amounts after the 资金 header:
// the cells after its label, aligned with the header's columns.
func (p *seParse) moneyData(t *seTable, r seRow) {
	label := -1
	for i, c := range r.cells {
		if moneyLabel(c) {
			label = i
			break
		}
	}
	if label < 0 {
		return
	}
	var cells []cell
	loose := r.loose
	rest := r.cells[label+1:]
	if amounts := fusedAmounts(r.cells[label]); amounts != nil {
		// "年度资金总额4,233,800.004,704,300.00…": the label and its
		// amounts ran together.
		rest, loose = append(amounts, rest...), true
	}
	for i, c := range rest {
		toks := fusedAmounts(c)
		if toks == nil {
			toks = numberTokens(c)
		}
		if len(toks) > 1 {
			loose = true
			for _, tok := range toks {
				cells = append(cells, cell{tok, label + 1 + i})
			}
			continue
		}
		cells = append(cells, cell{c, label + 1 + i})
	}
	got, ok := align(joinSplitNumbers(cells), loose, t.money)
	if !ok {
		return
	}
	p.setMoney(t, got, r)
}

// interleavedMoney reads a 资金 header row that prints each value right
// after its name ("年度资金总额: 107万 执行数 (B) 107万 分值 90 …"). The
// 年度资金总额 stands for the 全年预算数 the row does not name.
func (p *seParse) interleavedMoney(t *seTable, r seRow) {
	got := map[colKind]cell{}
	for i := 0; i+1 < len(r.cells); i++ {
		k, ok := moneyKind(r.cells[i])
		if !ok && strings.Contains(normalize.Squash(r.cells[i]), "资金总额") {
			k, ok = colBudget, true
		}
		if !ok {
			continue
		}
		if v := r.cells[i+1]; fit(k, v) > 0 {
			got[k] = cell{v, i + 1}
			i++
		}
	}
	if len(got) >= 2 {
		p.setMoney(t, got, r)
	}
}

func (p *seParse) setMoney(t *seTable, got map[colKind]cell, r seRow) {
	m := &moneyRow{vals: map[colKind]stated{}, first: r.first, last: r.last}
	zero := true
	for k, c := range got {
		var v decimal.Decimal
		var err error
		switch k {
		case colInitial, colBudget, colExec:
			v, err = parseMoneyIn(c.text, t.unit)
			if err == nil && !v.IsZero() {
				zero = false
			}
		case colRate:
			var ms normalize.Measure
			ms, err = normalize.ParseMeasure(c.text)
			v = ms.Value
		case colWeight, colScore:
			v, err = parsePoints(c.text)
		default:
			continue
		}
		if err != nil {
			continue
		}
		m.vals[k] = stated{v: v, raw: c.text, first: r.first, last: r.last}
	}
	if !hasMoney(m) {
		return
	}
	if zero {
		if t.zeroRow == nil {
			t.zeroRow = m
		}
		return
	}
	t.moneyRow = m
}

func hasMoney(m *moneyRow) bool {
	for _, k := range []colKind{colInitial, colBudget, colExec} {
		if _, ok := m.vals[k]; ok {
			return true
		}
	}
	return false
}

// amountRe matches, at the start of a run of figures, one amount as
// printed: thousands separators and two decimals (4,233,800.00), a
// percentage, two decimals, or a whole number.
var amountRe = regexp.MustCompile(`^(\d{1,3}(,\d{3})+(\.\d{1,2})?|\d+(\.\d+)?%|\d+\.\d{2}|\d+)`)

// fusedAmounts splits figures that ran together into amounts where their
// printed form ends them ("4,233,800.004,704,300.0010" → 4,233,800.00,
// 4,704,300.00, 10; "94%9.4" → 94%, 9.4), after a label they ran into. It
// returns nil when the cell is one figure, or is not figures.
func fusedAmounts(c string) []string {
	s := normalize.Squash(c)
	if k := strings.IndexFunc(s, isDigit); k > 0 && moneyLabel(s[:k]) {
		s = strings.TrimLeft(s[k:], ":")
	} else if k != 0 || isMeasure(s) {
		return nil // words, or one figure (89.974)
	}
	var out []string
	for s != "" {
		if len(out) > 0 && strings.HasSuffix(out[len(out)-1], "%") && cleanNumber(s) {
			// The figure between a percentage and the end of the run is
			// one number, however it is printed (the 得分 9.4 after 94%).
			out = append(out, s)
			break
		}
		m := amountRe.FindString(s)
		if m == "" {
			return nil
		}
		out = append(out, m)
		s = s[len(m):]
	}
	if len(out) < 2 || !strings.ContainsAny(c, ",%.") {
		return nil // whole numbers run together: nothing in print ends them
	}
	return out
}

// numberTokens splits a cell that holds several numbers ("1505. 48 709. 41")
// into them; a cell with one number or text comes back whole.
func numberTokens(c string) []string {
	f := strings.Fields(c)
	if len(f) < 2 {
		return []string{c}
	}
	var toks []string
	for i := 0; i < len(f); i++ {
		tok := f[i]
		for i+1 < len(f) && (strings.HasSuffix(tok, ".") || strings.HasPrefix(f[i+1], ".")) {
			tok += f[i+1]
			i++
		}
		toks = append(toks, tok)
	}
	for _, tok := range toks {
		if _, err := parseMoney(tok); err != nil {
			if _, err := normalize.ParseMeasure(tok); err != nil {
				return []string{c}
			}
		}
	}
	return toks
}

// joinSplitNumbers joins a number OCR split over two cells at its point
// ("91." + "66").
func joinSplitNumbers(cells []cell) []cell {
	var out []cell
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		if strings.HasSuffix(c.text, ".") {
			for j := i + 1; j < len(cells); j++ {
				if cells[j].text == "" {
					continue
				}
				if allDigits(cells[j].text) {
					c.text += cells[j].text
					i = j
				}
				break
			}
		}
		out = append(out, c)
	}
	return out
}

// statedProjectTotal reads the 项目支出 a whole-department table states
// ("项目支出：401.85", "项目支出总额 | 987.85(万元)").
func statedProjectTotal(r seRow) *stated {
	for i, c := range r.cells {
		s := normalize.Squash(c)
		k := strings.Index(s, "项目支出")
		if k < 0 {
			continue
		}
		rest := strings.TrimLeft(s[k+len("项目支出"):], "总额:：")
		if rest == "" && i+1 < len(r.cells) {
			rest = normalize.Squash(r.cells[i+1])
		}
		if v, err := parseMoney(rest); err == nil {
			return &stated{v: v, raw: c, first: r.first, last: r.last}
		}
	}
	return nil
}

var indexPrefixRe = regexp.MustCompile(`^指标\d+[:：]`)

// indicatorRow reads one row of the indicator table. A row without values
// holds pieces of names wrapped from the row above or onto the row below.
func (p *seParse) indicatorRow(t *seTable, r seRow) {
	cells := indicatorCells(r)
	if len(cells) < len(r.cells) {
		r = r.withCells(cells, r.loose)
	}
	got, ok := align(cells, r.loose, t.ind)
	if !ok || got[colWeight].text == "" && got[colScore].text == "" ||
		letterThenDigit(got[colL3].text) || letterThenDigit(got[colTarget].text) || letterThenDigit(got[colAchieved].text) {
		// A row whose cells ran together: cut where every piece suits
		// its column (cutIndicatorRun).
		if fused := fusedCells(r, t.ind); fused != nil {
			r = r.withCells(fused, false)
			got, ok = align(fused, false, t.ind)
		}
	}
	if !ok {
		return
	}
	text := func(k colKind) string { return normalize.Squash(got[k].text) }
	name, cut := p.indicatorName(r, got)
	row := &indRow{
		l1: text(colL1), l2: text(colL2),
		l3:     name,
		pieces: namePieces(r, got),
		target: text(colTarget), actual: text(colAchieved), note: text(colNote),
		first: r.first, last: r.last,
	}
	for _, k := range []colKind{colWeight, colScore} {
		c, ok := got[k]
		if !ok {
			continue
		}
		v, err := parsePoints(c.text)
		if err != nil {
			if v, err = leadingPoints(c.text); err == nil {
				p.doc.Problemf(p.doc.Lines[r.first].N, "selfeval", "points cell %q: read its first number, the rest is OCR debris", c.text)
			}
		}
		if err != nil {
			continue
		}
		s := &stated{v: v, raw: c.text, first: r.first, last: r.last}
		if k == colWeight {
			row.weight = s
		} else {
			row.score = s
		}
	}
	hasValues := row.weight != nil || row.score != nil || isMeasure(row.target) && isMeasure(row.actual)
	if row.l1 != "" {
		t.l1, t.l2 = row.l1, ""
	}
	if row.l2 != "" {
		t.l2 = row.l2
	}
	if !hasValues {
		// Only an OCR row can wrap: a cell-per-line export keeps a cell's
		// lines together, and in a loose row nothing says which column a
		// lone piece of text belongs to. A PDF's reader has joined wrapped
		// cells by their geometry already.
		if !r.loose && !r.word && p.doc.Encoding != "pdf" && p.wrapped(t, row) && cut != nil {
			p.doc.Repairs = append(p.doc.Repairs, *cut)
		}
		return
	}
	if !hasLetters(row.l3) {
		return
	}
	row.l1, row.l2 = t.l1, t.l2
	t.rows = append(t.rows, row)
	if cut != nil {
		p.doc.Repairs = append(p.doc.Repairs, *cut)
	}
}

// indicatorCells are a row's cells as an indicator row reads them: the
// template's 指标1: prefixes dropped, and a value printed over several
// cells joined (joinSplitValues).
func indicatorCells(r seRow) []cell {
	cells := make([]cell, len(r.cells))
	for i, c := range r.cells {
		cells[i] = cell{indexPrefixRe.ReplaceAllString(c, ""), i}
	}
	return joinSplitValues(cells)
}

// fusedCells cuts a loose row whose cells ran together ("业务培训人次12≥2460
// 人次3675人次12") into one cell per column, or returns nil when the row
// shows no run (a letter followed by a digit) or the cut finds no single
// row.
func fusedCells(r seRow, cols []column) []cell {
	if !r.loose {
		return nil
	}
	s := indexPrefixRe.ReplaceAllString(strings.Join(r.cells, " "), "")
	if !letterThenDigit(s) {
		return nil
	}
	width := 0
	for _, c := range cols {
		width = max(width, c.pos+1)
	}
	rows := cutIndicatorRun(s, cols, width)
	if len(rows) != 1 || !plausibleRow(rows[0], cols) {
		return nil
	}
	out := make([]cell, len(rows[0]))
	for i, c := range rows[0] {
		out[i] = cell{c, i}
	}
	return out
}

// plausibleRow checks a cut with the template's arithmetic and values: every
// points column the header has is filled, a score is at most its weight,
// and the target and the actual are both measures, or the same words (健全,
// 健全). A line of OCR debris that happens to cut into a row fails it.
func plausibleRow(cells []string, cols []column) bool {
	val := map[colKind]string{}
	for _, c := range cols {
		val[c.kind] = cells[c.pos]
	}
	var w, sc decimal.Decimal
	for _, k := range []colKind{colWeight, colScore} {
		if !hasKind(cols, k) {
			continue
		}
		v, err := parsePoints(val[k])
		if err != nil {
			return false
		}
		if k == colWeight {
			w = v
		} else {
			sc = v
		}
	}
	if hasKind(cols, colWeight) && hasKind(cols, colScore) && sc.GreaterThan(w) {
		return false
	}
	t, a := val[colTarget], val[colAchieved]
	return isMeasure(t) && isMeasure(a) || t != "" && t == a
}

// letterThenDigit reports whether s shows two cells run together: a
// letter followed by a digit, a comparison or a percent sign, or a percent
// sign followed by a digit ("率%11", "100%100%").
func letterThenDigit(s string) bool {
	prev := rune(0)
	for _, r := range s {
		if unicode.Is(unicode.Han, prev) && (isDigit(r) || strings.ContainsRune("≥≤><%", r)) || prev == '%' && isDigit(r) {
			return true
		}
		prev = r
	}
	return false
}

// indicatorName is a row's 三级指标: its cell, joined with the rest that
// OCR cut into the next column (joinCut) when there is one. A name the join
// changed comes with its repair, recorded if the row is kept.
func (p *seParse) indicatorName(r seRow, got map[colKind]cell) (string, *fiscaldoc.Repair) {
	name, rest := got[colL3], got[colL3x]
	plain := normalize.Squash(name.text + rest.text)
	if rest.text == "" || r.raw == nil {
		return plain, nil
	}
	raw := func(c cell) string { return indexPrefixRe.ReplaceAllString(r.raw[c.pos], "") }
	left, right := raw(name), raw(rest)
	j := joinCut(p.cutEvidence(r), left, right)
	if j.text == plain {
		return plain, nil
	}
	how := "joined"
	if j.interleaved {
		how = "interleaved line by line"
	}
	if len(j.dropped) > 0 {
		how += "; dropped " + strings.Join(j.dropped, "; ")
	}
	return j.text, &fiscaldoc.Repair{
		Line: p.doc.Lines[r.first].N, Kind: "indicator", Raw: plain, Repaired: j.text,
		Evidence: fmt.Sprintf("cell %q cut by OCR from %q, %s", right, left, how),
	}
}

// namePieces returns the printed lines of a row's 三级指标 cell when it has
// several and OCR did not cut it (joinCut reads those).
func namePieces(r seRow, got map[colKind]cell) []string {
	if got[colL3x].text != "" || r.raw == nil {
		return nil
	}
	if pieces := cutPieces(r.raw[got[colL3].pos]); len(pieces) > 1 {
		return pieces
	}
	return nil
}

func isMeasure(s string) bool {
	_, err := normalize.ParseMeasure(s)
	return err == nil
}

// maxFragmentRunes is the longest piece of a name a value-less row may add
// to the row above; longer text is a sentence, not a wrapped name.
const maxFragmentRunes = 15

// wrapped handles an OCR row without values right below an indicator row:
// the ends of that row's name and values, wrapped onto the next line. It
// reports whether it joined them.
func (p *seParse) wrapped(t *seTable, f *indRow) bool {
	n := len(t.rows)
	if n == 0 || t.rows[n-1].last+1 != f.first {
		return false
	}
	for _, s := range []string{f.l2, f.l3, f.target, f.actual} {
		if utf8.RuneCountInString(s) > maxFragmentRunes {
			return false
		}
	}
	if !hasLetters(f.l2 + f.l3 + f.target + f.actual) {
		return false
	}
	prev := t.rows[n-1]
	// A measure does not wrap into words: text under "≥90%" is the next
	// block of the table, not the rest of this row.
	for _, v := range [][2]string{{prev.target, f.target}, {prev.actual, f.actual}} {
		if v[1] != "" && isMeasure(v[0]) && hasLetters(v[1]) && !isMeasure(layout.JoinWrapped(v[0], v[1])) {
			return false
		}
	}
	prev.l2 = layout.JoinWrapped(prev.l2, f.l2)
	t.l2 = prev.l2
	prev.l3 = layout.JoinWrapped(prev.l3, f.l3)
	prev.target = layout.JoinWrapped(prev.target, f.target)
	prev.actual = layout.JoinWrapped(prev.actual, f.actual)
	prev.last = f.last
	return true
}

// totalAt is the index of the cell starting the 总分 row's label, or -1:
// the first or second non-empty cell (a merged 绩效指标 cell may precede it).
func totalAt(r seRow) int {
	seen := 0
	for i, c := range r.cells {
		if c == "" {
			continue
		}
		if strings.HasPrefix(normalize.Squash(c), "总分") {
			return i
		}
		if seen++; seen == 2 {
			break
		}
	}
	return -1
}

// total reads the 总分 row: with two numbers, the total weight and the
// score; with one, the score. A 总分 row without its numbers takes them
// from the rows after it that hold numbers alone.
func (p *seParse) total(t *seTable, rows []seRow, i *int) {
	r := rows[*i]
	at := totalAt(r)
	var cells []cell
	for k, c := range r.cells[at:] {
		s := strings.TrimSpace(c)
		if k == 0 {
			s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, "总分")), ":"))
		}
		for _, tok := range strings.Fields(s) {
			cells = append(cells, cell{tok, k})
		}
	}
	cells = joinSplitNumbers(cells)
	first, last := r.first, r.last
	// Rows of numbers alone after it hold its numbers: the next row, or
	// one a number where an export wrote empty cells as blank lines.
	for empty := len(cells) == 0; empty && len(cells) < 2 && *i+1 < len(rows); {
		next := rows[*i+1]
		var more []cell
		for k, c := range next.cells {
			if c == "" {
				continue
			}
			if _, err := parsePoints(c); err != nil {
				more = nil
				break
			}
			more = append(more, cell{c, k})
		}
		if len(more) == 0 || len(cells)+len(more) > 2 {
			break
		}
		cells = append(cells, more...)
		*i++
		last = next.last
	}
	var nums []stated
	for k, c := range cells {
		v, err := parsePoints(c.text)
		if err == nil && k == 1 && len(cells) == 2 && leadingZero(c.text) && allDigits(cells[0].text) {
			t.scoreReadings = splitReadings(cells[0].text, c.text, first, last)
			return
		}
		if err != nil && len(nums) > 0 && hasLetters(c.text) {
			break // words after the numbers: what follows the table (填表人, a signature)
		}
		if err != nil || leadingZero(c.text) {
			p.doc.Problemf(p.doc.Lines[r.first].N, "selfeval", "总分 row: cannot read %q", c.text)
			return
		}
		nums = append(nums, stated{v: v, raw: c.text, first: first, last: last})
	}
	switch len(nums) {
	case 0:
		return
	case 1:
		t.totalScore = &nums[0]
	default:
		t.totalWeight, t.totalScore = &nums[len(nums)-2], &nums[len(nums)-1]
	}
}

// leadingZero reports whether s is a number printed with a leading zero
// ("00", "05"), which no 分值 or 得分 has.
func leadingZero(s string) bool {
	return len(s) > 1 && s[0] == '0' && !strings.HasPrefix(s, "0.")
}

// splitReadings are the readings of a number OCR split into a and b
// ("10" and "00"): joined (1000), and with the digit printed on both sides
// of the split read once (100).
func splitReadings(a, b string, first, last int) []stated {
	var out []stated
	for _, s := range []string{a + b, a + b[1:]} {
		if v, err := parsePoints(s); err == nil && (s != a+b[1:] || a[len(a)-1] == b[0]) {
			out = append(out, stated{v: v, raw: a + " " + b, first: first, last: last})
		}
	}
	return out
}

// settleScore takes the reading of a split 总分 that the rows' Σ得分
// confirms (with or without the 预算执行 score), and records the repair;
// without one, the 总分 is a problem, unread.
func (p *seParse) settleScore(t *seTable) {
	if t.totalScore != nil || len(t.scoreReadings) == 0 {
		return
	}
	line := p.doc.Lines[t.scoreReadings[0].first].N
	sums := t.scoreSums()
	for _, r := range t.scoreReadings {
		for _, sum := range sums {
			if r.v.Equal(sum) {
				t.totalScore = &r
				p.doc.Repairs = append(p.doc.Repairs, fiscaldoc.Repair{
					Line: line, Kind: "number", Raw: r.raw, Repaired: r.v.String(),
					Evidence: fmt.Sprintf("总分 split by OCR; the rows' 得分 add up to %s", sum),
				})
				return
			}
		}
	}
	p.doc.Problemf(line, "selfeval", "总分 row: cannot read %q (no reading equals the rows' Σ得分 %v)", t.scoreReadings[0].raw, sums)
}

// close emits the facts of a finished table.
func (p *seParse) close(t *seTable) {
	if t == nil {
		return
	}
	p.settleMoney(t)
	p.settleScore(t)
	if t.moneyRow == nil && t.rows == nil && t.totalScore == nil {
		return
	}
	p.tables = append(p.tables, t)
	project := ""
	if t.isProject {
		project = t.project
	}
	if t.isProject && project == "" {
		p.doc.Problemf(p.doc.Lines[t.title].N, "selfeval", "project table without a project name")
	}
	if t.dept != "" && project != "" {
		dept := p.repairDept(t.dept, t.implementer, t.deptLine, t.deptWrapped)
		f := TextFact("project_dept", dept, fiscaldoc.FromTable, p.doc.Lines[t.deptLine])
		f.Project = project
		p.facts = append(p.facts, f)
	}
	if m := t.moneyRow; m != nil {
		for _, b := range []struct {
			k     colKind
			basis string
		}{{colInitial, fiscaldoc.InitialBudget}, {colBudget, fiscaldoc.Budget}, {colExec, fiscaldoc.Actual}} {
			if s, ok := m.vals[b.k]; ok {
				f := p.num("budget_amount", normalize.WanYuan, s)
				f.Project, f.Year, f.Basis = project, p.year, b.basis
				p.facts = append(p.facts, f)
			}
		}
		if s, ok := m.vals[colRate]; ok {
			f := p.num("execution_rate", "%", s)
			f.Project = project
			p.facts = append(p.facts, f)
		}
	}
	if s := t.totalScore; s != nil {
		f := p.num("eval_score", "分", *s)
		f.Project = project
		p.facts = append(p.facts, f)
	}
	for _, r := range t.rows {
		p.indicatorFacts(project, r)
	}
}

func (p *seParse) num(field, unit string, s stated) fiscaldoc.Fact {
	return NumFact(field, unit, s.v, fiscaldoc.FromTable, p.doc.Lines[s.first], p.doc.Lines[s.last], lineRange(p.doc, s.first+1, s.last+1))
}

// indicatorFacts emits the four facts of one indicator row.
func (p *seParse) indicatorFacts(project string, r *indRow) {
	raw := lineRange(p.doc, r.first+1, r.last+1)
	first, last := p.doc.Lines[r.first], p.doc.Lines[r.last]
	add := func(f fiscaldoc.Fact) {
		f.Project, f.Indicator = project, r.l3
		f.Level1, f.Level2, f.Note = r.l1, r.l2, r.note
		f.Line, f.EndLine, f.Raw = first.N, last.N, raw
		p.facts = append(p.facts, f)
	}
	for _, v := range []struct{ field, text string }{{"indicator_target", r.target}, {"indicator_actual", r.actual}} {
		if v.text != "" {
			add(fiscaldoc.Fact{Field: v.field, Value: indicatorValue(v.text), Source: fiscaldoc.FromTable})
		}
	}
	for _, v := range []struct {
		field string
		s     *stated
	}{{"indicator_weight", r.weight}, {"indicator_score", r.score}} {
		if v.s != nil {
			add(p.num(v.field, "分", *v.s))
		}
	}
}

// indicatorValue normalises a target or actual value: a measure keeps its
// operator and unit without spaces ("≥ 9 0%" → "≥90%"); text loses its
// white space.
func indicatorValue(s string) string {
	if m, err := normalize.ParseMeasure(s); err == nil {
		return normalize.Squash(m.String())
	}
	return normalize.Squash(s)
}

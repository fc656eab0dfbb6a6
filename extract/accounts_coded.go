package extract

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/shopspring/decimal"
)

// Tables keyed by 功能分类科目编码: 收入决算表, 支出决算表 and the three
// 财政拨款 tables by fund. The header rows are read column by column and
// matched against the standard column names; the 栏次 row (栏次 1 2 3 …)
// gives each value column's cell position. OCR shifts cells (a code fused
// with its name, a lost empty cell), so each row is read at up to three
// alignments — header positions, relative to the name cell, from the first
// number — and the one that satisfies the row's identities wins.

// A codedTable is a parsed coded table.
type codedTable struct {
	spec  *tableSpec
	cols  []string // value columns found in the header
	total map[string]amount
	rows  []codedRow
}

// A codedRow is one row with a code.
type codedRow struct {
	code string
	name string
	ln   fiscaldoc.Line
	vals map[string]amount
}

// header locates the 栏次 row and names the value columns.
type header struct {
	nameCol int      // cell position of 科目名称 (where 栏次 is printed)
	pos     []int    // cell position of each value column
	cols    []string // its standard name
	end     int      // index in body of the 栏次 row
}

func isColumnNumber(c string) bool {
	n, err := strconv.Atoi(c)
	return err == nil && n >= 1 && n <= 30
}

// readHeader finds the 栏次 row of t and maps the columns above it.
func (a *accounts) readHeader(t *table, specCols []colSpec) (header, bool) {
	var h header
	h.end = -1
	var rows [][]string
	for i, r := range t.rows {
		cells := r.cells
		if len(cells) < 2 {
			continue
		}
		for j, c := range cells {
			if strings.Contains(c, "栏次") {
				h.nameCol, h.end = j, i
				break
			}
		}
		if h.end >= 0 {
			for j := h.nameCol + 1; j < len(cells); j++ {
				if isColumnNumber(cells[j]) {
					h.pos = append(h.pos, j)
				}
			}
			break
		}
		rows = append(rows, cells)
	}
	// A header whose rows lost their empty cells (a collapsed pipe table)
	// gives no positions: its columns are named in template order, when
	// its words name as many as there are.
	collapsed := t.collapsed && h.end >= 0 && len(rows) > 0 && len(rows[0]) < len(t.rows[h.end].cells)
	switch {
	case h.end < 0:
		h, rows = headerWithoutNumbers(t, specCols)
	case collapsed:
		var words strings.Builder
		for _, r := range rows {
			for _, c := range r {
				words.WriteString(label(c))
			}
		}
		if h.cols = templateCols(specCols, words.String(), len(h.pos)); h.cols != nil {
			return h, true
		}
	default:
		alignToNames(&h, rows)
	}
	if h.end < 0 || len(h.pos) == 0 {
		if hasRows(t) {
			a.problemf(t.title, "table", "%s: neither a 栏次 row nor named value columns", t.spec.name)
		}
		return h, false
	}
	// Read the header column by column and match the standard names.
	h.cols = make([]string, len(h.pos))
	used := map[string]bool{}
	for k, p := range h.pos {
		if best := bestCol(columnText(rows, p), specCols, used); best != "" {
			h.cols[k] = best
			used[best] = true
		}
	}
	// Columns the header left unreadable take the unused standard names in
	// template order, when the count says nothing else is possible.
	var unused []string
	for _, cs := range specCols {
		if !used[cs.name] {
			unused = append(unused, cs.name)
		}
	}
	for k := range h.cols {
		if h.cols[k] != "" {
			continue
		}
		if len(h.pos) == len(specCols) && len(unused) > 0 {
			h.cols[k] = unused[0]
			unused = unused[1:]
			a.problemf(t.rows[h.end].ln, "table", "%s: column %d named %s by template order", t.spec.name, k+1, h.cols[k])
			continue
		}
		a.problemf(t.rows[h.end].ln, "table", "%s: column %d has no recognisable header", t.spec.name, k+1)
	}
	return h, true
}

// alignToNames moves the 栏次 row's positions onto the named header rows
// when the two disagree on where 科目名称 stands: the 栏次 row printed one
// code cell more or less (类 款 项 over a code column of two cells) would
// otherwise shift every value column by one.
func alignToNames(h *header, rows [][]string) {
	for _, r := range rows {
		for q, c := range r {
			if !strings.Contains(label(c), "科目名称") || q == h.nameCol {
				continue
			}
			shift := q - h.nameCol
			for k := range h.pos {
				h.pos[k] += shift
			}
			h.nameCol = q
			return
		}
	}
}

// headerWithoutNumbers reads a header that prints no 栏次 row: the header
// rows are those above the first row with a code or 合计; the name column is
// the one saying 名称 (or 项目), and each later column whose header text names
// a standard column is a value column.
func headerWithoutNumbers(t *table, specCols []colSpec) (header, [][]string) {
	h := header{end: -1, nameCol: -1}
	var rows [][]string
	for i, r := range t.rows {
		cells := r.cells
		if len(cells) < 2 {
			continue
		}
		if lead, _ := splitLead(cells[0]); len(lead) >= 3 || totalRow(cells) && anyNumber(cells) {
			break
		}
		rows = append(rows, cells)
		h.end = i
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
		for j, c := range r {
			if h.nameCol < 0 && strings.Contains(c, "名称") {
				h.nameCol = j
			}
		}
	}
	if h.nameCol < 0 {
		return header{end: -1}, nil
	}
	for j := h.nameCol + 1; j < width; j++ {
		if bestCol(columnText(rows, j), specCols, nil) != "" {
			h.pos = append(h.pos, j)
		}
	}
	return h, rows
}

// columnText is the text of column p over the header rows, squashed.
func columnText(rows [][]string, p int) string {
	var b strings.Builder
	for _, r := range rows {
		if p < len(r) {
			b.WriteString(label(r[p]))
		}
	}
	return b.String()
}

// totalRow reports whether a row is the 合计 (总计) row.
func totalRow(cells []string) bool {
	for _, c := range cells {
		if l := label(c); l == "合计" || l == "总计" {
			return true
		}
	}
	return false
}

// readCoded reads a table keyed by 功能分类科目编码.
func (a *accounts) readCoded(t *table) {
	h, ok := a.readHeader(t, t.spec.cols)
	if !ok {
		return
	}
	ct := &codedTable{spec: t.spec, total: map[string]amount{}}
	for _, c := range h.cols {
		if c != "" {
			ct.cols = append(ct.cols, c)
		}
	}
	a.coded = append(a.coded, ct)
	var ctx codeCtx
	for _, r := range t.rows[h.end+1:] {
		cells, ln := r.cells, r.ln
		if len(cells) < 2 || strings.Contains(r.text(), "栏次") {
			continue
		}
		nameIdx := rowName(cells, h.nameCol)
		if nameIdx < 0 {
			if anyNumber(cells) && !strings.HasPrefix(cells[0], "注") {
				a.problemf(ln, "table", "%s: row without a name skipped", t.spec.name)
			}
			continue
		}
		lead, name := splitLead(cells[nameIdx])
		name = label(name)
		vals, ok := a.rowValues(t, r, nameIdx, h)
		if !ok {
			continue
		}
		if name == "合计" || name == "总计" {
			ct.total = vals
			continue
		}
		var runs []string
		var raw []string
		clean := true
		for _, c := range cells[:nameIdx] {
			lc, rest := splitLead(c)
			if len(digitRuns(c)) == 0 {
				continue
			}
			// A code cell may carry its name; anything else beside the
			// digits is OCR debris.
			if rest != "" && hanCount(rest) == 0 {
				clean = false
			}
			raw = append(raw, c)
			runs = append(runs, digitRuns(lc)...)
		}
		if lead != "" {
			raw = append(raw, lead)
			runs = append(runs, lead)
		}
		if len(runs) == 0 {
			if len(vals) > 0 {
				a.problemf(ln, "table", "%s: row %s has no code; not a line item", t.spec.name, name)
			}
			continue
		}
		code, evidence, ok := a.dict.resolve(runs, name, ctx)
		if !ok {
			a.problemf(ln, "code", "%s: code %q for %s not resolved", t.spec.name, strings.Join(raw, " "), name)
			continue
		}
		ctx.enter(code)
		rawCode := strings.Join(raw, " ")
		if evidence != "" || !clean {
			if evidence == "" {
				evidence = "stray characters in the code cell"
			}
			a.repair(ln, "code", rawCode, code, evidence)
		}
		a.codeName(t, code, name, ln)
		ct.rows = append(ct.rows, codedRow{code: code, name: name, ln: ln, vals: vals})
		for _, col := range ct.cols {
			if v, ok := vals[col]; ok {
				a.item(t, "line_item", code, col, v)
			}
		}
	}
	a.codedMoney(t, ct)
}

// rowName returns the index of the row's name cell: the header's name
// column when it holds a name, else the first cell with two Han characters.
func rowName(cells []string, nameCol int) int {
	named := func(c string) bool {
		_, rest := splitLead(c)
		return hanCount(rest) >= 2
	}
	if nameCol < len(cells) && named(cells[nameCol]) {
		return nameCol
	}
	for i, c := range cells {
		if named(c) {
			return i
		}
	}
	return -1
}

func anyNumber(cells []string) bool {
	for _, c := range cells {
		if isNumber(c) {
			return true
		}
	}
	return false
}

// rowValues reads the numbers after the name cell into columns, choosing
// the alignment that satisfies the table's identities.
func (a *accounts) rowValues(t *table, r row, nameIdx int, h header) (map[string]amount, bool) {
	cells, ln := r.cells, r.ln
	type num struct {
		idx  int
		cell string
	}
	var nums []num
	for i := nameIdx + 1; i < len(cells); i++ {
		c := cells[i]
		if c == "" {
			continue
		}
		if isNumber(c) {
			nums = append(nums, num{i, c})
			continue
		}
		if len(digitRuns(c)) > 1 || strings.ContainsAny(c, "0123456789") && hanCount(c) > 0 {
			a.problemf(ln, "table", "%s: cell %q holds several values (fused rows); row skipped", t.spec.name, c)
			return nil, false
		}
	}
	if len(nums) == 0 {
		return map[string]amount{}, true
	}
	shifts := []int{0, h.nameCol - nameIdx, h.pos[0] - nums[0].idx}
	if t.collapsed {
		// A row that lost empty cells anywhere may stand at any small
		// shift: the identities choose.
		shifts = append(shifts, -2, -1, 1, 2)
	}
	type reading struct {
		shift int
		vals  map[string]amount
		score int
	}
	var best *reading
	for i, s := range shifts {
		if slices.Contains(shifts[:i], s) {
			continue
		}
		vals := make(map[string]amount, len(h.cols))
		valid := true
		for _, n := range nums {
			k := slices.Index(h.pos, n.idx+s)
			if k < 0 || h.cols[k] == "" {
				valid = false
				break
			}
			am, ok := a.toWan(t, r, n.cell)
			if !ok {
				valid = false
				break
			}
			vals[h.cols[k]] = am
		}
		if !valid {
			continue
		}
		rd := &reading{shift: s, vals: vals, score: rowIdentities(t.spec, vals)}
		if best == nil || rd.score > best.score {
			best = rd
		}
	}
	if best == nil {
		a.problemf(ln, "table", "%s: numbers of the row fit no column reading; row skipped", t.spec.name)
		return nil, false
	}
	if best.shift != 0 {
		a.repair(ln, "number", strings.TrimRight(strings.Join(cells[nameIdx+1:], "|"), "|"), describe(best.vals, h.cols),
			fmt.Sprintf("cells shifted by %d; this reading satisfies %s", best.shift, identityText(t.spec)))
	}
	return best.vals, true
}

func describe(vals map[string]amount, cols []string) string {
	var parts []string
	for _, c := range cols {
		if v, ok := vals[c]; ok {
			parts = append(parts, c+"="+v.v.String())
		}
	}
	return strings.Join(parts, "; ")
}

func identityText(spec *tableSpec) string {
	s := spec.total + " = " + strings.Join(spec.parts, " + ")
	if spec.kind == kindGovFund {
		s += "; " + colCarryEnd + " = " + colCarryBegin + " + " + colIncome + " − " + colExpTotal
	}
	return s
}

// rowIdentities counts the identities a reading of a row satisfies:
// total = Σ parts, and for the fund table the carry-over identity.
func rowIdentities(spec *tableSpec, vals map[string]amount) int {
	get := func(c string) decimal.Decimal { return vals[c].v }
	n := 0
	sum := decimal.Zero
	for _, p := range spec.parts {
		sum = sum.Add(get(p))
	}
	if within(get(spec.total), sum, len(spec.parts)) {
		n++
	}
	if spec.kind == kindGovFund {
		if within(get(colCarryEnd), get(colCarryBegin).Add(get(colIncome)).Sub(get(colExpTotal)), 3) {
			n++
		}
	}
	return n
}

// codedMoney derives the money fields printed in the 合计 rows of the
// income and expenditure tables.
func (a *accounts) codedMoney(t *table, ct *codedTable) {
	var fields [][2]string
	switch ct.spec.kind {
	case kindIncome:
		fields = [][2]string{{colIncomeTotal, "income_total"}}
	case kindExpenditure:
		fields = [][2]string{{colExpTotal, "expenditure_total"}, {colBasic, "expenditure_basic"}, {colProject, "expenditure_project"}}
	}
	for _, cf := range fields {
		if v, ok := ct.total[cf[0]]; ok {
			a.money(t, cf[1], cf[0], v)
		}
	}
}

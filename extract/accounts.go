package extract

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/fiscaldoc/fiscaldoc"
	"github.com/fiscaldoc/fiscaldoc/layout"
	"github.com/fiscaldoc/fiscaldoc/normalize"
	"github.com/shopspring/decimal"
)

// The 部门决算 and 部门预算 tables. Each table is matched to its template
// (accounts_spec.go) by its title, read with its unit, and turned into line
// items, economic items and money fields, each with the basis and year its
// template and column give. The reading is pure (parseAccounts), so the
// checker evaluates the accounting identities on the same reading.

// A table is one template table as the readers see it: the layout table
// (with the rows of the tables that continue it) under the title line that
// matched its template (accountTables), its unit, year and rows.
type table struct {
	fiscaldoc.Table
	spec  *tableSpec // nil for a title that reads as a 预算 or 决算 table's but matches none
	title fiscaldoc.Line
	unit  string // normalize.WanYuan, Yuan or YiYuan
	year  int    // the year its figures are about
	rows  []row
}

// A row is one row of a table: its cells' text and the lines it spans.
type row struct {
	cells    []string
	ln, last fiscaldoc.Line
}

// text is the row's cells joined by tabs.
func (r row) text() string { return strings.Join(r.cells, "\t") }

// An amount is one read cell, in 万元, with where it was read.
type amount struct {
	v    decimal.Decimal
	ln   fiscaldoc.Line
	last fiscaldoc.Line // the last line read, when not ln
	raw  string
}

// end is the last line the amount was read from, as a row's.
func (am amount) end() fiscaldoc.Line { return row{ln: am.ln, last: am.last}.end() }

// accounts is what parseAccounts reads from a document: facts, repairs,
// codes and problems to store, and the parsed tables the checks use.
type accounts struct {
	doc    *fiscaldoc.Document
	tables []*table
	dict   *codeDict

	facts    []fiscaldoc.Fact
	repairs  []fiscaldoc.Repair
	codes    []fiscaldoc.CodeName
	problems []fiscaldoc.Problem

	coded     []*codedTable
	summaries []*summaryTable
	econ      []*econTable
	three     []*threeTable
}

// parseAccounts reads every 决算 and 预算 table of doc without changing
// doc. A table whose title reads as a 预算 or 决算 table's but matches no
// template is a problem naming the title, never read as the nearest one.
func parseAccounts(doc *fiscaldoc.Document) *accounts {
	a := &accounts{doc: doc}
	for _, t := range accountTables(doc) {
		if t.spec != nil {
			a.tables = append(a.tables, a.table(t))
		} else if slices.ContainsFunc(t.Rows, func(r []fiscaldoc.Cell) bool { return len(r) > 1 }) { // not an empty table
			a.problemf(t.title, "table", "title %q matches no 预算 or 决算 template table; table not read", t.title.Text)
		}
	}
	if len(a.tables) == 0 {
		return a
	}
	year := tablesYear(doc, a.tables)
	a.dict = newCodeDict()
	for _, t := range a.tables {
		// A table of the document's own family is about the document's
		// year; one of the other family (the next year's budget printed
		// in a 决算) about the year its title prints.
		if t.year == 0 || t.spec.basis == docBasis(doc) || docBasis(doc) == "" && doc.Meta.FiscalYear != 0 {
			t.year = year
		}
		if t.spec.coded() {
			a.dict.learn(t)
		}
	}
	for _, t := range a.tables {
		switch t.spec.kind {
		case kindSummary, kindFiscalSum:
			a.readSummary(t)
		case kindEconomic:
			a.readEconomic(t)
		case kindThreePublic:
			a.readThreePublic(t)
		default:
			a.readCoded(t)
		}
	}
	return a
}

// table completes the readers' view of t: its rows with their lines, its
// unit (万元 when none is printed), and the year its title prints, if any.
func (a *accounts) table(t *table) *table {
	t.unit, t.year = unitOf(t.Unit), titleYear(t.title.Text)
	if t.unit == "" {
		t.unit = normalize.WanYuan
	}
	if t.Stream {
		layout.CutKeyed(&t.Table, t.spec.keyed()) // its header above it, or misread
	}
	grid := t.Rows
	if t.Stream {
		// The other Stream tables (a 总表, a 三公 table) are read one
		// cell a row, their readers taking the cells in reading order.
		grid = nil
		for _, r := range t.Rows {
			for _, c := range r {
				grid = append(grid, []fiscaldoc.Cell{c})
			}
		}
	}
	t.rows = a.rows(grid)
	return t
}

// collapsed reports whether t is a pipe or cell-per-line table whose rows
// are shorter than its widest: the export dropped empty cells, or wrote
// them as the blank lines that also end a row, so the header's cells may
// not stand over their columns.
func (t *table) collapsed() bool {
	w := t.Cols()
	return (t.Shape == fiscaldoc.ShapePipe || t.Shape == fiscaldoc.ShapeCellLine) &&
		slices.ContainsFunc(t.Rows, func(r []fiscaldoc.Cell) bool { return len(r) < w })
}

// rows turns a grid into the readers' rows, each with the lines it spans.
func (a *accounts) rows(grid [][]fiscaldoc.Cell) []row {
	var out []row
	for _, cells := range grid {
		if len(cells) == 0 {
			continue
		}
		var r row
		first, last := 0, 0
		for _, c := range cells {
			r.cells = append(r.cells, c.Text)
			if c.First > 0 && (first == 0 || c.First < first) {
				first = c.First
			}
			last = max(last, c.Last)
		}
		r.ln = lineAt(a.doc, first)
		if last > first {
			r.last = lineAt(a.doc, last)
		}
		out = append(out, r)
	}
	return out
}

// titleYear is the year a table's title prints, 0 for none.
func titleYear(title string) int {
	m := yearPrefix.FindString(normalize.Squash(title))
	if m == "" {
		return 0
	}
	y, _ := strconv.Atoi(m[:4])
	return y
}

// tablesYear is the year of tables whose title prints none: the meta
// extractor's, or, when it found none, the most common year of the titles.
func tablesYear(doc *fiscaldoc.Document, tables []*table) int {
	if doc.Meta.FiscalYear != 0 {
		return doc.Meta.FiscalYear
	}
	var years []int
	for _, t := range tables {
		if t.year != 0 {
			years = append(years, t.year)
		}
	}
	return mostCommon(years)
}

// extractFinalAccounts reads the 决算 and 预算 tables of doc into facts,
// and stores the tables' identities as checks from the same reading.
func extractFinalAccounts(doc *fiscaldoc.Document) {
	a := parseAccounts(doc)
	doc.Facts = append(doc.Facts, a.facts...)
	doc.Repairs = append(doc.Repairs, a.repairs...)
	doc.Codes = append(doc.Codes, a.codes...)
	doc.Problems = append(doc.Problems, a.problems...)
	doc.Checks = append(doc.Checks, a.checks()...)
}

func (a *accounts) problemf(ln fiscaldoc.Line, kind, format string, args ...any) {
	a.problems = append(a.problems, fiscaldoc.Problem{Line: ln.N, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

func (a *accounts) repair(ln fiscaldoc.Line, kind, raw, repaired, evidence string) {
	a.repairs = append(a.repairs, fiscaldoc.Repair{Line: ln.N, Kind: kind, Raw: raw, Repaired: repaired, Evidence: evidence})
}

// money appends a money fact of table t read in column col: its year is
// the table's, its basis what the template says of col (basisOf).
func (a *accounts) money(t *table, field, col string, am amount) *fiscaldoc.Fact {
	f := NumFact(field, normalize.WanYuan, am.v, fiscaldoc.FromTable, am.ln, am.end(), am.raw)
	f.Year, f.Basis = t.year, t.spec.basisOf(col)
	a.facts = append(a.facts, f)
	return &a.facts[len(a.facts)-1]
}

// item appends a line_item or econ_item fact of table t.
func (a *accounts) item(t *table, field, code, col string, am amount) {
	f := a.money(t, field, col, am)
	f.Table, f.Code, f.Col = t.spec.name, code, col
}

// toWan converts a printed cell in the table's unit to 万元.
func (a *accounts) toWan(t *table, r row, cell string) (amount, bool) {
	d, err := normalize.ParseDecimal(cell)
	if err != nil {
		return amount{}, false
	}
	w, err := normalize.ToWan(d, t.unit)
	if err != nil {
		a.problemf(r.ln, "unit", "%s: %v", t.spec.name, err)
		return amount{}, false
	}
	return amount{v: w, ln: r.ln, last: r.last, raw: lineRange(a.doc, r.ln.N, r.end().N)}, true
}

// end is the last line of the row: last, or ln when it spans one.
func (r row) end() fiscaldoc.Line {
	if r.last.N == 0 {
		return r.ln
	}
	return r.last
}

// anyAmount reports whether a cell of vals is an amount, not an empty mark.
func anyAmount(vals []fiscaldoc.Cell) bool {
	return slices.ContainsFunc(vals, func(v fiscaldoc.Cell) bool { return normalize.IsNumber(v.Text) })
}

// templateCols names k value columns from a header's words: all the
// spec's columns in template order when it has k, else the columns the
// words name, in template order, when they are k (or k < 0).
func templateCols(specCols []colSpec, header string, k int) []string {
	var all, found []string
	for _, cs := range specCols {
		all = append(all, cs.name)
		for _, key := range cs.keys {
			if strings.Contains(header, key) {
				found = append(found, cs.name)
				break
			}
		}
	}
	switch {
	case k == len(all):
		return all
	case k == len(found) || k < 0 && len(found) > 0:
		return found
	}
	return nil
}

func isTotalLabel(l string) bool { return l == "合计" || l == "总计" }

// label squashes a row label (normalize.Squash) and drops the quotes and
// brackets OCR varies: “” and " go, （） become ().
func label(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '“', r == '”', r == '"':
			return -1
		case r == '（':
			return '('
		case r == '）':
			return ')'
		}
		return r
	}, s)
}

// within reports whether two amounts agree to the tolerance of n rounded
// terms (the reports warn of 尾数误差 when converting units).
func within(x, y decimal.Decimal, n int) bool {
	return x.Sub(y).Abs().LessThanOrEqual(decimal.New(int64(max(n, 1)), -2))
}
